CREATE TABLE t (id int, name text);
ALTER TABLE t ADD COLUMN IF NOT EXISTS name text;
ALTER TABLE t ADD COLUMN IF NOT EXISTS role text DEFAULT 'user' CHECK (role IN ('user', 'admin'));
