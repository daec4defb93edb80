//! No secret in any output (issue 16, point 5): every form of connection string × every
//! command × every report format × every error path (refused port, a server that accepts and
//! never answers, wrong password, wrong database, success). The password never appears on
//! stdout, stderr or in a report; errors are one line with exit status 2.
//!
//! The local server trusts every login, so "wrong password" is a small fake server that asks
//! for a clear-text password and answers with an authentication error that echoes it (a
//! hostile or careless server): the echo must be scrubbed.

mod db_support;

use db_support::{TempDb, admin_url};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

/// A password with the characters that break naive URL handling: `/`, `@`, `:`, `?`, `#`.
const RAW: &str = "Pa55/w@rd:x?y#z";
/// The distinctive core of it: no output may contain this, encoded or not.
const CORE: &str = "Pa55";

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Where the real server listens, from DATABASE_URL.
fn real_host_port() -> (String, u16) {
    let u = admin_url();
    let rest = &u[u.find("://").map(|i| i + 3).unwrap_or(0)..];
    let hostpart = rest.split(['/', '?']).next().unwrap_or("");
    let hostport = hostpart.rsplit('@').next().unwrap_or(hostpart);
    let (h, p) = hostport.split_once(':').unwrap_or((hostport, "5432"));
    (h.to_string(), p.parse().unwrap_or(5432))
}

/// The connection string forms, each with the password in it.
fn forms(host: &str, port: u16, user: &str, db: &str) -> Vec<(&'static str, String)> {
    let e = enc(RAW);
    let quoted = RAW.replace('\\', "\\\\").replace('\'', "\\'");
    vec![
        ("url", format!("postgres://{user}:{e}@{host}:{port}/{db}")),
        (
            "url-upper-raw",
            format!("POSTGRES://{user}:{RAW}@{host}:{port}/{db}"),
        ),
        (
            "postgresql-query",
            format!("postgresql://{user}@{host}:{port}/{db}?password={e}&sslmode=disable"),
        ),
        (
            "whitespace",
            format!("  postgres://{user}:{e}@{host}:{port}/{db}?sslmode=prefer \n"),
        ),
        (
            "key-value-quoted",
            format!("host={host} port={port} user={user} password='{quoted}' dbname={db}"),
        ),
        (
            "key-value-plain",
            format!(" host={host} port={port} dbname={db} user={user} password={RAW}"),
        ),
    ]
}

fn mistyped(host: &str, port: u16) -> Vec<String> {
    vec![
        format!("postgress://postgres:{RAW}@{host}:{port}/postgres"),
        format!("postgre://postgres:{RAW}@{host}:{port}/postgres"),
        format!("Postgres:/postgres:{RAW}@{host}:{port}/postgres"),
        format!("postgres:postgres:{RAW}@{host}:{port}/postgres"),
    ]
}

const FORMATS: &[&str] = &["text", "json", "markdown", "sarif", "html"];

struct Run {
    args: Vec<String>,
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

fn run(args: Vec<String>) -> Run {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(&args)
        .output()
        .expect("run schemadrift");
    Run {
        args,
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: t.elapsed(),
    }
}

/// Every command and format with `conn` as the database.
fn commands(conn: &str, sql_file: &str, project: &str, extra: &[&str]) -> Vec<Vec<String>> {
    let mut out = vec![vec!["dump".to_string(), conn.to_string()]];
    for f in FORMATS {
        out.push(vec![
            "lint".into(),
            conn.into(),
            "--format".into(),
            f.to_string(),
        ]);
        out.push(vec![
            "diff".into(),
            conn.into(),
            sql_file.into(),
            "--format".into(),
            f.to_string(),
        ]);
        out.push(vec![
            "audit".into(),
            project.into(),
            "--db".into(),
            conn.into(),
            "--format".into(),
            f.to_string(),
        ]);
    }
    for a in &mut out {
        a.extend(extra.iter().map(|s| s.to_string()));
    }
    out
}

/// Runs every command line, four at a time.
fn run_all(cmds: Vec<Vec<String>>) -> Vec<Run> {
    let chunks: Vec<Vec<Vec<String>>> = cmds.chunks(4).map(|c| c.to_vec()).collect();
    let mut out = Vec::new();
    for chunk in chunks {
        let handles: Vec<_> = chunk
            .into_iter()
            .map(|a| std::thread::spawn(move || run(a)))
            .collect();
        out.extend(
            handles
                .into_iter()
                .map(|h| h.join().expect("runner thread")),
        );
    }
    out
}

fn assert_no_secret(r: &Run) {
    for s in [RAW.to_string(), enc(RAW), CORE.to_string()] {
        assert!(
            !r.stdout.contains(&s) && !r.stderr.contains(&s),
            "secret `{s}` printed by {:?}:\nstdout: {}\nstderr: {}",
            r.args,
            r.stdout,
            r.stderr
        );
    }
}

/// An error path: no secret, one line on stderr, exit 2, nothing on stdout.
fn assert_error(r: &Run, must: &[&str]) {
    assert_no_secret(r);
    assert_eq!(r.code, 2, "{:?}: {}", r.args, r.stderr);
    assert_eq!(
        r.stderr.trim_end().lines().count(),
        1,
        "{:?}: one line: {}",
        r.args,
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{:?}: {}", r.args, r.stdout);
    for m in must {
        assert!(
            r.stderr.contains(m),
            "`{m}` missing from {:?}: {}",
            r.args,
            r.stderr
        );
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    sql: String,
    project: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let sql = dir.path().join("schema.sql");
    std::fs::write(&sql, "CREATE TABLE other (id int PRIMARY KEY);\n").expect("write");
    let project = dir.path().join("project");
    std::fs::create_dir(&project).expect("mkdir");
    Fixture {
        sql: sql.to_string_lossy().into_owned(),
        project: project.to_string_lossy().into_owned(),
        _dir: dir,
    }
}

/// A server that accepts connections and never says a word.
fn silent_server() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        for s in l.incoming().flatten() {
            kept.push(s);
        }
    });
    port
}

fn read_exact(s: &mut TcpStream, n: usize) -> Option<Vec<u8>> {
    let mut b = vec![0u8; n];
    s.read_exact(&mut b).ok()?;
    Some(b)
}

fn be32(b: &[u8]) -> usize {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize
}

/// Speaks enough of the protocol to ask for a clear-text password, then refuses the login
/// with a message that quotes the password it got.
fn echoing_password_server() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            std::thread::spawn(move || {
                let mut s = s;
                let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
                let _ = (|| -> Option<()> {
                    loop {
                        let head = read_exact(&mut s, 8)?;
                        let len = be32(&head);
                        let code = be32(&head[4..]);
                        if code == 80877103 || code == 80877104 {
                            s.write_all(b"N").ok()?; // no TLS, no GSS
                            continue;
                        }
                        read_exact(&mut s, len.checked_sub(8)?)?;
                        break;
                    }
                    s.write_all(&[b'R', 0, 0, 0, 8, 0, 0, 0, 3]).ok()?;
                    let t = read_exact(&mut s, 5)?;
                    let body = read_exact(&mut s, be32(&t[1..]).checked_sub(4)?)?;
                    let got = String::from_utf8_lossy(&body)
                        .trim_end_matches('\0')
                        .to_string();
                    let mut fields = Vec::new();
                    for (k, v) in [
                        (b'S', "FATAL".to_string()),
                        (b'V', "FATAL".to_string()),
                        (b'C', "28P01".to_string()),
                        (
                            b'M',
                            format!("password authentication failed: `{got}` is not the password"),
                        ),
                    ] {
                        fields.push(k);
                        fields.extend_from_slice(v.as_bytes());
                        fields.push(0);
                    }
                    fields.push(0);
                    let mut msg = vec![b'E'];
                    msg.extend_from_slice(&((fields.len() + 4) as u32).to_be_bytes());
                    msg.extend_from_slice(&fields);
                    s.write_all(&msg).ok()?;
                    Some(())
                })();
            });
        }
    });
    port
}

#[test]
fn parser_reads_every_form_with_the_password() {
    // the forms are read, not refused: against the real (trusting) server each one connects
    let (host, port) = real_host_port();
    for (name, conn) in forms(&host, port, "postgres", "postgres") {
        let src = schemadrift::sources::database::introspect(&conn, &Default::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            src.info.location,
            format!("postgres://postgres@{host}:{port}/postgres")
        );
        let shown = schemadrift::sources::database::redact(&conn);
        assert!(!shown.contains(CORE), "{name}: {shown}");
    }
}

#[test]
fn success_path_prints_no_secret() {
    let db = TempDb::new("secrets_ok");
    db_support::psql(
        &db.url(),
        &["-c", "CREATE TABLE t (id int PRIMARY KEY, note text)"],
    );
    let fx = fixture();
    let (host, port) = real_host_port();
    let mut cmds = Vec::new();
    for (_, conn) in forms(&host, port, "postgres", &db.name) {
        cmds.extend(commands(&conn, &fx.sql, &fx.project, &[]));
    }
    for r in run_all(cmds) {
        assert_no_secret(&r);
        assert!(r.code == 0 || r.code == 1, "{:?}: {}", r.args, r.stderr);
        if r.args.contains(&"json".to_string()) {
            assert!(
                r.stdout
                    .contains(&format!("postgres@{host}:{port}/{}", db.name)),
                "{:?} names the database: {}",
                r.args,
                r.stdout
            );
        } else if r.args[0] == "dump" {
            assert!(r.stdout.contains("CREATE TABLE"), "{}", r.stdout);
        }
    }
}

#[test]
fn refused_port_prints_no_secret() {
    let fx = fixture();
    let mut cmds = Vec::new();
    for (_, conn) in forms("127.0.0.1", 1, "postgres", "postgres") {
        cmds.extend(commands(&conn, &fx.sql, &fx.project, &[]));
    }
    for r in run_all(cmds) {
        assert_error(&r, &["port 1", "reach"]);
    }
}

#[test]
fn wrong_password_echoed_by_the_server_is_scrubbed() {
    let port = echoing_password_server();
    let fx = fixture();
    let mut cmds = Vec::new();
    for (_, conn) in forms("127.0.0.1", port, "alice", "postgres") {
        cmds.extend(commands(&conn, &fx.sql, &fx.project, &[]));
    }
    for r in run_all(cmds) {
        assert_error(&r, &["user alice", "refused the login", "********"]);
    }
}

#[test]
fn wrong_database_prints_no_secret() {
    let fx = fixture();
    let (host, port) = real_host_port();
    let mut cmds = Vec::new();
    for (_, conn) in forms(&host, port, "postgres", "sd_no_such_database") {
        cmds.extend(commands(&conn, &fx.sql, &fx.project, &[]));
    }
    for r in run_all(cmds) {
        assert_error(&r, &["database sd_no_such_database", "does not exist"]);
    }
}

#[test]
fn silent_server_times_out_with_one_line() {
    let port = silent_server();
    let fx = fixture();
    let mut cmds = Vec::new();
    for (_, conn) in forms("127.0.0.1", port, "postgres", "postgres") {
        cmds.extend(commands(
            &conn,
            &fx.sql,
            &fx.project,
            &["--connect-timeout", "300ms"],
        ));
    }
    for r in run_all(cmds) {
        assert_error(&r, &["timed out", "no answer"]);
        assert!(
            r.elapsed < Duration::from_secs(8),
            "{:?}: {:?}",
            r.args,
            r.elapsed
        );
    }
}

#[test]
fn silent_server_bounded_by_the_default_and_the_string_timeout() {
    let port = silent_server();
    // connect_timeout in the string (seconds, libpq's spelling) bounds the wait
    let t = Instant::now();
    let r = run(vec![
        "dump".into(),
        format!("host=127.0.0.1 port={port} user=postgres password={RAW} connect_timeout=2"),
    ]);
    assert_error(&r, &["timed out", "2 s"]);
    assert!(t.elapsed() < Duration::from_secs(8), "{:?}", t.elapsed());
    // and so does the library's default (10 s) with nothing said
    let conn = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let t = Instant::now();
    let e = schemadrift::sources::database::introspect(&conn, &Default::default())
        .expect_err("a silent server");
    assert_eq!(
        e.kind,
        schemadrift::sources::database::DbErrorKind::Timeout,
        "{e}"
    );
    assert!(t.elapsed() < Duration::from_secs(15), "{:?}", t.elapsed());
}

#[test]
fn mistyped_schemes_are_refused_without_echo() {
    let fx = fixture();
    let (host, port) = real_host_port();
    let mut cmds = Vec::new();
    for conn in mistyped(&host, port) {
        cmds.extend(commands(&conn, &fx.sql, &fx.project, &[]));
    }
    for r in run_all(cmds) {
        assert_error(&r, &["not a connection string"]);
    }
}

#[test]
fn option_ranges_are_checked() {
    for (opt, v) in [
        ("--statement-timeout", "1e30"),
        ("--statement-timeout", "99999999999999999999s"),
        ("--statement-timeout", "100000h"),
        ("--statement-timeout", "0.0000001ms"),
        ("--connect-timeout", "1e300m"),
        ("--connect-timeout", "-1s"),
    ] {
        let r = run(vec![
            "dump".into(),
            "postgres://x@127.0.0.1:1/y".into(),
            opt.into(),
            v.into(),
        ]);
        assert_eq!(r.code, 2, "{opt} {v}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{opt} {v}: {}", r.stderr);
    }
    // the top of the range is accepted (and the refused port then fails as usual)
    let r = run(vec![
        "dump".into(),
        "postgres://x@127.0.0.1:1/y".into(),
        "--statement-timeout".into(),
        "24h".into(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("reach"), "{}", r.stderr);
}
