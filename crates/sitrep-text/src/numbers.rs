//! The one number formatter: digits in groups of three, the way reports and
//! tests write a figure ("12,000", "12.000", "12 000").

/// `digits` (an integer's decimal digits, no sign) with `sep` between groups
/// of three, counted from the right: ("12000", ",") → "12,000".
pub fn grouped(digits: &str, sep: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.char_indices() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn groups_of_three_from_the_right() {
        assert_eq!(grouped("0", ","), "0");
        assert_eq!(grouped("999", ","), "999");
        assert_eq!(grouped("1000", ","), "1,000");
        assert_eq!(grouped("12000", "."), "12.000");
        assert_eq!(grouped("1234567", "\u{202f}"), "1\u{202f}234\u{202f}567");
        assert_eq!(grouped("", ","), "");
    }

    proptest::proptest! {
        #[test]
        fn removing_the_separator_gives_the_digits_back(n in 0u128..u128::MAX) {
            let digits = n.to_string();
            let g = grouped(&digits, ",");
            proptest::prop_assert_eq!(g.replace(',', ""), digits.clone());
            proptest::prop_assert!(g.split(',').skip(1).all(|part| part.len() == 3));
            proptest::prop_assert!((1..=3).contains(&g.split(',').next().unwrap_or("").len()));
        }
    }
}
