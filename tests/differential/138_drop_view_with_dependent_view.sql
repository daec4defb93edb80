-- A view read by another view: DROP VIEW without CASCADE is refused (2BP01).
CREATE TABLE stat (user_id int, n int);
CREATE VIEW stat_total AS SELECT user_id, sum(n) AS total FROM stat GROUP BY user_id;
CREATE VIEW stat_top AS SELECT user_id FROM stat_total WHERE total > 10;
DROP VIEW IF EXISTS stat_total;
