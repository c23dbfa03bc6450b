-- Failed client-secret and password authentications, counted per throttling key, so that every instance of the
-- server sees the same counts and lockouts (throttling/AuthenticationFailures). The key is a SHA-256 hash of what it
-- counts (a source address, a user name or client id, or both): no user name, client id or address is stored in
-- clear. A row past its expires_at counts for nothing and is purged.
CREATE TABLE authentication_failure (
    throttle_key                  VARCHAR(64)               NOT NULL PRIMARY KEY,
    key_kind                      VARCHAR(32)               NOT NULL,
    failures                      INTEGER                   NOT NULL,
    locked_until                  TIMESTAMP WITH TIME ZONE,
    expires_at                    TIMESTAMP WITH TIME ZONE  NOT NULL
);

CREATE INDEX authentication_failure_expires_at ON authentication_failure (expires_at);
