//! `schema.prisma` as a source: the tables, columns, keys and indexes Prisma Migrate would create.

use crate::findings::RuleDoc;

/// Rules this source reports.
pub const RULE_DOCS: &[RuleDoc] = &[];
