-- A bare column two FROM items of one level both have is ambiguous (42702), unless USING
-- or NATURAL merges it; ORDER BY may name an output column; an inner level hides outer ones.
CREATE TABLE applications (id int, candidate_id int, x int);
CREATE TABLE candidates (id int, email text, x int);
CREATE TABLE interviews (application_id int, name text);
CREATE TABLE counters (k int PRIMARY KEY, n int);
SELECT id FROM applications JOIN candidates USING (id);
SELECT id, x FROM applications NATURAL JOIN candidates;
SELECT a.id FROM applications a JOIN candidates c ON a.candidate_id = c.id ORDER BY id;
SELECT (SELECT email FROM candidates c WHERE c.id = a.candidate_id) FROM applications a;
INSERT INTO counters VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET n = counters.n + excluded.n;
INSERT INTO interviews (application_id, name) VALUES
((SELECT id FROM applications ja JOIN candidates c ON ja.candidate_id = c.id WHERE c.email = 'a@b' LIMIT 1), 'x');
