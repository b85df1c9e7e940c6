//! Name scoring: a one-to-one alignment of query and list tokens weighted by
//! rarity (IDF) and role, with graded per-token rules, join/split of adjacent
//! tokens, and asymmetric costs for unmatched tokens (a list name often
//! carries middle names and patronymics a customer leaves out).

pub(crate) mod evidence;
pub(crate) mod token;

use crate::explain::{Rule, TokenMatch, Unmatched};
use crate::name::TokenInfo;
use crate::text::TokenClass;
use token::{edit_budget, edit_sim, osa_within, token_sim, Sim};

/// Tokens of a name beyond this are ignored.
pub(crate) const MAX_TOKENS: usize = 64;
/// Cost multiplier of an unmatched query token.
const UNMATCHED_QUERY: f64 = 1.0;
/// Cost multiplier of an unmatched list token.
const UNMATCHED_LIST: f64 = 0.3;
/// Cost multiplier of an unmatched list token in a name of two words or fewer.
const UNMATCHED_LIST_SHORT: f64 = 0.6;
/// Score multiplier when both names carry numbers and they disagree.
const NUMBER_CONFLICT: f64 = 0.7;
/// Score multiplier when the only content evidence is one fuzzy token.
const SINGLE_FUZZY: f64 = 0.88;
/// Highest score of a name that is not identical after normalisation.
const MAX_NON_IDENTICAL: f64 = 0.99;

/// A token in context: its keys, weight and role.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub info: &'a TokenInfo,
    pub weight: f64,
    /// Vocabulary id of a list token (the key of [`SimCache`]).
    pub vid: Option<u32>,
}

/// Token similarities already computed for one query rendering, keyed by
/// (query token, list vocabulary id, person context): candidates share
/// many tokens.
pub(crate) type SimCache =
    std::collections::HashMap<(u32, u32, bool), Option<Sim>, crate::index::hash::FxBuild>;

/// Weight of a token class relative to a plain word.
pub(crate) fn class_weight(class: TokenClass) -> f64 {
    match class {
        TokenClass::Word | TokenClass::Number => 1.0,
        TokenClass::Initial => 0.35,
        TokenClass::Particle => 0.3,
        TokenClass::LegalForm => 0.35,
        TokenClass::Title => 0.15,
        TokenClass::VesselPrefix => 0.1,
    }
}

/// What the scorer should know about the two names.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context {
    /// The query was written in an abjad (vowels missing).
    pub abjad: bool,
    /// The names are people's (single letters are initials).
    pub person: bool,
}

/// The scored alignment of two names.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameScore {
    pub score: f64,
    pub tokens: Vec<TokenMatch>,
    pub unmatched_query: Vec<Unmatched>,
    pub unmatched_list: Vec<Unmatched>,
    pub number_conflict: bool,
}

struct Edge {
    q: (usize, usize),
    l: (usize, usize),
    sim: Sim,
    weight: f64,
}

fn concat(a: &TokenInfo, b: &TokenInfo) -> String {
    let mut s = String::with_capacity(a.text.len() + b.text.len());
    s.push_str(&a.text);
    s.push_str(&b.text);
    s
}

/// Compares one token with two adjacent tokens written together.
fn joined_sim(one: &TokenInfo, a: &TokenInfo, b: &TokenInfo, abjad: bool) -> Option<Sim> {
    if one.len() < 5 || !matches!(one.class, TokenClass::Word | TokenClass::Particle) {
        return None;
    }
    if matches!(a.class, TokenClass::LegalForm | TokenClass::Number)
        || matches!(b.class, TokenClass::LegalForm | TokenClass::Number)
    {
        return None;
    }
    if !abjad && one.len().abs_diff(a.len() + b.len()) > 2 {
        return None;
    }
    if one.len().abs_diff(a.len() + b.len()) > 2 {
        // Only an abjad skeleton can still relate them.
        return (abjad && skeleton_concat_eq(&one.skel, &a.skel, &b.skel)).then_some(Sim {
            s: 0.82,
            rule: Rule::Join,
            edits: None,
        });
    }
    let both_len = a.len() + b.len();
    if one.len() == both_len && one.text.starts_with(&a.text) && one.text.ends_with(&b.text) {
        return Some(Sim {
            s: 0.95,
            rule: Rule::Join,
            edits: None,
        });
    }
    let budget = edit_budget(both_len.min(one.len())).min(2);
    // Character-set lower bound of the distance before building the
    // concatenation (see `letter_gap`).
    let both_mask = a.mask | b.mask;
    let gap = (one.mask & !both_mask)
        .count_ones()
        .max((both_mask & !one.mask).count_ones()) as usize;
    if gap > budget {
        return (abjad && skeleton_concat_eq(&one.skel, &a.skel, &b.skel)).then_some(Sim {
            s: 0.82,
            rule: Rule::Join,
            edits: None,
        });
    }
    let both = concat(a, b);
    if let Some(d) = osa_within(&one.text, &both, budget) {
        return Some(Sim {
            s: edit_sim(d, both_len) * 0.97,
            rule: Rule::Join,
            edits: Some(d),
        });
    }
    (abjad && skeleton_concat_eq(&one.skel, &a.skel, &b.skel)).then_some(Sim {
        s: 0.82,
        rule: Rule::Join,
        edits: None,
    })
}

/// Whether `one` is the skeleton of two words written together, from their
/// own skeletons: a vowel that begins the second word drops out and a
/// doubled consonant at the seam collapses ("abd" + "allah" ~ "bdlh").
fn skeleton_concat_eq(one: &str, a: &str, b: &str) -> bool {
    let b = b.strip_prefix(['a', 'e', 'i', 'o', 'u']).unwrap_or(b);
    let b = match (a.as_bytes().last(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x == y => &b[1..],
        _ => b,
    };
    a.len() + b.len() >= 3
        && one.len() == a.len() + b.len()
        && one.starts_with(a)
        && one.ends_with(b)
}

/// Whether `one` could be two adjacent tokens written together: the cheap
/// conditions under which [`joined_sim`] may return a similarity.
fn join_possible(one: &TokenInfo, a: &TokenInfo, b: &TokenInfo, abjad: bool) -> bool {
    one.len() >= 5
        && matches!(one.class, TokenClass::Word | TokenClass::Particle)
        && !matches!(a.class, TokenClass::LegalForm | TokenClass::Number)
        && !matches!(b.class, TokenClass::LegalForm | TokenClass::Number)
        && (abjad || one.len().abs_diff(a.len() + b.len()) <= 2)
}

/// Scores query tokens `q` against list tokens `l`. `identical`: the two
/// normalised renderings are equal (the only way to reach 1.0).
///
/// `floor`: when positive, a name whose score provably stays below it
/// scores 0 without being aligned. The proof: a token with no possible
/// edge (no similar token, no join or split) stays unmatched whatever the
/// alignment; every edge weighs half the weights of the tokens it covers
/// and scores at most 1, so with `X` half the weight of the tokens that
/// have an edge and `D` the cost of those that have none, the score is at
/// most `X / (X + D)`. Innocent names that share one common token with a
/// listed name exit here.
#[allow(clippy::too_many_arguments)]
pub(crate) fn score_name(
    q: &[Tok<'_>],
    l: &[Tok<'_>],
    ctx: Context,
    identical: bool,
    explain: bool,
    floor: f64,
    mut cache: Option<&mut SimCache>,
) -> NameScore {
    let Context { abjad, person } = ctx;
    // Names are cut at MAX_TOKENS when prepared; stay safe anyway.
    let (q, l) = (&q[..q.len().min(MAX_TOKENS)], &l[..l.len().min(MAX_TOKENS)]);
    if identical {
        let mut ns = NameScore {
            score: 1.0,
            ..NameScore::default()
        };
        if explain {
            let total: f64 = q.iter().map(|t| t.weight).sum::<f64>().max(1e-9);
            for (a, b) in q.iter().zip(l) {
                ns.tokens.push(TokenMatch {
                    query: a.info.text.clone(),
                    list: b.info.text.clone(),
                    rule: Rule::Exact,
                    edits: None,
                    similarity: 1.0,
                    weight: a.weight,
                    contribution: a.weight / total,
                });
            }
        }
        return ns;
    }
    let mut edges: Vec<Edge> = Vec::with_capacity(q.len() * l.len() + 4);
    for (i, a) in q.iter().enumerate() {
        for (j, b) in l.iter().enumerate() {
            let sim = match (cache.as_deref_mut(), b.vid) {
                (Some(c), Some(v)) => *c
                    .entry((i as u32, v, person))
                    .or_insert_with(|| token_sim(a.info, b.info, abjad, person)),
                _ => token_sim(a.info, b.info, abjad, person),
            };
            if let Some(sim) = sim {
                edges.push(Edge {
                    q: (i, i + 1),
                    l: (j, j + 1),
                    sim,
                    weight: (a.weight + b.weight) / 2.0,
                });
            }
        }
    }
    // Lists carry middle names and patronymics, so an unmatched list token
    // costs less than a query token; but in a two-word name the other word
    // is half of the name.
    let l_content = l
        .iter()
        .filter(|t| matches!(t.info.class, TokenClass::Word | TokenClass::Number))
        .count();
    let unmatched_list = if l_content <= 2 {
        UNMATCHED_LIST_SHORT
    } else {
        UNMATCHED_LIST
    };
    if floor > 0.0 {
        let mut q_live = [false; MAX_TOKENS];
        let mut l_live = [false; MAX_TOKENS];
        for e in &edges {
            q_live[e.q.0] = true;
            l_live[e.l.0] = true;
        }
        for (i, a) in q.iter().enumerate() {
            for j in 0..l.len().saturating_sub(1) {
                if join_possible(a.info, l[j].info, l[j + 1].info, abjad) {
                    q_live[i] = true;
                    l_live[j] = true;
                    l_live[j + 1] = true;
                }
            }
        }
        for (j, b) in l.iter().enumerate() {
            for i in 0..q.len().saturating_sub(1) {
                if join_possible(b.info, q[i].info, q[i + 1].info, abjad) {
                    l_live[j] = true;
                    q_live[i] = true;
                    q_live[i + 1] = true;
                }
            }
        }
        let (mut x, mut d) = (0.0, 0.0);
        for (i, t) in q.iter().enumerate() {
            if q_live[i] {
                x += t.weight / 2.0;
            } else {
                d += UNMATCHED_QUERY * t.weight;
            }
        }
        for (j, t) in l.iter().enumerate() {
            if l_live[j] {
                x += t.weight / 2.0;
            } else {
                d += unmatched_list * t.weight;
            }
        }
        if x + d <= 0.0 || x / (x + d) < floor {
            return NameScore::default();
        }
    }
    // Join: one query token is two adjacent list tokens; split: the reverse.
    for (i, a) in q.iter().enumerate() {
        for j in 0..l.len().saturating_sub(1) {
            if let Some(sim) = joined_sim(a.info, l[j].info, l[j + 1].info, abjad) {
                let w = (a.weight + l[j].weight + l[j + 1].weight) / 2.0;
                edges.push(Edge {
                    q: (i, i + 1),
                    l: (j, j + 2),
                    sim,
                    weight: w,
                });
            }
        }
    }
    for (j, b) in l.iter().enumerate() {
        for i in 0..q.len().saturating_sub(1) {
            if let Some(mut sim) = joined_sim(b.info, q[i].info, q[i + 1].info, abjad) {
                sim.rule = Rule::Split;
                let w = (b.weight + q[i].weight + q[i + 1].weight) / 2.0;
                edges.push(Edge {
                    q: (i, i + 2),
                    l: (j, j + 1),
                    sim,
                    weight: w,
                });
            }
        }
    }
    edges.sort_by(|x, y| {
        y.sim
            .s
            .total_cmp(&x.sim.s)
            .then(y.weight.total_cmp(&x.weight))
    });
    let mut q_used = [false; MAX_TOKENS];
    let mut l_used = [false; MAX_TOKENS];
    let mut num = 0.0;
    let mut den = 0.0;
    let mut picked: Vec<&Edge> = Vec::new();
    let mut strong_evidence = 0.0;
    let mut content_pairs = 0usize;
    let mut exact_pairs = 0usize;
    for e in &edges {
        if q_used[e.q.0..e.q.1].iter().any(|&u| u) || l_used[e.l.0..e.l.1].iter().any(|&u| u) {
            continue;
        }
        q_used[e.q.0..e.q.1].iter_mut().for_each(|u| *u = true);
        l_used[e.l.0..e.l.1].iter_mut().for_each(|u| *u = true);
        num += e.sim.s * e.weight;
        den += e.weight;
        let content = (e.q.0..e.q.1)
            .any(|i| matches!(q[i].info.class, TokenClass::Word | TokenClass::Number));
        if content && e.sim.s >= 0.7 {
            strong_evidence += e.weight;
            content_pairs += 1;
            if e.sim.s >= 0.95 {
                exact_pairs += 1;
            }
        }
        if explain {
            picked.push(e);
        }
    }
    let mut q_num_left = false;
    let mut l_num_left = false;
    for (i, t) in q.iter().enumerate() {
        if !q_used[i] {
            den += UNMATCHED_QUERY * t.weight;
            q_num_left |= t.info.number.is_some() && t.info.class == TokenClass::Number;
        }
    }
    for (j, t) in l.iter().enumerate() {
        if !l_used[j] {
            den += unmatched_list * t.weight;
            l_num_left |= t.info.number.is_some() && t.info.class == TokenClass::Number;
        }
    }
    let mut score = if den > 0.0 { num / den } else { 0.0 };
    let number_conflict = q_num_left && l_num_left;
    if number_conflict {
        score *= NUMBER_CONFLICT;
    }
    if strong_evidence <= 0.0 {
        // Only particles, titles or legal forms agree: not a name match.
        score *= 0.4;
    }
    if content_pairs == 1 && exact_pairs == 0 {
        // A single fuzzy token and nothing else: weak evidence.
        score *= SINGLE_FUZZY;
    }
    score = score.clamp(0.0, MAX_NON_IDENTICAL);
    let mut ns = NameScore {
        score,
        number_conflict,
        ..NameScore::default()
    };
    if explain {
        let den = den.max(1e-9);
        let join = |toks: &[Tok<'_>], r: (usize, usize)| {
            toks[r.0..r.1]
                .iter()
                .map(|t| t.info.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for e in picked {
            ns.tokens.push(TokenMatch {
                query: join(q, e.q),
                list: join(l, e.l),
                rule: e.sim.rule,
                edits: e.sim.edits,
                similarity: e.sim.s,
                weight: e.weight,
                contribution: e.sim.s * e.weight / den,
            });
        }
        for (i, t) in q.iter().enumerate().filter(|(i, _)| !q_used[*i]) {
            let _ = i;
            ns.unmatched_query.push(Unmatched {
                token: t.info.text.clone(),
                cost: UNMATCHED_QUERY * t.weight / den,
            });
        }
        for (j, t) in l.iter().enumerate().filter(|(j, _)| !l_used[*j]) {
            let _ = j;
            ns.unmatched_list.push(Unmatched {
                token: t.info.text.clone(),
                cost: unmatched_list * t.weight / den,
            });
        }
    }
    ns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::classify;
    use proptest::prelude::*;

    fn infos(name: &str) -> Vec<TokenInfo> {
        name.split_whitespace()
            .map(|t| TokenInfo::with_legal(t, classify(t), None))
            .collect()
    }

    fn toks<'a>(infos: &'a [TokenInfo], weights: &[f64]) -> Vec<Tok<'a>> {
        infos
            .iter()
            .zip(weights.iter().cycle())
            .map(|(info, &weight)| Tok {
                info,
                weight,
                vid: None,
            })
            .collect()
    }

    fn score(q: &str, l: &str, weights: &[f64], floor: f64) -> f64 {
        let (qi, li) = (infos(q), infos(l));
        let ctx = Context {
            abjad: false,
            person: true,
        };
        score_name(
            &toks(&qi, weights),
            &toks(&li, &weights[1..]),
            ctx,
            q == l,
            false,
            floor,
            None,
        )
        .score
    }

    #[test]
    fn floor_cuts_a_shared_common_token_only() {
        let w = [3.0, 0.6, 2.5, 2.0];
        // "mohammed" is all they share: cut at an alert floor.
        let full = score("john mohammed", "mohammed ali hassan", &w, 0.0);
        assert!(full > 0.0 && full < 0.62, "{full}");
        assert_eq!(score("john mohammed", "mohammed ali hassan", &w, 0.62), 0.0);
        // A real match is never cut.
        let m = score("ali hasan", "mohammed ali hassan", &w, 0.0);
        assert!(m >= 0.62, "{m}");
        assert_eq!(score("ali hasan", "mohammed ali hassan", &w, 0.62), m);
    }

    const WORDS: &[&str] = &[
        "ali",
        "alli",
        "hassan",
        "hasan",
        "mohammed",
        "muhammad",
        "john",
        "jon",
        "smith",
        "smyth",
        "al",
        "bin",
        "abdul",
        "abdulrahman",
        "rahman",
        "petro",
        "trading",
        "ivan",
        "ivanov",
        "a",
        "j",
        "de",
        "la",
        "cruz",
        "lacruz",
        "vladimir",
        "putin",
    ];

    fn name() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 1..5).prop_map(|v| v.join(" "))
    }

    proptest! {
        /// The floor is exact: a name at or above it scores the same, a
        /// name below it scores below it (or 0).
        #[test]
        fn floor_never_changes_a_score_that_reaches_it(
            q in name(),
            l in name(),
            w in prop::collection::vec(0.2f64..6.0, 6),
            floor in 0.05f64..0.95,
        ) {
            let full = score(&q, &l, &w, 0.0);
            let cut = score(&q, &l, &w, floor);
            if full >= floor {
                prop_assert_eq!(cut, full);
            } else {
                prop_assert!(cut == full || cut == 0.0);
            }
        }

        /// The character-set gap never exceeds the edit distance.
        #[test]
        fn letter_gap_is_a_lower_bound(a in "[a-e]{1,9}", b in "[a-e]{1,9}") {
            let (x, y) = (&infos(&a)[0], &infos(&b)[0]);
            let d = osa_within(&a, &b, 99).unwrap_or(usize::MAX);
            prop_assert!(token::letter_gap(x, y) <= d, "{} {} {}", a, b, d);
        }
    }
}
