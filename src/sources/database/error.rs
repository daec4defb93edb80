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
        return DbError::new(kind, Some(target), detail);
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
