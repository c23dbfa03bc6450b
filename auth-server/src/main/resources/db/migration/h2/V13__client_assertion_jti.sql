-- Client assertions (RFC 7523) already used, so that each works once (RFC 7523 section 3, "jti"): one row per
-- assertion until it expires, shared by every instance. The primary key is the replay check: of two instances
-- that receive the same assertion, only one can insert it. The jti is stored as its SHA-256 hash, so its length
-- is the assertion author's business, not the column's.
CREATE TABLE client_assertion_jti (
    client_id                     VARCHAR(100)   NOT NULL,
    jti_hash                      VARCHAR(64)    NOT NULL,
    expires_at                    TIMESTAMP      NOT NULL,
    PRIMARY KEY (client_id, jti_hash)
);

CREATE INDEX client_assertion_jti_expiry ON client_assertion_jti (expires_at);
