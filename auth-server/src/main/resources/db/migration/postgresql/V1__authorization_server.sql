-- PostgreSQL edition of the schema in ../h2/V1__authorization_server.sql; the column names are Spring
-- Authorization Server's contract. PostgreSQL has no BLOB: token values and metadata are TEXT, which the JDBC
-- services detect from the column types and bind as strings. Timestamps are TIMESTAMPTZ so that instants survive
-- any session time zone. Token values are looked up with hash indexes: equality is all a lookup needs, and a hash
-- index has no size limit on the indexed value (a B-tree entry must fit in a third of a page, which a large JWT
-- may not).

CREATE TABLE oauth2_registered_client (
    id                            VARCHAR(100)   NOT NULL PRIMARY KEY,
    client_id                     VARCHAR(100)   NOT NULL UNIQUE,
    client_id_issued_at           TIMESTAMPTZ    DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret                 VARCHAR(200),
    client_secret_expires_at      TIMESTAMPTZ,
    client_name                   VARCHAR(200)   NOT NULL,
    client_authentication_methods VARCHAR(1000)  NOT NULL,
    authorization_grant_types     VARCHAR(1000)  NOT NULL,
    redirect_uris                 VARCHAR(4000),
    post_logout_redirect_uris     VARCHAR(4000),
    scopes                        VARCHAR(1000)  NOT NULL,
    client_settings               TEXT           NOT NULL,
    token_settings                VARCHAR(4000)  NOT NULL
);

CREATE TABLE oauth2_authorization (
    id                            VARCHAR(100)   NOT NULL PRIMARY KEY,
    registered_client_id          VARCHAR(100)   NOT NULL,
    principal_name                VARCHAR(200)   NOT NULL,
    authorization_grant_type      VARCHAR(100)   NOT NULL,
    authorized_scopes             VARCHAR(1000),
    attributes                    TEXT,
    state                         VARCHAR(500),
    authorization_code_value      TEXT,
    authorization_code_issued_at  TIMESTAMPTZ,
    authorization_code_expires_at TIMESTAMPTZ,
    authorization_code_metadata   TEXT,
    access_token_value            TEXT,
    access_token_issued_at        TIMESTAMPTZ,
    access_token_expires_at       TIMESTAMPTZ,
    access_token_metadata         TEXT,
    access_token_type             VARCHAR(100),
    access_token_scopes           VARCHAR(1000),
    oidc_id_token_value           TEXT,
    oidc_id_token_issued_at       TIMESTAMPTZ,
    oidc_id_token_expires_at      TIMESTAMPTZ,
    oidc_id_token_metadata        TEXT,
    refresh_token_value           TEXT,
    refresh_token_issued_at       TIMESTAMPTZ,
    refresh_token_expires_at      TIMESTAMPTZ,
    refresh_token_metadata        TEXT,
    user_code_value               TEXT,
    user_code_issued_at           TIMESTAMPTZ,
    user_code_expires_at          TIMESTAMPTZ,
    user_code_metadata            TEXT,
    device_code_value             TEXT,
    device_code_issued_at         TIMESTAMPTZ,
    device_code_expires_at        TIMESTAMPTZ,
    device_code_metadata          TEXT
);

CREATE INDEX oauth2_authorization_state ON oauth2_authorization USING hash (state);
CREATE INDEX oauth2_authorization_code ON oauth2_authorization USING hash (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token ON oauth2_authorization USING hash (access_token_value);
CREATE INDEX oauth2_authorization_refresh_token ON oauth2_authorization USING hash (refresh_token_value);
CREATE INDEX oauth2_authorization_id_token ON oauth2_authorization USING hash (oidc_id_token_value);
CREATE INDEX oauth2_authorization_user_code ON oauth2_authorization USING hash (user_code_value);
CREATE INDEX oauth2_authorization_device_code ON oauth2_authorization USING hash (device_code_value);
CREATE INDEX oauth2_authorization_access_token_expiry ON oauth2_authorization (access_token_expires_at);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id          VARCHAR(100)   NOT NULL,
    principal_name                VARCHAR(200)   NOT NULL,
    authorities                   VARCHAR(1000)  NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

CREATE TABLE users (
    username                      VARCHAR(200)   NOT NULL PRIMARY KEY,
    password                      VARCHAR(500)   NOT NULL,
    enabled                       BOOLEAN        NOT NULL
);

CREATE TABLE authorities (
    username                      VARCHAR(200)   NOT NULL REFERENCES users (username),
    authority                     VARCHAR(100)   NOT NULL,
    PRIMARY KEY (username, authority)
);

CREATE TABLE oauth2_signing_key (
    kid                           VARCHAR(100)   NOT NULL PRIMARY KEY,
    algorithm                     VARCHAR(20)    NOT NULL,
    jwk                           TEXT           NOT NULL,
    created_at                    TIMESTAMPTZ    NOT NULL
);
