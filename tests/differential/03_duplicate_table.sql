CREATE TABLE things (id int);
CREATE TABLE things (id int, name text);
