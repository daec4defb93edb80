//! Errors of the database source: one line that names host, port, user and database, and
//! never the password.

use std::fmt;

/// Where a connection went: everything a person needs to recognize the target, no secret.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub dbname: String,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "host {} port {} user {} database {}",
            self.host, self.port, self.user, self.dbname
        )
    }
}

/// What went wrong, coarsely: callers may branch on it, the message says the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbErrorKind {
    /// The connection string cannot be read.
    InvalidUrl,
    /// No server answered (refused, unknown host, unreachable network).
    Unreachable,
    /// The server refused the credentials.
    Authentication,
    /// The database does not exist.
    MissingDatabase,
    /// TLS could not be set up (server without TLS, bad certificate).
    Tls,
    /// The connect timeout or the statement timeout ran out.
    Timeout,
    /// The role may not read something introspection needs.
    Permission,
    /// Any other error while reading the catalogs.
    Query,
}

impl DbErrorKind {
    fn what(self) -> &'static str {
        match self {
            DbErrorKind::InvalidUrl => "invalid connection string",
            DbErrorKind::Unreachable => "cannot reach the database server",
            DbErrorKind::Authentication => "the server refused the login",
            DbErrorKind::MissingDatabase => "the database does not exist",
            DbErrorKind::Tls => "TLS failed",
            DbErrorKind::Timeout => "timed out",
            DbErrorKind::Permission => "permission denied",
            DbErrorKind::Query => "reading the catalogs failed",
        }
    }
}

#[derive(Clone, Debug)]
pub struct DbError {
    pub kind: DbErrorKind,
    /// None only when the connection string could not be read at all.
    pub target: Option<Target>,
    /// The underlying cause, with any password scrubbed.
    pub detail: String,
    /// The server's SQLSTATE, when the server answered with an error (five ASCII bytes:
    /// kept inline so the error stays small).
    pub(crate) sqlstate: Option<[u8; 5]>,
}

impl DbError {
    pub(crate) fn new(
        kind: DbErrorKind,
        target: Option<&Target>,
        detail: impl Into<String>,
    ) -> Self {
        DbError {
            kind,
            target: target.cloned(),
            detail: one_line(&detail.into()),
            sqlstate: None,
        }
    }

    /// The server's SQLSTATE, when the server answered with an error.
    pub fn sqlstate(&self) -> Option<&str> {
        self.sqlstate
            .as_ref()
            .and_then(|c| std::str::from_utf8(c).ok())
    }

    pub(crate) fn with_sqlstate(mut self, code: &str) -> Self {
        self.sqlstate = code.as_bytes().try_into().ok();
        self
    }

    /// Whether the catalogs changed under the read: a relation dropped between the snapshot
    /// and the lookup of its definition (`could not open relation with OID`, `cache lookup
    /// failed`, XX000; or 42P01 on a regclass). A fresh snapshot usually reads cleanly.
    pub fn is_concurrent_ddl(&self) -> bool {
        match self.sqlstate() {
            Some("XX000") => {
                self.detail.contains("could not open relation with OID")
                    || self.detail.contains("cache lookup failed")
            }
            Some("42P01") => self.kind == DbErrorKind::Query,
            _ => false,
        }
    }

    /// Removes a secret from the detail text (a server may echo parts of what it was sent).
    pub(crate) fn scrub(mut self, secret: Option<&str>) -> Self {
        if let Some(s) = secret.filter(|s| !s.is_empty()) {
            self.detail = self.detail.replace(s, "********");
        }
        self
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Some(t) => write!(f, "database ({t}): {}", self.kind.what())?,
            None => write!(f, "database: {}", self.kind.what())?,
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for DbError {}

/// Classifies an error of the client library.
pub(crate) fn classify(e: &tokio_postgres::Error, target: &Target, timeout_hint: bool) -> DbError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let kind = match code {
            "28P01" | "28000" => DbErrorKind::Authentication,
            "3D000" => DbErrorKind::MissingDatabase,
            "57014" => DbErrorKind::Timeout,
            "42501" => DbErrorKind::Permission,
            c if c.starts_with("08") => DbErrorKind::Unreachable,
            _ => DbErrorKind::Query,
        };
        let mut detail = format!("{} ({code})", db.message());
        if kind == DbErrorKind::Timeout {
            detail.push_str("; raise it with --statement-timeout");
        }
        return DbError::new(kind, Some(target), detail).with_sqlstate(code);
    }
    // Not a server error: walk the chain for the cause.
    let mut text = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        let t = s.to_string();
        if !text.contains(&t) {
            text.push_str(": ");
            text.push_str(&t);
        }
        src = s.source();
    }
    let lower = text.to_ascii_lowercase();
    let kind = if lower.contains("tls") || lower.contains("certificate") || lower.contains("ssl") {
        DbErrorKind::Tls
    } else if lower.contains("timed out") || lower.contains("timeout") || timeout_hint {
        DbErrorKind::Timeout
    } else if lower.contains("password") || lower.contains("authentication") {
        DbErrorKind::Authentication
    } else if lower.contains("refused")
        || lower.contains("unreachable")
        || lower.contains("resolve")
        || lower.contains("lookup")
        || lower.contains("connect")
        || lower.contains("closed")
        || lower.contains("reset")
    {
        DbErrorKind::Unreachable
    } else {
        DbErrorKind::Query
    };
    DbError::new(kind, Some(target), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_ddl_classification() {
        let with =
            |kind, code: &str, detail: &str| DbError::new(kind, None, detail).with_sqlstate(code);
        assert!(
            with(
                DbErrorKind::Query,
                "XX000",
                "could not open relation with OID 16402 (XX000)"
            )
            .is_concurrent_ddl()
        );
        assert!(
            with(
                DbErrorKind::Query,
                "XX000",
                "cache lookup failed for relation 1 (XX000)"
            )
            .is_concurrent_ddl()
        );
        assert!(with(DbErrorKind::Query, "42P01", "relation does not exist").is_concurrent_ddl());
        assert!(!with(DbErrorKind::Query, "XX000", "something else").is_concurrent_ddl());
        assert!(!with(DbErrorKind::Permission, "42501", "denied").is_concurrent_ddl());
        assert!(!DbError::new(DbErrorKind::Timeout, None, "x").is_concurrent_ddl());
    }
}
