CREATE SCHEMA app;
CREATE TABLE app.settings (key text PRIMARY KEY, value jsonb NOT NULL DEFAULT '{}'::jsonb);
SET search_path = app, public;
CREATE TABLE flags (name text PRIMARY KEY);
INSERT INTO settings (key) VALUES ('x');
CREATE TABLE app.settings (key text);
