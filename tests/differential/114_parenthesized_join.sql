-- pg_dump writes joins in parentheses: `FROM (a JOIN b ON …)` puts both in scope.
CREATE TABLE apps (app_id text PRIMARY KEY, owner_org uuid);
CREATE TABLE channels (id bigint PRIMARY KEY, app_id text);
CREATE VIEW channel_owners AS
  SELECT channels.id, apps.owner_org
    FROM (public.channels JOIN public.apps ON (((channels.app_id)::text = (apps.app_id)::text)))
   WHERE (channels.id > 0);
CREATE VIEW bad AS SELECT channels.nope FROM (channels JOIN apps USING (app_id));
