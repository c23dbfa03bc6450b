-- The OpenID Connect standard claims of each user (OpenID Connect Core 1.0 section 5.1), returned by the userinfo
-- endpoint for the scopes "profile" and "email". One row per user; every claim is optional.
CREATE TABLE user_profile (
    username                      VARCHAR(200)   NOT NULL PRIMARY KEY REFERENCES users (username),
    name                          VARCHAR(200),
    given_name                    VARCHAR(200),
    family_name                   VARCHAR(200),
    email                         VARCHAR(320),
    email_verified                BOOLEAN        DEFAULT FALSE NOT NULL,
    locale                        VARCHAR(35),
    updated_at                    TIMESTAMP      DEFAULT CURRENT_TIMESTAMP NOT NULL
);
