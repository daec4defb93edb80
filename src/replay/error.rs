//! A statement refused the way PostgreSQL refuses it.

/// PostgreSQL's answer to a statement it refuses: SQLSTATE and message in its own wording.
#[derive(Clone, Debug)]
pub struct PgError {
    pub code: &'static str,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    /// Byte offset in the file of the offending part (defaults to the statement start).
    pub offset: Option<usize>,
    /// The object the failing statement is about (`public.events`), for the finding.
    pub object: Option<String>,
    /// SQL that would make the statement succeed, where known.
    pub fix: Option<String>,
}

impl PgError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        PgError {
            code,
            message: message.into(),
            detail: None,
            hint: None,
            offset: None,
            object: None,
            fix: None,
        }
    }

    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }

    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }

    pub fn at(mut self, offset: usize) -> Self {
        if self.offset.is_none() {
            self.offset = Some(offset);
        }
        self
    }

    pub fn object(mut self, o: impl Into<String>) -> Self {
        if self.object.is_none() {
            self.object = Some(o.into());
        }
        self
    }

    pub fn fix(mut self, sql: impl Into<String>) -> Self {
        self.fix = Some(sql.into());
        self
    }
}

impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (SQLSTATE {})", self.message, self.code)
    }
}

/// A SQLSTATE read at run time (a real server's) as the `&'static str` [`PgError`] carries:
/// each distinct code is kept once.
pub(crate) fn intern_code(code: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static CODES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = CODES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(c) = set.get(code) {
        return c;
    }
    let c: &'static str = Box::leak(code.to_string().into_boxed_str());
    set.insert(c);
    c
}
