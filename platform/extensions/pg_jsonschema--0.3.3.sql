-- schemadrift stand-in for pg_jsonschema 0.3 (supabase/pg_jsonschema src/lib.rs).
--
-- Stands in for: json_matches_schema(schema json, instance json), jsonb_matches_schema(
-- schema json, instance jsonb), jsonschema_is_valid(schema json) and
-- jsonschema_validation_errors(schema json, instance json): same signatures, immutable and
-- strict like the real ones, so they are accepted in CHECK constraints.
--
-- What it cannot judge: all of JSON Schema. The validation here is our own PL/pgSQL and
-- knows the common keywords (type, enum, const, properties, required,
-- additionalProperties: false, items as a schema, minItems, maxItems, minLength, maxLength,
-- pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, allOf, anyOf, oneOf, not);
-- others ($ref, formats, dependencies ...) are accepted without a check.
\echo Use "CREATE EXTENSION pg_jsonschema" to load this file. \quit

CREATE FUNCTION jsonschema_validation_errors(schema json, instance json) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT
  AS $$
  DECLARE
    s jsonb := schema::jsonb;
    v jsonb := instance::jsonb;
    kind text := jsonb_typeof(instance::jsonb);
    errors text[] := '{}';
    types jsonb;
    key text;
    sub jsonb;
    matched int;
  BEGIN
    IF jsonb_typeof(s) = 'boolean' THEN
      RETURN CASE WHEN s = 'false'::jsonb THEN ARRAY['false schema does not allow ' || v::text] ELSE '{}' END;
    END IF;
    IF s ? 'type' THEN
      types := CASE WHEN jsonb_typeof(s -> 'type') = 'array' THEN s -> 'type' ELSE jsonb_build_array(s -> 'type') END;
      IF NOT EXISTS (
        SELECT FROM jsonb_array_elements_text(types) AS t(name)
        WHERE t.name = kind OR (t.name = 'integer' AND kind = 'number' AND v::text::numeric = trunc(v::text::numeric))
      ) THEN
        errors := errors || format('%s is not of type %s', v, s -> 'type');
      END IF;
    END IF;
    IF s ? 'enum' AND NOT (s -> 'enum') @> jsonb_build_array(v) THEN
      errors := errors || format('%s is not one of %s', v, s -> 'enum');
    END IF;
    IF s ? 'const' AND (s -> 'const') <> v THEN
      errors := errors || format('%s was expected', s -> 'const');
    END IF;
    IF kind = 'object' THEN
      FOR key IN SELECT jsonb_array_elements_text(coalesce(s -> 'required', '[]')) LOOP
        IF NOT v ? key THEN
          errors := errors || format('"%s" is a required property', key);
        END IF;
      END LOOP;
      FOR key, sub IN SELECT * FROM jsonb_each(coalesce(s -> 'properties', '{}')) LOOP
        IF v ? key THEN
          errors := errors || @extschema@.jsonschema_validation_errors(sub::json, (v -> key)::json);
        END IF;
      END LOOP;
      IF s -> 'additionalProperties' = 'false'::jsonb THEN
        FOR key IN SELECT k FROM jsonb_object_keys(v) AS k WHERE NOT coalesce(s -> 'properties', '{}') ? k LOOP
          errors := errors || format('Additional properties are not allowed (''%s'' was unexpected)', key);
        END LOOP;
      END IF;
    ELSIF kind = 'array' THEN
      IF jsonb_typeof(s -> 'items') IN ('object', 'boolean') THEN
        FOR sub IN SELECT jsonb_array_elements(v) LOOP
          errors := errors || @extschema@.jsonschema_validation_errors((s -> 'items')::json, sub::json);
        END LOOP;
      END IF;
      IF s ? 'minItems' AND jsonb_array_length(v) < (s ->> 'minItems')::int THEN
        errors := errors || format('%s has less than %s items', v, s ->> 'minItems');
      END IF;
      IF s ? 'maxItems' AND jsonb_array_length(v) > (s ->> 'maxItems')::int THEN
        errors := errors || format('%s has more than %s items', v, s ->> 'maxItems');
      END IF;
    ELSIF kind = 'string' THEN
      IF s ? 'minLength' AND length(v #>> '{}') < (s ->> 'minLength')::int THEN
        errors := errors || format('%s is shorter than %s characters', v, s ->> 'minLength');
      END IF;
      IF s ? 'maxLength' AND length(v #>> '{}') > (s ->> 'maxLength')::int THEN
        errors := errors || format('%s is longer than %s characters', v, s ->> 'maxLength');
      END IF;
      IF s ? 'pattern' AND NOT (v #>> '{}') ~ (s ->> 'pattern') THEN
        errors := errors || format('%s does not match "%s"', v, s ->> 'pattern');
      END IF;
    ELSIF kind = 'number' THEN
      IF s ? 'minimum' AND v::text::numeric < (s ->> 'minimum')::numeric THEN
        errors := errors || format('%s is less than the minimum of %s', v, s ->> 'minimum');
      END IF;
      IF s ? 'maximum' AND v::text::numeric > (s ->> 'maximum')::numeric THEN
        errors := errors || format('%s is greater than the maximum of %s', v, s ->> 'maximum');
      END IF;
      IF jsonb_typeof(s -> 'exclusiveMinimum') = 'number' AND v::text::numeric <= (s ->> 'exclusiveMinimum')::numeric THEN
        errors := errors || format('%s is less than or equal to the minimum of %s', v, s ->> 'exclusiveMinimum');
      END IF;
      IF jsonb_typeof(s -> 'exclusiveMaximum') = 'number' AND v::text::numeric >= (s ->> 'exclusiveMaximum')::numeric THEN
        errors := errors || format('%s is greater than or equal to the maximum of %s', v, s ->> 'exclusiveMaximum');
      END IF;
    END IF;
    FOR sub IN SELECT jsonb_array_elements(coalesce(s -> 'allOf', '[]')) LOOP
      errors := errors || @extschema@.jsonschema_validation_errors(sub::json, instance);
    END LOOP;
    IF s ? 'anyOf' AND NOT EXISTS (
      SELECT FROM jsonb_array_elements(s -> 'anyOf') AS a(x)
      WHERE cardinality(@extschema@.jsonschema_validation_errors(a.x::json, instance)) = 0
    ) THEN
      errors := errors || format('%s is not valid under any of the given schemas', v);
    END IF;
    IF s ? 'oneOf' THEN
      SELECT count(*) INTO matched FROM jsonb_array_elements(s -> 'oneOf') AS o(x)
      WHERE cardinality(@extschema@.jsonschema_validation_errors(o.x::json, instance)) = 0;
      IF matched <> 1 THEN
        errors := errors || format('%s is not valid under exactly one of the given schemas', v);
      END IF;
    END IF;
    IF s ? 'not' AND cardinality(@extschema@.jsonschema_validation_errors((s -> 'not')::json, instance)) = 0 THEN
      errors := errors || format('%s should not be valid under %s', v, s -> 'not');
    END IF;
    RETURN errors;
  END;
  $$;

CREATE FUNCTION json_matches_schema(schema json, instance json) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT cardinality(@extschema@.jsonschema_validation_errors(schema, instance)) = 0 $$;

CREATE FUNCTION jsonb_matches_schema(schema json, instance jsonb) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT cardinality(@extschema@.jsonschema_validation_errors(schema, instance::json)) = 0 $$;

-- a schema is taken as valid when it is an object or a boolean (no meta-schema check)
CREATE FUNCTION jsonschema_is_valid(schema json) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT json_typeof(schema) IN ('object', 'boolean') $$;
