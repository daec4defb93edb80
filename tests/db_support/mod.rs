//! Helpers for the database tests: the server URL, throwaway databases, running scripts.
//! Needs `psql` and a server at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The admin URL pointed at another database.
pub fn db_url(name: &str) -> String {
    with_db(&admin_url(), name)
}

pub fn with_db(base: &str, name: &str) -> String {
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (base, String::new()),
    };
    let scheme_end = head.find("://").map(|i| i + 3).unwrap_or(0);
    match head[scheme_end..].find('/') {
        Some(i) => format!("{}/{}{}", &head[..scheme_end + i], name, query),
        None => format!("{head}/{name}{query}"),
    }
}

pub fn psql(url: &str, args: &[&str]) -> std::process::Output {
    Command::new("psql")
        .arg(url)
        .args(["-X", "-q"])
        .args(args)
        .output()
        .expect("psql must be installed to run the database tests")
}

/// Runs SQL on the admin connection and panics on failure.
pub fn admin(sql: &str) {
    let out = psql(&admin_url(), &["-v", "ON_ERROR_STOP=1", "-c", sql]);
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database that is dropped when the value is.
pub struct TempDb {
    pub name: String,
}

impl TempDb {
    pub fn new(tag: &str) -> TempDb {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("sd_dbtest_{}_{}_{}", std::process::id(), tag, n);
        admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        admin(&format!("CREATE DATABASE {name}"));
        TempDb { name }
    }
    pub fn url(&self) -> String {
        db_url(&self.name)
    }
    /// Runs a script in one transaction, stopping at the first error; Err(stderr) on failure.
    pub fn run_file(&self, file: &Path) -> Result<(), String> {
        let out = psql(
            &self.url(),
            &[
                "-v",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                "-f",
                file.to_str().unwrap_or_default(),
            ],
        );
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).to_string())
        }
    }
    /// Runs a script statement by statement, each in its own transaction, going on after
    /// errors (what the replay does: a refused statement has no effect).
    /// Runs a file in one transaction, undoing each refused statement alone and going on.
    pub fn run_file_savepoints(&self, file: &Path) {
        let _ = psql(
            &self.url(),
            &[
                "-v",
                "ON_ERROR_ROLLBACK=on",
                "--single-transaction",
                "-f",
                file.to_str().unwrap_or_default(),
            ],
        );
    }
    pub fn run_file_each(&self, file: &Path) {
        let _ = psql(&self.url(), &["-f", file.to_str().unwrap_or_default()]);
    }
    pub fn run_sql(&self, sql: &str) -> Result<(), String> {
        let out = psql(&self.url(), &["-v", "ON_ERROR_STOP=1", "-c", sql]);
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).to_string())
        }
    }
    /// Loads the Supabase platform description the replay's baseline is (platform/supabase:
    /// the platform, then the extensions a hosted project has enabled, which need the
    /// stand-ins of platform/extensions installed: `platform/install`).
    pub fn load_platform(&self) {
        for file in platform() {
            self.run_file(&file).unwrap_or_else(|e| {
                panic!(
                    "{} does not load (are the stand-in extensions installed? run platform/install): {e}",
                    file.display()
                )
            });
        }
        let _ = self.run_sql(
            "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path TO \"$user\", public, extensions', current_database()); END $$",
        );
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = psql(
            &admin_url(),
            &[
                "-c",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ],
        );
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Supabase platform description, in loading order.
pub fn platform() -> [PathBuf; 2] {
    [
        root().join("platform/supabase/platform.sql"),
        root().join("platform/supabase/platform-extensions.sql"),
    ]
}

/// A line-by-line diff of two texts, for assertion messages.
pub fn diff(a: &str, b: &str) -> String {
    let la: Vec<&str> = a.lines().collect();
    let lb: Vec<&str> = b.lines().collect();
    let mut out = String::new();
    for l in &la {
        if !lb.contains(l) {
            out.push_str(&format!("- {l}\n"));
        }
    }
    for l in &lb {
        if !la.contains(l) {
            out.push_str(&format!("+ {l}\n"));
        }
    }
    if out.is_empty() && a != b {
        out.push_str("(same lines, different order)\n");
    }
    out
}
