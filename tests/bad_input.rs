//! Bad input never crashes: a clear one-line error (exit 2) when nothing can be read, a
//! finding otherwise.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_schemadrift"))
        .args(args)
        .output()
        .expect("run schemadrift");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn one_line_error(stderr: &str) {
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "expected one line, got: {stderr}"
    );
    assert!(stderr.starts_with("schemadrift: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn binary_file_is_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("x.sql");
    std::fs::write(&f, [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    let (code, _, err) = run(&["lint", f.to_str().expect("path")]);
    assert_eq!(code, 2);
    one_line_error(&err);
    assert!(err.contains("binary"), "{err}");
}

#[test]
fn invalid_utf8_is_refused_with_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("x.sql");
    std::fs::write(
        &f,
        b"CREATE TABLE a (id int);\nCREATE TABLE \xff (id int);\n",
    )
    .expect("write");
    let (code, _, err) = run(&["lint", f.to_str().expect("path")]);
    assert_eq!(code, 2);
    one_line_error(&err);
    assert!(err.contains("UTF-8") && err.contains("line 2"), "{err}");
}

#[test]
fn invalid_file_in_a_folder_is_a_finding_not_a_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("1_ok.sql"), "CREATE TABLE a (id int);").expect("write");
    std::fs::write(dir.path().join("2_bad.sql"), b"\xff\xfe").expect("write");
    let (code, out, err) = run(&[
        "lint",
        dir.path().to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(
        out.contains("2_bad.sql") && out.contains("not valid UTF-8"),
        "{out}"
    );
}

#[test]
fn unterminated_dollar_quote_is_an_unparsed_statement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("x.sql");
    std::fs::write(
        &f,
        "CREATE TABLE a (id int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1;\n",
    )
    .expect("write");
    let (code, out, err) = run(&["lint", f.to_str().expect("path"), "--format", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let findings = doc["findings"].as_array().expect("findings");
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "unparsed-statement" && f["locations"][0]["line"] == 2),
        "{out}"
    );
}

#[test]
fn unterminated_quote_is_an_unparsed_statement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("x.sql");
    std::fs::write(&f, "CREATE TABLE a (id int DEFAULT 'x);\n").expect("write");
    let (_, out, err) = run(&["lint", f.to_str().expect("path"), "--format", "json"]);
    assert!(out.contains("unparsed-statement"), "{out}{err}");
}

#[test]
fn missing_path_empty_folder_and_symlink_loop() {
    let (code, _, err) = run(&["lint", "/nonexistent/schemadrift/path"]);
    assert_eq!(code, 2);
    one_line_error(&err);

    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = run(&["lint", dir.path().to_str().expect("path")]);
    assert_eq!(code, 2);
    one_line_error(&err);
    assert!(err.contains("no SQL files"), "{err}");

    #[cfg(unix)]
    {
        let a = dir.path().join("loop_a.sql");
        let b = dir.path().join("loop_b.sql");
        std::os::unix::fs::symlink(&b, &a).expect("symlink");
        std::os::unix::fs::symlink(&a, &b).expect("symlink");
        let (code, _, err) = run(&["lint", a.to_str().expect("path")]);
        assert_eq!(code, 2);
        one_line_error(&err);
        let (code, out, err) = run(&[
            "audit",
            dir.path().to_str().expect("path"),
            "--migrations",
            dir.path().to_str().expect("path"),
            "--format",
            "json",
        ]);
        assert!(code == 2 || out.contains("loop_a"), "{out}{err}");
    }
}

#[test]
fn a_50_mb_file_is_replayed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("big.sql");
    let mut s = String::with_capacity(51 * 1024 * 1024);
    let mut i = 0;
    while s.len() < 50 * 1024 * 1024 {
        s.push_str(&format!("CREATE TABLE t{i} (id bigserial PRIMARY KEY, name text NOT NULL DEFAULT '', created_at timestamptz DEFAULT now());\nCREATE INDEX t{i}_name_idx ON t{i} (name);\n"));
        i += 1;
    }
    std::fs::write(&f, &s).expect("write");
    let (code, _, err) = run(&["lint", f.to_str().expect("path"), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
}

fn findings(json: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(json).expect("json report");
    v["findings"].as_array().cloned().unwrap_or_default()
}

#[test]
fn psql_meta_commands_are_skipped_with_an_info_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("dump.sql");
    std::fs::write(
        &f,
        "\\restrict Xq7\nCREATE TABLE a (id int PRIMARY KEY);\n\\connect other\nCREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\nSELECT 'x\n\\not_a_command' $$;\nCREATE INDEX a_id ON a (id);\n\\unrestrict Xq7\n",
    )
    .expect("write");
    let (code, out, err) = run(&["lint", f.to_str().expect("path"), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let found = findings(&out);
    let metas: Vec<&serde_json::Value> = found
        .iter()
        .filter(|f| f["message"].as_str().unwrap_or("").contains("meta-command"))
        .collect();
    assert_eq!(metas.len(), 3, "{out}");
    assert!(metas.iter().all(|f| f["severity"] == "info"), "{out}");
    assert_eq!(metas[1]["locations"][0]["line"], 3, "{out}");
    assert!(
        !found.iter().any(|f| f["severity"] != "info"),
        "the function body's backslash is not a meta-command: {out}"
    );
}

#[test]
fn a_psql_variable_is_an_unparsed_statement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("x.sql");
    std::fs::write(
        &f,
        "CREATE TABLE a (id int);\nCREATE TABLE b (owner text DEFAULT :'owner');\n",
    )
    .expect("write");
    let (_, out, _) = run(&["lint", f.to_str().expect("path"), "--format", "json"]);
    let found = findings(&out);
    let unparsed: Vec<&serde_json::Value> = found
        .iter()
        .filter(|f| f["rule"] == "unparsed-statement")
        .collect();
    assert_eq!(unparsed.len(), 1, "{out}");
    assert!(
        unparsed[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains(":'owner'"),
        "{out}"
    );
    assert_eq!(unparsed[0]["locations"][0]["line"], 2, "{out}");
}
