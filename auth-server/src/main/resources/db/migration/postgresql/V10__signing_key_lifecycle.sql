-- Signing keys with a life (issue 11): next (published, not yet signing), active (signs), retired (published,
-- verifying only, until removes_at). The public JWK is kept in clear for the JWK Set; the private JWK is encrypted
-- (private_jwk, a compact JWE under the key-encryption key kek_id). The clear-text column jwk of V1 is emptied by
-- the server's first rotation check after this migration, which encrypts its keys (old row versions keep the clear
-- text until VACUUM reclaims them).
ALTER TABLE oauth2_signing_key ALTER COLUMN jwk DROP NOT NULL;
ALTER TABLE oauth2_signing_key ADD COLUMN state VARCHAR(10);
ALTER TABLE oauth2_signing_key ADD COLUMN public_jwk TEXT;
ALTER TABLE oauth2_signing_key ADD COLUMN private_jwk TEXT;
ALTER TABLE oauth2_signing_key ADD COLUMN kek_id VARCHAR(100);
ALTER TABLE oauth2_signing_key ADD COLUMN activates_at TIMESTAMPTZ;
ALTER TABLE oauth2_signing_key ADD COLUMN retired_at TIMESTAMPTZ;
ALTER TABLE oauth2_signing_key ADD COLUMN removes_at TIMESTAMPTZ;

-- Before, every key of an algorithm signed, one per instance that had created its own: the newest signs from now,
-- the others are retired (the server sets their removal time from the token lifetimes).
UPDATE oauth2_signing_key k SET state = CASE WHEN k.kid = (
    SELECT o.kid FROM oauth2_signing_key o WHERE o.algorithm = k.algorithm ORDER BY o.created_at DESC, o.kid DESC
    FETCH FIRST 1 ROW ONLY) THEN 'active' ELSE 'retired' END;
UPDATE oauth2_signing_key SET activates_at = created_at;
UPDATE oauth2_signing_key SET retired_at = CURRENT_TIMESTAMP WHERE state = 'retired';
ALTER TABLE oauth2_signing_key ALTER COLUMN state SET NOT NULL;
ALTER TABLE oauth2_signing_key ALTER COLUMN activates_at SET NOT NULL;
ALTER TABLE oauth2_signing_key ADD CONSTRAINT oauth2_signing_key_state CHECK (state IN ('next', 'active', 'retired'));

-- At most one active and one next key per algorithm, whatever the instances do.
CREATE UNIQUE INDEX oauth2_signing_key_one_active ON oauth2_signing_key (algorithm) WHERE state = 'active';
CREATE UNIQUE INDEX oauth2_signing_key_one_next ON oauth2_signing_key (algorithm) WHERE state = 'next';

-- The lock that every change of the key set holds (SELECT ... FOR UPDATE of its one row), so that the instances of a
-- cluster create, promote and remove keys one after the other.
CREATE TABLE oauth2_signing_key_lock (
    id                            INTEGER        NOT NULL PRIMARY KEY
);
INSERT INTO oauth2_signing_key_lock (id) VALUES (1);
