-- PostgreSQL keeps no type modifier of a function's parameters or result: f(numeric(19,4),
-- varchar(20)) is f(numeric, character varying), RETURNS numeric(10,2) and the columns of
-- RETURNS TABLE are numeric. So a second CREATE with the bare types is the same function
-- (42723), and CREATE OR REPLACE with other modifiers replaces it. A RETURNS TABLE column
-- named like a keyword (`storage`) is printed as the name it is.
CREATE FUNCTION public.price(a numeric(19,4), b varchar(20)) RETURNS numeric(10,2)
  LANGUAGE sql AS 'SELECT a';
CREATE OR REPLACE FUNCTION public.price(a numeric(12,2), b varchar(5)) RETURNS numeric
  LANGUAGE sql AS 'SELECT a + 1';
CREATE FUNCTION public.tiers(p numeric(19,4)) RETURNS TABLE (tier numeric(19,4), storage varchar(3)[])
  LANGUAGE sql AS 'SELECT p, ARRAY[''x'']::varchar(3)[]';
COMMENT ON FUNCTION public.price(numeric, character varying) IS 'found by its bare types';
-- pg_dump quotes a setting's name; it is the same setting
CREATE FUNCTION "public"."owner_of"("o" "uuid") RETURNS "uuid"
    LANGUAGE "sql" STABLE SECURITY DEFINER
    SET "search_path" TO ''
    AS $$ SELECT o $$;
CREATE FUNCTION public.price(a numeric, b varchar) RETURNS numeric LANGUAGE sql AS 'SELECT 2';
