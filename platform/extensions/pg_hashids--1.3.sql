-- schemadrift stand-in for pg_hashids 1.3 (iCyberon/pg_hashids pg_hashids--1.3.sql).
--
-- Stands in for: id_encode (8 forms), id_decode (4), id_decode_once (4) and the
-- version 1 names hash_encode (3) and hash_decode: same argument and return types,
-- immutable and strict.
--
-- What it cannot judge: the Hashids encoding itself. Here a number is written in base 36
-- (numbers of an array joined by '-'), salt, minimum length and alphabet are ignored, and
-- decoding reads that form back, so decode(encode(x)) = x but the text differs from the
-- real extension's.
\echo Use "CREATE EXTENSION pg_hashids" to load this file. \quit

CREATE FUNCTION id_encode(BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT CASE WHEN $1 = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs($1)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs($1)::numeric))::int) AS p) END $$;
CREATE FUNCTION id_encode(BIGINT, TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT CASE WHEN $1 = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs($1)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs($1)::numeric))::int) AS p) END $$;
CREATE FUNCTION id_encode(BIGINT, TEXT, INT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT CASE WHEN $1 = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs($1)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs($1)::numeric))::int) AS p) END $$;
CREATE FUNCTION id_encode(BIGINT, TEXT, INT, TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT CASE WHEN $1 = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs($1)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs($1)::numeric))::int) AS p) END $$;
CREATE FUNCTION id_encode(BIGINT[]) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT string_agg((SELECT CASE WHEN u.n = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs(u.n)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs(u.n)::numeric))::int) AS p) END), '-' ORDER BY u.i) FROM unnest($1) WITH ORDINALITY AS u(n, i) $$;
CREATE FUNCTION id_encode(BIGINT[], TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT string_agg((SELECT CASE WHEN u.n = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs(u.n)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs(u.n)::numeric))::int) AS p) END), '-' ORDER BY u.i) FROM unnest($1) WITH ORDINALITY AS u(n, i) $$;
CREATE FUNCTION id_encode(BIGINT[], TEXT, INT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT string_agg((SELECT CASE WHEN u.n = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs(u.n)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs(u.n)::numeric))::int) AS p) END), '-' ORDER BY u.i) FROM unnest($1) WITH ORDINALITY AS u(n, i) $$;
CREATE FUNCTION id_encode(BIGINT[], TEXT, INT, TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT string_agg((SELECT CASE WHEN u.n = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs(u.n)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs(u.n)::numeric))::int) AS p) END), '-' ORDER BY u.i) FROM unnest($1) WITH ORDINALITY AS u(n, i) $$;
CREATE FUNCTION id_decode(TEXT) RETURNS BIGINT[] LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT array_agg((SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(lower(u.p)) - i))::bigint FROM regexp_split_to_table(lower(u.p), '') WITH ORDINALITY AS x(c, i)) ORDER BY u.i) FROM unnest(string_to_array($1, '-')) WITH ORDINALITY AS u(p, i) $$;
CREATE FUNCTION id_decode(TEXT, TEXT) RETURNS BIGINT[] LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT array_agg((SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(lower(u.p)) - i))::bigint FROM regexp_split_to_table(lower(u.p), '') WITH ORDINALITY AS x(c, i)) ORDER BY u.i) FROM unnest(string_to_array($1, '-')) WITH ORDINALITY AS u(p, i) $$;
CREATE FUNCTION id_decode(TEXT, TEXT, INT) RETURNS BIGINT[] LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT array_agg((SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(lower(u.p)) - i))::bigint FROM regexp_split_to_table(lower(u.p), '') WITH ORDINALITY AS x(c, i)) ORDER BY u.i) FROM unnest(string_to_array($1, '-')) WITH ORDINALITY AS u(p, i) $$;
CREATE FUNCTION id_decode(TEXT, TEXT, INT, TEXT) RETURNS BIGINT[] LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT array_agg((SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(lower(u.p)) - i))::bigint FROM regexp_split_to_table(lower(u.p), '') WITH ORDINALITY AS x(c, i)) ORDER BY u.i) FROM unnest(string_to_array($1, '-')) WITH ORDINALITY AS u(p, i) $$;
CREATE FUNCTION id_decode_once(TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(t) - i))::bigint FROM (SELECT lower($1) AS t) AS s, regexp_split_to_table(s.t, '') WITH ORDINALITY AS x(c, i) $$;
CREATE FUNCTION id_decode_once(TEXT, TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(t) - i))::bigint FROM (SELECT lower($1) AS t) AS s, regexp_split_to_table(s.t, '') WITH ORDINALITY AS x(c, i) $$;
CREATE FUNCTION id_decode_once(TEXT, TEXT, INT) RETURNS BIGINT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(t) - i))::bigint FROM (SELECT lower($1) AS t) AS s, regexp_split_to_table(s.t, '') WITH ORDINALITY AS x(c, i) $$;
CREATE FUNCTION id_decode_once(TEXT, TEXT, INT, TEXT) RETURNS BIGINT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(t) - i))::bigint FROM (SELECT lower($1) AS t) AS s, regexp_split_to_table(s.t, '') WITH ORDINALITY AS x(c, i) $$;

-- version 1 names
CREATE FUNCTION hash_encode(BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT CASE WHEN $1 = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs($1)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs($1)::numeric))::int) AS p) END $$;
CREATE FUNCTION hash_encode(BIGINT, TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT CASE WHEN $1 = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs($1)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs($1)::numeric))::int) AS p) END $$;
CREATE FUNCTION hash_encode(BIGINT, TEXT, INT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT CASE WHEN $1 = 0 THEN '0' ELSE (SELECT string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz', (div(abs($1)::numeric, 36::numeric ^ p) % 36)::int + 1, 1), '' ORDER BY p DESC) FROM generate_series(0, floor(log(36, abs($1)::numeric))::int) AS p) END $$;
CREATE FUNCTION hash_decode(TEXT, TEXT, INT) RETURNS INT LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT sum((position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1) * 36::numeric ^ (length(t) - i))::bigint FROM (SELECT lower($1) AS t) AS s, regexp_split_to_table(s.t, '') WITH ORDINALITY AS x(c, i) $$;
