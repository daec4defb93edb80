-- needs: supabase
CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users(id) ON DELETE CASCADE, username text UNIQUE NOT NULL);
ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY "own" ON public.profiles FOR UPDATE TO authenticated USING (auth.uid() = id) WITH CHECK (auth.uid() = id);
CREATE POLICY "read" ON public.profiles FOR SELECT TO anon, authenticated USING (true);
CREATE TABLE public.items (id uuid PRIMARY KEY DEFAULT extensions.uuid_generate_v4(), owner uuid DEFAULT auth.uid());
