//! Explanations an analyst can read: which list name matched, how each token
//! was aligned and what every other piece of evidence did to the score.

use std::fmt::Write as _;

use serde::Serialize;

/// How a query token was matched to a list token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Identical after normalisation.
    Exact,
    /// Same canonical spelling across transliteration schemes
    /// (Mohammed/Muhammad, Yuriy/Iurii).
    Transliteration,
    /// Nickname or short form of the same given name (Bob/Robert).
    Nickname,
    /// An initial against a full name (A. / Ali).
    Initial,
    /// Within a small edit distance (a swap counts as one edit).
    Edit,
    /// Sounds alike (Double Metaphone) and is spelled close enough.
    Phonetic,
    /// Same consonant skeleton (abjad-script query against a vowelled name).
    Skeleton,
    /// One query token is two list tokens written together.
    Join,
    /// Two query tokens are one list token split apart.
    Split,
    /// Equivalent legal forms (Co. Ltd / Company Limited).
    LegalForm,
    /// Same number (1 / first).
    Number,
    /// One token is a truncation of the other.
    Prefix,
}

impl Rule {
    /// A short label.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Exact => "exact",
            Rule::Transliteration => "transliteration",
            Rule::Nickname => "nickname",
            Rule::Initial => "initial",
            Rule::Edit => "edit",
            Rule::Phonetic => "phonetic",
            Rule::Skeleton => "skeleton",
            Rule::Join => "join",
            Rule::Split => "split",
            Rule::LegalForm => "legal form",
            Rule::Number => "number",
            Rule::Prefix => "prefix",
        }
    }
}

/// One aligned pair of query and list tokens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenMatch {
    /// The query token(s), normalised.
    pub query: String,
    /// The list token(s), normalised.
    pub list: String,
    /// The rule that matched them.
    pub rule: Rule,
    /// Edit distance, for [`Rule::Edit`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edits: Option<usize>,
    /// Similarity in [0, 1].
    pub similarity: f64,
    /// Weight of the pair (rarity and role).
    pub weight: f64,
    /// What the pair adds to the name score.
    pub contribution: f64,
}

/// A token left unmatched, with the weight it cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// The token.
    pub token: String,
    /// The weight it added to the denominator.
    pub cost: f64,
}

/// Which piece of non-name evidence a [`Feature`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    /// Query schema against list schema.
    Schema,
    /// Birth dates.
    BirthDate,
    /// Countries.
    Country,
    /// Identifiers.
    Identifier,
    /// Numbers inside names (vessel names, company numbers).
    Number,
    /// The matched name is a weak alias.
    WeakAlias,
    /// Legal forms of both names.
    LegalForm,
}

/// One line of evidence beside the name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// What was compared.
    pub kind: FeatureKind,
    /// The query's value.
    pub query: String,
    /// The list's value(s).
    pub list: String,
    /// The change to the score (negative = counter-evidence).
    pub effect: f64,
    /// A short verdict (`same year`, `disjoint years (22 apart)`).
    pub note: String,
}

/// Why a list entity matched (or did not match) a query.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Explanation {
    /// The query name as given.
    pub query_name: String,
    /// The list name that matched best, as published.
    pub matched_name: String,
    /// Kind of that list name (`primary`, `aka`, `weak aka`...).
    pub name_kind: String,
    /// The algorithm that scored it.
    pub algorithm: String,
    /// Name similarity before the other evidence.
    pub name_score: f64,
    /// Aligned tokens.
    pub tokens: Vec<TokenMatch>,
    /// Query tokens that found no partner.
    pub unmatched_query: Vec<Unmatched>,
    /// List tokens that found no partner.
    pub unmatched_list: Vec<Unmatched>,
    /// Dates, countries, identifiers, schema and other evidence.
    pub features: Vec<Feature>,
    /// The final score.
    pub score: f64,
}

impl Explanation {
    /// A readable multi-line account for an analyst.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "score {:.3} ({}): query \"{}\" vs {} \"{}\"",
            self.score, self.algorithm, self.query_name, self.name_kind, self.matched_name
        );
        let _ = writeln!(s, "  name similarity {:.3}", self.name_score);
        for t in &self.tokens {
            let rule = match t.edits {
                Some(n) => format!("{} {}", t.rule.as_str(), n),
                None => t.rule.as_str().to_string(),
            };
            let _ = writeln!(
                s,
                "  {:>18} ~ {:<18} {:<16} sim {:.2} weight {:.2} adds {:+.3}",
                t.query, t.list, rule, t.similarity, t.weight, t.contribution
            );
        }
        for u in &self.unmatched_query {
            let _ = writeln!(
                s,
                "  {:>18}   (no list token)    unmatched query token, cost {:.2}",
                u.token, u.cost
            );
        }
        for u in &self.unmatched_list {
            let _ = writeln!(
                s,
                "  {:>18}   {:<18} unmatched list token, cost {:.2}",
                "(none)", u.token, u.cost
            );
        }
        for f in &self.features {
            let kind = match f.kind {
                FeatureKind::Schema => "schema",
                FeatureKind::BirthDate => "birth date",
                FeatureKind::Country => "country",
                FeatureKind::Identifier => "identifier",
                FeatureKind::Number => "numbers",
                FeatureKind::WeakAlias => "weak alias",
                FeatureKind::LegalForm => "legal form",
            };
            let _ = writeln!(
                s,
                "  {kind}: query {} / list {}: {} ({:+.3})",
                if f.query.is_empty() { "-" } else { &f.query },
                if f.list.is_empty() { "-" } else { &f.list },
                f.note,
                f.effect
            );
        }
        s
    }
}
