//! Text helpers shared by the renderers: escaping for HTML and Markdown,
//! number and date formatting, and text-fragment links.

use std::fmt::Write;

use sitrep_core::report::Precision;

/// A number written as `{:.N}` writes it (N = 0 to 3, else 1), without
/// the standard library's exact decimal expansion (which falls back on a
/// slow big-number algorithm for most plot coordinates): scaled and rounded
/// in integers. A value exactly halfway between two outputs, or too large
/// for that, is left to the standard library, so the text is the same.
pub(crate) struct Fx(pub f64);

impl std::fmt::Display for Fx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = f.precision().filter(|&p| p <= 3).unwrap_or(1);
        let v = self.0;
        let scale = [1.0, 10.0, 100.0, 1000.0][digits];
        let scaled = v.abs() * scale;
        if !v.is_finite() || scaled >= 1e9 || (scaled - scaled.trunc() - 0.5).abs() < 1e-6 {
            return write!(f, "{v:.digits$}");
        }
        let n = scaled.round() as u64;
        let sign = if v.is_sign_negative() { "-" } else { "" };
        let unit = 10u64.pow(digits as u32);
        match digits {
            0 => write!(f, "{sign}{n}"),
            _ => write!(f, "{sign}{}.{:0digits$}", n / unit, n % unit),
        }
    }
}

/// Appends `s` to `out` with the HTML special characters escaped; safe in
/// element content and in quoted attribute values.
pub fn esc_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// `s` with the HTML special characters escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    esc_into(&mut out, s);
    out
}

/// `s` as inline Markdown text: one line, with every character that could
/// start inline markup backslash-escaped (so `|` cannot break a table, `[`
/// cannot open a link and `<` cannot open HTML). Text is never put at the
/// start of a line, so block markup (`#`, `+`) needs no escape.
pub(crate) fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A URL made safe to use as a link target: only `http`, `https` and
/// `mailto` URLs are kept (no `javascript:`), and characters that would
/// break out of a Markdown link, a Markdown table cell or an attribute are
/// percent-encoded.
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https" | "mailto") || !url.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '|' => out.push_str("%7C"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Percent-encodes `s` for a text fragment: everything but ASCII letters,
/// digits and `._~` (so `-`, `,` and `&`, which text fragments reserve, are
/// encoded too).
fn fragment_encode(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// Words of a sentence used as each end of a `textStart,textEnd` fragment.
const FRAGMENT_WORDS: usize = 5;

/// `url` with a `#:~:text=` fragment that highlights `sentence` in the
/// browser: the whole sentence when short, else its first and last words.
/// `None` when the URL is not a web link.
pub(crate) fn text_fragment_url(url: &str, sentence: &str) -> Option<String> {
    let base = safe_url(url.split('#').next().unwrap_or(url))?;
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.is_empty() {
        return Some(base);
    }
    let mut out = base;
    out.push_str("#:~:text=");
    if words.len() <= 2 * FRAGMENT_WORDS {
        fragment_encode(&mut out, &words.join(" "));
    } else {
        fragment_encode(&mut out, &words[..FRAGMENT_WORDS].join(" "));
        out.push(',');
        fragment_encode(&mut out, &words[words.len() - FRAGMENT_WORDS..].join(" "));
    }
    Some(out)
}

/// Thousands separators on an integer's digits.
fn group(int: u128) -> String {
    sitrep_text::numbers::grouped(&int.to_string(), ",")
}

/// `v` with at most `decimals` decimals, trailing zeros trimmed.
fn trimmed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A number as a reader writes it: "12,000", "1.28 million", "2.5", "0.004".
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "?".into();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        if a >= scale {
            return format!("{sign}{} {word}", trimmed(a / scale, 2));
        }
    }
    if a >= 1.0 {
        let r = (a * 100.0).round() / 100.0;
        let whole = r.trunc();
        let frac = trimmed(r - whole, 2);
        format!("{sign}{}{}", group(whole as u128), frac.strip_prefix('0').unwrap_or(""))
    } else if a == 0.0 {
        "0".into()
    } else {
        let decimals = (2 - a.log10().floor() as i32).clamp(0, 12) as usize;
        format!("{sign}{}", trimmed(a, decimals))
    }
}

/// A short number for axis ticks: "500", "20,000", "1.5M", "3B".
pub(crate) fn short_num(v: f64) -> String {
    if !v.is_finite() {
        return "?".into();
    }
    let a = v.abs();
    let sign = if v < 0.0 { "-" } else { "" };
    for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M")] {
        if a >= scale {
            return format!("{sign}{}{suffix}", trimmed(a / scale, 2));
        }
    }
    num(v)
}

/// A unit as a suffix of a figure: `%` for percent, nothing for counts of
/// people, else the unit id or currency code after a space.
pub(crate) fn unit_suffix(unit: Option<&str>, per: Option<&str>) -> String {
    let mut s = match unit {
        None | Some("person") | Some("people") | Some("") => String::new(),
        Some("percent") => "%".into(),
        Some(u) => format!(" {u}"),
    };
    if let Some(p) = per.filter(|p| !p.is_empty()) {
        s.push('/');
        s.push_str(p);
    }
    s
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An ISO date as a reader writes it: `2024-10-23` → "23 Oct 2024",
/// `2024-10` → "Oct 2024", `2024-W45` → "week of 4 Nov 2024", `2024-Q3` →
/// "Q3 2024", `2024-SU` → "summer 2024", a period `A/B` as "A – B";
/// anything else is returned as given. Readers never see ISO weeks.
pub fn date(iso: &str) -> String {
    if let Some((a, b)) = iso.split_once('/') {
        return format!("{} – {}", date(a), date(b));
    }
    if let Some(label) = period_label(iso) {
        return label;
    }
    let day_part = iso.split_once('T').map_or(iso, |(d, _)| d);
    let parts: Vec<&str> = day_part.split('-').collect();
    let field = |i: usize, len: usize, max: usize| -> Option<usize> {
        let s = parts.get(i)?;
        let n: usize = (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())??;
        (1..=max).contains(&n).then_some(n)
    };
    match (field(0, 4, 9999), field(1, 2, 12), field(2, 2, 31), parts.len()) {
        (Some(y), Some(m), Some(d), 3) => format!("{d} {} {y}", MONTHS[m - 1]),
        (Some(y), Some(m), None, 2) => format!("{} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

/// "week of 4 Nov 2024", "Q3 2024", "H1 2024", "summer 2024" for ISO
/// weeks, quarters, halves and seasons.
fn period_label(iso: &str) -> Option<String> {
    let (y, rest) = iso.split_once('-')?;
    let year: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
    let n = || rest.get(1..).and_then(|n| n.parse::<u32>().ok());
    match rest.chars().next()? {
        'W' => {
            let monday = chrono::NaiveDate::from_isoywd_opt(year, n()?, chrono::Weekday::Mon)?;
            Some(format!("week of {}", date(&monday.format("%Y-%m-%d").to_string())))
        }
        'Q' if (1..=4).contains(&n()?) => Some(format!("Q{} {year}", n()?)),
        'H' if (1..=2).contains(&n()?) => Some(format!("H{} {year}", n()?)),
        _ => {
            let season = ["SP", "SU", "FA", "WI"].iter().position(|s| *s == rest)?;
            Some(format!("{} {year}", ["spring", "summer", "autumn", "winter"][season]))
        }
    }
}

/// A timeline date as a reader writes it, to its precision: "28 Oct 2024",
/// "week of 4 Nov 2024", "Oct 2024", "Q3 2024", "2024".
pub fn date_label(d: &str, precision: Precision) -> String {
    match precision {
        Precision::Week => format!("week of {}", date(d)),
        Precision::Quarter => match d.get(5..7).and_then(|m| m.parse::<u32>().ok()) {
            Some(m @ 1..=12) => format!("Q{} {}", (m - 1) / 3 + 1, &d[..4]),
            _ => date(d),
        },
        _ => date(d),
    }
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max.saturating_sub(1)) {
        Some((i, _)) if s[i..].chars().nth(1).is_some() => format!("{}…", s[..i].trim_end()),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_specials() {
        assert_eq!(esc(r#"<a href="x">Tom & 'Jerry'</a>"#), "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
        assert_eq!(esc("plain — text"), "plain — text");
    }

    #[test]
    fn escapes_markdown_markup() {
        assert_eq!(md("a|b *c* [d](e) <f>\nnext"), r"a\|b \*c\* \[d\](e) &lt;f\> next");
    }

    #[test]
    fn keeps_only_web_urls() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("no-scheme"), None);
        assert_eq!(safe_url("https://a.example/x y(1)").as_deref(), Some("https://a.example/x%20y%281%29"));
        assert_eq!(safe_url("HTTPS://a.example/a|b[c]").as_deref(), Some("HTTPS://a.example/a%7Cb%5Bc%5D"));
    }

    #[test]
    fn text_fragments_encode_reserved_characters() {
        let u = text_fragment_url("https://a.example/p#top", "Up to 12,000 soldiers - officials said.").unwrap();
        assert_eq!(u, "https://a.example/p#:~:text=Up%20to%2012%2C000%20soldiers%20%2D%20officials%20said.");
        let long = "one two three four five six seven eight nine ten eleven twelve";
        let u = text_fragment_url("http://b.example", long).unwrap();
        assert!(u.ends_with("#:~:text=one%20two%20three%20four%20five,eight%20nine%20ten%20eleven%20twelve"), "{u}");
    }

    #[test]
    fn formats_numbers_for_readers() {
        let cases = [
            (12_000.0, "12,000"),
            (1_280_000.0, "1.28 million"),
            (280e6, "280 million"),
            (2.5, "2.5"),
            (0.004, "0.004"),
            (-3_100.0, "-3,100"),
            (0.0, "0"),
            (999.999, "1,000"),
            (f64::NAN, "?"),
        ];
        for (v, want) in cases {
            assert_eq!(num(v), want, "{v}");
        }
        assert_eq!(short_num(1_500_000.0), "1.5M");
        assert_eq!(short_num(20_000.0), "20,000");
    }

    #[test]
    fn formats_dates_and_leaves_odd_ones_alone() {
        assert_eq!(date("2024-10-23"), "23 Oct 2024");
        assert_eq!(date("2024-11"), "Nov 2024");
        assert_eq!(date("2024"), "2024");
        assert_eq!(date("2024-13-01"), "2024-13-01");
        assert_eq!(date("2024-W43"), "week of 21 Oct 2024");
        assert_eq!(date("2024-W60"), "2024-W60");
        assert_eq!(date("2024-Q3"), "Q3 2024");
        assert_eq!(date("2024-H1"), "H1 2024");
        assert_eq!(date("2024-SU"), "summer 2024");
        assert_eq!(date("née"), "née");
        assert_eq!(date("2024-10-01/2024-12-31"), "1 Oct 2024 – 31 Dec 2024");
        assert_eq!(date("2024-10-23T14:00"), "23 Oct 2024");
    }

    #[test]
    fn timeline_dates_say_their_precision() {
        assert_eq!(date_label("2024-10-28", Precision::Day), "28 Oct 2024");
        assert_eq!(date_label("2024-11-04", Precision::Week), "week of 4 Nov 2024");
        assert_eq!(date_label("2024-10", Precision::Month), "Oct 2024");
        assert_eq!(date_label("2024-07", Precision::Quarter), "Q3 2024");
        assert_eq!(date_label("2024", Precision::Year), "2024");
        assert_eq!(date_label("odd", Precision::Quarter), "odd");
    }

    #[test]
    fn fixed_point_numbers_read_as_the_standard_library_writes_them() {
        for v in [0.0, -0.0, 0.04, -0.04, 364.0, 364.25, 364.35, 0.15, 929.96, 12.05, 1e20, -3.5, f64::NAN, 7.0 / 3.0] {
            assert_eq!(format!("{:.1}", Fx(v)), format!("{v:.1}"), "{v}");
            assert_eq!(format!("{:.0}", Fx(v)), format!("{v:.0}"), "{v}");
        }
        for i in 0..20_000 {
            let v = i as f64 * 0.0137 - 40.0;
            assert_eq!(format!("{:.1}", Fx(v)), format!("{v:.1}"), "{v}");
        }
    }

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("Pyongyang", 20), "Pyongyang");
        assert_eq!(truncate("Pyongyang", 5), "Pyon…");
        assert_eq!(truncate("ééééé", 5), "ééééé");
    }
}
