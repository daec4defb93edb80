-- A view read by another view cannot be dropped without CASCADE (2BP01); with CASCADE the
-- reading view goes too.
CREATE TABLE stat (user_id int, n int);
CREATE VIEW stat_total AS SELECT user_id, sum(n) AS total FROM stat GROUP BY user_id;
CREATE VIEW stat_top AS SELECT user_id FROM stat_total WHERE total > 10;
DROP VIEW stat_total CASCADE;
SELECT 1 FROM stat_top;
