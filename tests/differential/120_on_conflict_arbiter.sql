-- ON CONFLICT (columns) needs a unique index or constraint on exactly those columns, in any
-- order; a partial one only when the statement repeats its predicate. Else 42P10.
CREATE TABLE sk (id int PRIMARY KEY, name text, tenant int, code text);
CREATE UNIQUE INDEX sk_name_tenant ON sk (tenant, name);
CREATE UNIQUE INDEX sk_code_live ON sk (code) WHERE code IS NOT NULL;
INSERT INTO sk VALUES (1, 'a', 1, 'x') ON CONFLICT (id) DO NOTHING;
INSERT INTO sk VALUES (2, 'b', 1, 'y') ON CONFLICT (name, tenant) DO UPDATE SET code = excluded.code;
INSERT INTO sk VALUES (3, 'c', 1, 'z') ON CONFLICT (code) WHERE code IS NOT NULL DO NOTHING;
INSERT INTO sk VALUES (4, 'd', 1, 'w') ON CONFLICT DO NOTHING;
INSERT INTO sk VALUES (5, 'e', 1, 'v') ON CONFLICT (name) DO NOTHING;
