CREATE TABLE people (id int PRIMARY KEY, person_id int);
ALTER TABLE people RENAME COLUMN person_id TO user_id;
CREATE INDEX people_person_idx ON people (person_id);
