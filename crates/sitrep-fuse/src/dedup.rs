//! Near-duplicates and syndicated copies.
//!
//! Each text becomes a set of hashed 5-word shingles (lowercase, diacritics
//! folded, punctuation ignored, so a changed headline, byline or quote mark
//! does not matter). A 128-value MinHash signature is cut into 64 bands of 2
//! rows; documents sharing a band are candidates (locality-sensitive
//! hashing: the work grows with the number of documents, not its square,
//! and a pair with Jaccard similarity 0.2 is still found 93% of the time).
//! Every candidate pair is then checked on the exact shingle sets:
//!
//! - near-duplicate: Jaccard similarity ≥ 0.8;
//! - containment (a shortened reprint of an agency story, or a copy with
//!   an extra paragraph): at least 80% of the smaller document's shingles
//!   are in the larger one, and the smaller one has at least
//!   [`MIN_CONTAINED`] shingles, so that a one-line text is not "contained"
//!   in every story that quotes it.
//!
//! Duplicate pairs are joined into groups; the original of a group is its
//! earliest published document (undated ones last), then the first in input
//! order, and every other member points at it.

use std::collections::HashMap;

use rayon::prelude::*;
use sitrep_core::Document;

use crate::text::{find, fold, hash_str, mix, words};

const SHINGLE: usize = 5;
const HASHES: usize = 128;
const ROWS: usize = 2;
const NEAR_DUPLICATE: f64 = 0.8;
const CONTAINED: f64 = 0.8;
/// The fewest shingles (about this many words) a text needs to count as
/// contained in a longer one.
pub const MIN_CONTAINED: usize = 20;
/// In a bucket with more members than this (boilerplate, or one story
/// copied many times) each member is only paired with the first ones.
const MAX_BUCKET_PAIRS: usize = 4;
/// Candidate pairs verified per parallel batch.
const VERIFY_BATCH: usize = 4096;

/// The shingles of one text, sorted and unique, and its MinHash signature.
pub struct Fingerprint {
    shingles: Vec<u64>,
    signature: Vec<u64>,
}

/// The sorted, unique hashed word shingles of `text`. A text shorter than a
/// shingle is one shingle of all its words; an empty text has none.
pub fn shingles(text: &str) -> Vec<u64> {
    let ws: Vec<u64> = words(text).into_iter().map(|w| hash_str(&fold(w))).collect();
    if ws.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<u64> = if ws.len() < SHINGLE {
        vec![shingle_hash(&ws)]
    } else {
        ws.windows(SHINGLE).map(shingle_hash).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn shingle_hash(ws: &[u64]) -> u64 {
    ws.iter().fold(0x9e37_79b9_7f4a_7c15u64, |h, &w| mix(h.rotate_left(17) ^ w))
}

fn coefficients() -> [(u64, u64); HASHES] {
    let mut out = [(0, 0); HASHES];
    for (i, c) in out.iter_mut().enumerate() {
        let a = mix(i as u64 * 2 + 1) | 1;
        let b = mix(i as u64 * 2 + 2);
        *c = (a, b);
    }
    out
}

/// Fingerprint one text.
pub fn fingerprint(text: &str, coef: &[(u64, u64); HASHES]) -> Fingerprint {
    let shingles = shingles(text);
    let mut signature = vec![u64::MAX; HASHES];
    for &s in &shingles {
        for (slot, &(a, b)) in signature.iter_mut().zip(coef.iter()) {
            let h = a.wrapping_mul(s).wrapping_add(b);
            if h < *slot {
                *slot = h;
            }
        }
    }
    Fingerprint { shingles, signature }
}

/// Jaccard similarity and containment (of the smaller set in the larger)
/// of two sorted, unique sets.
fn overlap(a: &[u64], b: &[u64]) -> (f64, f64) {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    let smaller = a.len().min(b.len());
    if union == 0 || smaller == 0 {
        return (0.0, 0.0);
    }
    (common as f64 / union as f64, common as f64 / smaller as f64)
}

/// Whether the signatures leave room for a copy: the share of equal MinHash
/// values estimates the Jaccard similarity, which a copy keeps above the
/// lowest value containment allows (the smaller text wholly inside the
/// larger), less three standard errors of the estimate.
fn may_be_copy(a: &Fingerprint, b: &Fingerprint) -> bool {
    let (small, large) = {
        let (x, y) = (a.shingles.len() as f64, b.shingles.len() as f64);
        (x.min(y), x.max(y))
    };
    let lowest = CONTAINED * small / (large + (1.0 - CONTAINED) * small);
    let margin = 3.0 * (lowest * (1.0 - lowest) / HASHES as f64).sqrt();
    let equal = a.signature.iter().zip(&b.signature).filter(|(x, y)| x == y).count();
    equal as f64 / HASHES as f64 >= lowest - margin
}

/// Whether two fingerprinted texts are copies of one another.
fn is_copy(a: &Fingerprint, b: &Fingerprint) -> bool {
    if !may_be_copy(a, b) {
        return false;
    }
    let (jaccard, containment) = overlap(&a.shingles, &b.shingles);
    let smaller = a.shingles.len().min(b.shingles.len());
    jaccard >= NEAR_DUPLICATE || (smaller >= MIN_CONTAINED && containment >= CONTAINED)
}

/// For each document, the index of the document it copies (`None` for
/// originals and documents without copies).
pub fn duplicates(docs: &[Document]) -> Vec<Option<usize>> {
    let coef = coefficients();
    let prints: Vec<Fingerprint> = docs.par_iter().map(|d| fingerprint(&d.text, &coef)).collect();

    // LSH buckets: (band, band hash) → documents.
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (i, p) in prints.iter().enumerate() {
        if p.shingles.is_empty() {
            continue;
        }
        for (band, rows) in p.signature.chunks(ROWS).enumerate() {
            let h = rows.iter().fold(band as u64, |h, &r| mix(h ^ r));
            buckets.entry((band, h)).or_default().push(i);
        }
    }
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for members in buckets.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in members.iter().take(k.min(MAX_BUCKET_PAIRS)) {
                pairs.push((b as u32, a as u32));
            }
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();

    // Verify candidates in parallel batches, skipping pairs an earlier
    // batch already put in one group (a story reprinted a thousand times
    // costs a thousand checks, not a million).
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    for batch in pairs.chunks(VERIFY_BATCH) {
        let open: Vec<(usize, usize)> = batch
            .iter()
            .map(|&(a, b)| (a as usize, b as usize))
            .filter(|&(a, b)| find(&mut parent, a) != find(&mut parent, b))
            .collect();
        let copies: Vec<(usize, usize)> =
            open.into_par_iter().filter(|&(a, b)| is_copy(&prints[a], &prints[b])).collect();
        for (a, b) in copies {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    // The original of each group: earliest publication date, then input order.
    let mut original: HashMap<usize, usize> = HashMap::new();
    for i in 0..docs.len() {
        let root = find(&mut parent, i);
        let best = original.entry(root).or_insert(i);
        if order_key(&docs[i], i) < order_key(&docs[*best], *best) {
            *best = i;
        }
    }
    (0..docs.len())
        .map(|i| {
            let o = original[&find(&mut parent, i)];
            (o != i).then_some(o)
        })
        .collect()
}

/// Dated documents first, earliest first, then input order.
fn order_key(doc: &Document, index: usize) -> (bool, &str, usize) {
    match doc.published.as_deref().filter(|p| crate::text::is_date(p)) {
        Some(p) => (false, p, index),
        None => (true, "", index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, published: Option<&str>, text: &str) -> Document {
        Document {
            id: id.into(),
            published: published.map(String::from),
            text: text.into(),
            ..Default::default()
        }
    }

    const STORY: &str = "Flood waters rose across the river valley overnight, forcing about \
        four thousand residents from their homes as emergency crews opened shelters in three \
        schools. The regional governor said the dam upstream held but warned that more rain was \
        expected on Thursday. Rescue boats reached two villages cut off by the water, and the \
        army sent trucks with drinking water and blankets. Officials said the damage to roads \
        and bridges would take weeks to assess, and farmers feared for the harvest.";

    #[test]
    fn copies_point_at_the_earliest_original() {
        let extra = format!("{STORY} A local charity has opened a donation line for the families.");
        let short = STORY.split(". ").take(3).collect::<Vec<_>>().join(". ");
        let docs = vec![
            doc("reprint", Some("2024-05-03"), &extra),
            doc("agency", Some("2024-05-02"), STORY),
            doc("excerpt", None, &short),
            doc("other", Some("2024-05-01"), "Voters in the northern province went to the polls on Sunday to choose a new assembly, with turnout reported to be higher than at the last election four years ago, according to the electoral commission."),
        ];
        assert_eq!(duplicates(&docs), vec![Some(1), None, Some(1), None]);
    }

    #[test]
    fn same_date_falls_back_to_input_order_and_case_does_not_matter() {
        let upper = STORY.to_uppercase();
        let docs = vec![doc("a", Some("2024-05-02"), &upper), doc("b", Some("2024-05-02"), STORY)];
        assert_eq!(duplicates(&docs), vec![None, Some(0)]);
    }

    #[test]
    fn short_and_empty_texts_are_not_contained() {
        let docs = vec![
            doc("a", None, STORY),
            doc("b", None, "Flood waters rose across the river valley overnight."),
            doc("c", None, ""),
            doc("d", None, ""),
        ];
        assert_eq!(duplicates(&docs), vec![None, None, None, None]);
    }

    #[test]
    fn overlap_counts() {
        assert_eq!(overlap(&[1, 2, 3, 4], &[3, 4, 5, 6]), (2.0 / 6.0, 0.5));
        assert_eq!(overlap(&[], &[1]), (0.0, 0.0));
    }
}
