CREATE TABLE a (id int PRIMARY KEY, code text);
CREATE TABLE b (id int, a_code text REFERENCES a(code));
