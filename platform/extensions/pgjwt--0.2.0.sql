-- schemadrift stand-in for pgjwt 0.2.0 (michelp/pgjwt pgjwt--0.2.0.sql).
--
-- Stands in for: url_encode, url_decode, algorithm_sign, sign, try_cast_double and verify,
-- with the same signatures. pgjwt is plain SQL over pgcrypto's hmac, so this one works
-- (HS256/HS384/HS512); the bodies are our own. Like the real one it expects pgcrypto in
-- the same schema (both are in extensions on a hosted project).
--
-- What it cannot judge: nothing beyond pgjwt's own limits (no RS/ES algorithms).
\echo Use "CREATE EXTENSION pgjwt" to load this file. \quit

-- base64url without padding
CREATE FUNCTION url_encode(data bytea) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT translate(encode(data, 'base64'), E'+/=\n', '-_') $$;

CREATE FUNCTION url_decode(data text) RETURNS bytea
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT decode(b64 || repeat('=', (4 - length(b64) % 4) % 4), 'base64')
    FROM (SELECT translate(data, '-_', '+/') AS b64) AS t
  $$;

CREATE FUNCTION algorithm_sign(signables text, secret text, algorithm text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT @extschema@.url_encode(@extschema@.hmac(signables, secret,
      CASE algorithm WHEN 'HS256' THEN 'sha256' WHEN 'HS384' THEN 'sha384' WHEN 'HS512' THEN 'sha512' ELSE '' END))
  $$;

CREATE FUNCTION sign(payload json, secret text, algorithm text DEFAULT 'HS256') RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT s.signables || '.' || @extschema@.algorithm_sign(s.signables, secret, algorithm)
    FROM (SELECT @extschema@.url_encode(convert_to('{"alg":"' || algorithm || '","typ":"JWT"}', 'utf8'))
                 || '.' || @extschema@.url_encode(convert_to(payload::text, 'utf8')) AS signables) AS s
  $$;

CREATE FUNCTION try_cast_double(inp text) RETURNS double precision
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  BEGIN
    RETURN inp::double precision;
  EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
  END;
  $$;

CREATE FUNCTION verify(token text, secret text, algorithm text DEFAULT 'HS256')
  RETURNS TABLE (header json, payload json, valid boolean)
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT convert_from(@extschema@.url_decode(part[1]), 'utf8')::json,
           convert_from(@extschema@.url_decode(part[2]), 'utf8')::json,
           part[3] = @extschema@.algorithm_sign(part[1] || '.' || part[2], secret, algorithm)
             AND tstzrange(to_timestamp(@extschema@.try_cast_double(convert_from(@extschema@.url_decode(part[2]), 'utf8')::json ->> 'nbf')),
                           to_timestamp(@extschema@.try_cast_double(convert_from(@extschema@.url_decode(part[2]), 'utf8')::json ->> 'exp')))
                 @> CURRENT_TIMESTAMP
    FROM regexp_split_to_array(token, '\.') AS part
  $$;
