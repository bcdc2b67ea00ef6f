//! sitrep's fuse stage (being built).
