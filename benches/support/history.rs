//! A generator of large, realistic migration histories: tables with keys, foreign keys to
//! earlier tables, indexes, RLS policies, plpgsql trigger functions, SQL functions, views,
//! later ALTERs, comments and grants. Deterministic (a fixed-seed generator), so runs compare.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic pseudo-random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TYPES: &[(&str, &str)] = &[
    ("text", "''"),
    ("varchar(255)", "''"),
    ("integer", "0"),
    ("bigint", "0"),
    ("boolean", "false"),
    ("numeric(12,2)", "0"),
    ("jsonb", "'{}'::jsonb"),
    ("timestamptz", "now()"),
    ("uuid", "gen_random_uuid()"),
    ("date", "CURRENT_DATE"),
];

const WORDS: &[&str] = &[
    "account",
    "invoice",
    "order",
    "product",
    "customer",
    "shipment",
    "payment",
    "team",
    "project",
    "task",
    "comment",
    "event",
    "session",
    "device",
    "report",
    "metric",
    "plan",
    "subscription",
    "webhook",
    "token",
    "note",
    "tag",
    "label",
    "file",
    "message",
];

/// Writes `files` migration files named `<14-digit version>_<name>.sql` into `dir`, about
/// `target_bytes` in all. Returns the number of bytes written.
///
/// Each file also opens with the guarded `DO` block Supabase projects use to create a type
/// once, and every tenth file renames a column of an earlier table; `plain` leaves both out
/// (the workload of the first measurements).
pub fn generate(
    dir: &Path,
    files: usize,
    target_bytes: usize,
    plain: bool,
) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(0x5eed_2026);
    let per_file = target_bytes / files.max(1);
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    let mut total = 0;
    for f in 0..files {
        let mut sql = String::with_capacity(per_file + 4096);
        if !plain {
            let _ = writeln!(
                sql,
                "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_{f}') THEN\n    CREATE TYPE public.status_{f} AS ENUM ('draft', 'active', 'archived');\n  END IF;\nEND\n$$;\n"
            );
            if f % 10 == 9 && f < tables.len() {
                let _ = writeln!(
                    sql,
                    "ALTER TABLE public.{} RENAME COLUMN c3 TO c3_renamed;\n",
                    tables[f].0
                );
            }
        }
        let mut k = 0;
        while sql.len() < per_file {
            let word = WORDS[rng.below(WORDS.len())];
            let name = format!("{word}_{f}_{k}");
            k += 1;
            write_table(&mut sql, &mut rng, &name, &tables);
            let cols = (0..4).map(|i| format!("c{i}")).collect();
            tables.push((name, cols));
            if tables.len() > 1 && rng.below(3) == 0 {
                let (t, _) = &tables[rng.below(tables.len() - 1)];
                let _ = writeln!(
                    sql,
                    "ALTER TABLE public.{t} ADD COLUMN IF NOT EXISTS extra_{f}_{k} text;\nCOMMENT ON TABLE public.{t} IS 'touched by migration {f}';\n"
                );
            }
        }
        let path = dir.join(format!(
            "{:014}_migration_{f}.sql",
            20_240_101_000_000u64 + f as u64
        ));
        std::fs::write(path, &sql)?;
        total += sql.len();
    }
    Ok(total)
}

fn write_table(sql: &mut String, rng: &mut Rng, name: &str, earlier: &[(String, Vec<String>)]) {
    let _ = writeln!(
        sql,
        "-- {name}: created by the generator\nCREATE TABLE public.{name} ("
    );
    let _ = writeln!(sql, "    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),");
    for i in 0..4 {
        let (ty, def) = TYPES[rng.below(TYPES.len())];
        let not_null = if rng.below(2) == 0 { " NOT NULL" } else { "" };
        let _ = writeln!(sql, "    c{i} {ty}{not_null} DEFAULT {def},");
    }
    let parent = if earlier.is_empty() {
        None
    } else {
        Some(&earlier[rng.below(earlier.len())].0)
    };
    if let Some(p) = parent {
        let _ = writeln!(
            sql,
            "    parent_id uuid REFERENCES public.{p}(id) ON DELETE CASCADE,"
        );
    }
    let _ = writeln!(
        sql,
        "    owner_id uuid NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now(),\n    updated_at timestamptz NOT NULL DEFAULT now()\n);"
    );
    let _ = writeln!(
        sql,
        "CREATE INDEX {name}_owner_idx ON public.{name} (owner_id, created_at DESC);"
    );
    if parent.is_some() {
        let _ = writeln!(
            sql,
            "CREATE INDEX IF NOT EXISTS {name}_parent_idx ON public.{name} (parent_id);"
        );
    }
    let _ = writeln!(
        sql,
        "ALTER TABLE public.{name} ENABLE ROW LEVEL SECURITY;\nCREATE POLICY \"{name} owners read\" ON public.{name} FOR SELECT TO authenticated USING (owner_id = auth.uid());\nCREATE POLICY \"{name} owners write\" ON public.{name} FOR INSERT TO authenticated WITH CHECK (owner_id = auth.uid() AND c0 IS NOT NULL);"
    );
    let _ = writeln!(
        sql,
        "CREATE OR REPLACE FUNCTION public.{name}_touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER {name}_touch BEFORE UPDATE ON public.{name} FOR EACH ROW EXECUTE FUNCTION public.{name}_touch();"
    );
    if rng.below(4) == 0 {
        let _ = writeln!(
            sql,
            "CREATE OR REPLACE FUNCTION public.{name}_count(p_owner uuid) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM public.{name} WHERE owner_id = p_owner $$;\nCREATE OR REPLACE VIEW public.{name}_recent AS SELECT id, owner_id, created_at FROM public.{name} WHERE created_at > now() - interval '7 days';"
        );
    }
    let _ = writeln!(
        sql,
        "GRANT SELECT, INSERT ON public.{name} TO authenticated;\nCOMMENT ON COLUMN public.{name}.owner_id IS 'the user who owns the row';\n"
    );
}
