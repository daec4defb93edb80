//! `dump`: the catalog as canonical SQL (filled in with the replay).
