-- schemadrift stand-in for pgmq (pgmq/pgmq pgmq-extension/sql/pgmq.sql), the queue
-- extension behind Supabase Queues.
--
-- Stands in for: pgmq.meta, the types message_record, queue_record and metrics_result,
-- and the functions create, create_non_partitioned, create_unlogged, create_partitioned,
-- drop_queue, purge_queue, detach_archive, send and send_batch (with their delay and
-- headers forms), read, read_with_poll, pop, set_vt, archive, delete (one id or many),
-- list_queues, metrics, metrics_all, format_table_name, validate_queue_name,
-- acquire_queue_lock. Names and signatures are the real ones; the bodies are our own
-- PL/pgSQL and work: a queue is the table pgmq.q_<name> with its archive pgmq.a_<name>,
-- made members of the extension as pgmq does.
--
-- What it cannot judge: partitioned queues (create_partitioned needs pg_partman there;
-- here it makes a plain queue), notify-on-insert, and the exact messages of pgmq's
-- errors.
\echo Use "CREATE EXTENSION pgmq" to load this file. \quit

CREATE TABLE pgmq.meta (
  queue_name varchar UNIQUE NOT NULL,
  is_partitioned boolean NOT NULL,
  is_unlogged boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
GRANT USAGE ON SCHEMA pgmq TO pg_monitor;
GRANT SELECT ON ALL TABLES IN SCHEMA pgmq TO pg_monitor;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgmq GRANT SELECT ON TABLES TO pg_monitor;
ALTER DEFAULT PRIVILEGES IN SCHEMA pgmq GRANT SELECT ON SEQUENCES TO pg_monitor;

CREATE TYPE pgmq.message_record AS (
  msg_id bigint, read_ct integer, enqueued_at timestamptz, vt timestamptz, message jsonb, headers jsonb
);
CREATE TYPE pgmq.queue_record AS (
  queue_name varchar, is_partitioned boolean, is_unlogged boolean, created_at timestamptz
);
CREATE TYPE pgmq.metrics_result AS (
  queue_name text, queue_length bigint, newest_msg_age_sec int, oldest_msg_age_sec int,
  total_messages bigint, scrape_time timestamptz, queue_visible_length bigint
);

CREATE FUNCTION pgmq.acquire_queue_lock(queue_name text) RETURNS void
  LANGUAGE plpgsql
  AS $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('pgmq.queue_' || queue_name)); END $$;

CREATE FUNCTION pgmq.format_table_name(queue_name text, prefix text) RETURNS text
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF queue_name ~ '\$|;|--|''' THEN
      RAISE EXCEPTION 'queue name contains invalid characters: $, ;, --, or \''';
    END IF;
    RETURN lower(prefix || '_' || queue_name);
  END;
  $$;

CREATE FUNCTION pgmq.validate_queue_name(queue_name text) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF length(queue_name) > 47 THEN
      RAISE EXCEPTION 'queue name is too long, maximum length is 47 characters';
    END IF;
  END;
  $$;

CREATE FUNCTION pgmq.create_non_partitioned(queue_name text) RETURNS void
  LANGUAGE plpgsql
  AS $$
  DECLARE
    qtable text := pgmq.format_table_name(queue_name, 'q');
    atable text := pgmq.format_table_name(queue_name, 'a');
  BEGIN
    PERFORM pgmq.validate_queue_name(queue_name);
    PERFORM pgmq.acquire_queue_lock(queue_name);
    EXECUTE format('CREATE TABLE IF NOT EXISTS pgmq.%I (
        msg_id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY, read_ct int NOT NULL DEFAULT 0,
        enqueued_at timestamptz NOT NULL DEFAULT now(), vt timestamptz NOT NULL, message jsonb, headers jsonb)', qtable);
    EXECUTE format('CREATE TABLE IF NOT EXISTS pgmq.%I (
        msg_id bigint PRIMARY KEY, read_ct int NOT NULL DEFAULT 0, enqueued_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz NOT NULL DEFAULT now(), vt timestamptz NOT NULL, message jsonb, headers jsonb)', atable);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (vt ASC)', qtable || '_vt_idx', qtable);
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (archived_at)', 'archived_at_idx_' || queue_name, atable);
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pgmq')
       AND NOT EXISTS (SELECT FROM pgmq.meta AS m WHERE m.queue_name = create_non_partitioned.queue_name) THEN
      EXECUTE format('ALTER EXTENSION pgmq ADD TABLE pgmq.%I', qtable);
      EXECUTE format('ALTER EXTENSION pgmq ADD TABLE pgmq.%I', atable);
    END IF;
    INSERT INTO pgmq.meta (queue_name, is_partitioned, is_unlogged) VALUES (queue_name, false, false)
    ON CONFLICT DO NOTHING;
  END;
  $$;

CREATE FUNCTION pgmq."create"(queue_name text) RETURNS void
  LANGUAGE plpgsql
  AS $$ BEGIN PERFORM pgmq.create_non_partitioned(queue_name); END $$;

CREATE FUNCTION pgmq.create_unlogged(queue_name text) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    PERFORM pgmq.create_non_partitioned(queue_name);
    EXECUTE format('ALTER TABLE pgmq.%I SET UNLOGGED', pgmq.format_table_name(queue_name, 'q'));
    UPDATE pgmq.meta AS m SET is_unlogged = true WHERE m.queue_name = create_unlogged.queue_name;
  END;
  $$;

CREATE FUNCTION pgmq.create_partitioned(queue_name text, partition_interval text DEFAULT '10000',
                                        retention_interval text DEFAULT '100000') RETURNS void
  LANGUAGE plpgsql
  AS $$ BEGIN PERFORM pgmq.create_non_partitioned(queue_name); END $$;

CREATE FUNCTION pgmq.drop_queue(queue_name text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
  DECLARE
    qtable text := pgmq.format_table_name(queue_name, 'q');
    atable text := pgmq.format_table_name(queue_name, 'a');
  BEGIN
    PERFORM pgmq.acquire_queue_lock(queue_name);
    IF NOT EXISTS (SELECT FROM pgmq.meta AS m WHERE m.queue_name = drop_queue.queue_name) THEN
      RAISE NOTICE 'pgmq queue `%` does not exist', queue_name;
      RETURN false;
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pgmq') THEN
      EXECUTE format('ALTER EXTENSION pgmq DROP TABLE pgmq.%I', qtable);
      EXECUTE format('ALTER EXTENSION pgmq DROP TABLE pgmq.%I', atable);
    END IF;
    EXECUTE format('DROP TABLE IF EXISTS pgmq.%I', qtable);
    EXECUTE format('DROP TABLE IF EXISTS pgmq.%I', atable);
    DELETE FROM pgmq.meta AS m WHERE m.queue_name = drop_queue.queue_name;
    RETURN true;
  END;
  $$;

CREATE FUNCTION pgmq.purge_queue(queue_name text) RETURNS bigint
  LANGUAGE plpgsql
  AS $$
  DECLARE
    purged bigint;
  BEGIN
    EXECUTE format('WITH d AS (DELETE FROM pgmq.%I RETURNING 1) SELECT count(*) FROM d',
                   pgmq.format_table_name(queue_name, 'q')) INTO purged;
    RETURN purged;
  END;
  $$;

CREATE FUNCTION pgmq.detach_archive(queue_name text) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pgmq') THEN
      EXECUTE format('ALTER EXTENSION pgmq DROP TABLE pgmq.%I', pgmq.format_table_name(queue_name, 'a'));
    END IF;
  END;
  $$;

-- send: every form comes down to (queue, message, headers, visible from)
CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb, delay timestamptz) RETURNS SETOF bigint
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN QUERY EXECUTE format('INSERT INTO pgmq.%I (vt, message, headers) VALUES ($1, $2, $3) RETURNING msg_id',
                                pgmq.format_table_name(queue_name, 'q'))
      USING delay, msg, headers;
  END;
  $$;
CREATE FUNCTION pgmq.send(queue_name text, msg jsonb) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send(queue_name, msg, NULL, clock_timestamp()) $$;
CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send(queue_name, msg, headers, clock_timestamp()) $$;
CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, delay integer) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send(queue_name, msg, NULL, clock_timestamp() + make_interval(secs => delay)) $$;
CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, delay timestamptz) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send(queue_name, msg, NULL, delay) $$;
CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb, delay integer) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send(queue_name, msg, headers, clock_timestamp() + make_interval(secs => delay)) $$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[], delay timestamptz) RETURNS SETOF bigint
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN QUERY EXECUTE format(
      'INSERT INTO pgmq.%I (vt, message, headers)
       SELECT $1, m.message, h.headers
       FROM unnest($2) WITH ORDINALITY AS m(message, i) LEFT JOIN unnest($3) WITH ORDINALITY AS h(headers, i) USING (i)
       RETURNING msg_id', pgmq.format_table_name(queue_name, 'q'))
      USING delay, msgs, headers;
  END;
  $$;
CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[]) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send_batch(queue_name, msgs, NULL, clock_timestamp()) $$;
CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[]) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send_batch(queue_name, msgs, headers, clock_timestamp()) $$;
CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay integer) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send_batch(queue_name, msgs, NULL, clock_timestamp() + make_interval(secs => delay)) $$;
CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay timestamptz) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send_batch(queue_name, msgs, NULL, delay) $$;
CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[], delay integer) RETURNS SETOF bigint
  LANGUAGE sql AS $$ SELECT * FROM pgmq.send_batch(queue_name, msgs, headers, clock_timestamp() + make_interval(secs => delay)) $$;

-- read: take up to qty visible messages and hide them for vt seconds
CREATE FUNCTION pgmq.read(queue_name text, vt integer, qty integer, conditional jsonb DEFAULT '{}')
  RETURNS SETOF pgmq.message_record
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN QUERY EXECUTE format(
      'WITH cte AS (SELECT msg_id FROM pgmq.%1$I WHERE vt <= clock_timestamp() AND message @> $3
                    ORDER BY msg_id LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE pgmq.%1$I AS m SET vt = clock_timestamp() + $2, read_ct = read_ct + 1 FROM cte
       WHERE m.msg_id = cte.msg_id
       RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message, m.headers',
      pgmq.format_table_name(queue_name, 'q'))
      USING qty, make_interval(secs => vt), coalesce(conditional, '{}');
  END;
  $$;

CREATE FUNCTION pgmq.read_with_poll(queue_name text, vt integer, qty integer, max_poll_seconds integer DEFAULT 5,
                                    poll_interval_ms integer DEFAULT 100, conditional jsonb DEFAULT '{}')
  RETURNS SETOF pgmq.message_record
  LANGUAGE plpgsql
  AS $$
  DECLARE
    stop_at timestamptz := clock_timestamp() + make_interval(secs => max_poll_seconds);
    r pgmq.message_record;
  BEGIN
    LOOP
      FOR r IN SELECT * FROM pgmq.read(queue_name, vt, qty, conditional) LOOP
        RETURN NEXT r;
      END LOOP;
      IF FOUND OR clock_timestamp() >= stop_at THEN
        RETURN;
      END IF;
      PERFORM pg_sleep(poll_interval_ms::numeric / 1000);
    END LOOP;
  END;
  $$;

CREATE FUNCTION pgmq.pop(queue_name text) RETURNS SETOF pgmq.message_record
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN QUERY EXECUTE format(
      'WITH cte AS (SELECT msg_id FROM pgmq.%1$I WHERE vt <= clock_timestamp() ORDER BY msg_id LIMIT 1 FOR UPDATE SKIP LOCKED)
       DELETE FROM pgmq.%1$I AS m USING cte WHERE m.msg_id = cte.msg_id
       RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message, m.headers',
      pgmq.format_table_name(queue_name, 'q'));
  END;
  $$;

CREATE FUNCTION pgmq.set_vt(queue_name text, msg_id bigint, vt integer) RETURNS SETOF pgmq.message_record
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN QUERY EXECUTE format(
      'UPDATE pgmq.%I SET vt = clock_timestamp() + $1 WHERE msg_id = $2
       RETURNING msg_id, read_ct, enqueued_at, vt, message, headers', pgmq.format_table_name(queue_name, 'q'))
      USING make_interval(secs => vt), msg_id;
  END;
  $$;

CREATE FUNCTION pgmq.archive(queue_name text, msg_ids bigint[]) RETURNS SETOF bigint
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN QUERY EXECUTE format(
      'WITH archived AS (DELETE FROM pgmq.%I WHERE msg_id = ANY($1)
                         RETURNING msg_id, vt, read_ct, enqueued_at, message, headers)
       INSERT INTO pgmq.%I (msg_id, vt, read_ct, enqueued_at, message, headers)
       SELECT msg_id, vt, read_ct, enqueued_at, message, headers FROM archived RETURNING msg_id',
      pgmq.format_table_name(queue_name, 'q'), pgmq.format_table_name(queue_name, 'a'))
      USING msg_ids;
  END;
  $$;
CREATE FUNCTION pgmq.archive(queue_name text, msg_id bigint) RETURNS boolean
  LANGUAGE sql AS $$ SELECT EXISTS (SELECT FROM pgmq.archive(queue_name, ARRAY[msg_id])) $$;

CREATE FUNCTION pgmq.delete(queue_name text, msg_ids bigint[]) RETURNS SETOF bigint
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RETURN QUERY EXECUTE format('DELETE FROM pgmq.%I WHERE msg_id = ANY($1) RETURNING msg_id',
                                pgmq.format_table_name(queue_name, 'q'))
      USING msg_ids;
  END;
  $$;
CREATE FUNCTION pgmq.delete(queue_name text, msg_id bigint) RETURNS boolean
  LANGUAGE sql AS $$ SELECT EXISTS (SELECT FROM pgmq.delete(queue_name, ARRAY[msg_id])) $$;

CREATE FUNCTION pgmq.list_queues() RETURNS SETOF pgmq.queue_record
  LANGUAGE sql AS $$ SELECT queue_name, is_partitioned, is_unlogged, created_at FROM pgmq.meta $$;

CREATE FUNCTION pgmq.metrics(queue_name text) RETURNS pgmq.metrics_result
  LANGUAGE plpgsql
  AS $$
  DECLARE
    result pgmq.metrics_result;
    qtable text := pgmq.format_table_name(queue_name, 'q');
  BEGIN
    EXECUTE format(
      'SELECT $1, count(*), extract(epoch FROM now() - max(enqueued_at))::int, extract(epoch FROM now() - min(enqueued_at))::int,
              (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM pgmq.%I), now(),
              count(*) FILTER (WHERE vt <= now())
       FROM pgmq.%I', qtable || '_msg_id_seq', qtable)
      INTO result USING queue_name;
    RETURN result;
  END;
  $$;

CREATE FUNCTION pgmq.metrics_all() RETURNS SETOF pgmq.metrics_result
  LANGUAGE sql AS $$ SELECT (pgmq.metrics(m.queue_name)).* FROM pgmq.meta AS m $$;

SELECT pg_catalog.pg_extension_config_dump('pgmq.meta', '');
