CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE people (id int, m mood DEFAULT 'ok', e email);
CREATE TYPE mood AS ENUM ('x');
