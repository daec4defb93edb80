-- schemadrift stand-in for pgsql-http 1.7 (pramsey/pgsql-http http--1.7.sql), the
-- extension "http".
--
-- Stands in for: the domains http_method and content_type, the types http_header,
-- http_response and http_request, and the functions http(), http_get (2), http_post (2),
-- http_put, http_patch, http_delete (2), http_head, http_header, http_headers,
-- http_set_curlopt, http_reset_curlopt, http_list_curlopt, urlencode (3), text_to_bytea,
-- bytea_to_text: same names, argument names and types, return types; bodies are our own.
--
-- What it cannot judge: the network. http() sends nothing: it warns and returns a
-- response whose status, headers and content are null. CURL options are kept in a
-- session setting and listed back, but change nothing.
\echo Use "CREATE EXTENSION http" to load this file. \quit

CREATE DOMAIN http_method AS text;
CREATE DOMAIN content_type AS text CHECK (VALUE ~ '^\S+\/\S+');

CREATE TYPE http_header AS (field varchar, value varchar);
CREATE TYPE http_response AS (status integer, content_type varchar, headers http_header[], content varchar);
CREATE TYPE http_request AS (method http_method, uri varchar, headers http_header[], content_type varchar, content varchar);

CREATE FUNCTION http_set_curlopt(curlopt varchar, value varchar) RETURNS boolean
  LANGUAGE sql
  AS $$
    SELECT set_config('http.stand_in_curlopts',
             (coalesce(nullif(current_setting('http.stand_in_curlopts', true), ''), '{}')::jsonb
              || jsonb_build_object(upper(curlopt), value))::text, false) IS NOT NULL
  $$;

CREATE FUNCTION http_reset_curlopt() RETURNS boolean
  LANGUAGE sql
  AS $$ SELECT set_config('http.stand_in_curlopts', '{}', false) IS NOT NULL $$;

CREATE FUNCTION http_list_curlopt() RETURNS TABLE (curlopt text, value text)
  LANGUAGE sql
  AS $$
    SELECT o.key, o.value
    FROM jsonb_each_text(coalesce(nullif(current_setting('http.stand_in_curlopts', true), ''), '{}')::jsonb) AS o
  $$;

CREATE FUNCTION http_header(field varchar, value varchar) RETURNS http_header
  LANGUAGE sql
  AS $$ SELECT $1, $2 $$;

CREATE FUNCTION http(request @extschema@.http_request) RETURNS http_response
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RAISE WARNING 'the schemadrift stand-in of http sends no request (% %)', request.method, request.uri;
    RETURN (NULL, NULL, NULL, NULL)::@extschema@.http_response;
  END;
  $$;

CREATE FUNCTION http_get(uri varchar) RETURNS http_response
  LANGUAGE sql
  AS $$ SELECT @extschema@.http(('GET', $1, NULL, NULL, NULL)::@extschema@.http_request) $$;

CREATE FUNCTION http_post(uri varchar, content varchar, content_type varchar) RETURNS http_response
  LANGUAGE sql
  AS $$ SELECT @extschema@.http(('POST', $1, NULL, $3, $2)::@extschema@.http_request) $$;

CREATE FUNCTION http_put(uri varchar, content varchar, content_type varchar) RETURNS http_response
  LANGUAGE sql
  AS $$ SELECT @extschema@.http(('PUT', $1, NULL, $3, $2)::@extschema@.http_request) $$;

CREATE FUNCTION http_patch(uri varchar, content varchar, content_type varchar) RETURNS http_response
  LANGUAGE sql
  AS $$ SELECT @extschema@.http(('PATCH', $1, NULL, $3, $2)::@extschema@.http_request) $$;

CREATE FUNCTION http_delete(uri varchar) RETURNS http_response
  LANGUAGE sql
  AS $$ SELECT @extschema@.http(('DELETE', $1, NULL, NULL, NULL)::@extschema@.http_request) $$;

CREATE FUNCTION http_delete(uri varchar, content varchar, content_type varchar) RETURNS http_response
  LANGUAGE sql
  AS $$ SELECT @extschema@.http(('DELETE', $1, NULL, $3, $2)::@extschema@.http_request) $$;

CREATE FUNCTION http_head(uri varchar) RETURNS http_response
  LANGUAGE sql
  AS $$ SELECT @extschema@.http(('HEAD', $1, NULL, NULL, NULL)::@extschema@.http_request) $$;

-- percent-encoding of everything but the unreserved characters (RFC 3986)
CREATE FUNCTION urlencode(string varchar) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT @extschema@.urlencode(convert_to(string, 'UTF8')) $$;

CREATE FUNCTION urlencode(string bytea) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$
    SELECT coalesce(string_agg(CASE WHEN b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122
                                         OR b IN (45, 46, 95, 126) THEN chr(b)
                                    ELSE '%' || upper(lpad(to_hex(b), 2, '0')) END, '' ORDER BY i), '')
    FROM generate_series(0, length(string) - 1) AS i, LATERAL (SELECT get_byte(string, i) AS b) AS t
  $$;

CREATE FUNCTION urlencode(data jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$
    SELECT coalesce(string_agg(@extschema@.urlencode(key::varchar) || '=' || @extschema@.urlencode(value::varchar), '&'), '')
    FROM jsonb_each_text(data)
  $$;

CREATE FUNCTION http_get(uri varchar, data jsonb) RETURNS http_response
  LANGUAGE sql
  AS $$ SELECT @extschema@.http(('GET', $1 || '?' || @extschema@.urlencode($2), NULL, NULL, NULL)::@extschema@.http_request) $$;

CREATE FUNCTION http_post(uri varchar, data jsonb) RETURNS http_response
  LANGUAGE sql
  AS $$
    SELECT @extschema@.http(('POST', $1, NULL, 'application/x-www-form-urlencoded', @extschema@.urlencode($2))::@extschema@.http_request)
  $$;

CREATE FUNCTION text_to_bytea(data text) RETURNS bytea
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT convert_to(data, 'UTF8') $$;

CREATE FUNCTION bytea_to_text(data bytea) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT convert_from(data, 'UTF8') $$;

CREATE FUNCTION http_headers(VARIADIC args text[]) RETURNS http_header[]
  LANGUAGE plpgsql IMMUTABLE STRICT
  AS $$
  DECLARE
    headers @extschema@.http_header[];
  BEGIN
    IF array_length(args, 1) % 2 <> 0 THEN
      RAISE EXCEPTION 'Arguments must be provided in key-value pairs';
    END IF;
    FOR i IN 1 .. array_length(args, 1) BY 2 LOOP
      headers := array_append(headers, (args[i], args[i + 1])::@extschema@.http_header);
    END LOOP;
    RETURN headers;
  END;
  $$;
