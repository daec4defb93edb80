-- schemadrift stand-in for plv8 3.1 (the language plv8 and its handler functions).
--
-- Stands in for: the trusted language plv8, so CREATE FUNCTION ... LANGUAGE plv8 is
-- accepted, and its handler functions plv8_call_handler(), plv8_call_validator(oid).
--
-- What it cannot judge: JavaScript. The real validator checks a function's JavaScript
-- when it is created; this one accepts any body. Calling a plv8 function hands its
-- body to PL/pgSQL, which refuses it (an error, never a result), and DO blocks in plv8
-- are refused (no inline handler).
\echo Use "CREATE EXTENSION plv8" to load this file. \quit

CREATE FUNCTION plv8_call_handler() RETURNS language_handler
  LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';

CREATE FUNCTION plv8_call_validator(oid) RETURNS void
  LANGUAGE plpgsql AS $$ BEGIN END $$;

CREATE TRUSTED LANGUAGE plv8 HANDLER plv8_call_handler VALIDATOR plv8_call_validator;
COMMENT ON LANGUAGE plv8 IS 'PL/JavaScript (v8) trusted procedural language';
