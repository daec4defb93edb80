//! Code-scan benchmark: a synthetic TypeScript codebase of about 1,000,000 lines, scanned by
//! `schemadrift::code::scan`, side by side with `rg -c '\.from\('` on the same tree.
//!
//! ```text
//! cargo bench --bench code_scan                       # generate in a temp dir, scan, compare
//! cargo bench --bench code_scan -- --generate DIR     # only write the tree (for hyperfine)
//! cargo bench --bench code_scan -- --scan DIR         # scan an existing tree
//! cargo bench --bench code_scan -- --once DIR         # one scan (for hyperfine)
//! cargo bench --bench code_scan -- --lines 200000     # another size
//! ```
//!
//! The tree imitates a product codebase: most files are React components, hooks and utilities
//! without any database call (many with `Array.from` / `Buffer.from`, which the pre-filter
//! must reject cheaply), about one file in twelve queries Supabase (chains with selects,
//! embeds, filters, inserts, rpc), and a few use `pg` raw SQL or Prisma. In data-access
//! modules each query sits in a function with its row type and mapping code, as in real code
//! (about one query per 25 lines). A `node_modules`
//! folder and a git-ignored `dist/` hold query-looking code that must be skipped.

use schemadrift::code::{ScanOptions, scan};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A small deterministic generator (no dependency, same tree on every machine).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const FEATURES: &[&str] = &[
    "billing",
    "accounts",
    "calls",
    "agents",
    "reports",
    "inbox",
    "settings",
    "onboarding",
    "search",
    "analytics",
    "teams",
    "campaigns",
    "leads",
    "calendar",
    "notifications",
    "exports",
];
const TABLES: &[&str] = &[
    "accounts",
    "profiles",
    "calls",
    "call_logs",
    "agents",
    "campaigns",
    "leads",
    "invoices",
    "payments",
    "subscriptions",
    "teams",
    "team_members",
    "notifications",
    "events",
    "reports",
];
const COLUMNS: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "user_id",
    "team_id",
    "status",
    "name",
    "title",
    "email",
    "amount",
    "currency",
    "phone",
    "duration_seconds",
    "direction",
    "notes",
    "priority",
];

fn component(r: &mut Rng, name: &str, lines: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "import React, {{ useMemo, useState }} from \"react\";");
    let _ = writeln!(s, "import {{ Button, Card }} from \"@/components/ui\";");
    let _ = writeln!(s, "import {{ formatDate }} from \"@/lib/format\";\n");
    let _ = writeln!(
        s,
        "export interface {name}Props {{\n  items: Array<{{ id: string; label: string; at: string }}>;\n  onSelect?: (id: string) => void;\n}}\n"
    );
    let _ = writeln!(
        s,
        "export function {name}({{ items, onSelect }}: {name}Props) {{"
    );
    let _ = writeln!(s, "  const [open, setOpen] = useState(false);");
    let _ = writeln!(
        s,
        "  const sorted = useMemo(() => [...items].sort((a, b) => a.at.localeCompare(b.at)), [items]);"
    );
    while s.lines().count() + 12 < lines {
        match r.below(5) {
            0 => {
                let _ = writeln!(
                    s,
                    "  const unique{0} = Array.from(new Set(sorted.map((i) => i.label)));",
                    r.below(1000)
                );
            }
            1 => {
                let _ = writeln!(
                    s,
                    "  // keep the list stable while {} loads",
                    r.pick(FEATURES)
                );
            }
            2 => {
                let _ = writeln!(
                    s,
                    "  const total{0} = sorted.reduce((n, i) => n + i.label.length, 0);",
                    r.below(1000)
                );
            }
            3 => {
                let _ = writeln!(
                    s,
                    "  if (!open && sorted.length > {}) {{\n    console.debug(\"{} items\", sorted.length);\n  }}",
                    r.below(50),
                    r.pick(FEATURES)
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "  const label{0} = `${{formatDate(sorted[0]?.at ?? \"\")}} · {1}`;",
                    r.below(1000),
                    r.pick(FEATURES)
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "  return (\n    <Card>\n      {{sorted.map((i) => (\n        <Button key={{i.id}} onClick={{() => onSelect?.(i.id)}}>{{i.label}}</Button>\n      ))}}\n      <Button onClick={{() => setOpen(!open)}}>toggle</Button>\n    </Card>\n  );\n}}"
    );
    s
}

fn utility(r: &mut Rng, lines: usize) -> String {
    let mut s = String::from("import { createHash } from \"crypto\";\n\n");
    let mut n = 0;
    while s.lines().count() + 6 < lines {
        n += 1;
        match r.below(4) {
            0 => {
                let _ = writeln!(
                    s,
                    "export function encode{n}(text: string): string {{\n  return Buffer.from(text, \"utf8\").toString(\"base64\");\n}}\n"
                );
            }
            1 => {
                let _ = writeln!(
                    s,
                    "export function chunk{n}<T>(items: T[], size = {}): T[][] {{\n  return Array.from({{ length: Math.ceil(items.length / size) }}, (_, i) => items.slice(i * size, i * size + size));\n}}\n",
                    2 + r.below(20)
                );
            }
            2 => {
                let _ = writeln!(
                    s,
                    "export const hash{n} = (v: string) => createHash(\"sha256\").update(v).digest(\"hex\");\n"
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "export function pick{n}<T extends object>(o: T, keys: (keyof T)[]) {{\n  return Object.fromEntries(keys.map((k) => [k, o[k]]));\n}}\n"
                );
            }
        }
    }
    s
}

fn cols(r: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| r.pick(COLUMNS))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Types, validation and mapping code of a data-access module: what surrounds the queries
/// in real code.
fn plumbing(r: &mut Rng, s: &mut String, n: usize) {
    let f = r.pick(FEATURES);
    let _ = writeln!(
        s,
        "export interface Row{n} {{\n  id: string;\n  status: \"open\" | \"closed\";\n  createdAt: Date;\n  label?: string;\n}}\n"
    );
    let _ = writeln!(
        s,
        "function toRow{n}(raw: Record<string, unknown>): Row{n} {{\n  if (typeof raw.id !== \"string\") {{\n    throw new Error(\"{f}: bad id\");\n  }}\n  return {{\n    id: raw.id,\n    status: raw.status === \"closed\" ? \"closed\" : \"open\",\n    createdAt: new Date(String(raw.created_at)),\n    label: raw.name ? String(raw.name) : undefined,\n  }};\n}}\n"
    );
}

fn supabase_module(r: &mut Rng, lines: usize) -> String {
    let mut s = String::from("import { supabase } from \"@/lib/supabase\";\n\n");
    let mut n = 0;
    while s.lines().count() + 12 < lines {
        n += 1;
        plumbing(r, &mut s, n);
        let t = r.pick(TABLES);
        match r.below(5) {
            0 => {
                let c = cols(r, 4);
                let _ = writeln!(
                    s,
                    "export async function list{n}(teamId: string) {{\n  const {{ data, error }} = await supabase\n    .from(\"{t}\")\n    .select(\"{c}, owner:profiles!inner(id, email)\")\n    .eq(\"team_id\", teamId)\n    .order(\"created_at\", {{ ascending: false }})\n    .limit(50);\n  if (error) throw error;\n  return data;\n}}\n"
                );
            }
            1 => {
                let _ = writeln!(
                    s,
                    "export async function add{n}(row: Record<string, unknown>) {{\n  return supabase.from(\"{t}\").insert({{ {}: row.a, {}: row.b, status: \"new\" }}).select(\"id\").single();\n}}\n",
                    r.pick(COLUMNS),
                    r.pick(COLUMNS)
                );
            }
            2 => {
                let _ = writeln!(
                    s,
                    "export async function find{n}(q: string) {{\n  return supabase.from(\"{t}\").select(\"id, name\").or(`name.ilike.%${{q}}%,email.ilike.%${{q}}%`).in(\"status\", [\"open\", \"won\"]);\n}}\n"
                );
            }
            3 => {
                let _ = writeln!(
                    s,
                    "export async function count{n}(userId: string) {{\n  return supabase.rpc(\"count_{t}\", {{ p_user: userId }});\n}}\n"
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "export async function touch{n}(id: string) {{\n  return supabase.from(\"{t}\").update({{ updated_at: new Date().toISOString() }}).eq(\"id\", id);\n}}\n"
                );
            }
        }
    }
    s
}

fn raw_sql_module(r: &mut Rng, lines: usize) -> String {
    let mut s = String::from("import { Pool } from \"pg\";\n\nconst pool = new Pool();\n\n");
    let mut n = 0;
    while s.lines().count() + 8 < lines {
        n += 1;
        plumbing(r, &mut s, n);
        let t = r.pick(TABLES);
        let _ = writeln!(
            s,
            "export async function report{n}(from: string) {{\n  const {{ rows }} = await pool.query(\n    `SELECT t.id, t.status, count(*) AS n FROM {t} t WHERE t.created_at >= $1 GROUP BY t.id, t.status`,\n    [from],\n  );\n  return rows;\n}}\n"
        );
    }
    s
}

fn prisma_module(r: &mut Rng, lines: usize) -> String {
    let mut s = String::from("import { prisma } from \"@/lib/prisma\";\n\n");
    let mut n = 0;
    while s.lines().count() + 6 < lines {
        n += 1;
        plumbing(r, &mut s, n);
        let m = r.pick(&["user", "team", "invoice", "payment", "lead"]);
        let _ = writeln!(
            s,
            "export const get{n} = (id: string) =>\n  prisma.{m}.findMany({{ where: {{ teamId: id, status: \"open\" }}, orderBy: {{ createdAt: \"desc\" }} }});\n"
        );
    }
    s
}

/// Writes the tree; returns (files, lines).
pub fn generate(root: &Path, target_lines: usize) -> std::io::Result<(usize, usize)> {
    let mut r = Rng(0x5eed_cafe_f00d_d00d);
    let (mut files, mut lines) = (0usize, 0usize);
    std::fs::create_dir_all(root)?;
    std::fs::write(root.join(".gitignore"), "dist/\n*.log\n")?;
    // Skipped content: dependencies and build output that look like queries.
    for d in ["node_modules/@acme/sdk/lib", "dist/assets"] {
        let dir = root.join(d);
        std::fs::create_dir_all(&dir)?;
        for i in 0..50 {
            std::fs::write(
                dir.join(format!("chunk{i}.js")),
                supabase_module(&mut r, 200),
            )?;
        }
    }
    while lines < target_lines {
        let feature = r.pick(FEATURES);
        let kind = r.below(100);
        let size = 40 + r.below(220) as usize;
        let (sub, name, text) = match kind {
            0..=54 => {
                let name = format!("{}Panel{}", capitalize(feature), files);
                let t = component(&mut r, &name, size);
                ("components", format!("{name}.tsx"), t)
            }
            55..=79 => ("utils", format!("helpers{files}.ts"), utility(&mut r, size)),
            80..=87 => (
                "api",
                format!("queries{files}.ts"),
                supabase_module(&mut r, size),
            ),
            88..=90 => (
                "server",
                format!("reports{files}.ts"),
                raw_sql_module(&mut r, size),
            ),
            91..=93 => (
                "server",
                format!("store{files}.ts"),
                prisma_module(&mut r, size),
            ),
            _ => (
                "hooks",
                format!("use{}{files}.ts", capitalize(feature)),
                utility(&mut r, size / 2),
            ),
        };
        let dir = root
            .join("src/features")
            .join(feature)
            .join(sub)
            .join(format!("g{}", files / 200));
        std::fs::create_dir_all(&dir)?;
        lines += text.lines().count();
        std::fs::write(dir.join(name), text)?;
        files += 1;
    }
    Ok((files, lines))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn time_scan(dir: &Path, runs: usize) -> (Vec<Duration>, schemadrift::code::Scan) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let s = scan(&[dir.to_path_buf()], &ScanOptions::default());
        times.push(t.elapsed());
        last = Some(s);
    }
    times.sort();
    (times, last.expect("at least one run"))
}

fn time_rg(dir: &Path, runs: usize) -> Option<Vec<Duration>> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let out = std::process::Command::new("rg")
            .args(["-c", r"\.from\("])
            .arg(dir)
            .output()
            .ok()?;
        times.push(t.elapsed());
        if !out.status.success() && out.status.code() != Some(1) {
            return None;
        }
    }
    times.sort();
    Some(times)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut lines = 1_000_000usize;
    let mut generate_only: Option<PathBuf> = None;
    let mut scan_dir: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--lines" => {
                lines = args
                    .get(i + 1)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(lines);
                i += 1;
            }
            "--generate" => {
                generate_only = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--once" => {
                let dir = args.get(i + 1).map(PathBuf::from).unwrap_or_default();
                let s = scan(&[dir], &ScanOptions::default());
                println!(
                    "{} files, {} parsed, {} references",
                    s.files_scanned,
                    s.files_parsed,
                    s.refs.len()
                );
                return;
            }
            "--scan" => {
                scan_dir = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            _ => {} // `cargo bench` passes `--bench`
        }
        i += 1;
    }
    if let Some(dir) = generate_only {
        let (files, n) = generate(&dir, lines).expect("write the tree");
        println!("wrote {files} files, {n} lines under {}", dir.display());
        return;
    }
    let tmp;
    let dir = match scan_dir {
        Some(d) => d,
        None => {
            tmp =
                std::env::temp_dir().join(format!("schemadrift-code-bench-{}", std::process::id()));
            let t = Instant::now();
            let (files, n) = generate(&tmp, lines).expect("write the tree");
            println!("generated {files} files, {n} lines in {}", ms(t.elapsed()));
            tmp.clone()
        }
    };
    // Warm the page cache once, as rg and hyperfine runs would.
    let _ = scan(std::slice::from_ref(&dir), &ScanOptions::default());
    let (times, s) = time_scan(&dir, 7);
    println!(
        "schemadrift scan: min {} median {} ({} files read, {} parsed, {} references, {} errors)",
        ms(times[0]),
        ms(times[times.len() / 2]),
        s.files_scanned,
        s.files_parsed,
        s.refs.len(),
        s.errors.len()
    );
    match time_rg(&dir, 7) {
        Some(rg) => println!(
            "rg -c '\\.from\\(': min {} median {}  (ratio of medians {:.2}x)",
            ms(rg[0]),
            ms(rg[rg.len() / 2]),
            times[times.len() / 2].as_secs_f64() / rg[rg.len() / 2].as_secs_f64()
        ),
        None => println!("rg not found: install ripgrep to compare"),
    }
    if dir.starts_with(std::env::temp_dir())
        && dir.to_string_lossy().contains("schemadrift-code-bench-")
    {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
