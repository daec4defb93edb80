CREATE TABLE memberships (org_id uuid, user_id uuid);
CREATE FUNCTION roles_of(org uuid) RETURNS SETOF text LANGUAGE sql AS $$ SELECT m.role FROM memberships m WHERE m.org_id = org $$;
