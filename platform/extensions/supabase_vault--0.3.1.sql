-- schemadrift stand-in for supabase_vault 0.3 (supabase/vault sql/supabase_vault--0.3.0.sql;
-- 0.3.1 changed no SQL).
--
-- Stands in for: vault.secrets, the view vault.decrypted_secrets, vault.create_secret,
-- vault.update_secret and the internal vault._crypto_aead_det_encrypt/_decrypt/_noncegen:
-- same names, columns, argument names, defaults and return types; bodies are our own.
--
-- What it cannot judge: cryptography. The real extension encrypts with a key only the
-- server knows (libsodium); here "encryption" is the identity, so secrets are stored as
-- base64 of their plain text and decrypted_secrets shows them. Never keep real secrets in
-- a database with this stand-in.
\echo Use "CREATE EXTENSION supabase_vault" to load this file. \quit

CREATE FUNCTION vault._crypto_aead_det_encrypt(message bytea, additional bytea, key_id bigint, context bytea = 'pgsodium', nonce bytea = NULL)
  RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;

CREATE FUNCTION vault._crypto_aead_det_decrypt(message bytea, additional bytea, key_id bigint, context bytea = 'pgsodium', nonce bytea = NULL)
  RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;

-- 16 random bytes (declared immutable like the real one; PL/pgSQL keeps it from being folded)
CREATE FUNCTION vault._crypto_aead_det_noncegen() RETURNS bytea
  LANGUAGE plpgsql IMMUTABLE
  AS $$ BEGIN RETURN decode(replace(gen_random_uuid()::text, '-', ''), 'hex'); END $$;

CREATE TABLE vault.secrets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text,
  description text NOT NULL DEFAULT '',
  secret text NOT NULL,
  key_id uuid,
  nonce bytea DEFAULT vault._crypto_aead_det_noncegen(),
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE vault.secrets IS 'Table with encrypted `secret` column for storing sensitive information on disk.';
CREATE UNIQUE INDEX ON vault.secrets USING btree (name) WHERE name IS NOT NULL;

CREATE VIEW vault.decrypted_secrets AS
  SELECT s.id, s.name, s.description, s.secret,
         convert_from(vault._crypto_aead_det_decrypt(
           message := decode(s.secret, 'base64'::text), additional := convert_to(s.id::text, 'utf8'),
           key_id := 0, context := 'pgsodium'::bytea, nonce := s.nonce), 'utf8'::name) AS decrypted_secret,
         s.key_id, s.nonce, s.created_at, s.updated_at
  FROM vault.secrets AS s;

-- pgsodium_keyiduser exists on hosted projects (platform.sql creates it); the grant is
-- skipped where it does not.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgsodium_keyiduser') THEN
    GRANT ALL ON SCHEMA vault TO pgsodium_keyiduser;
    GRANT ALL ON TABLE vault.secrets TO pgsodium_keyiduser;
    GRANT ALL ON vault.decrypted_secrets TO pgsodium_keyiduser;
  END IF;
END
$$;

CREATE FUNCTION vault.create_secret(
  new_secret text,
  new_name text = NULL,
  new_description text = '',
  new_key_id uuid = NULL
) RETURNS uuid
  LANGUAGE plpgsql
  SET search_path = ''
  AS $$
  DECLARE
    secret_id uuid;
  BEGIN
    INSERT INTO vault.secrets (secret, name, description) VALUES (new_secret, new_name, new_description)
    RETURNING id INTO secret_id;
    UPDATE vault.secrets AS s
    SET secret = encode(vault._crypto_aead_det_encrypt(
          message := convert_to(new_secret, 'utf8'), additional := convert_to(s.id::text, 'utf8'),
          key_id := 0, context := 'pgsodium'::bytea, nonce := s.nonce), 'base64')
    WHERE s.id = secret_id;
    RETURN secret_id;
  END
  $$;

CREATE FUNCTION vault.update_secret(
  secret_id uuid,
  new_secret text = NULL,
  new_name text = NULL,
  new_description text = NULL,
  new_key_id uuid = NULL
) RETURNS void
  LANGUAGE plpgsql
  SET search_path = ''
  AS $$
  BEGIN
    UPDATE vault.secrets AS s
    SET secret = CASE WHEN new_secret IS NULL THEN s.secret
                      ELSE encode(vault._crypto_aead_det_encrypt(
                             message := convert_to(new_secret, 'utf8'), additional := convert_to(s.id::text, 'utf8'),
                             key_id := 0, context := 'pgsodium'::bytea, nonce := s.nonce), 'base64') END,
        name = coalesce(new_name, s.name),
        description = coalesce(new_description, s.description),
        updated_at = now()
    WHERE s.id = secret_id;
  END
  $$;

SELECT pg_catalog.pg_extension_config_dump('vault.secrets', '');
