-- A window function may be used in a subquery of an UPDATE, or in a SELECT list, but not in
-- the SET list itself (42P20) nor in a WHERE clause.
CREATE TABLE profiles (id int, created_at timestamptz, employee_id text, rank int);
SELECT id, row_number() OVER (ORDER BY created_at) FROM profiles;
UPDATE profiles SET rank = (SELECT count(*) OVER () FROM profiles LIMIT 1);
UPDATE profiles p SET rank = r.n FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM profiles) r WHERE r.id = p.id;
UPDATE profiles
SET employee_id = 'EMP' || lpad((row_number() OVER (ORDER BY created_at))::text, 3, '0');
