-- A parenthesized loop query over pg_policies drops every policy of the table through
-- EXECUTE with ||: the policy can be created again after it.
CREATE TABLE enrollments (id int, student_id int);
ALTER TABLE enrollments ENABLE ROW LEVEL SECURITY;
CREATE POLICY "enrollments_teacher_view" ON public.enrollments FOR SELECT USING (true);
DO $$
DECLARE r RECORD;
BEGIN
    FOR r IN (SELECT policyname FROM pg_policies WHERE tablename = 'enrollments' AND schemaname = 'public')
    LOOP
        EXECUTE 'DROP POLICY IF EXISTS ' || quote_ident(r.policyname) || ' ON public.enrollments';
    END LOOP;
END $$;
CREATE POLICY "enrollments_teacher_view" ON public.enrollments FOR SELECT USING (true);
