-- The JSON of an authorization (its attributes and each token's metadata) was BLOB. H2 keeps a LOB larger than a
-- 256 bytes outside the row, in LOB maps of its own that every insert, read and delete then also writes,
-- and an access token's metadata (its claims) is always larger than that. CHARACTER VARYING keeps the JSON in the
-- row. H2 converts binary to character strings as UTF-8, which is how Spring Authorization Server wrote the JSON;
-- it converts a BLOB only to a binary string, hence the two steps.
ALTER TABLE oauth2_authorization ALTER COLUMN attributes SET DATA TYPE BINARY VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN authorization_code_metadata SET DATA TYPE BINARY VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN access_token_metadata SET DATA TYPE BINARY VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN oidc_id_token_metadata SET DATA TYPE BINARY VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN refresh_token_metadata SET DATA TYPE BINARY VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN user_code_metadata SET DATA TYPE BINARY VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN device_code_metadata SET DATA TYPE BINARY VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN attributes SET DATA TYPE CHARACTER VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN authorization_code_metadata SET DATA TYPE CHARACTER VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN access_token_metadata SET DATA TYPE CHARACTER VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN oidc_id_token_metadata SET DATA TYPE CHARACTER VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN refresh_token_metadata SET DATA TYPE CHARACTER VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN user_code_metadata SET DATA TYPE CHARACTER VARYING(1000000);
ALTER TABLE oauth2_authorization ALTER COLUMN device_code_metadata SET DATA TYPE CHARACTER VARYING(1000000);
