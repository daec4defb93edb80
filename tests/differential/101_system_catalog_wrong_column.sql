-- A column the system catalog does not have is refused like any other (42703).
CREATE VIEW table_names AS SELECT relname FROM pg_class;
CREATE VIEW bad AS SELECT c.relnamez FROM pg_class c;
