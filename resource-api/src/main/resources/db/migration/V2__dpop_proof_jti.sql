-- DPoP proofs (RFC 9449) already accepted, so that each works once across every instance of the API on this database
-- (certificate-binding's JdbcDpopProofReplayCache): one row per proof until it is too old to be accepted again. The
-- primary key is the replay check; the jti is stored as its SHA-256 hash.
CREATE TABLE dpop_proof_jti (
    jti_hash   VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP   NOT NULL
);

CREATE INDEX dpop_proof_jti_expiry ON dpop_proof_jti (expires_at);
