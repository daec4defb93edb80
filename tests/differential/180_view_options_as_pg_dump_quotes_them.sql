-- pg_dump writes a view's options with the name quoted: `WITH ("security_invoker"='true')`
-- is the same option as `WITH (security_invoker = true)`, and so is a quoted name in
-- ALTER VIEW … SET. The catalogs compared after the replay must agree on each view.
CREATE TABLE public.accounts (id int PRIMARY KEY, owner uuid);
CREATE VIEW public.mine_dumped WITH ("security_invoker"='true') AS SELECT id FROM public.accounts;
CREATE VIEW public.mine_unquoted_value WITH ("security_invoker"=true) AS SELECT id FROM public.accounts;
CREATE VIEW public.mine_plain WITH (security_invoker = on) AS SELECT id FROM public.accounts;
CREATE VIEW public.definer AS SELECT id FROM public.accounts;
CREATE VIEW public.turned_off WITH (security_invoker) AS SELECT id FROM public.accounts;
ALTER VIEW public.turned_off SET ("security_invoker"='false');
ALTER VIEW public.definer SET ("security_invoker"='on');
