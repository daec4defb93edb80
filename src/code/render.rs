//! `schemadrift refs`: the references found, as text or JSON.
