//! A refused statement's cascade is one problem. When PostgreSQL refuses a `CREATE`, what
//! fails later only because that object is missing (a trigger on the function that was not
//! created, a policy on the table that was not created) is reported under the refused
//! statement — "fails because … at file:line was refused" — at low severity, not as more
//! criticals: fixing the root fixes them.

use super::PgError;

/// What a refused `CREATE` would have made: its kind family and its unqualified name.
#[derive(Clone, Debug)]
pub(crate) struct RefusedObject {
    family: Family,
    name: String,
    /// The refused statement, as its finding names it (`file:line`, the statement's label).
    pub(crate) at: String,
    pub(crate) label: String,
    pub(crate) file: String,
    pub(crate) line: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// Tables, views, sequences (42P01 "relation … does not exist").
    Relation,
    /// Functions and procedures (42883).
    Function,
    /// Types (42704).
    Type,
    /// Schemas (3F000).
    Schema,
}

/// At most this many refused objects are remembered (a file of refusals stays linear).
const MAX_REMEMBERED: usize = 10_000;

/// The object a `CREATE …` statement's text defines, when it is one of the families a later
/// statement can miss.
fn created_object(text: &str) -> Option<(Family, String)> {
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty());
    if !words.next()?.eq_ignore_ascii_case("create") {
        return None;
    }
    let mut family = None;
    for w in words.by_ref() {
        let l = w.to_ascii_lowercase();
        family = match l.as_str() {
            "or" | "replace" | "unlogged" | "temp" | "temporary" | "materialized" | "recursive"
            | "global" | "local" | "constraint" => continue,
            "table" | "view" | "sequence" => Some(Family::Relation),
            "function" | "procedure" => Some(Family::Function),
            "type" | "domain" => Some(Family::Type),
            "schema" => Some(Family::Schema),
            _ => return None,
        };
        break;
    }
    let family = family?;
    let mut name = words.next()?;
    if name.eq_ignore_ascii_case("if") {
        // IF NOT EXISTS
        words.next()?;
        words.next()?;
        name = words.next()?;
    }
    let last = split_last(name)?;
    (!last.is_empty()).then_some((family, last))
}

/// The last part of a possibly qualified, possibly quoted name, folded as PostgreSQL folds it.
fn split_last(name: &str) -> Option<String> {
    let name = name.trim_end_matches([';', ',']);
    let parts = crate::catalog::split_qualified(name);
    parts.last().map(|p| p.trim_matches('"').to_string())
}

/// The object an error says is missing: its family and unqualified name.
fn missing_object(e: &PgError) -> Option<(Family, String)> {
    let family = match e.code {
        "42P01" => Family::Relation,
        "42883" => Family::Function,
        "42704" => Family::Type,
        "3F000" => Family::Schema,
        _ => return None,
    };
    let m = &e.message;
    let name = match family {
        // `function public.f(uuid) does not exist`
        Family::Function => {
            let rest = m.strip_prefix("function ")?;
            let end = rest.find('(')?;
            rest[..end].trim().to_string()
        }
        _ => {
            let open = m.find('"')?;
            let close = open + 1 + m[open + 1..].find('"')?;
            m[open + 1..close].trim_end_matches("[]").to_string()
        }
    };
    split_last(&name).map(|n| (family, n))
}

#[derive(Default)]
pub(crate) struct Refusals {
    objects: Vec<RefusedObject>,
}

impl Refusals {
    pub(crate) fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Remembers what a refused statement would have created.
    pub(crate) fn note(&mut self, statement: &str, file: &str, line: u32, label: &str) {
        if self.objects.len() >= MAX_REMEMBERED {
            return;
        }
        if let Some((family, name)) = created_object(statement) {
            self.objects.push(RefusedObject {
                family,
                name,
                at: format!("{file}:{line}"),
                label: label.to_string(),
                file: file.to_string(),
                line,
            });
        }
    }

    /// The refused statement a later error follows from: the last one that would have
    /// created the object the error misses.
    pub(crate) fn root_of(&self, e: &PgError) -> Option<&RefusedObject> {
        let (family, name) = missing_object(e)?;
        self.objects
            .iter()
            .rev()
            .find(|o| o.family == family && o.name == name)
    }

    /// An object of that name was created since: it is no longer missing because of the
    /// refusal.
    pub(crate) fn forget_created(&mut self, statement: &str) {
        if self.objects.is_empty() {
            return;
        }
        if let Some((family, name)) = created_object(statement) {
            self.objects
                .retain(|o| !(o.family == family && o.name == name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_create_defines() {
        let f = created_object;
        assert_eq!(
            f("CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger"),
            Some((Family::Function, "touch".into()))
        );
        assert_eq!(
            f("create table if not exists \"Orders\" (id int)"),
            Some((Family::Relation, "Orders".into()))
        );
        assert_eq!(
            f("CREATE TYPE app.mood AS ENUM ('a')"),
            Some((Family::Type, "mood".into()))
        );
        assert_eq!(f("CREATE INDEX i ON t (a)"), None);
        assert_eq!(f("ALTER TABLE t ADD c int"), None);
    }

    #[test]
    fn a_later_error_finds_its_root() {
        let mut r = Refusals::default();
        r.note(
            "CREATE FUNCTION public.touch() RETURNS trigger AS $$ $$",
            "a.sql",
            3,
            "`CREATE FUNCTION`",
        );
        let e = PgError::new("42883", "function public.touch() does not exist");
        assert_eq!(r.root_of(&e).map(|o| o.at.as_str()), Some("a.sql:3"));
        let other = PgError::new("42883", "function public.other() does not exist");
        assert!(r.root_of(&other).is_none());
        let rel = PgError::new("42P01", "relation \"public.touch\" does not exist");
        assert!(r.root_of(&rel).is_none(), "another family");
        r.forget_created("CREATE FUNCTION touch() RETURNS trigger");
        assert!(r.root_of(&e).is_none());
    }
}
