//! 55P04 "unsafe use of new value": an enum value added by `ALTER TYPE … ADD VALUE` cannot be
//! used before the transaction that added it commits. PostgreSQL finds the use when a literal
//! is coerced to the enum type (a cast, a column default, a comparison with a column of the
//! type, a value inserted into such a column); those forms are recognised here.

use super::{Ctx, PgError, Replay};
use crate::catalog::QualName;
use crate::sql::{self, Kind, Node};

struct Tok {
    kind: Kind,
    text: String,
    upper: String,
    offset: usize,
}

fn tokens(node: &Node, ctx: &Ctx) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    // the parser gives `::` as two COLON tokens; the checks below read it as one
    for t in raw_tokens(node, ctx) {
        if t.text == ":"
            && let Some(prev) = out.last_mut()
            && prev.text == ":"
            && prev.offset + 1 == t.offset
        {
            prev.text = "::".into();
            prev.upper = "::".into();
            continue;
        }
        out.push(t);
    }
    out
}

fn raw_tokens(node: &Node, ctx: &Ctx) -> Vec<Tok> {
    node.descendants_with_tokens()
        .filter_map(|t| t.into_token())
        .filter(|t| !sql::is_trivia(t.kind()))
        .map(|t| Tok {
            kind: t.kind(),
            text: t.text().to_string(),
            upper: t.text().to_ascii_uppercase(),
            offset: ctx.base + usize::from(t.text_range().start()),
        })
        .collect()
}

fn is_string(t: &Tok) -> bool {
    matches!(t.kind, Kind::STRING | Kind::ESC_STRING)
}

fn is_name(t: &Tok) -> bool {
    t.kind == Kind::IDENT
        || (t.text.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !t.text.is_empty()
            && !t.text.starts_with(|c: char| c.is_ascii_digit()))
}

/// The dotted name that starts at `i` (`a`, `a.b`), as folded parts, and the index after it.
fn name_at(toks: &[Tok], i: usize) -> Option<(Vec<String>, usize)> {
    let mut parts = Vec::new();
    let mut j = i;
    loop {
        let t = toks.get(j).filter(|t| is_name(t))?;
        parts.push(crate::catalog::fold_ident(&t.text));
        j += 1;
        if toks.get(j).is_some_and(|t| t.text == ".") {
            j += 1;
        } else {
            return Some((parts, j));
        }
    }
}

/// The dotted name that ends just before `end` (exclusive), as folded parts.
fn name_before(toks: &[Tok], end: usize) -> Option<Vec<String>> {
    let mut j = end.checked_sub(1)?;
    let mut parts = Vec::new();
    loop {
        let t = toks.get(j).filter(|t| is_name(t))?;
        parts.insert(0, crate::catalog::fold_ident(&t.text));
        if j >= 2 && toks[j - 1].text == "." {
            j -= 2;
        } else {
            return Some(parts);
        }
    }
}

impl Replay {
    fn type_named(&self, parts: &[String], ty: &QualName) -> bool {
        self.lookup_type(parts).is_some_and(|q| q == *ty)
    }

    /// Whether a table named in the statement has a column `col` of type `ty`.
    fn column_of_type(&self, toks: &[Tok], col: &str, ty: &QualName) -> bool {
        let want = format!("{}.{}", ty.schema, ty.name);
        let names: std::collections::BTreeSet<String> = toks
            .iter()
            .filter(|t| is_name(t))
            .map(|t| crate::catalog::fold_ident(&t.text))
            .collect();
        self.catalog.schemas.values().any(|s| {
            s.tables.iter().any(|(tname, t)| {
                names.contains(tname)
                    && t.columns
                        .iter()
                        .any(|c| c.name == col && c.data_type.trim_end_matches("[]") == want)
            })
        })
    }

    /// The type of column number `n` of the INSERT target, if the statement is an INSERT.
    fn inserted_column_type(&self, toks: &[Tok], lit: usize) -> Option<String> {
        if toks.first()?.upper != "INSERT" {
            return None;
        }
        let into = toks.iter().position(|t| t.upper == "INTO")?;
        let (table, mut j) = name_at(toks, into + 1)?;
        if toks.get(j).is_some_and(|t| t.upper == "AS") {
            j += 2;
        }
        let mut cols: Vec<String> = Vec::new();
        if toks.get(j).is_some_and(|t| t.text == "(") {
            j += 1;
            while let Some(t) = toks.get(j) {
                if t.text == ")" {
                    break;
                }
                if t.text != "," {
                    cols.push(crate::catalog::fold_ident(&t.text));
                }
                j += 1;
            }
            j += 1;
        }
        if toks.get(j).is_none_or(|t| t.upper != "VALUES") || lit <= j {
            return None;
        }
        // position of the literal inside its row
        let (mut depth, mut item) = (0, 0);
        for t in &toks[j + 1..lit] {
            match t.text.as_str() {
                "(" => {
                    depth += 1;
                    if depth == 1 {
                        item = 0;
                    }
                }
                ")" => depth -= 1,
                "," if depth == 1 => item += 1,
                _ => {}
            }
        }
        if depth != 1 {
            return None;
        }
        let q = self.lookup_relation(&table)?;
        let t = self.catalog.table(&q)?;
        let col = match cols.get(item) {
            Some(c) => t.columns.iter().find(|x| x.name == *c)?,
            None if cols.is_empty() => t.columns.get(item)?,
            None => return None,
        };
        Some(col.data_type.clone())
    }

    /// Refuses a statement that uses an enum value added in the open transaction.
    pub(crate) fn check_new_enum_use(&self, node: &Node, ctx: &Ctx) -> Result<(), PgError> {
        if self.tx.new_enum_values.is_empty() {
            return Ok(());
        }
        let toks = tokens(node, ctx);
        for (i, t) in toks.iter().enumerate() {
            if !is_string(t) {
                continue;
            }
            let value = sql::string_value(&t.text);
            for (ty, label) in self.tx.new_enum_values.iter().rev() {
                if *label != value {
                    continue;
                }
                if self.literal_is_of_type(&toks, i, ty) {
                    let q = crate::catalog::quote_ident;
                    let shown = if self.search_path.contains(&ty.schema) {
                        q(&ty.name)
                    } else {
                        format!("{}.{}", q(&ty.schema), q(&ty.name))
                    };
                    return Err(PgError::new(
                        "55P04",
                        format!("unsafe use of new value \"{label}\" of enum type {shown}"),
                    )
                    .hint("New enum values must be committed before they can be used.")
                    .at(t.offset));
                }
            }
        }
        Ok(())
    }

    fn literal_is_of_type(&self, toks: &[Tok], i: usize, ty: &QualName) -> bool {
        let want = format!("{}.{}", ty.schema, ty.name);
        // 'v'::t
        if toks.get(i + 1).is_some_and(|t| t.text == "::")
            && let Some((parts, _)) = name_at(toks, i + 2)
            && self.type_named(&parts, ty)
        {
            return true;
        }
        // CAST('v' AS t)
        if i >= 2
            && toks[i - 1].text == "("
            && toks[i - 2].upper == "CAST"
            && toks.get(i + 1).is_some_and(|t| t.upper == "AS")
            && let Some((parts, _)) = name_at(toks, i + 2)
            && self.type_named(&parts, ty)
        {
            return true;
        }
        // a column of type t … DEFAULT 'v' (CREATE TABLE, ADD COLUMN)
        if i >= 1 && toks[i - 1].upper == "DEFAULT" {
            let mut j = i - 1;
            while j > 0 {
                j -= 1;
                if matches!(toks[j].text.as_str(), "," | "(") || toks[j].upper == "COLUMN" {
                    break;
                }
                if let Some((parts, _)) = name_at(toks, j)
                    && self.type_named(&parts, ty)
                {
                    return true;
                }
            }
            // ALTER COLUMN c SET DEFAULT 'v'
            if i >= 3
                && toks[i - 2].upper == "SET"
                && let Some(col) = name_before(toks, i - 2).and_then(|p| p.last().cloned())
                && self.column_of_type(toks, &col, ty)
            {
                return true;
            }
        }
        // col = 'v', col <> 'v', col IN ('a', 'v')
        let mut k = i;
        while k >= 2 && toks[k - 1].text == "," && is_string(&toks[k - 2]) {
            k -= 2;
        }
        let op_end = if k >= 2 && toks[k - 1].text == "(" && toks[k - 2].upper == "IN" {
            k - 2
        } else if k >= 1 && matches!(toks[k - 1].text.as_str(), "=" | "<>" | "!=") {
            k - 1
        } else {
            0
        };
        if op_end > 0
            && let Some(col) = name_before(toks, op_end).and_then(|p| p.last().cloned())
            && self.column_of_type(toks, &col, ty)
        {
            return true;
        }
        // 'v' = col
        if toks
            .get(i + 1)
            .is_some_and(|t| matches!(t.text.as_str(), "=" | "<>" | "!="))
            && let Some((parts, _)) = name_at(toks, i + 2)
            && let Some(col) = parts.last()
            && self.column_of_type(toks, col, ty)
        {
            return true;
        }
        // INSERT INTO t (…) VALUES (…, 'v', …)
        self.inserted_column_type(toks, i)
            .is_some_and(|d| d.trim_end_matches("[]") == want)
    }
}
