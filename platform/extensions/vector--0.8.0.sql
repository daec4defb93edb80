-- schemadrift stand-in for pgvector 0.8 (extension "vector").
--
-- Stands in for: the public SQL of pgvector (pgvector/pgvector sql/vector.sql): the types
-- vector, halfvec and sparsevec with their typmods (vector(1536)), their functions,
-- operators (<-> <#> <=> <+> + - * || and comparisons), casts, avg/sum aggregates,
-- the btree classes, the index access methods ivfflat and hnsw with the operator
-- classes vector_l2_ops, vector_ip_ops, vector_cosine_ops, vector_l1_ops, halfvec_*,
-- sparsevec_*, bit_hamming_ops and bit_jaccard_ops. Same names, argument types, return
-- types and volatility as the real extension; the bodies are our own.
--
-- How: pgvector is written in C. Here the three types are text underneath (their I/O
-- functions are the built-in textin/textout/textrecv/textsend), their typmod input is
-- the built-in bittypmodin (it keeps n as the typmod, so format_type prints vector(1536)),
-- and the functions are SQL or PL/pgSQL over the text form '[1,2,3]' (sparsevec:
-- '{1:1.5,3:2}/5'). The access methods ivfflat and hnsw use the built-in GiST handler
-- under pgvector's names, so CREATE INDEX ... USING hnsw (e vector_cosine_ops) is
-- accepted. Their operator classes have the real names, types and defaults, but hold
-- no operator (each real one holds its distance operator FOR ORDER BY, noted above it):
-- the planner never uses such an index, and ORDER BY e <=> q is answered by a sort.
-- GiST's support slots are btree_gist's int8 functions (contrib) over fixed 16-byte
-- keys, so an index can be built and filled whatever the data; the six
-- vector_standin_gist_* functions that name them are the only objects here that
-- pgvector does not have.
--
-- What it cannot judge:
--   * values: any text is accepted as a vector (no dimension or syntax check, typmods
--     are not enforced), and vector(0) is refused with the message of type bit;
--   * index options: WITH (lists = 100), WITH (m = 16, ef_construction = 64) are
--     refused ("unrecognized parameter") because the GiST handler knows only its own;
--   * run time: the indexes are never scanned (their keys mean nothing); distances
--     are computed in SQL (sparsevec ones through the dense form) without checking
--     dimensions; SET ivfflat.probes / hnsw.ef_search are plain placeholder settings;
--   * binary I/O: vector_send/vector_recv use the text wire format.
\echo Use "CREATE EXTENSION vector" to load this file. \quit


-- vector

CREATE TYPE vector;
CREATE FUNCTION vector_in(cstring, oid, integer) RETURNS vector
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textin';
COMMENT ON FUNCTION vector_in(cstring, oid, integer) IS 'I/O';
CREATE FUNCTION vector_out(vector) RETURNS cstring
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textout';
COMMENT ON FUNCTION vector_out(vector) IS 'I/O';
CREATE FUNCTION vector_typmod_in(cstring[]) RETURNS integer
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'bittypmodin';
COMMENT ON FUNCTION vector_typmod_in(cstring[]) IS 'I/O typmod';
CREATE FUNCTION vector_recv(internal, oid, integer) RETURNS vector
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textrecv';
COMMENT ON FUNCTION vector_recv(internal, oid, integer) IS 'I/O';
CREATE FUNCTION vector_send(vector) RETURNS bytea
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textsend';
COMMENT ON FUNCTION vector_send(vector) IS 'I/O';
CREATE TYPE vector (
  INPUT = vector_in, OUTPUT = vector_out, TYPMOD_IN = vector_typmod_in,
  RECEIVE = vector_recv, SEND = vector_send, STORAGE = external
);
COMMENT ON TYPE vector IS 'single-precision vector';

CREATE FUNCTION l2_distance(vector, vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sqrt(sum((x - y) ^ 2)) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
COMMENT ON FUNCTION l2_distance(vector, vector) IS 'Euclidean distance';
CREATE FUNCTION inner_product(vector, vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum(x * y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
COMMENT ON FUNCTION inner_product(vector, vector) IS 'inner product';
CREATE FUNCTION cosine_distance(vector, vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT 1 - sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
COMMENT ON FUNCTION cosine_distance(vector, vector) IS 'cosine distance';
CREATE FUNCTION l1_distance(vector, vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum(abs(x - y)) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
COMMENT ON FUNCTION l1_distance(vector, vector) IS 'taxicab distance';
CREATE FUNCTION vector_l2_squared_distance(vector, vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum((x - y) ^ 2) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION vector_negative_inner_product(vector, vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT -sum(x * y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION vector_spherical_distance(vector, vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT acos(greatest(-1, least(1, sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0)))) / pi() FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION vector_dims(vector) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT cardinality(string_to_array(btrim($1::text, '[]'), ',')::float8[]) $$;
COMMENT ON FUNCTION vector_dims(vector) IS 'number of dimensions';
CREATE FUNCTION vector_norm(vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sqrt(sum(x * x)) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) AS t(x) $$;
COMMENT ON FUNCTION vector_norm(vector) IS 'Euclidean norm';
CREATE FUNCTION l2_normalize(vector) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(x / nullif(n, 0) ORDER BY i) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) WITH ORDINALITY AS t(x, i), (SELECT sqrt(sum(y * y)) AS n FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) AS u(y)) AS s), ',') || ']'; END $$;
COMMENT ON FUNCTION l2_normalize(vector) IS 'normalize with Euclidean norm';
CREATE FUNCTION binary_quantize(vector) RETURNS bit
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_agg(CASE WHEN x > 0 THEN '1' ELSE '0' END, '' ORDER BY i)::varbit FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) WITH ORDINALITY AS t(x, i) $$;
COMMENT ON FUNCTION binary_quantize(vector) IS 'binary quantize';
CREATE FUNCTION subvector(vector, int, int) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((string_to_array(btrim($1::text, '[]'), ',')::float8[])[$2:$2 + $3 - 1], ',') || ']'; END $$;
COMMENT ON FUNCTION subvector(vector, int, int) IS 'extract subvector';
CREATE FUNCTION vector_add(vector, vector) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(x + y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y)), ',') || ']'; END $$;
CREATE FUNCTION vector_sub(vector, vector) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(x - y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y)), ',') || ']'; END $$;
CREATE FUNCTION vector_mul(vector, vector) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(x * y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y)), ',') || ']'; END $$;
CREATE FUNCTION vector_concat(vector, vector) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string(string_to_array(btrim($1::text, '[]'), ',')::float8[] || string_to_array(btrim($2::text, '[]'), ',')::float8[], ',') || ']'; END $$;
CREATE FUNCTION vector_lt(vector, vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] < string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION vector_le(vector, vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] <= string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION vector_eq(vector, vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] = string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION vector_ne(vector, vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] <> string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION vector_ge(vector, vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] >= string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION vector_gt(vector, vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] > string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION vector_cmp(vector, vector) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT btcmp.r FROM (SELECT CASE WHEN string_to_array(btrim($1::text, '[]'), ',')::float8[] < string_to_array(btrim($2::text, '[]'), ',')::float8[] THEN -1 WHEN string_to_array(btrim($1::text, '[]'), ',')::float8[] > string_to_array(btrim($2::text, '[]'), ',')::float8[] THEN 1 ELSE 0 END AS r) AS btcmp $$;
CREATE FUNCTION vector_accum(double precision[], vector) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN $1[1] = 0 THEN 1 || string_to_array(btrim($2::text, '[]'), ',')::float8[] ELSE ($1[1] + 1) || (SELECT array_agg(s + x ORDER BY i) FROM unnest($1[2:], string_to_array(btrim($2::text, '[]'), ',')::float8[]) WITH ORDINALITY AS t(s, x, i)) END $$;
CREATE FUNCTION vector_avg(double precision[]) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(s / $1[1] ORDER BY i) FROM unnest($1[2:]) WITH ORDINALITY AS t(s, i)), ',') || ']'; END $$;
CREATE FUNCTION vector_combine(double precision[], double precision[]) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN $1[1] = 0 THEN $2 WHEN $2[1] = 0 THEN $1 ELSE ($1[1] + $2[1]) || (SELECT array_agg(a + b ORDER BY i) FROM unnest($1[2:], $2[2:]) WITH ORDINALITY AS t(a, b, i)) END $$;

CREATE AGGREGATE avg(vector) (
  SFUNC = vector_accum, STYPE = double precision[], FINALFUNC = vector_avg,
  COMBINEFUNC = vector_combine, INITCOND = '{0}', PARALLEL = SAFE
);
CREATE AGGREGATE sum(vector) (SFUNC = vector_add, STYPE = vector, COMBINEFUNC = vector_add, PARALLEL = SAFE);

CREATE FUNCTION vector(vector, integer, boolean) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN $1; END $$;
CREATE FUNCTION array_to_vector(integer[], integer, boolean) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string($1, ',') || ']'; END $$;
CREATE FUNCTION array_to_vector(real[], integer, boolean) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string($1, ',') || ']'; END $$;
CREATE FUNCTION array_to_vector(double precision[], integer, boolean) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string($1, ',') || ']'; END $$;
CREATE FUNCTION array_to_vector(numeric[], integer, boolean) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string($1, ',') || ']'; END $$;
CREATE FUNCTION vector_to_float4(vector, integer, boolean) RETURNS real[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[]::real[] $$;

CREATE CAST (vector AS vector) WITH FUNCTION vector(vector, integer, boolean) AS IMPLICIT;
CREATE CAST (vector AS real[]) WITH FUNCTION vector_to_float4(vector, integer, boolean) AS IMPLICIT;
CREATE CAST (integer[] AS vector) WITH FUNCTION array_to_vector(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (real[] AS vector) WITH FUNCTION array_to_vector(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS vector) WITH FUNCTION array_to_vector(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (numeric[] AS vector) WITH FUNCTION array_to_vector(numeric[], integer, boolean) AS ASSIGNMENT;


CREATE OPERATOR <-> (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = l2_distance, COMMUTATOR = '<->');
CREATE OPERATOR <#> (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_negative_inner_product, COMMUTATOR = '<#>');
CREATE OPERATOR <=> (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = cosine_distance, COMMUTATOR = '<=>');
CREATE OPERATOR <+> (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = l1_distance, COMMUTATOR = '<+>');
CREATE OPERATOR + (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_add, COMMUTATOR = +);
CREATE OPERATOR - (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_sub);
CREATE OPERATOR * (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_mul, COMMUTATOR = *);
CREATE OPERATOR || (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_concat);
CREATE OPERATOR < (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_lt,
  COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_le,
  COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR = (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_eq,
  COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR <> (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_ne,
  COMMUTATOR = <>, NEGATOR = =, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR >= (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_ge,
  COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR > (LEFTARG = vector, RIGHTARG = vector, PROCEDURE = vector_gt,
  COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

-- access methods: the GiST handler under pgvector's names (see the header)
CREATE FUNCTION ivfflathandler(internal) RETURNS index_am_handler LANGUAGE internal AS 'gisthandler';
CREATE ACCESS METHOD ivfflat TYPE INDEX HANDLER ivfflathandler;
COMMENT ON ACCESS METHOD ivfflat IS 'ivfflat index access method';
CREATE FUNCTION hnswhandler(internal) RETURNS index_am_handler LANGUAGE internal AS 'gisthandler';
CREATE ACCESS METHOD hnsw TYPE INDEX HANDLER hnswhandler;
COMMENT ON ACCESS METHOD hnsw IS 'hnsw index access method';

-- The GiST support functions of the stand-in classes: btree_gist's int8 ones (contrib,
-- shipped with every PostgreSQL). Compressing a key reads only the datum word itself,
-- never the value behind it, so every key is 16 bytes (STORAGE interval, a 16-byte
-- type): the index can be built and filled whatever the vectors' size, and since it is
-- never scanned its keys do not matter. Not part of pgvector.
CREATE FUNCTION vector_standin_gist_consistent(internal, bigint, smallint, oid, internal) RETURNS bool
  LANGUAGE c IMMUTABLE STRICT AS '$libdir/btree_gist', 'gbt_int8_consistent';
CREATE FUNCTION vector_standin_gist_union(internal, internal) RETURNS internal
  LANGUAGE c IMMUTABLE STRICT AS '$libdir/btree_gist', 'gbt_int8_union';
CREATE FUNCTION vector_standin_gist_compress(internal) RETURNS internal
  LANGUAGE c IMMUTABLE STRICT AS '$libdir/btree_gist', 'gbt_int8_compress';
CREATE FUNCTION vector_standin_gist_penalty(internal, internal, internal) RETURNS internal
  LANGUAGE c IMMUTABLE STRICT AS '$libdir/btree_gist', 'gbt_int8_penalty';
CREATE FUNCTION vector_standin_gist_picksplit(internal, internal) RETURNS internal
  LANGUAGE c IMMUTABLE STRICT AS '$libdir/btree_gist', 'gbt_int8_picksplit';
CREATE FUNCTION vector_standin_gist_same(internal, internal, internal) RETURNS internal
  LANGUAGE c IMMUTABLE STRICT AS '$libdir/btree_gist', 'gbt_int8_same';

-- pgvector's own support functions for its classes; nothing can call them from SQL
-- (their argument is internal), here they are the built-in that refuses such a value.

CREATE FUNCTION ivfflat_halfvec_support(internal) RETURNS internal
  LANGUAGE internal 
  AS 'internal_in';
CREATE FUNCTION ivfflat_bit_support(internal) RETURNS internal
  LANGUAGE internal 
  AS 'internal_in';
CREATE FUNCTION hnsw_halfvec_support(internal) RETURNS internal
  LANGUAGE internal 
  AS 'internal_in';
CREATE FUNCTION hnsw_bit_support(internal) RETURNS internal
  LANGUAGE internal 
  AS 'internal_in';
CREATE FUNCTION hnsw_sparsevec_support(internal) RETURNS internal
  LANGUAGE internal 
  AS 'internal_in';

-- pgvector: OPERATOR 1 <-> (vector, vector) FOR ORDER BY float_ops
CREATE OPERATOR CLASS vector_l2_ops
  DEFAULT FOR TYPE vector USING ivfflat AS
  STORAGE interval,
  FUNCTION 1 (vector, vector) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (vector, vector) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (vector, vector) vector_standin_gist_compress(internal),
  FUNCTION 5 (vector, vector) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (vector, vector) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (vector, vector) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <#> (vector, vector) FOR ORDER BY float_ops
CREATE OPERATOR CLASS vector_ip_ops
  FOR TYPE vector USING ivfflat AS
  STORAGE interval,
  FUNCTION 1 (vector, vector) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (vector, vector) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (vector, vector) vector_standin_gist_compress(internal),
  FUNCTION 5 (vector, vector) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (vector, vector) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (vector, vector) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <=> (vector, vector) FOR ORDER BY float_ops
CREATE OPERATOR CLASS vector_cosine_ops
  FOR TYPE vector USING ivfflat AS
  STORAGE interval,
  FUNCTION 1 (vector, vector) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (vector, vector) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (vector, vector) vector_standin_gist_compress(internal),
  FUNCTION 5 (vector, vector) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (vector, vector) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (vector, vector) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <-> (vector, vector) FOR ORDER BY float_ops
CREATE OPERATOR CLASS vector_l2_ops
  FOR TYPE vector USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (vector, vector) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (vector, vector) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (vector, vector) vector_standin_gist_compress(internal),
  FUNCTION 5 (vector, vector) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (vector, vector) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (vector, vector) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <#> (vector, vector) FOR ORDER BY float_ops
CREATE OPERATOR CLASS vector_ip_ops
  FOR TYPE vector USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (vector, vector) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (vector, vector) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (vector, vector) vector_standin_gist_compress(internal),
  FUNCTION 5 (vector, vector) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (vector, vector) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (vector, vector) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <=> (vector, vector) FOR ORDER BY float_ops
CREATE OPERATOR CLASS vector_cosine_ops
  FOR TYPE vector USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (vector, vector) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (vector, vector) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (vector, vector) vector_standin_gist_compress(internal),
  FUNCTION 5 (vector, vector) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (vector, vector) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (vector, vector) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <+> (vector, vector) FOR ORDER BY float_ops
CREATE OPERATOR CLASS vector_l1_ops
  FOR TYPE vector USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (vector, vector) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (vector, vector) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (vector, vector) vector_standin_gist_compress(internal),
  FUNCTION 5 (vector, vector) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (vector, vector) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (vector, vector) vector_standin_gist_same(internal, internal, internal);
CREATE OPERATOR CLASS vector_ops
  DEFAULT FOR TYPE vector USING btree AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
  FUNCTION 1 vector_cmp(vector, vector);

-- halfvec

CREATE TYPE halfvec;
CREATE FUNCTION halfvec_in(cstring, oid, integer) RETURNS halfvec
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textin';
COMMENT ON FUNCTION halfvec_in(cstring, oid, integer) IS 'I/O';
CREATE FUNCTION halfvec_out(halfvec) RETURNS cstring
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textout';
COMMENT ON FUNCTION halfvec_out(halfvec) IS 'I/O';
CREATE FUNCTION halfvec_typmod_in(cstring[]) RETURNS integer
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'bittypmodin';
COMMENT ON FUNCTION halfvec_typmod_in(cstring[]) IS 'I/O typmod';
CREATE FUNCTION halfvec_recv(internal, oid, integer) RETURNS halfvec
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textrecv';
COMMENT ON FUNCTION halfvec_recv(internal, oid, integer) IS 'I/O';
CREATE FUNCTION halfvec_send(halfvec) RETURNS bytea
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textsend';
COMMENT ON FUNCTION halfvec_send(halfvec) IS 'I/O';
CREATE TYPE halfvec (
  INPUT = halfvec_in, OUTPUT = halfvec_out, TYPMOD_IN = halfvec_typmod_in,
  RECEIVE = halfvec_recv, SEND = halfvec_send, STORAGE = external
);
COMMENT ON TYPE halfvec IS 'half-precision vector';

CREATE FUNCTION l2_distance(halfvec, halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sqrt(sum((x - y) ^ 2)) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION inner_product(halfvec, halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum(x * y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION cosine_distance(halfvec, halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT 1 - sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION l1_distance(halfvec, halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum(abs(x - y)) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION halfvec_l2_squared_distance(halfvec, halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum((x - y) ^ 2) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION halfvec_negative_inner_product(halfvec, halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT -sum(x * y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION halfvec_spherical_distance(halfvec, halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT acos(greatest(-1, least(1, sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0)))) / pi() FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y) $$;
CREATE FUNCTION vector_dims(halfvec) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT cardinality(string_to_array(btrim($1::text, '[]'), ',')::float8[]) $$;
CREATE FUNCTION l2_norm(halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sqrt(sum(x * x)) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) AS t(x) $$;
CREATE FUNCTION l2_normalize(halfvec) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(x / nullif(n, 0) ORDER BY i) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) WITH ORDINALITY AS t(x, i), (SELECT sqrt(sum(y * y)) AS n FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) AS u(y)) AS s), ',') || ']'; END $$;
CREATE FUNCTION binary_quantize(halfvec) RETURNS bit
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_agg(CASE WHEN x > 0 THEN '1' ELSE '0' END, '' ORDER BY i)::varbit FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) WITH ORDINALITY AS t(x, i) $$;
CREATE FUNCTION subvector(halfvec, int, int) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((string_to_array(btrim($1::text, '[]'), ',')::float8[])[$2:$2 + $3 - 1], ',') || ']'; END $$;
CREATE FUNCTION halfvec_add(halfvec, halfvec) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(x + y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y)), ',') || ']'; END $$;
CREATE FUNCTION halfvec_sub(halfvec, halfvec) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(x - y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y)), ',') || ']'; END $$;
CREATE FUNCTION halfvec_mul(halfvec, halfvec) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(x * y) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[], string_to_array(btrim($2::text, '[]'), ',')::float8[]) AS t(x, y)), ',') || ']'; END $$;
CREATE FUNCTION halfvec_concat(halfvec, halfvec) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string(string_to_array(btrim($1::text, '[]'), ',')::float8[] || string_to_array(btrim($2::text, '[]'), ',')::float8[], ',') || ']'; END $$;
CREATE FUNCTION halfvec_lt(halfvec, halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] < string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION halfvec_le(halfvec, halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] <= string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION halfvec_eq(halfvec, halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] = string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION halfvec_ne(halfvec, halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] <> string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION halfvec_ge(halfvec, halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] >= string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION halfvec_gt(halfvec, halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[] > string_to_array(btrim($2::text, '[]'), ',')::float8[] $$;
CREATE FUNCTION halfvec_cmp(halfvec, halfvec) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT btcmp.r FROM (SELECT CASE WHEN string_to_array(btrim($1::text, '[]'), ',')::float8[] < string_to_array(btrim($2::text, '[]'), ',')::float8[] THEN -1 WHEN string_to_array(btrim($1::text, '[]'), ',')::float8[] > string_to_array(btrim($2::text, '[]'), ',')::float8[] THEN 1 ELSE 0 END AS r) AS btcmp $$;
CREATE FUNCTION halfvec_accum(double precision[], halfvec) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN $1[1] = 0 THEN 1 || string_to_array(btrim($2::text, '[]'), ',')::float8[] ELSE ($1[1] + 1) || (SELECT array_agg(s + x ORDER BY i) FROM unnest($1[2:], string_to_array(btrim($2::text, '[]'), ',')::float8[]) WITH ORDINALITY AS t(s, x, i)) END $$;
CREATE FUNCTION halfvec_avg(double precision[]) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(s / $1[1] ORDER BY i) FROM unnest($1[2:]) WITH ORDINALITY AS t(s, i)), ',') || ']'; END $$;
CREATE FUNCTION halfvec_combine(double precision[], double precision[]) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN $1[1] = 0 THEN $2 WHEN $2[1] = 0 THEN $1 ELSE ($1[1] + $2[1]) || (SELECT array_agg(a + b ORDER BY i) FROM unnest($1[2:], $2[2:]) WITH ORDINALITY AS t(a, b, i)) END $$;

CREATE AGGREGATE avg(halfvec) (
  SFUNC = halfvec_accum, STYPE = double precision[], FINALFUNC = halfvec_avg,
  COMBINEFUNC = halfvec_combine, INITCOND = '{0}', PARALLEL = SAFE
);
CREATE AGGREGATE sum(halfvec) (SFUNC = halfvec_add, STYPE = halfvec, COMBINEFUNC = halfvec_add, PARALLEL = SAFE);

CREATE FUNCTION halfvec(halfvec, integer, boolean) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN $1; END $$;
CREATE FUNCTION halfvec_to_vector(halfvec, integer, boolean) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN $1::text; END $$;
CREATE FUNCTION vector_to_halfvec(vector, integer, boolean) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN $1::text; END $$;
CREATE FUNCTION array_to_halfvec(integer[], integer, boolean) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string($1, ',') || ']'; END $$;
CREATE FUNCTION array_to_halfvec(real[], integer, boolean) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string($1, ',') || ']'; END $$;
CREATE FUNCTION array_to_halfvec(double precision[], integer, boolean) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string($1, ',') || ']'; END $$;
CREATE FUNCTION array_to_halfvec(numeric[], integer, boolean) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string($1, ',') || ']'; END $$;
CREATE FUNCTION halfvec_to_float4(halfvec, integer, boolean) RETURNS real[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT string_to_array(btrim($1::text, '[]'), ',')::float8[]::real[] $$;

CREATE CAST (halfvec AS halfvec) WITH FUNCTION halfvec(halfvec, integer, boolean) AS IMPLICIT;
CREATE CAST (halfvec AS vector) WITH FUNCTION halfvec_to_vector(halfvec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (vector AS halfvec) WITH FUNCTION vector_to_halfvec(vector, integer, boolean) AS IMPLICIT;
CREATE CAST (halfvec AS real[]) WITH FUNCTION halfvec_to_float4(halfvec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (integer[] AS halfvec) WITH FUNCTION array_to_halfvec(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (real[] AS halfvec) WITH FUNCTION array_to_halfvec(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS halfvec) WITH FUNCTION array_to_halfvec(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (numeric[] AS halfvec) WITH FUNCTION array_to_halfvec(numeric[], integer, boolean) AS ASSIGNMENT;


CREATE OPERATOR <-> (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = l2_distance, COMMUTATOR = '<->');
CREATE OPERATOR <#> (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_negative_inner_product, COMMUTATOR = '<#>');
CREATE OPERATOR <=> (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = cosine_distance, COMMUTATOR = '<=>');
CREATE OPERATOR <+> (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = l1_distance, COMMUTATOR = '<+>');
CREATE OPERATOR + (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_add, COMMUTATOR = +);
CREATE OPERATOR - (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_sub);
CREATE OPERATOR * (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_mul, COMMUTATOR = *);
CREATE OPERATOR || (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_concat);
CREATE OPERATOR < (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_lt,
  COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_le,
  COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR = (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_eq,
  COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR <> (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_ne,
  COMMUTATOR = <>, NEGATOR = =, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR >= (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_ge,
  COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR > (LEFTARG = halfvec, RIGHTARG = halfvec, PROCEDURE = halfvec_gt,
  COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

CREATE OPERATOR CLASS halfvec_ops
  DEFAULT FOR TYPE halfvec USING btree AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
  FUNCTION 1 halfvec_cmp(halfvec, halfvec);
-- pgvector: OPERATOR 1 <-> (halfvec, halfvec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS halfvec_l2_ops
  FOR TYPE halfvec USING ivfflat AS
  STORAGE interval,
  FUNCTION 1 (halfvec, halfvec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (halfvec, halfvec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (halfvec, halfvec) vector_standin_gist_compress(internal),
  FUNCTION 5 (halfvec, halfvec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (halfvec, halfvec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (halfvec, halfvec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <#> (halfvec, halfvec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS halfvec_ip_ops
  FOR TYPE halfvec USING ivfflat AS
  STORAGE interval,
  FUNCTION 1 (halfvec, halfvec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (halfvec, halfvec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (halfvec, halfvec) vector_standin_gist_compress(internal),
  FUNCTION 5 (halfvec, halfvec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (halfvec, halfvec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (halfvec, halfvec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <=> (halfvec, halfvec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS halfvec_cosine_ops
  FOR TYPE halfvec USING ivfflat AS
  STORAGE interval,
  FUNCTION 1 (halfvec, halfvec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (halfvec, halfvec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (halfvec, halfvec) vector_standin_gist_compress(internal),
  FUNCTION 5 (halfvec, halfvec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (halfvec, halfvec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (halfvec, halfvec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <-> (halfvec, halfvec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS halfvec_l2_ops
  FOR TYPE halfvec USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (halfvec, halfvec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (halfvec, halfvec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (halfvec, halfvec) vector_standin_gist_compress(internal),
  FUNCTION 5 (halfvec, halfvec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (halfvec, halfvec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (halfvec, halfvec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <#> (halfvec, halfvec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS halfvec_ip_ops
  FOR TYPE halfvec USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (halfvec, halfvec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (halfvec, halfvec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (halfvec, halfvec) vector_standin_gist_compress(internal),
  FUNCTION 5 (halfvec, halfvec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (halfvec, halfvec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (halfvec, halfvec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <=> (halfvec, halfvec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS halfvec_cosine_ops
  FOR TYPE halfvec USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (halfvec, halfvec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (halfvec, halfvec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (halfvec, halfvec) vector_standin_gist_compress(internal),
  FUNCTION 5 (halfvec, halfvec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (halfvec, halfvec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (halfvec, halfvec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <+> (halfvec, halfvec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS halfvec_l1_ops
  FOR TYPE halfvec USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (halfvec, halfvec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (halfvec, halfvec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (halfvec, halfvec) vector_standin_gist_compress(internal),
  FUNCTION 5 (halfvec, halfvec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (halfvec, halfvec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (halfvec, halfvec) vector_standin_gist_same(internal, internal, internal);

-- bit (the built-in type): Hamming and Jaccard distances

CREATE FUNCTION hamming_distance(bit, bit) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT count(*) FILTER (WHERE x <> y)::float8 FROM unnest(string_to_array($1::text, NULL), string_to_array($2::text, NULL)) AS t(x, y) $$;
CREATE FUNCTION jaccard_distance(bit, bit) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT 1 - count(*) FILTER (WHERE x = '1' AND y = '1')::float8 / nullif(count(*) FILTER (WHERE x = '1' OR y = '1'), 0) FROM unnest(string_to_array($1::text, NULL), string_to_array($2::text, NULL)) AS t(x, y) $$;
CREATE OPERATOR <~> (LEFTARG = bit, RIGHTARG = bit, PROCEDURE = hamming_distance, COMMUTATOR = '<~>');
CREATE OPERATOR <%> (LEFTARG = bit, RIGHTARG = bit, PROCEDURE = jaccard_distance, COMMUTATOR = '<%>');
-- pgvector: OPERATOR 1 <~> (bit, bit) FOR ORDER BY float_ops
CREATE OPERATOR CLASS bit_hamming_ops
  FOR TYPE bit USING ivfflat AS
  STORAGE interval,
  FUNCTION 1 (bit, bit) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (bit, bit) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (bit, bit) vector_standin_gist_compress(internal),
  FUNCTION 5 (bit, bit) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (bit, bit) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (bit, bit) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <~> (bit, bit) FOR ORDER BY float_ops
CREATE OPERATOR CLASS bit_hamming_ops
  FOR TYPE bit USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (bit, bit) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (bit, bit) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (bit, bit) vector_standin_gist_compress(internal),
  FUNCTION 5 (bit, bit) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (bit, bit) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (bit, bit) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <%> (bit, bit) FOR ORDER BY float_ops
CREATE OPERATOR CLASS bit_jaccard_ops
  FOR TYPE bit USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (bit, bit) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (bit, bit) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (bit, bit) vector_standin_gist_compress(internal),
  FUNCTION 5 (bit, bit) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (bit, bit) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (bit, bit) vector_standin_gist_same(internal, internal, internal);

-- sparsevec

CREATE TYPE sparsevec;
CREATE FUNCTION sparsevec_in(cstring, oid, integer) RETURNS sparsevec
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textin';
COMMENT ON FUNCTION sparsevec_in(cstring, oid, integer) IS 'I/O';
CREATE FUNCTION sparsevec_out(sparsevec) RETURNS cstring
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textout';
COMMENT ON FUNCTION sparsevec_out(sparsevec) IS 'I/O';
CREATE FUNCTION sparsevec_typmod_in(cstring[]) RETURNS integer
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'bittypmodin';
COMMENT ON FUNCTION sparsevec_typmod_in(cstring[]) IS 'I/O typmod';
CREATE FUNCTION sparsevec_recv(internal, oid, integer) RETURNS sparsevec
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textrecv';
COMMENT ON FUNCTION sparsevec_recv(internal, oid, integer) IS 'I/O';
CREATE FUNCTION sparsevec_send(sparsevec) RETURNS bytea
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE
  AS 'textsend';
COMMENT ON FUNCTION sparsevec_send(sparsevec) IS 'I/O';
CREATE TYPE sparsevec (
  INPUT = sparsevec_in, OUTPUT = sparsevec_out, TYPMOD_IN = sparsevec_typmod_in,
  RECEIVE = sparsevec_recv, SEND = sparsevec_send, STORAGE = external
);
COMMENT ON TYPE sparsevec IS 'sparse vector';

-- sparsevec text: '{index:value,...}/dimensions' with 1-based indexes
CREATE FUNCTION l2_distance(sparsevec, sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sqrt(sum((x - y) ^ 2)) FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g), (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) AS t(x, y) $$;
CREATE FUNCTION inner_product(sparsevec, sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum(x * y) FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g), (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) AS t(x, y) $$;
CREATE FUNCTION cosine_distance(sparsevec, sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT 1 - sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0) FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g), (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) AS t(x, y) $$;
CREATE FUNCTION l1_distance(sparsevec, sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum(abs(x - y)) FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g), (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) AS t(x, y) $$;
CREATE FUNCTION sparsevec_l2_squared_distance(sparsevec, sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sum((x - y) ^ 2) FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g), (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) AS t(x, y) $$;
CREATE FUNCTION sparsevec_negative_inner_product(sparsevec, sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT -sum(x * y) FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g), (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) AS t(x, y) $$;
CREATE FUNCTION l2_norm(sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT sqrt(sum(x * x)) FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) AS t(x) $$;
CREATE FUNCTION l2_normalize(sparsevec) RETURNS sparsevec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN (SELECT '{' || coalesce(string_agg(i || ':' || x, ',' ORDER BY i) FILTER (WHERE x <> 0), '') || '}/' || count(*) FROM unnest((SELECT array_agg(x / nullif(n, 0) ORDER BY i) FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) WITH ORDINALITY AS t(x, i), (SELECT sqrt(sum(y * y)) AS n FROM unnest((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g)) AS u(y)) AS s)) WITH ORDINALITY AS t(x, i)); END $$;
CREATE FUNCTION sparsevec_lt(sparsevec, sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) < (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) $$;
CREATE FUNCTION sparsevec_le(sparsevec, sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) <= (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) $$;
CREATE FUNCTION sparsevec_eq(sparsevec, sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) = (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) $$;
CREATE FUNCTION sparsevec_ne(sparsevec, sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) <> (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) $$;
CREATE FUNCTION sparsevec_ge(sparsevec, sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) >= (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) $$;
CREATE FUNCTION sparsevec_gt(sparsevec, sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) > (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) $$;
CREATE FUNCTION sparsevec_cmp(sparsevec, sparsevec) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT btcmp.r FROM (SELECT CASE WHEN (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) < (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) THEN -1 WHEN (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) > (SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($2::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($2::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g) THEN 1 ELSE 0 END AS r) AS btcmp $$;
CREATE FUNCTION sparsevec(sparsevec, integer, boolean) RETURNS sparsevec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN $1; END $$;
CREATE FUNCTION vector_to_sparsevec(vector, integer, boolean) RETURNS sparsevec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN (SELECT '{' || coalesce(string_agg(i || ':' || x, ',' ORDER BY i) FILTER (WHERE x <> 0), '') || '}/' || count(*) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) WITH ORDINALITY AS t(x, i)); END $$;
CREATE FUNCTION sparsevec_to_vector(sparsevec, integer, boolean) RETURNS vector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g), ',') || ']'; END $$;
CREATE FUNCTION halfvec_to_sparsevec(halfvec, integer, boolean) RETURNS sparsevec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN (SELECT '{' || coalesce(string_agg(i || ':' || x, ',' ORDER BY i) FILTER (WHERE x <> 0), '') || '}/' || count(*) FROM unnest(string_to_array(btrim($1::text, '[]'), ',')::float8[]) WITH ORDINALITY AS t(x, i)); END $$;
CREATE FUNCTION sparsevec_to_halfvec(sparsevec, integer, boolean) RETURNS halfvec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN '[' || array_to_string((SELECT array_agg(coalesce(e.v, 0) ORDER BY g) FROM generate_series(1, split_part($1::text, '/', 2)::int) AS g LEFT JOIN (SELECT split_part(p, ':', 1)::int AS i, split_part(p, ':', 2)::float8 AS v FROM unnest(string_to_array(btrim(split_part($1::text, '/', 1), '{}'), ',')) AS p) AS e ON e.i = g), ',') || ']'; END $$;
CREATE FUNCTION array_to_sparsevec(integer[], integer, boolean) RETURNS sparsevec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN (SELECT '{' || coalesce(string_agg(i || ':' || x, ',' ORDER BY i) FILTER (WHERE x <> 0), '') || '}/' || count(*) FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i)); END $$;
CREATE FUNCTION array_to_sparsevec(real[], integer, boolean) RETURNS sparsevec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN (SELECT '{' || coalesce(string_agg(i || ':' || x, ',' ORDER BY i) FILTER (WHERE x <> 0), '') || '}/' || count(*) FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i)); END $$;
CREATE FUNCTION array_to_sparsevec(double precision[], integer, boolean) RETURNS sparsevec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN (SELECT '{' || coalesce(string_agg(i || ':' || x, ',' ORDER BY i) FILTER (WHERE x <> 0), '') || '}/' || count(*) FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i)); END $$;
CREATE FUNCTION array_to_sparsevec(numeric[], integer, boolean) RETURNS sparsevec
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN (SELECT '{' || coalesce(string_agg(i || ':' || x, ',' ORDER BY i) FILTER (WHERE x <> 0), '') || '}/' || count(*) FROM unnest($1::float8[]) WITH ORDINALITY AS t(x, i)); END $$;

CREATE CAST (sparsevec AS sparsevec) WITH FUNCTION sparsevec(sparsevec, integer, boolean) AS IMPLICIT;
CREATE CAST (sparsevec AS vector) WITH FUNCTION sparsevec_to_vector(sparsevec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (vector AS sparsevec) WITH FUNCTION vector_to_sparsevec(vector, integer, boolean) AS IMPLICIT;
CREATE CAST (sparsevec AS halfvec) WITH FUNCTION sparsevec_to_halfvec(sparsevec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (halfvec AS sparsevec) WITH FUNCTION halfvec_to_sparsevec(halfvec, integer, boolean) AS IMPLICIT;
CREATE CAST (integer[] AS sparsevec) WITH FUNCTION array_to_sparsevec(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (real[] AS sparsevec) WITH FUNCTION array_to_sparsevec(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS sparsevec) WITH FUNCTION array_to_sparsevec(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (numeric[] AS sparsevec) WITH FUNCTION array_to_sparsevec(numeric[], integer, boolean) AS ASSIGNMENT;


CREATE OPERATOR <-> (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = l2_distance, COMMUTATOR = '<->');
CREATE OPERATOR <#> (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = sparsevec_negative_inner_product, COMMUTATOR = '<#>');
CREATE OPERATOR <=> (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = cosine_distance, COMMUTATOR = '<=>');
CREATE OPERATOR <+> (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = l1_distance, COMMUTATOR = '<+>');
CREATE OPERATOR < (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = sparsevec_lt,
  COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = sparsevec_le,
  COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR = (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = sparsevec_eq,
  COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR <> (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = sparsevec_ne,
  COMMUTATOR = <>, NEGATOR = =, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR >= (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = sparsevec_ge,
  COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR > (LEFTARG = sparsevec, RIGHTARG = sparsevec, PROCEDURE = sparsevec_gt,
  COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

CREATE OPERATOR CLASS sparsevec_ops
  DEFAULT FOR TYPE sparsevec USING btree AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
  FUNCTION 1 sparsevec_cmp(sparsevec, sparsevec);
-- pgvector: OPERATOR 1 <-> (sparsevec, sparsevec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS sparsevec_l2_ops
  FOR TYPE sparsevec USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (sparsevec, sparsevec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (sparsevec, sparsevec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (sparsevec, sparsevec) vector_standin_gist_compress(internal),
  FUNCTION 5 (sparsevec, sparsevec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (sparsevec, sparsevec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (sparsevec, sparsevec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <#> (sparsevec, sparsevec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS sparsevec_ip_ops
  FOR TYPE sparsevec USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (sparsevec, sparsevec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (sparsevec, sparsevec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (sparsevec, sparsevec) vector_standin_gist_compress(internal),
  FUNCTION 5 (sparsevec, sparsevec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (sparsevec, sparsevec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (sparsevec, sparsevec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <=> (sparsevec, sparsevec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS sparsevec_cosine_ops
  FOR TYPE sparsevec USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (sparsevec, sparsevec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (sparsevec, sparsevec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (sparsevec, sparsevec) vector_standin_gist_compress(internal),
  FUNCTION 5 (sparsevec, sparsevec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (sparsevec, sparsevec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (sparsevec, sparsevec) vector_standin_gist_same(internal, internal, internal);
-- pgvector: OPERATOR 1 <+> (sparsevec, sparsevec) FOR ORDER BY float_ops
CREATE OPERATOR CLASS sparsevec_l1_ops
  FOR TYPE sparsevec USING hnsw AS
  STORAGE interval,
  FUNCTION 1 (sparsevec, sparsevec) vector_standin_gist_consistent(internal, bigint, smallint, oid, internal),
  FUNCTION 2 (sparsevec, sparsevec) vector_standin_gist_union(internal, internal),
  FUNCTION 3 (sparsevec, sparsevec) vector_standin_gist_compress(internal),
  FUNCTION 5 (sparsevec, sparsevec) vector_standin_gist_penalty(internal, internal, internal),
  FUNCTION 6 (sparsevec, sparsevec) vector_standin_gist_picksplit(internal, internal),
  FUNCTION 7 (sparsevec, sparsevec) vector_standin_gist_same(internal, internal, internal);
