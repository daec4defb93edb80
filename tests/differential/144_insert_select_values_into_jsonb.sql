-- The same through SELECT * over a VALUES list in FROM: its columns are text.
CREATE TABLE alert_types (code text, name text, conditions jsonb);
INSERT INTO alert_types (code, name, conditions)
SELECT * FROM (VALUES ('A', 'first', '{"v": 1}'), ('B', 'second', '{"v": 2}')) AS v(code, name, conditions);
