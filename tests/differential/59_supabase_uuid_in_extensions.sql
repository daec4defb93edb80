-- needs: supabase
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TABLE public.t (id uuid PRIMARY KEY DEFAULT uuid_generate_v4());
