//! The live PostgreSQL database as a source: read-only introspection into the catalog.
