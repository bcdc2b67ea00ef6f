//! sitrep's report stage (being built).
