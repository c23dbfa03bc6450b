-- Signing keys with a life (issue 11): next (published, not yet signing), active (signs), retired (published,
-- verifying only, until removes_at). The public JWK is kept in clear for the JWK Set; the private JWK is encrypted
-- (private_jwk, a compact JWE under the key-encryption key kek_id). The clear-text column jwk of V1 is emptied by
-- the server's first rotation check after this migration, which encrypts its keys.
ALTER TABLE oauth2_signing_key ALTER COLUMN jwk SET NULL;
ALTER TABLE oauth2_signing_key ADD COLUMN state VARCHAR(10);
ALTER TABLE oauth2_signing_key ADD COLUMN public_jwk VARCHAR(16384);
ALTER TABLE oauth2_signing_key ADD COLUMN private_jwk VARCHAR(32768);
ALTER TABLE oauth2_signing_key ADD COLUMN kek_id VARCHAR(100);
ALTER TABLE oauth2_signing_key ADD COLUMN activates_at TIMESTAMP;
ALTER TABLE oauth2_signing_key ADD COLUMN retired_at TIMESTAMP;
ALTER TABLE oauth2_signing_key ADD COLUMN removes_at TIMESTAMP;

-- Before, every key of an algorithm signed, one per instance that had created its own: the newest signs from now,
-- the others are retired (the server sets their removal time from the token lifetimes).
UPDATE oauth2_signing_key k SET state = CASE WHEN k.kid = (
    SELECT o.kid FROM oauth2_signing_key o WHERE o.algorithm = k.algorithm ORDER BY o.created_at DESC, o.kid DESC
    FETCH FIRST 1 ROW ONLY) THEN 'active' ELSE 'retired' END;
UPDATE oauth2_signing_key SET activates_at = created_at;
UPDATE oauth2_signing_key SET retired_at = CURRENT_TIMESTAMP WHERE state = 'retired';
ALTER TABLE oauth2_signing_key ALTER COLUMN state SET NOT NULL;
ALTER TABLE oauth2_signing_key ALTER COLUMN activates_at SET NOT NULL;

-- At most one active and one next key per algorithm, whatever the instances do. H2 has no partial indexes: a column
-- that holds the algorithm only in that state, and NULL otherwise, which a unique index does not compare.
ALTER TABLE oauth2_signing_key ADD COLUMN active_algorithm VARCHAR(20)
    GENERATED ALWAYS AS (CASE WHEN state = 'active' THEN algorithm END);
ALTER TABLE oauth2_signing_key ADD COLUMN next_algorithm VARCHAR(20)
    GENERATED ALWAYS AS (CASE WHEN state = 'next' THEN algorithm END);
CREATE UNIQUE INDEX oauth2_signing_key_one_active ON oauth2_signing_key (active_algorithm);
CREATE UNIQUE INDEX oauth2_signing_key_one_next ON oauth2_signing_key (next_algorithm);

-- The lock that every change of the key set holds (SELECT ... FOR UPDATE of its one row), so that the instances of a
-- cluster create, promote and remove keys one after the other.
CREATE TABLE oauth2_signing_key_lock (
    id                            INTEGER        NOT NULL PRIMARY KEY
);
INSERT INTO oauth2_signing_key_lock (id) VALUES (1);
