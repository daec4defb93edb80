-- pg_dump quotes the result columns and types of a function; replacing it in the plain
-- spelling keeps the same result type. Another result type is refused (42P13).
CREATE FUNCTION "public"."metrics"("org_id" "uuid") RETURNS TABLE("app_id" character varying, "date" "date", "mau" bigint)
    LANGUAGE "sql" AS $$ SELECT 'a'::varchar, current_date, 1::bigint $$;
CREATE OR REPLACE FUNCTION public.metrics(org_id uuid)
RETURNS TABLE(app_id character varying, date date, mau bigint)
LANGUAGE sql AS $$ SELECT 'b'::varchar, current_date, 2::bigint $$;
CREATE OR REPLACE FUNCTION public.metrics(org_id uuid) RETURNS TABLE(app_id text, mau bigint)
LANGUAGE sql AS $$ SELECT 'c', 3::bigint $$;
