CREATE TABLE memberships (org_id uuid, user_id uuid);
CREATE FUNCTION is_member(org uuid, who uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = org AND m.user_id = who)
$$;
CREATE FUNCTION count_members(org uuid) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM memberships WHERE org_id = $1 $$;
