-- DPoP (RFC 9449). The proofs already accepted, at the token endpoint and the userinfo endpoint, so that each works
-- once across every instance (section 11.1): one row per proof until it is too old to be accepted again; the primary
-- key is the replay check, the jti stored as its SHA-256 hash (certificate-binding's JdbcDpopProofReplayCache).
CREATE TABLE dpop_proof_jti (
    jti_hash   VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP   NOT NULL
);

CREATE INDEX dpop_proof_jti_expiry ON dpop_proof_jti (expires_at);

-- The HMAC key of server-provided DPoP nonces (section 9), made by the first instance that starts and read by every
-- other, so that a nonce one instance provides is valid on all. One row.
CREATE TABLE dpop_nonce_key (
    id     VARCHAR(16) NOT NULL PRIMARY KEY,
    secret VARCHAR(64) NOT NULL
);
