//! Explainable multi-script name matching for sanctions screening.
//!
//! A [`Matcher`] is built once from the listed [`Entity`]s of one or more
//! list versions. [`Matcher::screen`] takes a [`Query`] (a name in any
//! script and order, optionally a schema, birth date, countries and
//! identifiers) and returns ranked [`Match`]es, each with an
//! [`Explanation`]: which list name matched, how every token was aligned
//! (exact, transliteration, nickname, initial, edit, phonetic, skeleton,
//! join/split, legal form) with its weight and contribution, and one line
//! per date, country, identifier or schema feature.
//!
//! How it works: names are normalised and transliterated to Latin, split
//! into classified tokens (words, particles, titles, legal forms, numbers,
//! initials); a candidate index finds names sharing exact tokens,
//! transliteration keys, phonetic codes, consonant skeletons, nickname
//! groups, deletion neighbours or joined/split token pairs, rarest tokens
//! first; the best candidates are rescored by a one-to-one token alignment
//! weighted by rarity. Scores are graded in [0, 1]: 1.0 only for an
//! identical normalised name. [`Algorithm::Ofac`] instead emulates OFAC's
//! Sanctions List Search.
//!
//! ```
//! use denylist_matching::{compare, DEFAULT_THRESHOLD};
//! use denylist_model::Schema;
//!
//! let (score, why) = compare("Vladimir Putin", "PUTIN, Vladimir Vladimirovich", Some(Schema::Person));
//! assert!(score > DEFAULT_THRESHOLD && score < 1.0, "{score}");
//! assert!(why.to_text().contains("putin"));
//!
//! let (score, _) = compare("Hafez al-Assad", "Bashar al-Assad", Some(Schema::Person));
//! assert!(score < DEFAULT_THRESHOLD, "{score}");
//! ```
//!
//! Screening a list:
//!
//! ```
//! use denylist_matching::{Matcher, Query, ScreenOptions};
//! use denylist_model::{Entity, Name, Schema};
//!
//! let mut e = Entity::new("us-ofac-sdn:48060".parse()?, Schema::Person);
//! e.names.push(Name::primary("DILIAN, Tal Jonathan"));
//! let matcher = Matcher::build(vec![e]);
//! let hits = matcher.screen(&Query::new("Tal Dilian").with_schema(Schema::Person), &ScreenOptions::default());
//! assert_eq!(hits[0].entity_id.as_str(), "us-ofac-sdn:48060");
//! # Ok::<(), denylist_model::ModelError>(())
//! ```

mod explain;
mod index;
mod matcher;
mod name;
mod ofac;
mod query;
mod score;
pub mod text;

pub use explain::{Explanation, Feature, FeatureKind, Rule, TokenMatch, Unmatched};
pub use matcher::Matcher;
pub use query::{Algorithm, Match, Query, ScreenOptions, DEFAULT_THRESHOLD};

#[cfg(doc)]
use denylist_model::Entity;
use denylist_model::Schema;

use crate::name::{prepare_forms, TokenInfo};
use crate::score::{class_weight, score_name, Context, Tok};

/// Compares two names without a list (no rarity statistics: every word
/// weighs the same). `schema` applies to both names. Returns the name score
/// and its explanation.
pub fn compare(a: &str, b: &str, schema: Option<Schema>) -> (f64, Explanation) {
    let fa = prepare_forms(a, schema);
    let fb = prepare_forms(b, schema);
    let mut best: Option<(f64, Explanation)> = None;
    for x in &fa {
        let xa: Vec<TokenInfo> = x
            .tokens
            .iter()
            .map(|t| TokenInfo::with_legal(&t.text, t.class, t.legal_class))
            .collect();
        let ta: Vec<Tok<'_>> = xa
            .iter()
            .zip(&x.tokens)
            .map(|(info, t)| Tok {
                info,
                weight: class_weight(t.class) * if t.family { 1.2 } else { 1.0 },
                vid: None,
            })
            .collect();
        for y in &fb {
            let xb: Vec<TokenInfo> = y
                .tokens
                .iter()
                .map(|t| TokenInfo::with_legal(&t.text, t.class, t.legal_class))
                .collect();
            let tb: Vec<Tok<'_>> = xb
                .iter()
                .zip(&y.tokens)
                .map(|(info, t)| Tok {
                    info,
                    weight: class_weight(t.class) * if t.family { 1.2 } else { 1.0 },
                    vid: None,
                })
                .collect();
            let ctx = Context {
                abjad: x.abjad,
                person: schema.is_none_or(|s| s == Schema::Person),
            };
            let ns = score_name(&ta, &tb, ctx, x.normalized == y.normalized, true, 0.0, None);
            if best.as_ref().is_none_or(|(s, _)| ns.score > *s) {
                let exp = Explanation {
                    query_name: a.to_string(),
                    matched_name: b.to_string(),
                    name_kind: "name".into(),
                    algorithm: "denylist".into(),
                    name_score: ns.score,
                    tokens: ns.tokens,
                    unmatched_query: ns.unmatched_query,
                    unmatched_list: ns.unmatched_list,
                    features: Vec::new(),
                    score: ns.score,
                };
                best = Some((ns.score, exp));
            }
        }
    }
    best.unwrap_or_else(|| {
        (
            0.0,
            Explanation {
                query_name: a.to_string(),
                matched_name: b.to_string(),
                algorithm: "denylist".into(),
                ..Explanation::default()
            },
        )
    })
}
