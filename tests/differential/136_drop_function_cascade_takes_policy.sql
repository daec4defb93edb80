-- needs: supabase
-- DROP FUNCTION … CASCADE drops the policies that call it: the policy's name is free again.
CREATE TABLE public.note (id int PRIMARY KEY, owner uuid);
CREATE FUNCTION public.is_owner(o uuid) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT o = auth.uid() $$;
CREATE POLICY note_owner ON public.note USING (public.is_owner(owner));
DROP FUNCTION public.is_owner(uuid) CASCADE;
CREATE POLICY note_owner ON public.note USING (owner = auth.uid());
CREATE POLICY note_owner ON public.note USING (true);
