-- A column named with a reserved keyword, unquoted, is a syntax error (42601): pg_dump-like
-- files written by hand or by a generator sometimes carry one.
CREATE TABLE payments (id int, "case" boolean, position int);
CREATE TABLE IF NOT EXISTS public.payment_kinds (
  case boolean
);
