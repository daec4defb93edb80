-- An unaliased cast is named after what it casts when that has a name (p.fecha::text is
-- fecha), else after the type as the grammar stores it ('1'::integer is int4).
CREATE TABLE pay (id int, fecha date, monto numeric);
SELECT r.fecha, r.monto, r.int4, r."varchar", r.now
FROM (SELECT p.fecha::text, (p.monto)::int, '1'::integer, '2'::varchar(3), now()::date FROM pay p) r;
CREATE FUNCTION g() RETURNS json LANGUAGE sql AS $$
SELECT json_agg(r ORDER BY r.fecha DESC) FROM (SELECT p.fecha::text FROM pay p) r $$;
SELECT r.text FROM (SELECT p.fecha::text FROM pay p) r;
