//! The library entry points the fuzzer drives, each as a real user's file would reach it: the
//! input is written to a file with the name the source has in a project and read by the same
//! loader the command line calls (so the bounded read, the UTF-8 and BOM handling are
//! exercised too), then taken through what the command does with it (replay, rules, dump and
//! every report format for SQL; the mapping for Prisma; the catalog for OpenAPI and types; the
//! reference extraction for code; the configuration's checks).
//!
//! Shared by the fuzzer (`fuzz/main.rs`) and the regression test (`tests/fuzz.rs`).

use schemadrift::report::{self, Report};
use std::path::{Path, PathBuf};

/// One entry point: its name (also the folder of its regression inputs), the file names a
/// project gives it (one is picked per input), and which fixture files seed it.
pub struct Target {
    pub name: &'static str,
    pub file_names: &'static [&'static str],
    pub seeds: fn(&Path) -> bool,
    pub run: fn(&Path),
    /// Tokens the mutator inserts and repeats.
    pub dict: &'static [&'static str],
}

fn ext(p: &Path) -> String {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn under(p: &Path, dir: &str) -> bool {
    p.components().any(|c| c.as_os_str() == dir)
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "sql",
        file_names: &["0001_init.sql"],
        seeds: |p| ext(p) == "sql",
        run: run_sql,
        dict: &[
            "'",
            "\"",
            "$$",
            "$a$",
            "E'\\'",
            "--",
            "/*",
            "*/",
            "(",
            ")",
            ";",
            "::",
            "[",
            "]",
            " OR ",
            " || ",
            " + ",
            "-",
            "NOT ",
            "CREATE TABLE t (a int);",
            "ALTER TABLE ",
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;",
            "DO $$ BEGIN IF EXISTS (SELECT 1) THEN RAISE EXCEPTION 'x'; END IF; END $$;",
            "CREATE POLICY p ON t USING (",
            "REFERENCES ",
            "CHECK (",
            "DEFAULT ",
            "BEGIN;",
            "COMMIT;",
            "ROLLBACK;",
            "SAVEPOINT s;",
            "CREATE TYPE e AS ENUM ('a');",
            "é",
            "𝄞",
            "\u{202e}",
            "\\",
            "U&\"",
            "\u{0}",
            "\n",
        ],
    },
    Target {
        name: "prisma",
        file_names: &["schema.prisma"],
        seeds: |p| ext(p) == "prisma",
        run: run_prisma,
        dict: &[
            "{",
            "}",
            "(",
            ")",
            "[",
            "]",
            "\"",
            "@",
            "@@",
            "//",
            "///",
            "model M {\n",
            "enum E {\n",
            "@default(",
            "@relation(",
            "dbgenerated(\"",
            "@map(\"",
            "@@index([",
            "?",
            "\\",
            "datasource db {\n",
            "é",
            "𝄞",
            "\n",
        ],
    },
    Target {
        name: "openapi",
        file_names: &["openapi.json"],
        seeds: |p| ext(p) == "json" && under(p, "openapi"),
        run: run_openapi,
        dict: &[
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            "\\u0000",
            "\\ud800",
            "\"definitions\":",
            "\"properties\":",
            "\"format\":",
            "\"<fk table='a' column='b'/>\"",
            "null",
            "1e999",
            "é",
            "𝄞",
        ],
    },
    Target {
        name: "types",
        file_names: &["database.types.ts"],
        seeds: |p| ext(p) == "ts" && under(p, "ts_types"),
        run: run_types,
        dict: &[
            "{",
            "}",
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "|",
            ":",
            ";",
            "\"",
            "'",
            "`",
            "//",
            "/*",
            "Row: {",
            "Tables: {",
            "Enums: {",
            "Json",
            " | null",
            "é",
            "𝄞",
            "\n",
        ],
    },
    Target {
        name: "javascript",
        file_names: &[
            "a.ts", "a.tsx", "a.js", "a.jsx", "a.mjs", "a.vue", "a.svelte",
        ],
        seeds: |p| {
            matches!(
                ext(p).as_str(),
                "ts" | "tsx" | "js" | "jsx" | "mjs" | "vue" | "svelte"
            ) && !under(p, "ts_types")
        },
        run: run_code,
        dict: &[
            "supabase.from('t')",
            ".select('a, b(c)')",
            ".eq('a', 1)",
            "prisma.user.findMany(",
            "sql`SELECT 1`",
            "`",
            "${",
            "}",
            "(",
            ")",
            "{",
            "[",
            "]",
            "'",
            "\"",
            "//",
            "/*",
            "<script>",
            "</script>",
            "?.",
            ".rpc('f')",
            "é",
            "𝄞",
            "\n",
        ],
    },
    Target {
        name: "python",
        file_names: &["a.py"],
        seeds: |p| ext(p) == "py",
        run: run_code,
        dict: &[
            "supabase.table(\"t\")",
            ".select(\"a\")",
            ".eq(\"a\", 1)",
            "cur.execute(\"SELECT 1\")",
            "\"\"\"",
            "'''",
            "f\"",
            "{",
            "}",
            "(",
            ")",
            "[",
            "]",
            "\\",
            "    ",
            "\t",
            "é",
            "𝄞",
            "\n",
        ],
    },
    Target {
        name: "config",
        file_names: &["schemadrift.toml"],
        seeds: |p| p.file_name().is_some_and(|n| n == "schemadrift.toml"),
        run: run_config,
        dict: &[
            "[rules]\n",
            "[sources]\n",
            "[rules.severity]\n",
            "ignore = [\"",
            "\"]",
            "\"",
            "'''",
            "=",
            "[[",
            "]]",
            "{",
            "}",
            "*",
            "**",
            "[",
            "\\",
            "é",
            "\n",
        ],
    },
];

/// Seeds every target has besides the fixtures (the project has no schemadrift.toml fixture).
pub fn builtin_seeds(target: &str) -> Vec<Vec<u8>> {
    let texts: &[&str] = match target {
        "config" => &[
            "baseline = \"schemadrift-baseline.json\"\n\n[sources]\nmigrations = [\"supabase/migrations\"]\nprisma = \"prisma/schema.prisma\"\ncode = [\"src\", \"app\"]\n",
            "[rules]\nignore = [\"mixed-naming-convention\"]\nignore_objects = [\"public.legacy_*\"]\nexposed_schemas = [\"public\", \"api\"]\nsupabase = true\n\n[rules.severity]\nunindexed-foreign-key = \"info\"\n\n[rules.rls-disabled]\nignore_objects = [\"public.spatial_ref_sys\"]\n",
        ],
        "sql" => &[
            "CREATE TYPE mood AS ENUM ('a', 'b');\nCREATE TABLE t (id bigint PRIMARY KEY, m mood DEFAULT 'a', note text CHECK (length(note) < 10));\nCREATE INDEX ON t (m);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON t FOR SELECT USING (auth.uid() IS NOT NULL);\n",
        ],
        _ => &[],
    };
    texts.iter().map(|t| t.as_bytes().to_vec()).collect()
}

/// Every fixture file of the project that seeds `target`, sorted by path (deterministic).
pub fn fixture_seeds(root: &Path, target: &Target) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "examples/acme"] {
        collect(&root.join(dir), &mut files);
    }
    files.sort();
    let mut out: Vec<Vec<u8>> = files
        .iter()
        .filter(|p| (target.seeds)(p))
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.len() <= 1 << 20)
        .collect();
    out.extend(builtin_seeds(target.name));
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => collect(&p, out),
            Ok(t) if t.is_file() => out.push(p),
            _ => {}
        }
    }
}

pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// Runs one input: writes it as `file_name` in `dir` and calls the target on it. A result of
/// `Err` from a loader is the clear refusal the product promises; only panics, aborts and
/// hangs are failures.
pub fn run_input(target: &Target, dir: &Path, file_name: &str, input: &[u8]) {
    let path = dir.join(file_name);
    std::fs::write(&path, input).expect("write the fuzz input");
    (target.run)(&path);
}

fn run_sql(path: &Path) {
    let Ok(mut src) = schemadrift::sources::project::load_sql_path_as(path, "schema-file") else {
        return;
    };
    let supabase = src
        .catalog
        .schema("auth")
        .is_some_and(|s| !s.created_by_source);
    let cfg = schemadrift::rules::RulesConfig::default();
    let ctx = schemadrift::rules::RuleContext::new(supabase, &cfg);
    let root = path.parent();
    schemadrift::rules::check_sql_source(&mut src, root, &ctx);
    let dump = schemadrift::catalog::dump::dump(&src.catalog);
    std::hint::black_box(dump);
    let rep = Report {
        sources: vec![src.info],
        findings: src.findings,
        catalogs: vec![("migrations".into(), src.catalog)],
        root: root.map(Path::to_path_buf),
        ..Default::default()
    };
    render_all(&rep);
}

fn render_all(rep: &Report) {
    std::hint::black_box(report::json::render(rep));
    std::hint::black_box(report::markdown::render(rep));
    std::hint::black_box(report::html::render(rep));
    std::hint::black_box(report::sarif::render(rep));
    std::hint::black_box(report::github::render(rep));
    for verbose in [false, true] {
        let opts = report::text::TextOptions {
            color: verbose,
            width: Some(80),
            verbose,
            quiet: false,
            statistics: true,
        };
        std::hint::black_box(report::text::render(rep, &opts));
    }
}

fn run_prisma(path: &Path) {
    if let Ok(p) = schemadrift::sources::prisma::load(path, "prisma") {
        std::hint::black_box(schemadrift::catalog::dump::dump(&p.catalog));
    }
}

fn run_openapi(path: &Path) {
    if let Ok((c, _)) = schemadrift::sources::openapi::load(path, "openapi") {
        std::hint::black_box(schemadrift::catalog::dump::dump(&c));
    }
}

fn run_types(path: &Path) {
    if let Ok((c, _)) = schemadrift::sources::ts_types::load(path, "types") {
        std::hint::black_box(schemadrift::catalog::dump::dump(&c));
    }
}

fn run_code(path: &Path) {
    let opts = schemadrift::code::scan::ScanOptions {
        threads: 1,
        ..Default::default()
    };
    std::hint::black_box(schemadrift::code::scan::scan_one(path, &opts));
}

fn run_config(path: &Path) {
    let _ = std::hint::black_box(schemadrift::rules::load_config_file(path));
}
