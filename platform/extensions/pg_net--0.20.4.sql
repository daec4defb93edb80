-- schemadrift stand-in for pg_net 0.20 (supabase/pg_net sql/pg_net.sql).
--
-- Stands in for: the schema net with the request queue and response tables, the
-- http_method domain, the request_status / http_response / http_response_result types,
-- and the functions http_get, http_post, http_delete, _http_collect_response,
-- http_collect_response, check_worker_is_up, wait_until_running, wake, worker_restart,
-- _await_response, _urlencode_string, _encode_url_with_params_array: same names,
-- argument names and types, defaults and return types; the bodies are our own.
--
-- What it cannot judge: there is no background worker, so nothing is ever sent and no
-- response ever arrives. http_get/http_post/http_delete queue the request and return its
-- id as pg_net does; collecting a response reports it as not found; _await_response
-- would wait forever and so refuses instead; check_worker_is_up reports the worker down.
\echo Use "CREATE EXTENSION pg_net" to load this file. \quit

CREATE SCHEMA IF NOT EXISTS net;

CREATE DOMAIN net.http_method AS text
  CHECK (value ILIKE 'get' OR value ILIKE 'post' OR value ILIKE 'delete');

-- requests waiting for the worker
CREATE UNLOGGED TABLE net.http_request_queue (
  id bigserial,
  method net.http_method NOT NULL,
  url text NOT NULL,
  headers jsonb,
  body bytea,
  timeout_milliseconds int NOT NULL
);

-- responses the worker stored
CREATE UNLOGGED TABLE net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out bool,
  error_msg text,
  created timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON net._http_response (created);

CREATE TYPE net.request_status AS ENUM ('PENDING', 'SUCCESS', 'ERROR');
CREATE TYPE net.http_response AS (status_code integer, headers jsonb, body text);
CREATE TYPE net.http_response_result AS (status net.request_status, message text, response net.http_response);

CREATE FUNCTION net.check_worker_is_up() RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RAISE EXCEPTION USING MESSAGE = 'the pg_net background worker is not up',
      DETAIL = 'this is the schemadrift stand-in of pg_net, which has no worker';
  END
  $$;
COMMENT ON FUNCTION net.check_worker_is_up() IS 'raises an exception if the pg_net background worker is not up, otherwise it doesn''t return anything';

CREATE FUNCTION net.worker_restart() RETURNS bool
  LANGUAGE sql
  AS $$ SELECT false $$;

CREATE FUNCTION net.wait_until_running() RETURNS void
  LANGUAGE plpgsql
  AS $$ BEGIN PERFORM net.check_worker_is_up(); END $$;
COMMENT ON FUNCTION net.wait_until_running() IS 'waits until the worker is running';

CREATE FUNCTION net.wake() RETURNS void
  LANGUAGE sql
  AS $$ SELECT $$;

CREATE FUNCTION net._await_response(request_id bigint) RETURNS bool
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF EXISTS (SELECT FROM net._http_response AS r WHERE r.id = request_id) THEN
      RETURN true;
    END IF;
    RAISE EXCEPTION 'no response will arrive for request %: the schemadrift stand-in of pg_net sends nothing', request_id;
  END;
  $$;

-- percent-encoding of everything but the unreserved characters (RFC 3986)
CREATE FUNCTION net._urlencode_string(string varchar) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT string_agg(CASE WHEN ch ~ '^[A-Za-z0-9_.~-]$' THEN ch
                           ELSE upper(regexp_replace(encode(convert_to(ch, 'UTF8'), 'hex'), '(..)', '%\1', 'g')) END,
                      '' ORDER BY i)
    FROM regexp_split_to_table(string, '') WITH ORDINALITY AS t(ch, i)
  $$;

CREATE FUNCTION net._encode_url_with_params_array(url text, params_array text[]) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT CASE WHEN cardinality(params_array) = 0 THEN url
                ELSE url || CASE WHEN position('?' IN url) > 0 THEN '&' ELSE '?' END || array_to_string(params_array, '&') END
  $$;

CREATE FUNCTION net.http_get(
  url text,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{}'::jsonb,
  timeout_milliseconds int DEFAULT 5000
) RETURNS bigint
  LANGUAGE plpgsql
  AS $$
  DECLARE
    request_id bigint;
  BEGIN
    INSERT INTO net.http_request_queue (method, url, headers, timeout_milliseconds)
    VALUES ('GET',
            net._encode_url_with_params_array(url, ARRAY(
              SELECT net._urlencode_string(key) || '=' || net._urlencode_string(value) FROM jsonb_each_text(params))),
            headers, timeout_milliseconds)
    RETURNING id INTO request_id;
    RETURN request_id;
  END
  $$;

CREATE FUNCTION net.http_post(
  url text,
  body jsonb DEFAULT '{}'::jsonb,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds int DEFAULT 5000
) RETURNS bigint
  LANGUAGE plpgsql
  AS $$
  DECLARE
    request_id bigint;
    content_type text := (SELECT h.value FROM jsonb_each_text(coalesce(headers, '{}'::jsonb)) AS h
                          WHERE lower(h.key) = 'content-type' LIMIT 1);
  BEGIN
    IF content_type IS NULL THEN
      headers := coalesce(headers, '{}'::jsonb) || '{"Content-Type": "application/json"}'::jsonb;
    ELSIF content_type <> 'application/json' THEN
      RAISE EXCEPTION 'Content-Type header must be "application/json"';
    END IF;
    INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
    VALUES ('POST',
            net._encode_url_with_params_array(url, ARRAY(
              SELECT net._urlencode_string(key) || '=' || net._urlencode_string(value) FROM jsonb_each_text(params))),
            headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
    RETURNING id INTO request_id;
    RETURN request_id;
  END
  $$;

CREATE FUNCTION net.http_delete(
  url text,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{}'::jsonb,
  timeout_milliseconds int DEFAULT 5000,
  body jsonb DEFAULT NULL
) RETURNS bigint
  LANGUAGE plpgsql
  AS $$
  DECLARE
    request_id bigint;
  BEGIN
    INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
    VALUES ('DELETE',
            net._encode_url_with_params_array(url, ARRAY(
              SELECT net._urlencode_string(key) || '=' || net._urlencode_string(value) FROM jsonb_each_text(params))),
            headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
    RETURNING id INTO request_id;
    RETURN request_id;
  END
  $$;

CREATE FUNCTION net._http_collect_response(request_id bigint, async bool DEFAULT true) RETURNS net.http_response_result
  LANGUAGE plpgsql
  AS $$
  DECLARE
    rec net._http_response;
  BEGIN
    IF NOT async THEN
      PERFORM net._await_response(request_id);
    END IF;
    SELECT * INTO rec FROM net._http_response AS r WHERE r.id = request_id;
    IF rec IS NULL OR rec.error_msg IS NOT NULL THEN
      RETURN ('ERROR', coalesce(rec.error_msg, 'request matching request_id not found'), NULL)::net.http_response_result;
    END IF;
    RETURN ('SUCCESS', 'ok', (rec.status_code, rec.headers, rec.content)::net.http_response)::net.http_response_result;
  END;
  $$;

CREATE FUNCTION net.http_collect_response(request_id bigint, async bool DEFAULT true) RETURNS net.http_response_result
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RAISE NOTICE 'The net.http_collect_response function is deprecated.';
    RETURN net._http_collect_response(request_id, async);
  END;
  $$;

GRANT USAGE ON SCHEMA net TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA net TO PUBLIC;
GRANT ALL ON ALL TABLES IN SCHEMA net TO PUBLIC;
