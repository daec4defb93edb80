-- A guard that raises on rows the replay does not know is not a refusal it can decide; the
-- body still runs, and the table it names exists, so PostgreSQL accepts on an empty table
-- only when the count is not zero — here it raises (P0001), which the replay leaves open.
CREATE TABLE catalog_rows (tabla text, activo boolean);
INSERT INTO catalog_rows VALUES ('pagos', true), ('cuentas', true);
DO $$
DECLARE
  v_tabla text;
  v_n integer;
BEGIN
  FOREACH v_tabla IN ARRAY ARRAY['pagos', 'cuentas'] LOOP
    SELECT count(*) INTO v_n FROM public.catalog_rows WHERE tabla = v_tabla AND activo;
    IF v_n = 0 THEN
      RAISE EXCEPTION 'no rows for %', v_tabla;
    END IF;
  END LOOP;
END $$;
SELECT * FROM catalog_rows;
