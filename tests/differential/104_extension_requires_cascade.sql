-- earthdistance requires cube: without CASCADE PostgreSQL refuses (42704).
CREATE EXTENSION fuzzystrmatch;
CREATE EXTENSION earthdistance;
