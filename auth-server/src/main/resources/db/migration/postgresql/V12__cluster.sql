-- What several instances on one database share beyond tokens, clients, consents, users and keys (README, "Running a
-- cluster").
--
-- Sign-in sessions (Spring Session JDBC's own schema for PostgreSQL, schema-postgresql.sql in spring-session-jdbc):
-- the signed-in user, the authorization request to resume after sign-in and the CSRF token, so that any instance
-- serves any request of a sign-in and no load balancer needs sticky sessions.
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
    attribute_bytes               BYTEA          NOT NULL,
    PRIMARY KEY (session_primary_id, attribute_name)
);

-- One row per scheduled job (ShedLock's table): the instance that takes a job's row runs the job and holds the row
-- for the job's interval, so that the job runs once per interval across the cluster. Times are the database's
-- (UTC), never an instance's clock.
CREATE TABLE shedlock (
    name                          VARCHAR(64)    NOT NULL PRIMARY KEY,
    lock_until                    TIMESTAMP      NOT NULL,
    locked_at                     TIMESTAMP      NOT NULL,
    locked_by                     VARCHAR(255)   NOT NULL
);
