-- PostgreSQL edition of ../h2/V13__client_assertion_jti.sql: client assertions already used, one row per assertion
-- until it expires; the primary key lets only one instance accept an assertion.
CREATE TABLE client_assertion_jti (
    client_id                     VARCHAR(100)   NOT NULL,
    jti_hash                      VARCHAR(64)    NOT NULL,
    expires_at                    TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (client_id, jti_hash)
);

CREATE INDEX client_assertion_jti_expiry ON client_assertion_jti (expires_at);
