use super::*;
use crate::{entities, quotes, sentences};
use sitrep_core::{Bound, Modality, SourceKind};

/// A given quantity: `(phrase, value, bound, unit, counted)`.
type Given<'a> = (&'a str, f64, Bound, Option<&'a str>, Option<&'a str>);

/// A document whose entities and quotes come from the real annotators and
/// whose quantities are given.
fn doc(text: &str, quantities: &[Given]) -> (Document, Vec<Span>) {
    let sentences = sentences::split(text);
    let mut d = Document { text: text.into(), outlet: Some("The Test Gazette".into()), published: Some("2024-10-30".into()), ..Default::default() };
    d.entities = entities::find(text, &sentences);
    d.quotes = quotes::find(text, &sentences, &d.entities);
    for &(phrase, value, bound, unit, counted) in quantities {
        let start = text.find(phrase).unwrap_or_else(|| panic!("{phrase:?} not in text"));
        d.quantities.push(Quantity {
            start,
            end: start + phrase.len(),
            text: phrase.into(),
            kind: if unit == Some("USD") { "money".into() } else { "count".into() },
            value: Some(value),
            bound,
            unit: unit.map(Into::into),
            counted: counted.map(Into::into),
            ..Default::default()
        });
    }
    (d, sentences)
}

fn only(text: &str, q: Given) -> Claim {
    let (d, s) = doc(text, &[q]);
    let claims = find(&d, &s);
    claims.into_iter().find(|c| c.quantity.is_some()).expect("a numeric claim")
}

const TROOPS: Option<&str> = Some("person");

#[test]
fn unattributed_figure_belongs_to_the_outlet() {
    let c = only("About 8,000 soldiers are now near the border.", ("About 8,000", 8000.0, Bound::Approx, TROOPS, Some("soldiers")));
    assert_eq!(c.source.kind, SourceKind::Author);
    assert_eq!(c.source.name.as_deref(), Some("The Test Gazette"));
    assert_eq!(c.modality, Modality::Estimated);
    assert_eq!(c.subject, "troops");
    assert_eq!(c.frame.counted.as_deref(), Some("troops"));
    assert_eq!(c.time.as_deref(), Some("2024-10-30"));
}

#[test]
fn according_to_names_the_source() {
    let c = only(
        "Up to 12,000 troops could be sent by December, according to the Defence Ministry.",
        ("Up to 12,000", 12000.0, Bound::AtMost, TROOPS, Some("troops")),
    );
    assert_eq!(c.source.name.as_deref(), Some("Defence Ministry"));
    assert_eq!(c.source.kind, SourceKind::Government);
    assert_eq!(c.modality, Modality::Possible, "{c:?}");
}

#[test]
fn estimated_by_names_the_source() {
    let c = only(
        "The force was originally estimated by the Pentagon at 10,000 soldiers.",
        ("10,000", 10000.0, Bound::Exact, TROOPS, Some("soldiers")),
    );
    assert_eq!(c.source.name.as_deref(), Some("Pentagon"));
    assert_eq!(c.modality, Modality::Estimated);
}

#[test]
fn condition_makes_the_whole_sentence_hypothetical() {
    let text = "If the final count reaches 12,000 soldiers, the payments would total $288 million.";
    let (d, s) = doc(
        text,
        &[("12,000", 12000.0, Bound::Exact, TROOPS, Some("soldiers")), ("$288 million", 288e6, Bound::Exact, Some("USD"), None)],
    );
    let claims = find(&d, &s);
    assert_eq!(claims.len(), 2);
    assert!(claims.iter().all(|c| c.modality == Modality::Hypothetical), "{claims:?}");
    assert_eq!(claims[1].subject, "pay", "the money word of the sentence");
}

#[test]
fn a_modal_counts_only_in_its_own_clause() {
    let text = "More than 3,000 soldiers have arrived, officials in Seoul said, adding that the total could reach 12,000 troops by December.";
    let (d, s) = doc(
        text,
        &[("More than 3,000", 3000.0, Bound::AtLeast, TROOPS, Some("soldiers")), ("12,000", 12000.0, Bound::Exact, TROOPS, Some("troops"))],
    );
    let claims = find(&d, &s);
    let arrived = &claims[0];
    let total = &claims[1];
    assert_eq!(arrived.modality, Modality::Asserted, "{arrived:?}");
    assert_eq!(arrived.subject, "troops deployed");
    assert_eq!(total.modality, Modality::Possible, "{total:?}");
    assert_eq!(arrived.source.kind, SourceKind::Government, "{:?}", arrived.source);
}

#[test]
fn denial_and_hearsay() {
    let c = only(
        "Moscow denied that 5,000 sailors had been sent.",
        ("5,000", 5000.0, Bound::Exact, TROOPS, Some("sailors")),
    );
    assert_eq!(c.modality, Modality::Denied);
    let c = only(
        "As many as 100,000 troops could eventually follow, unnamed sources told a news agency.",
        ("As many as 100,000", 100000.0, Bound::AtMost, TROOPS, Some("troops")),
    );
    assert_eq!(c.source.kind, SourceKind::Anonymous, "{:?}", c.source);
    assert_eq!(c.modality, Modality::Possible);
    let c = only(
        "Each recruit is reportedly paid $2,000 a month.",
        ("$2,000", 2000.0, Bound::Exact, Some("USD"), None),
    );
    assert_eq!(c.modality, Modality::Reported);
    assert_eq!(c.subject, "pay");
}

#[test]
fn a_figure_inside_a_quote_is_the_speakers() {
    let text = "\"We counted at least 400 wounded men,\" said Maria Ionescu, a nurse at the field hospital.";
    let c = only(text, ("at least 400", 400.0, Bound::AtLeast, TROOPS, Some("wounded men")));
    assert_eq!(c.source.name.as_deref(), Some("Maria Ionescu"));
    assert_eq!(c.source.kind, SourceKind::Person);
    assert!(c.source.entity.is_some());
    let (d, s) = doc(text, &[]);
    let statements = find(&d, &s);
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0].subject, "We counted at least 400 wounded men");
    assert_eq!(statements[0].quantity, None);
}

#[test]
fn source_kinds_from_words_and_entity_kinds() {
    use sitrep_core::EntityKind;
    assert_eq!(source::kind_of("South Korea's presidential office", None), SourceKind::Government);
    assert_eq!(source::kind_of("a Western diplomat", None), SourceKind::Anonymous);
    assert_eq!(source::kind_of("Reuters", Some(EntityKind::Organization)), SourceKind::Media);
    assert_eq!(source::kind_of("Ukraine", Some(EntityKind::Place)), SourceKind::Government);
    assert_eq!(source::kind_of("Hanbit Policy Forum", Some(EntityKind::Organization)), SourceKind::Organization);
    assert_eq!(source::kind_of("Defense Secretary Jane Roe", Some(EntityKind::Person)), SourceKind::Person);
}

#[test]
fn claims_are_numbered_in_text_order() {
    let text = "Officials said 300 people fled. Later, 40 more left.";
    let (d, s) = doc(text, &[("40", 40.0, Bound::Exact, TROOPS, None), ("300", 300.0, Bound::Exact, TROOPS, Some("people"))]);
    let claims = find(&d, &s);
    let ids: Vec<_> = claims.iter().map(|c| (c.id.as_str(), c.value)).collect();
    assert_eq!(ids[0], ("c1", Some(300.0)));
    assert!(claims.iter().all(|c| c.text.len() < text.len()));
}

#[test]
fn a_clause_reaches_a_bounded_number_of_tokens_each_way() {
    // A run of figures with no clause mark: each figure's clause and scope
    // stop CLAUSE_REACH tokens away, so reading every figure stays linear.
    let text = "figures ".repeat(400) + "end.";
    let a = Analysis::new(&text);
    let ctx = Sentence::of(&a, Span::new(0, text.len()));
    let middle = text.len() / 2;
    for (start, end) in [ctx.clause(middle), ctx.scope(middle)] {
        let words = ctx.tokens_in(start, end).len();
        assert!(words <= 2 * CLAUSE_REACH, "{words} tokens");
        assert!(words >= CLAUSE_REACH, "{words} tokens");
    }
    // A short sentence keeps its whole length.
    let short = "About 10,000 soldiers were sent.";
    let a = Analysis::new(short);
    let ctx = Sentence::of(&a, Span::new(0, short.len()));
    assert_eq!(ctx.clause(6), (0, short.len()));
}

#[test]
fn the_module_word_lists_load_from_data() {
    assert!(TOLL_NOUNS.contains(&" toll") && PEOPLE_TALLIES.contains(&" count") && !PEOPLE_TALLIES.contains(&" toll"));
    assert!(CLAUSE_PAIRS.contains(&"and that") && LOSS_NOUNS.contains(&"losses") && DEPLOY_STEMS.contains(&"deploy"));
    assert!(subject::is_past_form("deployed") && subject::is_past_form("sent") && !subject::is_past_form("troops") && !subject::is_past_form("bed"));
}

#[test]
fn the_month_is_no_hedge_but_the_modal_is() {
    let month = only("In May the plant cut 400 jobs.", ("400", 400.0, Bound::Exact, None, Some("jobs")));
    assert_eq!(month.modality, Modality::Asserted, "{month:?}");
    let modal = only("The plant may cut 400 jobs.", ("400", 400.0, Bound::Exact, None, Some("jobs")));
    assert_eq!(modal.modality, Modality::Possible, "{modal:?}");
}

#[test]
fn a_sum_takes_the_money_word_of_its_clause_in_its_subject_form() {
    let c = only("Last year the port earned $3 million.", ("$3 million", 3e6, Bound::Exact, Some("USD"), None));
    assert!(c.subject.starts_with("pay"), "{:?}", c.subject);
    let c = only("The repairs had no set budget, and taxes brought in $9 million.", ("$9 million", 9e6, Bound::Exact, Some("USD"), None));
    assert!(c.subject.starts_with("tax"), "{:?}", c.subject);
}
