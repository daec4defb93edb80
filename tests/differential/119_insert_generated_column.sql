-- A generated column takes no value but DEFAULT; an identity column GENERATED ALWAYS takes
-- one only with OVERRIDING SYSTEM VALUE. Any other value is refused (428C9).
CREATE TABLE att (
  id int GENERATED ALWAYS AS IDENTITY,
  a numeric,
  b numeric,
  total numeric GENERATED ALWAYS AS (a + b) STORED
);
INSERT INTO att (a, b, total) VALUES (1, 2, DEFAULT), (3, 4, DEFAULT);
INSERT INTO att (id, a, b) OVERRIDING SYSTEM VALUE VALUES (10, 1, 2);
INSERT INTO att (a, b) SELECT 1, 2;
INSERT INTO att (a, b, total) VALUES (1, 2, DEFAULT), (1, 2, 3);
