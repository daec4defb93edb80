-- Two overloads that both take no arguments (one through a default): a call without
-- arguments is ambiguous (42725), in a policy as anywhere.
CREATE FUNCTION is_admin() RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION is_admin(uid uuid DEFAULT NULL) RETURNS boolean LANGUAGE sql AS $$ SELECT false $$;
CREATE TABLE tenants (id int PRIMARY KEY);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY admins ON tenants USING (is_admin());
