-- Tables read and written by Spring Authorization Server's JDBC services (their column names are its contract),
-- plus users and signing keys. Token values are VARBINARY rather than BLOB so that lookups by token value, which
-- every introspection, refresh and revocation does, use an index instead of scanning the table.

CREATE TABLE oauth2_registered_client (
    id                            VARCHAR(100)   NOT NULL PRIMARY KEY,
    client_id                     VARCHAR(100)   NOT NULL UNIQUE,
    client_id_issued_at           TIMESTAMP      DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret                 VARCHAR(200),
    client_secret_expires_at      TIMESTAMP,
    client_name                   VARCHAR(200)   NOT NULL,
    client_authentication_methods VARCHAR(1000)  NOT NULL,
    authorization_grant_types     VARCHAR(1000)  NOT NULL,
    redirect_uris                 VARCHAR(4000),
    post_logout_redirect_uris     VARCHAR(4000),
    scopes                        VARCHAR(1000)  NOT NULL,
    client_settings               VARCHAR(65536) NOT NULL,
    token_settings                VARCHAR(4000)  NOT NULL
);

CREATE TABLE oauth2_authorization (
    id                            VARCHAR(100)   NOT NULL PRIMARY KEY,
    registered_client_id          VARCHAR(100)   NOT NULL,
    principal_name                VARCHAR(200)   NOT NULL,
    authorization_grant_type      VARCHAR(100)   NOT NULL,
    authorized_scopes             VARCHAR(1000),
    attributes                    BLOB,
    state                         VARCHAR(500),
    authorization_code_value      VARBINARY(4096),
    authorization_code_issued_at  TIMESTAMP,
    authorization_code_expires_at TIMESTAMP,
    authorization_code_metadata   BLOB,
    access_token_value            VARBINARY(16384),
    access_token_issued_at        TIMESTAMP,
    access_token_expires_at       TIMESTAMP,
    access_token_metadata         BLOB,
    access_token_type             VARCHAR(100),
    access_token_scopes           VARCHAR(1000),
    oidc_id_token_value           VARBINARY(16384),
    oidc_id_token_issued_at       TIMESTAMP,
    oidc_id_token_expires_at      TIMESTAMP,
    oidc_id_token_metadata        BLOB,
    refresh_token_value           VARBINARY(4096),
    refresh_token_issued_at       TIMESTAMP,
    refresh_token_expires_at      TIMESTAMP,
    refresh_token_metadata        BLOB,
    user_code_value               VARBINARY(1024),
    user_code_issued_at           TIMESTAMP,
    user_code_expires_at          TIMESTAMP,
    user_code_metadata            BLOB,
    device_code_value             VARBINARY(4096),
    device_code_issued_at         TIMESTAMP,
    device_code_expires_at        TIMESTAMP,
    device_code_metadata          BLOB
);

CREATE INDEX oauth2_authorization_state ON oauth2_authorization (state);
CREATE INDEX oauth2_authorization_code ON oauth2_authorization (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token ON oauth2_authorization (access_token_value);
CREATE INDEX oauth2_authorization_refresh_token ON oauth2_authorization (refresh_token_value);
CREATE INDEX oauth2_authorization_id_token ON oauth2_authorization (oidc_id_token_value);
CREATE INDEX oauth2_authorization_user_code ON oauth2_authorization (user_code_value);
CREATE INDEX oauth2_authorization_device_code ON oauth2_authorization (device_code_value);
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

-- Token signing keys as private JWKs, so that tokens issued before a restart still verify after it.
CREATE TABLE oauth2_signing_key (
    kid                           VARCHAR(100)   NOT NULL PRIMARY KEY,
    algorithm                     VARCHAR(20)    NOT NULL,
    jwk                           VARCHAR(16384) NOT NULL,
    created_at                    TIMESTAMP      NOT NULL
);
