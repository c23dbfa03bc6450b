-- H2 edition of ../postgresql/V12__cluster.sql: sign-in sessions (Spring Session JDBC's schema) and the lock rows of
-- scheduled jobs (ShedLock's). An embedded H2 database serves one instance only, but the server is the same on both
-- databases. The session attributes are BINARY VARYING rather than Spring Session's LONGVARBINARY so that H2 keeps
-- them in the row (see V3).
CREATE TABLE spring_session (
    primary_id                    CHAR(36)       NOT NULL PRIMARY KEY,
    session_id                    CHAR(36)       NOT NULL,
    creation_time                 BIGINT         NOT NULL,
    last_access_time              BIGINT         NOT NULL,
    max_inactive_interval         INT            NOT NULL,
    expiry_time                   BIGINT         NOT NULL,
    principal_name                VARCHAR(100)
);

CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id            CHAR(36)       NOT NULL REFERENCES spring_session (primary_id) ON DELETE CASCADE,
    attribute_name                VARCHAR(200)   NOT NULL,
    attribute_bytes               BINARY VARYING(1000000) NOT NULL,
    PRIMARY KEY (session_primary_id, attribute_name)
);

CREATE TABLE shedlock (
    name                          VARCHAR(64)    NOT NULL PRIMARY KEY,
    lock_until                    TIMESTAMP      NOT NULL,
    locked_at                     TIMESTAMP      NOT NULL,
    locked_by                     VARCHAR(255)   NOT NULL
);
