-- SHOW of a parameter the server does not have is refused (42704); the SQL-standard
-- spellings (TIME ZONE) and the read-only reporting parameters are known.
SHOW search_path;
SHOW TIME ZONE;
SHOW server_version;
SHOW statement_timeout;
SHOW "search_path";
SHOW pendulum;
