//! How alike two names are, for rename detection: singular/plural, common prefixes, shared
//! words, a few synonyms that schemas use for the same thing, and edit distance.

/// Words that schemas use interchangeably for one concept (a rename from one to another is
/// common: `person_id` → `user_id`, `invited_by` → `added_by`, `org` → `organization`).
const SYNONYMS: &[&[&str]] = &[
    &["user", "person", "member", "account", "profile", "owner"],
    &["invited", "added", "created", "inserted"],
    &[
        "org",
        "organization",
        "organisation",
        "tenant",
        "company",
        "workspace",
    ],
    &["updated", "modified", "changed"],
    &["deleted", "removed", "archived"],
    &["desc", "description", "details"],
    &["active", "enabled"],
];

/// `orgs` → `org`, `categories` → `category`, `statuses` → `status`.
pub fn singular(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if let Some(stem) = w.strip_suffix("ies")
        && stem.len() > 1
    {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes", "uses"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.ends_with('s') && !w.ends_with("ss") && w.len() > 2 {
        return w[..w.len() - 1].to_string();
    }
    w
}

/// The words of an identifier: `role_name` → [role, name], `userId` → [user, id].
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter().map(|w| singular(&w)).collect()
}

fn synonyms(a: &str, b: &str) -> bool {
    a == b
        || SYNONYMS
            .iter()
            .any(|group| group.contains(&a) && group.contains(&b))
}

/// 0..1: how likely two names are the same thing renamed.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    if a.eq_ignore_ascii_case(b) {
        return 1.0;
    }
    let (wa, wb) = (words(a), words(b));
    if wa == wb {
        return 0.95; // plural/singular or case style
    }
    // shared words, counting synonyms as shared
    let shared = wa
        .iter()
        .filter(|x| wb.iter().any(|y| synonyms(x, y)))
        .count();
    let total = wa.len().max(wb.len()).max(1);
    let overlap = shared as f64 / total as f64;
    // one name is the other plus a word (`role` / `role_name`, `org` / `org_config`)
    let contained = !wa.is_empty()
        && !wb.is_empty()
        && (wa.iter().all(|x| wb.iter().any(|y| synonyms(x, y)))
            || wb.iter().all(|y| wa.iter().any(|x| synonyms(x, y))));
    let by_words = if contained {
        0.6 + 0.3 * overlap
    } else {
        0.8 * overlap
    };
    let edit = strsim::normalized_levenshtein(&a.to_ascii_lowercase(), &b.to_ascii_lowercase());
    by_words.max(edit * 0.8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_case_styles_are_the_same_name() {
        assert!(name_similarity("org", "orgs") >= 0.95);
        assert!(name_similarity("category", "categories") >= 0.95);
        assert!(name_similarity("userId", "user_id") >= 0.95);
    }

    #[test]
    fn renamed_columns_score_high() {
        assert!(name_similarity("person_id", "user_id") >= 0.75);
        assert!(name_similarity("role_name", "role") >= 0.6);
        assert!(name_similarity("invited_by", "added_by") >= 0.75);
    }

    #[test]
    fn unrelated_names_score_low() {
        assert!(name_similarity("first_name", "validation_category") < 0.4);
        assert!(name_similarity("settings", "created_at") < 0.4);
        assert!(name_similarity("email", "phone") < 0.4);
    }
}
