-- RAISE takes as many arguments as its format has % (%% is a percent sign): PL/pgSQL's
-- compiler checks it when the function is created, whatever the message's level.
CREATE FUNCTION weights_ok(total int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'total is % (100%% expected)', total;
  IF total <> 100 THEN
    RAISE EXCEPTION 'weights sum to %, not %', total, 100 USING ERRCODE = 'check_violation';
  END IF;
END $$;
CREATE FUNCTION dates_ok(d date, p date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF d < p THEN
    RAISE EXCEPTION E'invalid start\n'
      'chosen: %\n'
      'project starts %', d, p
      USING HINT = 'start later';
  END IF;
END $$;
CREATE FUNCTION weights_bad(total int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF total <> 100 THEN
    RAISE EXCEPTION 'weights must sum to 100%', total, 100;
  END IF;
END $$;
