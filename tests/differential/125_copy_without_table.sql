-- COPY with nothing after it is a syntax error at end of input (42601).
CREATE TABLE t (a int);
copy
