-- A window function in WHERE is refused (42P20), in a subquery of the WHERE it is not.
CREATE TABLE t (id int, v int);
SELECT id FROM t WHERE v > (SELECT max(v) OVER () FROM t LIMIT 1);
DELETE FROM t WHERE id IN (SELECT id FROM (SELECT id, rank() OVER (ORDER BY v) AS r FROM t) x WHERE r > 1);
SELECT id FROM t WHERE rank() OVER (ORDER BY v) > 1;
