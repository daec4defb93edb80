-- In ON CONFLICT DO UPDATE the target and `excluded` are both visible: a bare column is
-- ambiguous (42702); the conflict target itself names the table's columns only.
CREATE TABLE counters (k int PRIMARY KEY, n int);
INSERT INTO counters VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET n = n + 1;
