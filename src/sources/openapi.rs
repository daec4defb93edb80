//! The PostgREST OpenAPI (Swagger 2.0) document as a source: tables, views and columns.
