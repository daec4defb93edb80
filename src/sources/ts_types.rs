//! Supabase generated TypeScript types (`supabase gen types typescript`) as a source.
