-- What an extension creates is there once it is created: btree_gist's default classes for
-- scalar types, pg_trgm's operator classes and functions, hstore's default gin class.
CREATE EXTENSION btree_gist;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION hstore;
CREATE TABLE bookings (
  id bigint PRIMARY KEY,
  room_id integer NOT NULL,
  title text,
  attrs hstore,
  during tstzrange NOT NULL,
  EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
CREATE INDEX bookings_title_trgm ON bookings USING gin (title gin_trgm_ops);
CREATE INDEX bookings_attrs ON bookings USING gin (attrs);
CREATE FUNCTION title_like(q text) RETURNS SETOF bookings LANGUAGE sql STABLE
  AS $$ SELECT * FROM bookings WHERE similarity(title, q) > 0.3 $$;
GRANT EXECUTE ON FUNCTION similarity(text, text) TO PUBLIC;
