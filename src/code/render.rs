//! `schemadrift refs`: the references found, as text or JSON.

use super::{CodeRef, Scan};
use serde::Serialize;

/// One line per reference (`path:line:col  kind  object  usage`), then a summary.
pub fn text(scan: &Scan) -> String {
    let mut out = String::new();
    let width = scan
        .refs
        .iter()
        .map(|r| r.location.display().len())
        .max()
        .unwrap_or(0);
    for r in &scan.refs {
        out.push_str(&format!(
            "{:width$}  {:<12}  {}{}  ({})\n",
            r.location.display(),
            r.kind.as_str(),
            object(r),
            via(r),
            r.usage.as_str(),
        ));
    }
    for e in &scan.errors {
        out.push_str(&format!("warning: {e}\n"));
    }
    out.push_str(&format!(
        "{} references in {} files ({} scanned)\n",
        scan.refs.len(),
        scan.refs
            .iter()
            .map(|r| r.location.path.as_deref())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        scan.files_scanned,
    ));
    out
}

fn object(r: &CodeRef) -> String {
    if r.usage == super::Usage::Prisma {
        return match &r.column {
            Some(c) => format!("prisma.{}.{}", r.table, c),
            None => format!("prisma.{}", r.table),
        };
    }
    r.object_name()
}

fn via(r: &CodeRef) -> String {
    if r.via.is_empty() {
        String::new()
    } else {
        format!(" (embedded in {})", r.via.join(" → "))
    }
}

#[derive(Serialize)]
struct JsonScan<'a> {
    schemadrift: &'static str,
    files_scanned: usize,
    files_parsed: usize,
    refs: &'a [CodeRef],
    errors: &'a [String],
}

/// `{"schemadrift": "1", "files_scanned": …, "refs": [...], "errors": [...]}`.
pub fn json(scan: &Scan) -> String {
    let doc = JsonScan {
        schemadrift: "1",
        files_scanned: scan.files_scanned,
        files_parsed: scan.files_parsed,
        refs: &scan.refs,
        errors: &scan.errors,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
