//! Hostile files (issue 16, point 2): a FIFO, a socket, a device (directly or through a
//! symlink) or a file over the 64 MiB limit among the sources is skipped with a finding, or
//! stops the run with one line when it is the source named, and never hangs or eats memory.
#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the CLI in `dir`; fails the test if it does not end within 30 s (a hang).
fn run_in(dir: &Path, args: &[&str]) -> Out {
    let mut child = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run schemadrift");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            return Out {
                code: status.code(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            };
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} hung (killed after 30 s)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mkfifo(p: &Path) {
    let st = Command::new("mkfifo").arg(p).status().expect("mkfifo");
    assert!(st.success(), "mkfifo {}", p.display());
}

/// A project whose migrations folder holds one good migration and every kind of trap.
fn trapped_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = dir.path().join("supabase/migrations");
    std::fs::create_dir_all(&m).expect("mkdir");
    std::fs::write(
        m.join("20240101000000_ok.sql"),
        "CREATE TABLE public.ok (id int PRIMARY KEY);\n",
    )
    .expect("write");
    mkfifo(&m.join("20240102000000_fifo.sql"));
    std::os::unix::fs::symlink("/dev/zero", m.join("20240103000000_zero.sql")).expect("symlink");
    let sock = m.join("20240104000000_sock.sql");
    let listener = std::os::unix::net::UnixListener::bind(&sock).expect("socket");
    std::mem::forget(listener);
    // 65 MiB, sparse: the size is read from the metadata, the bytes are never read
    let big = std::fs::File::create(m.join("20240105000000_big.sql")).expect("create");
    big.set_len(65 * 1024 * 1024).expect("set_len");
    dir
}

#[test]
fn traps_in_a_migration_folder_are_skipped_with_findings() {
    let dir = trapped_project();
    for cmd in [
        vec!["lint", "supabase/migrations", "--format", "json"],
        vec!["audit", ".", "--format", "json"],
    ] {
        let out = run_in(dir.path(), &cmd);
        assert!(matches!(out.code, Some(0 | 1)), "{cmd:?}: {}", out.stderr);
        for (file, why) in [
            ("20240102000000_fifo.sql", "a FIFO"),
            ("20240103000000_zero.sql", "a device"),
            ("20240104000000_sock.sql", "a socket"),
            ("20240105000000_big.sql", "over the 64 MiB limit"),
        ] {
            let found = out
                .stdout
                .lines()
                .any(|l| l.contains(file) && l.contains(why));
            assert!(
                found,
                "{cmd:?}: no finding for {file} ({why}):\n{}",
                out.stdout
            );
        }
        // and the good migration was replayed
        assert!(out.stdout.contains("public.ok"), "{cmd:?}: {}", out.stdout);
    }
    let out = run_in(dir.path(), &["dump", "supabase/migrations"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("CREATE TABLE public.ok"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_named_source_that_is_a_trap_stops_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("ok.sql"), "CREATE TABLE t (id int);\n").expect("write");
    for name in ["schema.sql", "schema.prisma", "openapi.json", "types.ts"] {
        mkfifo(&d.join(name));
    }
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.sql")).expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.json")).expect("symlink");
    for args in [
        vec!["lint", "schema.sql"],
        vec!["dump", "zero.sql"],
        vec!["diff", "openapi.json", "ok.sql"],
        vec!["diff", "zero.json", "ok.sql"],
        vec!["diff", "types.ts", "ok.sql"],
        vec!["diff", "schema.prisma", "ok.sql"],
        vec!["diff", "ok.sql", "schema.sql"],
    ] {
        let out = run_in(d, &args);
        assert_eq!(out.code, Some(2), "{args:?}: {}{}", out.stdout, out.stderr);
        assert_eq!(
            out.stderr.trim_end().lines().count(),
            1,
            "{args:?}: {}",
            out.stderr
        );
    }
    // the other readers: a FIFO as schema file, schema.prisma, OpenAPI or types in an audit
    // is reported, and the audit ends
    let out = run_in(
        d,
        &[
            "audit",
            ".",
            "--schema-file",
            "ok.sql",
            "--prisma",
            "schema.prisma",
            "--openapi",
            "openapi.json",
            "--types",
            "types.ts",
            "--format",
            "json",
        ],
    );
    assert!(matches!(out.code, Some(0..=2)), "{}", out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("a FIFO"), "{all}");
}

#[test]
fn traps_in_code_folders_do_not_hang_the_scan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("src");
    std::fs::create_dir(&src).expect("mkdir");
    std::fs::write(
        src.join("ok.ts"),
        "const r = await supabase.from('accounts').select('id');\n",
    )
    .expect("write");
    mkfifo(&src.join("fifo.ts"));
    mkfifo(&src.join("fifo.py"));
    std::os::unix::fs::symlink("/dev/zero", src.join("zero.js")).expect("symlink");
    let out = run_in(dir.path(), &["refs", "."]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("public.accounts"), "{}", out.stdout);
    // a FIFO named directly
    let out = run_in(dir.path(), &["refs", "src/fifo.ts"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let out = run_in(dir.path(), &["refs", "src/zero.js"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}
