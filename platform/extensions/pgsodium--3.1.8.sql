-- schemadrift stand-in for pgsodium 3.1 (michelp/pgsodium sql/pgsodium--3.1.5.sql and the
-- 3.1.x upgrade scripts; Supabase projects made before 2025 have it in schema pgsodium).
--
-- Stands in for: the roles pgsodium_keyiduser / pgsodium_keyholder / pgsodium_keymaker,
-- the key table pgsodium.key with the views valid_key, decrypted_key, masking_rule and
-- mask_columns, the keypair and key types, create_key / get_key_by_id / get_key_by_name /
-- get_named_keys, update_mask(s), and the crypto families most used from SQL:
-- randombytes_*, crypto_aead_det_*, crypto_aead_ietf_*, crypto_secretbox*, crypto_auth*,
-- crypto_auth_hmacsha256*/512*, crypto_box*, crypto_sign*, crypto_generichash*,
-- crypto_shorthash*, crypto_hash_sha256/512, crypto_pwhash*, crypto_kdf_*, derive_key,
-- sodium_bin2base64 / sodium_base642bin, each with the raw-key, key-id and key-uuid forms
-- pgsodium has, same argument names, defaults and return types. Grants follow pgsodium's.
--
-- What it cannot judge: cryptography. There is no libsodium here: "encryption" returns
-- the message unchanged, MACs, signatures and hashes are SHA-256/512 of key and message,
-- key derivation hashes the key id and context; so decrypt(encrypt(x)) = x and a
-- signature verifies, but nothing is protected. Never keep real secrets with it.
-- SECURITY LABEL FOR pgsodium (transparent column encryption) needs pgsodium's label
-- provider and is refused here. Functions of pgsodium not listed above do not exist here.
\echo Use "CREATE EXTENSION pgsodium" to load this file. \quit

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['pgsodium_keyiduser', 'pgsodium_keyholder', 'pgsodium_keymaker'] LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION', r);
    END IF;
  END LOOP;
END
$$;
GRANT pgsodium_keyholder TO pgsodium_keymaker;
GRANT pgsodium_keyiduser TO pgsodium_keymaker;
GRANT pgsodium_keyiduser TO pgsodium_keyholder;

CREATE TYPE pgsodium.crypto_box_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.crypto_sign_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.crypto_kx_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.crypto_kx_session AS (rx bytea, tx bytea);
CREATE TYPE pgsodium.crypto_signcrypt_state_key AS (state bytea, shared_key bytea);
CREATE TYPE pgsodium.crypto_signcrypt_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.key_status AS ENUM ('default', 'valid', 'invalid', 'expired');
CREATE TYPE pgsodium.key_type AS ENUM (
  'aead-ietf', 'aead-det', 'hmacsha512', 'hmacsha256', 'auth', 'shorthash', 'generichash', 'kdf',
  'secretbox', 'secretstream', 'stream_xchacha20'
);
CREATE TYPE pgsodium._key_id_context AS (key_id bigint, key_context bytea);

-- random bytes: 16 per gen_random_uuid()
CREATE FUNCTION pgsodium.randombytes_buf(size integer) RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT substring(string_agg(uuid_send(gen_random_uuid()), ''::bytea) FROM 1 FOR size) FROM generate_series(1, (size + 15) / 16) $$;
CREATE FUNCTION pgsodium.randombytes_random() RETURNS integer
  LANGUAGE sql VOLATILE
  AS $$ SELECT (random() * 2147483647)::integer $$;
CREATE FUNCTION pgsodium.randombytes_uniform(upper_bound integer) RETURNS integer
  LANGUAGE sql VOLATILE
  AS $$ SELECT floor(random() * upper_bound)::integer $$;
CREATE FUNCTION pgsodium.randombytes_new_seed() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.randombytes_buf_deterministic(size integer, seed bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT substring(string_agg(sha256(seed || int4send(i)), ''::bytea ORDER BY i) FROM 1 FOR size) FROM generate_series(1, (size + 31) / 32) AS i $$;

-- a derived key: the hash of the key id and its context (pgsodium derives it from the
-- server's secret root key)
CREATE FUNCTION pgsodium.derive_key(key_id bigint, key_len integer = 32, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT substring(sha512(int8send(key_id) || context) FROM 1 FOR key_len) $$;
CREATE FUNCTION pgsodium.pgsodium_derive(key_id bigint, key_len integer = 32, context bytea = decode('pgsodium', 'escape')) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT pgsodium.derive_key(key_id, key_len, context) $$;

CREATE TABLE pgsodium.key (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status pgsodium.key_status DEFAULT 'valid',
  created timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires timestamptz,
  key_type pgsodium.key_type,
  key_id bigserial,
  key_context bytea DEFAULT 'pgsodium' CHECK (length(key_context) = 8),
  name text UNIQUE,
  associated_data text DEFAULT 'associated',
  raw_key bytea,
  raw_key_nonce bytea,
  parent_key uuid REFERENCES pgsodium.key (id),
  comment text,
  user_data text,
  CHECK (CASE WHEN raw_key IS NOT NULL THEN key_id IS NULL AND key_context IS NULL AND parent_key IS NOT NULL
              ELSE key_id IS NOT NULL AND key_context IS NOT NULL AND parent_key IS NULL END)
);
ALTER TABLE pgsodium.key ALTER COLUMN key_id DROP NOT NULL;
COMMENT ON TABLE pgsodium.key IS 'This table holds metadata for derived keys given a key_id and key_context. The raw key is never stored.';
CREATE INDEX ON pgsodium.key (status) WHERE status IN ('valid', 'default');
CREATE UNIQUE INDEX ON pgsodium.key (status) WHERE status = 'default';
CREATE UNIQUE INDEX ON pgsodium.key (key_id, key_context, key_type);
SELECT pg_catalog.pg_extension_config_dump('pgsodium.key', '');

CREATE VIEW pgsodium.valid_key AS
  SELECT id, name, status, key_type, key_id, key_context, created, expires, associated_data
  FROM pgsodium.key
  WHERE status IN ('valid', 'default') AND CASE WHEN expires IS NULL THEN true ELSE expires > now() END;

CREATE VIEW pgsodium.decrypted_key AS
  SELECT k.id, k.status, k.created, k.expires, k.key_type, k.key_id, k.key_context, k.name, k.associated_data,
         k.raw_key, k.raw_key AS decrypted_raw_key, k.raw_key_nonce, k.parent_key, k.comment
  FROM pgsodium.key AS k;

CREATE VIEW pgsodium.masking_rule AS
  SELECT sl.objoid AS attrelid, sl.objsubid AS attnum, c.relnamespace::regnamespace AS relnamespace, c.relname, a.attname,
         pg_catalog.format_type(a.atttypid, a.atttypmod) AS format_type, sl.label AS col_description,
         (regexp_match(sl.label, 'encrypt +with +key +column +([\w\"\-$]+)', 'i'))[1] AS key_id_column,
         (regexp_match(sl.label, 'encrypt +with +key +id +([0-9a-f-]{36})', 'i'))[1] AS key_id,
         (regexp_match(sl.label, '(?<=associated) +\(([\w\"\-$, ]+)\)', 'i'))[1] AS associated_columns,
         (regexp_match(sl.label, '(?<=nonce) +([\w\"\-$]+)', 'i'))[1] AS nonce_column,
         c.relnamespace::regnamespace || '.' || quote_ident('decrypted_' || c.relname) AS view_name,
         100 AS priority
  FROM pg_catalog.pg_seclabel AS sl
  JOIN pg_catalog.pg_class AS c ON sl.classoid = c.tableoid AND sl.objoid = c.oid
  JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND sl.objsubid = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped AND sl.label ILIKE 'ENCRYPT%' AND sl.provider = 'pgsodium';
GRANT SELECT ON pgsodium.masking_rule TO PUBLIC;

CREATE VIEW pgsodium.mask_columns AS
  SELECT a.attname, a.attrelid, m.key_id, m.key_id_column, m.associated_columns, m.nonce_column, m.format_type
  FROM pg_catalog.pg_attribute AS a
  LEFT JOIN pgsodium.masking_rule AS m ON m.attrelid = a.attrelid AND m.attname = a.attname
  WHERE a.attnum > 0 AND NOT a.attisdropped
  ORDER BY a.attnum;

GRANT SELECT ON pgsodium.key, pgsodium.valid_key TO pgsodium_keyiduser;
GRANT INSERT, UPDATE, DELETE ON pgsodium.key TO pgsodium_keymaker;
GRANT SELECT ON pgsodium.decrypted_key TO pgsodium_keymaker;


-- keys
CREATE FUNCTION pgsodium.crypto_aead_det_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_aead_ietf_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_ietf_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_ietf_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_secretbox_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretbox_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretbox_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_auth_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha256_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha256_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha512_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha512_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_generichash_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_generichash_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_generichash_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_shorthash_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(16) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_shorthash_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_shorthash_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_kdf_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_kdf_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_kdf_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_secretstream_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretstream_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretstream_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_stream_xchacha20_keygen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_stream_xchacha20_keygen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_stream_xchacha20_keygen() TO pgsodium_keymaker;
CREATE FUNCTION pgsodium.crypto_aead_det_noncegen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(16) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_noncegen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_noncegen() TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_ietf_noncegen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(12) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_ietf_noncegen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_ietf_noncegen() TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_secretbox_noncegen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(24) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretbox_noncegen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretbox_noncegen() TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_box_noncegen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(24) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_box_noncegen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_box_noncegen() TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_stream_xchacha20_noncegen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(24) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_stream_xchacha20_noncegen() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_stream_xchacha20_noncegen() TO pgsodium_keyiduser;

-- authenticated encryption: the ciphertext is the message (see the header)
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key bytea, nonce bytea = NULL) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_encrypt(bytea, bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_encrypt(bytea, bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key_id bigint, context bytea = 'pgsodium', nonce bytea = NULL) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_encrypt(bytea, bytea, bigint, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_encrypt(bytea, bytea, bigint, bytea, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_encrypt(bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_encrypt(bytea, bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key_uuid uuid, nonce bytea) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_encrypt(bytea, bytea, uuid, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_encrypt(bytea, bytea, uuid, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_ietf_encrypt(message bytea, additional bytea, nonce bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_ietf_encrypt(bytea, bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_ietf_encrypt(bytea, bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_aead_ietf_encrypt(message bytea, additional bytea, nonce bytea, key_id bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_ietf_encrypt(bytea, bytea, bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_ietf_encrypt(bytea, bytea, bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_ietf_encrypt(message bytea, additional bytea, nonce bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_ietf_encrypt(bytea, bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_ietf_encrypt(bytea, bytea, bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key bytea, nonce bytea = NULL) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_decrypt(bytea, bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_decrypt(bytea, bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key_id bigint, context bytea = 'pgsodium', nonce bytea = NULL) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_decrypt(bytea, bytea, bigint, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_decrypt(bytea, bytea, bigint, bytea, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_decrypt(bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_decrypt(bytea, bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key_uuid uuid, nonce bytea) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_det_decrypt(bytea, bytea, uuid, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_det_decrypt(bytea, bytea, uuid, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_ietf_decrypt(message bytea, additional bytea, nonce bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_ietf_decrypt(bytea, bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_ietf_decrypt(bytea, bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_aead_ietf_decrypt(message bytea, additional bytea, nonce bytea, key_id bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_ietf_decrypt(bytea, bytea, bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_ietf_decrypt(bytea, bytea, bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_aead_ietf_decrypt(message bytea, additional bytea, nonce bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_aead_ietf_decrypt(bytea, bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_aead_ietf_decrypt(bytea, bytea, bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretbox(bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretbox(bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key_id bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretbox(bytea, bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretbox(bytea, bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretbox(bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretbox(bytea, bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_secretbox_open(ciphertext bytea, nonce bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT ciphertext $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretbox_open(bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretbox_open(bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_secretbox_open(message bytea, nonce bytea, key_id bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretbox_open(bytea, bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretbox_open(bytea, bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_secretbox_open(message bytea, nonce bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_secretbox_open(bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_secretbox_open(bytea, bytea, uuid) TO pgsodium_keyiduser;

-- message authentication: SHA-256/512 of key and message
CREATE FUNCTION pgsodium.crypto_auth(message bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(key || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth(bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth(bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_auth(message bytea, key_id bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(pgsodium.derive_key(key_id, 32, context) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth(bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth(bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth(message bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT sha256((SELECT coalesce(k.decrypted_raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context)) FROM pgsodium.decrypted_key AS k WHERE k.id = key_uuid) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth(bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth(bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_verify(mac bytea, message bytea, key bytea) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT mac = sha256(key || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_verify(bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_verify(bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_auth_verify(mac bytea, message bytea, key_id bigint, context bytea = 'pgsodium') RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT mac = sha256(pgsodium.derive_key(key_id, 32, context) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_verify(bytea, bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_verify(bytea, bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_verify(signature bytea, message bytea, key_uuid uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT signature = sha256((SELECT coalesce(k.decrypted_raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context)) FROM pgsodium.decrypted_key AS k WHERE k.id = key_uuid) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_verify(bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_verify(bytea, bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256(message bytea, secret bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(secret || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha256(bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha256(bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256(message bytea, key_id bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(pgsodium.derive_key(key_id, 32, context) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha256(bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha256(bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256(message bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT sha256((SELECT coalesce(k.decrypted_raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context)) FROM pgsodium.decrypted_key AS k WHERE k.id = key_uuid) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha256(bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha256(bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256_verify(hash bytea, message bytea, secret bytea) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT hash = sha256(secret || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha256_verify(bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha256_verify(bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256_verify(hash bytea, message bytea, key_id bigint, context bytea = 'pgsodium') RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT hash = sha256(pgsodium.derive_key(key_id, 32, context) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha256_verify(bytea, bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha256_verify(bytea, bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256_verify(signature bytea, message bytea, key_uuid uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT signature = sha256((SELECT coalesce(k.decrypted_raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context)) FROM pgsodium.decrypted_key AS k WHERE k.id = key_uuid) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha256_verify(bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha256_verify(bytea, bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512(message bytea, secret bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha512(secret || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha512(bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha512(bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512(message bytea, key_id bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha512(pgsodium.derive_key(key_id, 32, context) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha512(bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha512(bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512(message bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT sha512((SELECT coalesce(k.decrypted_raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context)) FROM pgsodium.decrypted_key AS k WHERE k.id = key_uuid) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha512(bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha512(bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512_verify(hash bytea, message bytea, secret bytea) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT hash = sha512(secret || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha512_verify(bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha512_verify(bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512_verify(hash bytea, message bytea, key_id bigint, context bytea = 'pgsodium') RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT hash = sha512(pgsodium.derive_key(key_id, 32, context) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha512_verify(bytea, bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha512_verify(bytea, bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512_verify(signature bytea, message bytea, key_uuid uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT signature = sha512((SELECT coalesce(k.decrypted_raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context)) FROM pgsodium.decrypted_key AS k WHERE k.id = key_uuid) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_auth_hmacsha512_verify(bytea, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_auth_hmacsha512_verify(bytea, bytea, uuid) TO pgsodium_keyiduser;

-- hashing
CREATE FUNCTION pgsodium.crypto_hash_sha256(message bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT sha256(message) $$;
CREATE FUNCTION pgsodium.crypto_hash_sha512(message bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT sha512(message) $$;
CREATE FUNCTION pgsodium.crypto_generichash(message bytea, key bytea = NULL) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(coalesce(key, '') || message) $$;
CREATE FUNCTION pgsodium.crypto_generichash(message bytea, key bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(pgsodium.derive_key(key, 32, context) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_generichash(bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_generichash(bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_generichash(message bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT sha256((SELECT coalesce(k.decrypted_raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context)) FROM pgsodium.decrypted_key AS k WHERE k.id = key_uuid) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_generichash(bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_generichash(bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_shorthash(message bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT substring(sha256(key || message) FROM 1 FOR 8) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_shorthash(bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_shorthash(bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_shorthash(message bytea, key bigint, context bytea = 'pgsodium') RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT substring(sha256(pgsodium.derive_key(key, 16, context) || message) FROM 1 FOR 8) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_shorthash(bytea, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_shorthash(bytea, bigint, bytea) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.crypto_shorthash(message bytea, key_uuid uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT substring(sha256((SELECT coalesce(k.decrypted_raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context)) FROM pgsodium.decrypted_key AS k WHERE k.id = key_uuid) || message) FROM 1 FOR 8) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_shorthash(bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_shorthash(bytea, uuid) TO pgsodium_keyiduser;

-- public-key boxes and signatures: the public key is the hash of the secret key
CREATE FUNCTION pgsodium.crypto_box_new_keypair() RETURNS pgsodium.crypto_box_keypair
  LANGUAGE sql VOLATILE
  AS $$ SELECT sha256(s), s FROM (SELECT pgsodium.randombytes_buf(32) AS s) AS k $$;
CREATE FUNCTION pgsodium.crypto_box_new_seed() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.crypto_box_seed_new_keypair(seed bytea) RETURNS pgsodium.crypto_box_keypair
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(sha256(seed)), sha256(seed) $$;
CREATE FUNCTION pgsodium.crypto_box(message bytea, nonce bytea, public bytea, secret bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_box(bytea, bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_box(bytea, bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_box_open(ciphertext bytea, nonce bytea, public bytea, secret bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT ciphertext $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_box_open(bytea, bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_box_open(bytea, bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_box_seal(message bytea, public_key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_box_seal_open(ciphertext bytea, public_key bytea, secret_key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT ciphertext $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_box_seal_open(bytea, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_box_seal_open(bytea, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_sign_new_keypair() RETURNS pgsodium.crypto_sign_keypair
  LANGUAGE sql VOLATILE
  AS $$ SELECT sha256(s), s FROM (SELECT pgsodium.randombytes_buf(64) AS s) AS k $$;
CREATE FUNCTION pgsodium.crypto_sign_new_seed() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.crypto_sign_seed_new_keypair(seed bytea) RETURNS pgsodium.crypto_sign_keypair
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha256(sha512(seed)), sha512(seed) $$;
CREATE FUNCTION pgsodium.crypto_sign(message bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha512(sha256(key) || message) || message $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_sign(bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_sign(bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_sign_open(signed_message bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN substring(signed_message FROM 1 FOR 64) = sha512(key || substring(signed_message FROM 65)) THEN substring(signed_message FROM 65) END $$;
CREATE FUNCTION pgsodium.crypto_sign_detached(message bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha512(sha256(key) || message) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_sign_detached(bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_sign_detached(bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_sign_verify_detached(sig bytea, message bytea, key bytea) RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sig = sha512(key || message) $$;
CREATE FUNCTION pgsodium.crypto_sign_init() RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT ''::bytea $$;
CREATE FUNCTION pgsodium.crypto_sign_update(state bytea, message bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT state || message $$;
CREATE FUNCTION pgsodium.crypto_sign_final_create(state bytea, key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT sha512(sha256(key) || state) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_sign_final_create(bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_sign_final_create(bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_sign_final_verify(state bytea, signature bytea, key bytea) RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT signature = sha512(key || state) $$;

-- passwords and key derivation
CREATE FUNCTION pgsodium.crypto_pwhash_saltgen() RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT pgsodium.randombytes_buf(16) $$;
CREATE FUNCTION pgsodium.crypto_pwhash(password bytea, salt bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT sha256(salt || password) $$;
CREATE FUNCTION pgsodium.crypto_pwhash_str(password bytea) RETURNS bytea
  LANGUAGE sql VOLATILE
  AS $$ SELECT s || sha256(s || password) FROM (SELECT pgsodium.randombytes_buf(16) AS s) AS t $$;
CREATE FUNCTION pgsodium.crypto_pwhash_str_verify(hashed_password bytea, password bytea) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT substring(hashed_password FROM 17) = sha256(substring(hashed_password FROM 1 FOR 16) || password) $$;
CREATE FUNCTION pgsodium.crypto_kdf_derive_from_key(subkey_size bigint, subkey_id bigint, context bytea, primary_key bytea) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT substring(sha512(primary_key || int8send(subkey_id) || context) FROM 1 FOR subkey_size::int) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_kdf_derive_from_key(bigint, bigint, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_kdf_derive_from_key(bigint, bigint, bytea, bytea) TO pgsodium_keyholder;
CREATE FUNCTION pgsodium.crypto_kdf_derive_from_key(subkey_size integer, subkey_id bigint, context bytea, primary_key uuid) RETURNS bytea
  LANGUAGE sql STABLE SECURITY DEFINER
  AS $$ SELECT substring(sha512(uuid_send(primary_key) || int8send(subkey_id) || context) FROM 1 FOR subkey_size) $$;
REVOKE ALL ON FUNCTION pgsodium.crypto_kdf_derive_from_key(integer, bigint, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgsodium.crypto_kdf_derive_from_key(integer, bigint, bytea, uuid) TO pgsodium_keyiduser;
CREATE FUNCTION pgsodium.sodium_bin2base64(bin bytea) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT translate(encode(bin, 'base64'), E'+/\n', '-_') $$;
CREATE FUNCTION pgsodium.sodium_base642bin(base64 text) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT decode(t || repeat('=', (4 - length(t) % 4) % 4), 'base64') FROM (SELECT translate(base64, '-_', '+/') AS t) AS s $$;
CREATE FUNCTION pgsodium.crypto_cmp(text, text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT $1 = $2 $$;
CREATE FUNCTION pgsodium.version() RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT '3.1.8'::text $$;

-- key management
CREATE FUNCTION pgsodium.create_key(
  key_type pgsodium.key_type = 'aead-det',
  name text = NULL,
  raw_key bytea = NULL,
  raw_key_nonce bytea = NULL,
  parent_key uuid = NULL,
  key_context bytea = 'pgsodium',
  expires timestamptz = NULL,
  associated_data text = ''
) RETURNS pgsodium.valid_key
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
  AS $$
  DECLARE
    new_id uuid;
    result pgsodium.valid_key;
  BEGIN
    INSERT INTO pgsodium.key (key_id, key_context, key_type, raw_key, raw_key_nonce, parent_key, expires, name, associated_data)
    VALUES (CASE WHEN raw_key IS NULL THEN nextval('pgsodium.key_key_id_seq'::regclass) END,
            CASE WHEN raw_key IS NULL THEN key_context END,
            key_type, raw_key,
            CASE WHEN raw_key IS NOT NULL THEN coalesce(raw_key_nonce, pgsodium.crypto_aead_det_noncegen()) END,
            CASE WHEN parent_key IS NULL AND raw_key IS NOT NULL THEN (pgsodium.create_key('aead-det')).id ELSE parent_key END,
            expires, name, associated_data)
    RETURNING id INTO new_id;
    SELECT * INTO result FROM pgsodium.valid_key AS v WHERE v.id = new_id;
    RETURN result;
  END;
  $$;
GRANT EXECUTE ON FUNCTION pgsodium.create_key(pgsodium.key_type, text, bytea, bytea, uuid, bytea, timestamptz, text) TO pgsodium_keyiduser;

CREATE FUNCTION pgsodium.get_key_by_id(uuid) RETURNS pgsodium.valid_key
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = ''
  AS $$ SELECT * FROM pgsodium.valid_key WHERE id = $1 $$;
CREATE FUNCTION pgsodium.get_key_by_name(text) RETURNS pgsodium.valid_key
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = ''
  AS $$ SELECT * FROM pgsodium.valid_key WHERE name = $1 $$;
CREATE FUNCTION pgsodium.get_named_keys(filter text = '%') RETURNS SETOF pgsodium.valid_key
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = ''
  AS $$ SELECT * FROM pgsodium.valid_key WHERE name LIKE filter $$;
GRANT EXECUTE ON FUNCTION pgsodium.get_key_by_id(uuid), pgsodium.get_key_by_name(text), pgsodium.get_named_keys(text)
  TO pgsodium_keyiduser;

-- transparent column encryption: no label provider here, so there are never masks to update
CREATE FUNCTION pgsodium.update_mask(target oid, debug boolean = false) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
  AS $$ BEGIN RETURN; END $$;
CREATE FUNCTION pgsodium.update_masks(debug boolean = false) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
  AS $$ BEGIN RETURN; END $$;
CREATE FUNCTION pgsodium.has_mask(role regrole, source_name text) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT false $$;

