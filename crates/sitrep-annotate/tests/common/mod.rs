//! Helpers shared by the integration tests.

/// `n` with its digits in groups of three joined by `sep` (12000, "," →
/// "12,000").
pub fn grouped(n: u64, sep: &str) -> String {
    sitrep_text::numbers::grouped(&n.to_string(), sep)
}
