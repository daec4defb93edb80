-- DROP TABLE of a table in a schema that does not exist: 3F000.
CREATE TABLE public.apps (id int);
DROP TABLE app.settings;
