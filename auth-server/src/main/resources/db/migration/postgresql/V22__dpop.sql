-- PostgreSQL edition of ../h2/V22__dpop.sql: DPoP proofs already accepted (one row per proof until it is too old to
-- be accepted again; the primary key is the replay check) and the HMAC key of DPoP nonces shared by every instance.
CREATE TABLE dpop_proof_jti (
    jti_hash   VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX dpop_proof_jti_expiry ON dpop_proof_jti (expires_at);

CREATE TABLE dpop_nonce_key (
    id     VARCHAR(16) NOT NULL PRIMARY KEY,
    secret VARCHAR(64) NOT NULL
);
