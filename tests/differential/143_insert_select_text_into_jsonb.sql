-- INSERT … SELECT types the query before assigning it: a VALUES column or a CASE of quoted
-- literals is text, and text has no assignment cast to jsonb (42804). A bare VALUES list,
-- or a lone literal in the SELECT, is typed by the target column and is accepted.
CREATE TABLE rules (id int, code text, conditions jsonb, label varchar(20));
INSERT INTO rules (id, conditions) VALUES (1, '{}'), (2, '[]');
INSERT INTO rules (id, conditions) SELECT 3, '{"a": 1}';
INSERT INTO rules (id, label) SELECT 4, CASE WHEN true THEN 'x' ELSE 'y' END;
INSERT INTO rules (id, code) SELECT v.id, v.code FROM (VALUES (5, 'a'), (6, 'b')) AS v(id, code);
INSERT INTO rules (id, conditions)
SELECT r.id, CASE WHEN r.code = 'a' THEN '{"applicable": true}' ELSE '{"applicable": false}' END AS conditions
FROM rules r;
