CREATE TABLE people (id int, m feeling);
