CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE kids (id bigint PRIMARY KEY, parent_id bigint REFERENCES parents(id));
