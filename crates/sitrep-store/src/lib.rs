//! sitrep's store (being built).
