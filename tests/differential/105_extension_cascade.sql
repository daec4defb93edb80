-- With CASCADE the required extension is created first, and its objects are known.
CREATE EXTENSION earthdistance CASCADE;
CREATE TABLE places (id bigint PRIMARY KEY, lat float8, lon float8, box cube);
CREATE FUNCTION near(p places) RETURNS earth LANGUAGE sql IMMUTABLE
  AS $$ SELECT ll_to_earth(p.lat, p.lon) $$;
