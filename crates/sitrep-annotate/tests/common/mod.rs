//! Helpers shared by the integration tests.

/// `n` with its digits in groups of three joined by `sep` (12000, "," →
/// "12,000").
pub fn grouped(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}
