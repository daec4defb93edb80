//! Code references: the tables, columns and functions the application's code asks for.

use crate::findings::RuleDoc;

/// Rules this stage reports.
pub const RULE_DOCS: &[RuleDoc] = &[];
