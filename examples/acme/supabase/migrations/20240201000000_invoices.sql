-- The invoices feature: its foreign key names a table that was renamed to teams.
CREATE TABLE public.invoices (
  id bigserial PRIMARY KEY,
  team_id uuid NOT NULL REFERENCES public.team(id),
  amount numeric(12,2) NOT NULL
);
CREATE INDEX invoices_search_idx ON public.invoices USING gin (amount gin_trgm_ops);
