//! Screening behaviour on small hand-made entities: schemas, dates, weak
//! aliases, vessels, identifiers, the OFAC mode and explanations.

use denylist_matching::{
    compare, Algorithm, Matcher, Query, Rule, ScreenOptions, DEFAULT_THRESHOLD,
};
use denylist_model::{
    Entity, FuzzyDate, Identifier, IdentifierKind, Name, NameKind, NameStrength, PartialDate,
    Schema,
};
use proptest::prelude::*;

fn person(id: &str, name: &str, dob: Option<&str>) -> Entity {
    let mut e = Entity::new(id.parse().expect("id"), Schema::Person);
    e.names.push(Name::primary(name));
    if let Some(d) = dob {
        e.birth_dates.push(FuzzyDate::on(d.parse().expect("date")));
    }
    e
}

fn org(id: &str, schema: Schema, name: &str) -> Entity {
    let mut e = Entity::new(id.parse().expect("id"), schema);
    e.names.push(Name::primary(name));
    e
}

fn matcher() -> Matcher {
    let mut assad = person("us-ofac-sdn:12735", "AL-ASSAD, Bashar", Some("1965-09-11"));
    assad.names.push(Name::new(
        "ASSAD, Bashar",
        NameKind::Aka,
        NameStrength::Strong,
    ));
    let hafez = person("us-ofac-sdn:29279", "AL-ASSAD, Hafez", Some("2001-12-04"));
    let mut bnc = org(
        "us-ofac-sdn:306",
        Schema::Organization,
        "BANCO NACIONAL DE CUBA",
    );
    bnc.names
        .push(Name::new("BNC", NameKind::Aka, NameStrength::Weak));
    let mut yare = org("us-ofac-sdn:28017", Schema::Vessel, "YARE");
    yare.identifiers
        .push(Identifier::new(IdentifierKind::Imo, "IMO", "9187629"));
    let margarita = org("us-ofac-sdn:26647", Schema::Vessel, "MARGARITA 1");
    let dandong = org(
        "us-ofac-sdn:21737",
        Schema::Organization,
        "DANDONG RICH EARTH TRADING CO., LTD.",
    );
    let kim = person("us-ofac-sdn:20157", "KIM, Jong Un", Some("1984-01-08"));
    Matcher::build(vec![assad, hafez, bnc, yare, margarita, dandong, kim])
}

fn top(m: &Matcher, q: &Query) -> Option<(String, f64)> {
    m.screen(q, &ScreenOptions::default())
        .first()
        .map(|h| (h.entity_id.to_string(), h.score))
}

#[test]
fn matcher_is_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Matcher>();
}

#[test]
fn reordered_person_name_matches_below_one() {
    let m = matcher();
    let (id, score) = top(
        &m,
        &Query::new("Bashar al-Assad").with_schema(Schema::Person),
    )
    .expect("hit");
    assert_eq!(id, "us-ofac-sdn:12735");
    assert!(score > 0.9 && score < 1.0, "{score}");
    let (_, exact) = top(
        &m,
        &Query::new("AL-ASSAD, Bashar").with_schema(Schema::Person),
    )
    .expect("hit");
    assert_eq!(exact, 1.0);
}

#[test]
fn hafez_is_not_bashar() {
    let m = matcher();
    let hits = m.screen(
        &Query::new("Hafez al-Assad").with_schema(Schema::Person),
        &ScreenOptions::default(),
    );
    assert_eq!(hits[0].entity_id.as_str(), "us-ofac-sdn:29279");
    assert!(
        hits.iter()
            .all(|h| h.entity_id.as_str() != "us-ofac-sdn:12735"),
        "{hits:?}"
    );
}

#[test]
fn person_query_never_matches_a_company() {
    let m = matcher();
    let q = Query::new("Banco Nacional de Cuba").with_schema(Schema::Person);
    assert!(m.screen(&q, &ScreenOptions::default()).is_empty());
    let q = Query::new("Banco Nacional de Cuba");
    assert_eq!(
        top(&m, &q).map(|t| t.0),
        Some("us-ofac-sdn:306".to_string())
    );
}

#[test]
fn disjoint_birth_year_suppresses_an_exact_name() {
    let m = matcher();
    let q = Query::new("AL-ASSAD, Bashar")
        .with_schema(Schema::Person)
        .with_birth_date(PartialDate::year(1990));
    assert_eq!(top(&m, &q), None);
    let q = Query::new("Bashar al-Assad")
        .with_schema(Schema::Person)
        .with_birth_date(PartialDate::day(1965, 9, 11).expect("date"));
    let hits = m.screen(&q, &ScreenOptions::default());
    let f = hits[0]
        .explanation
        .features
        .iter()
        .find(|f| f.note == "same date");
    assert!(
        f.is_some_and(|f| f.effect > 0.0),
        "{:?}",
        hits[0].explanation
    );
}

#[test]
fn weak_alias_stays_weak() {
    let m = matcher();
    let hits = m.screen(&Query::new("BNC"), &ScreenOptions::default());
    assert_eq!(hits[0].entity_id.as_str(), "us-ofac-sdn:306");
    assert!(
        hits[0].score <= 0.85 && hits[0].score >= DEFAULT_THRESHOLD,
        "{}",
        hits[0].score
    );
    assert!(hits[0].explanation.name_kind.contains("weak"));
    // Fuzzy matches of a weak alias do not count.
    assert!(m
        .screen(&Query::new("BNK"), &ScreenOptions::default())
        .is_empty());
}

#[test]
fn vessel_prefix_spellings_all_match() {
    let m = matcher();
    for name in ["M/V YARE", "MV YARE", "M.V. YARE", "YARE"] {
        let q = Query::new(name).with_schema(Schema::Vessel);
        assert_eq!(
            top(&m, &q).map(|t| t.0),
            Some("us-ofac-sdn:28017".to_string()),
            "{name}"
        );
    }
}

#[test]
fn vessel_numbers_must_agree() {
    let m = matcher();
    let q = Query::new("MARGARITA 2").with_schema(Schema::Vessel);
    assert_eq!(top(&m, &q), None);
    let q = Query::new("M/V MARGARITA 1").with_schema(Schema::Vessel);
    assert_eq!(
        top(&m, &q).map(|t| t.0),
        Some("us-ofac-sdn:26647".to_string())
    );
}

#[test]
fn imo_number_is_decisive_whatever_the_name() {
    let m = matcher();
    let q = Query::new("Some Boat").with_identifier("IMO 9187629");
    let (id, score) = top(&m, &q).expect("hit by IMO");
    assert_eq!(id, "us-ofac-sdn:28017");
    assert!(score >= 0.99);
}

#[test]
fn legal_form_spelling_does_not_matter() {
    let m = matcher();
    let q =
        Query::new("DANDONG RICH EARTH TRADING COMPANY LIMITED").with_schema(Schema::Organization);
    let (id, score) = top(&m, &q).expect("hit");
    assert_eq!(id, "us-ofac-sdn:21737");
    assert!(score > 0.9, "{score}");
}

#[test]
fn ofac_mode_scores_like_sanctions_list_search() {
    let m = matcher();
    let opts = ScreenOptions {
        algorithm: Algorithm::Ofac,
        ..ScreenOptions::default()
    };
    let hits = m.screen(&Query::new("KIM JONG UN"), &opts);
    assert_eq!(hits[0].entity_id.as_str(), "us-ofac-sdn:20157");
    assert_eq!(hits[0].score, 1.0);
    assert_eq!(hits[0].explanation.algorithm, "ofac-sls");
}

#[test]
fn explanation_names_rules_and_tokens() {
    let (score, why) = compare("Bahsar al-Assad", "AL-ASSAD, Bashar", Some(Schema::Person));
    assert!(score > DEFAULT_THRESHOLD && score < 1.0, "{score}");
    assert!(
        why.tokens
            .iter()
            .any(|t| t.rule == Rule::Edit && t.list == "bashar"),
        "{why:?}"
    );
    let text = why.to_text();
    assert!(text.contains("bahsar") && text.contains("edit 1"), "{text}");
}

proptest! {
    #[test]
    fn scores_stay_in_unit_interval(a in "\\PC{0,40}", b in "\\PC{0,40}") {
        let (s, _) = compare(&a, &b, None);
        prop_assert!((0.0..=1.0).contains(&s), "{s}");
    }

    #[test]
    fn screening_any_text_never_panics(a in "\\PC{0,60}") {
        let m = matcher();
        for h in m.screen(&Query::new(a), &ScreenOptions { threshold: 0.0, ..ScreenOptions::default() }) {
            prop_assert!((0.0..=1.0).contains(&h.score));
        }
    }
}
