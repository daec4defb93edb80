//! Python, parsed with tree-sitter: supabase-py chains and raw SQL handed to psycopg /
//! asyncpg / SQLAlchemy.

use super::postgrest::RawRef;

/// Extracts references from a Python file. Returns whether the parser gave up.
pub fn extract(_text: &str, _out: &mut Vec<RawRef>) -> bool {
    false
}
