//! The one reader of connection strings: `postgres://` / `postgresql://` URLs (scheme in any
//! case, percent-encoding, query parameters) and libpq `key=value` strings (single-quoted
//! values, backslash escapes), with surrounding whitespace ignored.
//!
//! Nothing the user wrote is ever copied into an error message except the names of known
//! keywords: a value, an unknown keyword or a mistyped scheme may be a password.
//!
//! A password that contains an unencoded `@`, `/` or `?` is still read: the user part of a
//! URL ends at the last `@` before the query (a database name with `@` is rarer than such a
//! password, and the reading errs on the side of never printing it).

use super::error::{DbError, DbErrorKind};
use std::time::Duration;

/// How TLS is used, in libpq's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tls {
    Disable,
    /// `prefer` / `require`: encrypt, do not verify the certificate (as libpq does).
    Encrypt {
        required: bool,
    },
    /// `verify-ca` / `verify-full`: verify the chain against the web PKI roots and the name.
    Verify,
}

/// One host to try: a TCP name or address, or a Unix socket folder (a path starting with `/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HostSpec {
    Tcp(String),
    Unix(String),
}

/// Everything read from a connection string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ConnParams {
    pub hosts: Vec<HostSpec>,
    pub hostaddrs: Vec<std::net::IpAddr>,
    pub ports: Vec<u16>,
    pub user: Option<String>,
    pub password: Option<Vec<u8>>,
    pub dbname: Option<String>,
    pub options: Option<String>,
    pub tls: Option<Tls>,
    /// `connect_timeout` from the string (the shorter of it and the caller's applies).
    pub connect_timeout: Option<Duration>,
}

impl Default for HostSpec {
    fn default() -> Self {
        HostSpec::Tcp("localhost".into())
    }
}

impl ConnParams {
    /// The password as text, for scrubbing messages.
    pub fn password_text(&self) -> Option<String> {
        self.password
            .as_ref()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    }
}

/// How an argument looks: a connection string or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Looks {
    /// `postgres://` or `postgresql://`, any case.
    Url,
    /// `scheme://…` with another scheme: meant as a URL, not one schemadrift reads.
    OtherScheme,
    /// `key=value …` starting with a libpq keyword.
    KeyValue,
    /// A path or anything else.
    NotConnection,
}

/// libpq's keywords (those a `key=value` string may start with).
const KEYWORDS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "require_auth",
    "channel_binding",
    "connect_timeout",
    "client_encoding",
    "options",
    "application_name",
    "fallback_application_name",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "replication",
    "gssencmode",
    "sslmode",
    "sslnegotiation",
    "sslcompression",
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslcertmode",
    "sslrootcert",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "requirepeer",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "krbsrvname",
    "gsslib",
    "gssdelegation",
    "service",
    "target_session_attrs",
    "load_balance_hosts",
];

/// Whether `s` is a scheme followed by `://` (letters, digits, `+`, `-`, `.`).
fn scheme_of(s: &str) -> Option<&str> {
    let i = s.find("://")?;
    let scheme = &s[..i];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

pub(crate) fn looks(s: &str) -> Looks {
    let t = s.trim();
    // `postgres:/…`, `postgres:user:pw@…`, `postgresq://…`: a URL gone wrong, not a path
    let lower = t.get(..8).map(str::to_ascii_lowercase);
    if lower.is_some_and(|l| l.starts_with("postgr"))
        && t.contains(':')
        && t.contains('@')
        && scheme_of(t).is_none()
    {
        return Looks::OtherScheme;
    }
    if let Some(scheme) = scheme_of(t) {
        return if scheme.eq_ignore_ascii_case("postgres")
            || scheme.eq_ignore_ascii_case("postgresql")
        {
            Looks::Url
        } else {
            Looks::OtherScheme
        };
    }
    let key_end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    let key = &t[..key_end];
    let after = t[key_end..].trim_start();
    if after.starts_with('=') && KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        Looks::KeyValue
    } else {
        Looks::NotConnection
    }
}

fn invalid(detail: impl Into<String>) -> DbError {
    DbError::new(DbErrorKind::InvalidUrl, None, detail)
}

/// Reads a connection string.
pub(crate) fn parse(s: &str) -> Result<ConnParams, DbError> {
    let t = s.trim();
    match looks(t) {
        Looks::Url => parse_url(t),
        Looks::KeyValue => {
            let pairs = parse_key_values(t)?;
            let mut p = ConnParams::default();
            let service = pairs.iter().find(|(k, _)| k == "service");
            if let Some((_, name)) = service {
                for (k, v) in read_service(name)? {
                    apply(&mut p, &k, &v)?;
                }
            }
            for (k, v) in pairs {
                if k != "service" {
                    apply(&mut p, &k, &v)?;
                }
            }
            Ok(p)
        }
        Looks::OtherScheme => Err(invalid(
            "not a connection string: the scheme must be postgres:// or postgresql://",
        )),
        Looks::NotConnection => Err(invalid(
            "not a connection string: expected postgres://… or key=value pairs such as host=… dbname=…",
        )),
    }
}

/// Percent-decoding (`%2F` → `/`); a `%` not followed by two hex digits is kept as is.
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn decode_text(s: &str, what: &str) -> Result<String, DbError> {
    String::from_utf8(percent_decode(s))
        .map_err(|_| invalid(format!("the {what} is not valid UTF-8 once decoded")))
}

fn parse_url(t: &str) -> Result<ConnParams, DbError> {
    let rest = &t[t.find("://").map(|i| i + 3).unwrap_or(0)..];
    // the user part ends at the last `@` that is not inside the query
    let mut at = rest.rfind('@');
    if let Some(a) = at
        && let Some(q) = rest[..a].find('?')
        && rest[q..a].contains('=')
    {
        // `?user=a@b`: the `@` belongs to the query; look for one before it
        at = rest[..q].rfind('@');
    }
    let (userinfo, after_user) = match at {
        Some(a) => (Some(&rest[..a]), &rest[a + 1..]),
        None => (None, rest),
    };
    let (location, query) = match after_user.split_once('?') {
        Some((l, q)) => (l, Some(q)),
        None => (after_user, None),
    };
    let (hostspec, path) = match location.split_once('/') {
        Some((h, p)) => (h, Some(p)),
        None => (location, None),
    };
    let mut p = ConnParams::default();
    if let Some(ui) = userinfo {
        let (u, pw) = match ui.split_once(':') {
            Some((u, pw)) => (u, Some(pw)),
            None => (ui, None),
        };
        if !u.is_empty() {
            p.user = Some(decode_text(u, "user name")?);
        }
        if let Some(pw) = pw {
            p.password = Some(percent_decode(pw));
        }
    }
    if !hostspec.is_empty() {
        for one in hostspec.split(',') {
            let (host, port) = split_host_port(one)?;
            if !host.is_empty() {
                let h = decode_text(&host, "host")?;
                p.hosts.push(if h.starts_with('/') {
                    HostSpec::Unix(h)
                } else {
                    HostSpec::Tcp(h)
                });
            }
            if let Some(port) = port {
                p.ports.push(parse_port(&port)?);
            }
        }
    }
    if let Some(path) = path.filter(|p| !p.is_empty()) {
        p.dbname = Some(decode_text(path, "database name")?);
    }
    if let Some(q) = query {
        for pair in q.split('&').filter(|x| !x.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = decode_text(k, "parameter name")?;
            let v = percent_decode(v);
            if k == "password" {
                p.password = Some(v);
                continue;
            }
            let v = String::from_utf8(v)
                .map_err(|_| invalid("a parameter value is not valid UTF-8 once decoded"))?;
            apply(&mut p, &k, &v)?;
        }
    }
    Ok(p)
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`.
fn split_host_port(s: &str) -> Result<(String, Option<String>), DbError> {
    if let Some(inner) = s.strip_prefix('[') {
        let Some(end) = inner.find(']') else {
            return Err(invalid("an IPv6 address in the URL has no closing `]`"));
        };
        let host = inner[..end].to_string();
        let tail = &inner[end + 1..];
        return match tail.strip_prefix(':') {
            Some(port) => Ok((host, Some(port.to_string()))),
            None if tail.is_empty() => Ok((host, None)),
            None => Err(invalid("unexpected text after an IPv6 address in the URL")),
        };
    }
    Ok(match s.rsplit_once(':') {
        Some((h, port)) => (h.to_string(), Some(port.to_string())),
        None => (s.to_string(), None),
    })
}

fn parse_port(s: &str) -> Result<u16, DbError> {
    match s.trim().parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(invalid("the port is not a number from 1 to 65535")),
    }
}

/// Splits a `key=value` string into pairs, as libpq does: values may be single-quoted, and a
/// backslash escapes the next character.
fn parse_key_values(s: &str) -> Result<Vec<(String, String)>, DbError> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    let skip_ws = |it: &mut std::iter::Peekable<std::str::Chars>| {
        while it.peek().is_some_and(|c| c.is_whitespace()) {
            it.next();
        }
    };
    loop {
        skip_ws(&mut chars);
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        skip_ws(&mut chars);
        let known = KEYWORDS.contains(&key.as_str());
        if chars.next() != Some('=') {
            return Err(invalid(if known {
                format!("`{key}` has no `=value`")
            } else {
                format!("word {} is not a `key=value` pair", out.len() + 1)
            }));
        }
        if !known {
            return Err(invalid(format!(
                "pair {} has an unknown keyword (expected host, port, dbname, user, password, sslmode …)",
                out.len() + 1
            )));
        }
        skip_ws(&mut chars);
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            value.push(n);
                        }
                    }
                    '\'' => {
                        closed = true;
                        break;
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return Err(invalid(format!(
                    "the quoted value of `{key}` is not closed"
                )));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                chars.next();
                if c == '\\' {
                    if let Some(n) = chars.next() {
                        value.push(n);
                    }
                } else {
                    value.push(c);
                }
            }
        }
        out.push((key, value));
    }
    Ok(out)
}

/// Applies one keyword (from a `key=value` string, a URL query or a service file).
fn apply(p: &mut ConnParams, key: &str, value: &str) -> Result<(), DbError> {
    match key {
        "host" => {
            p.hosts = value
                .split(',')
                .filter(|h| !h.is_empty())
                .map(|h| {
                    if h.starts_with('/') {
                        HostSpec::Unix(h.to_string())
                    } else {
                        HostSpec::Tcp(h.to_string())
                    }
                })
                .collect();
        }
        "hostaddr" => {
            p.hostaddrs = value
                .split(',')
                .filter(|h| !h.is_empty())
                .map(|h| {
                    h.parse()
                        .map_err(|_| invalid("`hostaddr` is not an IP address"))
                })
                .collect::<Result<_, _>>()?;
        }
        "port" => {
            p.ports = value
                .split(',')
                .filter(|x| !x.is_empty())
                .map(parse_port)
                .collect::<Result<_, _>>()?;
        }
        "user" => p.user = Some(value.to_string()),
        "password" => p.password = Some(value.as_bytes().to_vec()),
        "dbname" => p.dbname = Some(value.to_string()),
        "options" => p.options = Some(value.to_string()),
        "sslmode" => p.tls = Some(ssl_mode(value)?),
        "connect_timeout" => {
            let secs: u64 = value
                .trim()
                .parse()
                .map_err(|_| invalid("`connect_timeout` is not a whole number of seconds"))?;
            // libpq: 0 means wait for ever, which schemadrift never does; at least 2 s
            if secs > 0 {
                p.connect_timeout = Some(Duration::from_secs(secs.clamp(2, 3600)));
            }
        }
        "service" => return Err(invalid("`service` may only appear in a key=value string")),
        // certificate files are not read: verify-* uses the web PKI roots; the rest are
        // tuning or authentication options schemadrift sets itself or does not need
        k if KEYWORDS.contains(&k) => {}
        _ => {
            return Err(invalid(
                "a URL parameter has an unknown name (expected sslmode, password, user, options …)",
            ));
        }
    }
    Ok(())
}

pub(crate) fn ssl_mode(v: &str) -> Result<Tls, DbError> {
    Ok(match v {
        "disable" | "allow" => Tls::Disable,
        "prefer" => Tls::Encrypt { required: false },
        "require" => Tls::Encrypt { required: true },
        "verify-ca" | "verify-full" => Tls::Verify,
        _ => {
            return Err(invalid(
                "sslmode must be disable, allow, prefer, require, verify-ca or verify-full",
            ));
        }
    })
}

/// The pairs of a service in the connection service file (`PGSERVICEFILE`, else
/// `~/.pg_service.conf`, else `PGSYSCONFDIR/pg_service.conf`), as libpq reads it.
fn read_service(name: &str) -> Result<Vec<(String, String)>, DbError> {
    let mut files = Vec::new();
    if let Ok(f) = std::env::var("PGSERVICEFILE") {
        files.push(std::path::PathBuf::from(f));
    } else if let Ok(home) = std::env::var("HOME") {
        files.push(std::path::Path::new(&home).join(".pg_service.conf"));
    }
    if let Ok(d) = std::env::var("PGSYSCONFDIR") {
        files.push(std::path::Path::new(&d).join("pg_service.conf"));
    }
    for f in files {
        let Ok(text) = crate::sources::fsread::read_to_string_bounded(&f, 1 << 20) else {
            continue;
        };
        if let Some(pairs) = service_pairs(&text, name) {
            return Ok(pairs);
        }
    }
    Err(invalid(
        "the service is not defined in the connection service file (PGSERVICEFILE or ~/.pg_service.conf)",
    ))
}

/// The pairs of section `[name]` of a service file, or None when there is no such section.
fn service_pairs(text: &str, name: &str) -> Option<Vec<(String, String)>> {
    let mut in_section = false;
    let mut found = false;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(sec) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_section = sec.trim() == name;
            found |= in_section;
            continue;
        }
        if in_section && let Some((k, v)) = line.split_once('=') {
            let k = k.trim();
            if KEYWORDS.contains(&k) && k != "service" {
                pairs.push((k.to_string(), v.trim().to_string()));
            }
        }
    }
    found.then_some(pairs)
}

/// A connection string safe to print: the parts that locate the server, never the password
/// nor anything that could not be read.
pub fn redact(s: &str) -> String {
    match parse(s) {
        Ok(p) => display(&p),
        Err(_) => "<connection string>".to_string(),
    }
}

/// `postgres://user@host:port/db`, without password.
pub(crate) fn display(p: &ConnParams) -> String {
    let host = match p.hosts.first() {
        Some(HostSpec::Tcp(h)) if h.contains(':') => format!("[{h}]"),
        Some(HostSpec::Tcp(h)) | Some(HostSpec::Unix(h)) => h.clone(),
        None => "localhost".into(),
    };
    let mut out = String::from("postgres://");
    if let Some(u) = &p.user {
        out.push_str(u);
        out.push('@');
    }
    out.push_str(&host);
    if let Some(port) = p.ports.first() {
        out.push_str(&format!(":{port}"));
    }
    if let Some(db) = &p.dbname {
        out.push('/');
        out.push_str(db);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(s: &str) -> Option<String> {
        parse(s).expect(s).password_text()
    }

    #[test]
    fn url_forms() {
        let p = parse("  POSTGRES://u:p%40ss@h:6543/db?sslmode=require  ").unwrap();
        assert_eq!(p.user.as_deref(), Some("u"));
        assert_eq!(p.password.as_deref(), Some(&b"p@ss"[..]));
        assert_eq!(p.hosts, vec![HostSpec::Tcp("h".into())]);
        assert_eq!(p.ports, vec![6543]);
        assert_eq!(p.dbname.as_deref(), Some("db"));
        assert_eq!(p.tls, Some(Tls::Encrypt { required: true }));
        assert_eq!(pw("postgresql://u:a/b@c@h/db").as_deref(), Some("a/b@c"));
        assert_eq!(pw("postgres://u:a?b@h/db").as_deref(), Some("a?b"));
        assert_eq!(
            pw("postgres://u@h/db?password=zz&sslmode=disable").as_deref(),
            Some("zz")
        );
        let p = parse("postgres://h/db?user=a@b").unwrap();
        assert_eq!(p.user.as_deref(), Some("a@b"));
        assert_eq!(p.hosts, vec![HostSpec::Tcp("h".into())]);
        let p = parse("postgres://[::1]:5433,h2/db").unwrap();
        assert_eq!(
            p.hosts,
            vec![HostSpec::Tcp("::1".into()), HostSpec::Tcp("h2".into())]
        );
        let p = parse("postgres://%2Fvar%2Frun%2Fpostgresql/db").unwrap();
        assert_eq!(p.hosts, vec![HostSpec::Unix("/var/run/postgresql".into())]);
    }

    #[test]
    fn key_value_forms() {
        let p = parse(" host=h port=5433 user=u password='a b\\'c' dbname = db ").unwrap();
        assert_eq!(p.password.as_deref(), Some(&b"a b'c"[..]));
        assert_eq!(p.dbname.as_deref(), Some("db"));
        assert_eq!(p.ports, vec![5433]);
        assert_eq!(pw("password=x\\ y host=h").as_deref(), Some("x y"));
        assert!(parse("host=h password='open").is_err());
    }

    #[test]
    fn refusals_never_echo() {
        for s in [
            "postgress://u:SECRETX@h/db",
            "postgre://u:SECRETX@h/db",
            "host=h SECRETX",
            "host=h SECRETX=1",
            "postgres://u:p@h:SECRETX/db",
            "postgres://u:p@h/db?SECRETX=1",
            "postgres://u:p@h/db?sslmode=SECRETX",
            "host=h port=SECRETX",
        ] {
            let e = parse(s).expect_err(s).to_string();
            assert!(!e.contains("SECRETX"), "{s}: {e}");
            assert!(!redact(s).contains("SECRETX"), "{s}");
        }
        assert_eq!(looks("postgress://x"), Looks::OtherScheme);
        assert_eq!(looks("migrations/"), Looks::NotConnection);
        assert_eq!(looks("host=x"), Looks::KeyValue);
        assert_eq!(looks("./host=x"), Looks::NotConnection);
    }

    #[test]
    fn service_file() {
        let text = "# comment\n[other]\nhost=x\n[mydb]\nhost = h\nport=6000\npassword=pw\n";
        let pairs = service_pairs(text, "mydb").unwrap();
        let mut p = ConnParams::default();
        for (k, v) in pairs {
            apply(&mut p, &k, &v).unwrap();
        }
        assert_eq!(p.hosts, vec![HostSpec::Tcp("h".into())]);
        assert_eq!(p.ports, vec![6000]);
        assert_eq!(p.password_text().as_deref(), Some("pw"));
        assert!(service_pairs(text, "nope").is_none());
    }

    #[test]
    fn redaction() {
        assert_eq!(
            redact("postgres://u:secret@h:1/db?password=x"),
            "postgres://u@h:1/db"
        );
        assert_eq!(
            redact("host=h user=u password=secret dbname=d"),
            "postgres://u@h/d"
        );
    }
}
