-- needs: supabase
-- A policy that calls a function depends on it: DROP FUNCTION without CASCADE is refused
-- (2BP01); a function body that calls it is no dependency.
CREATE TABLE public.course (id uuid PRIMARY KEY, teacher uuid);
ALTER TABLE public.course ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION public.teaches(c uuid, u uuid) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM public.course WHERE id = c AND teacher = u) $$;
CREATE FUNCTION public.wrapper(c uuid) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT public.teaches(c, auth.uid()) $$;
CREATE FUNCTION public.unused(c uuid) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
DROP FUNCTION public.unused(uuid);
CREATE POLICY course_teacher ON public.course FOR SELECT USING (public.teaches(id, auth.uid()));
DROP FUNCTION IF EXISTS public.teaches(uuid, uuid);
