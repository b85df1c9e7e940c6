//! Evidence beside the name: birth dates (precision-aware), countries,
//! identifiers and schema compatibility. Missing data is neutral.

use denylist_model::{CountryCode, DatePrecision, Entity, FuzzyDate, IdentifierKind, Schema};

use crate::explain::{Feature, FeatureKind};

/// Score factor for a query schema against a list schema; `None` means the
/// two cannot be the same party.
pub(crate) fn schema_factor(query: Option<Schema>, list: Schema) -> Option<f64> {
    let Some(q) = query else { return Some(1.0) };
    if q == list || (q.is_organization() && list.is_organization()) {
        return Some(1.0);
    }
    if q == Schema::Person || list == Schema::Person {
        return None;
    }
    // Organisation vs vessel or aircraft: lists file some as entities.
    Some(0.9)
}

fn date_effect(q: &FuzzyDate, l: &FuzzyDate) -> (f64, String) {
    let (qy0, qy1) = q.years();
    let (mut ly0, mut ly1) = l.years();
    if l.circa {
        ly0 -= 1;
        ly1 += 1;
    }
    let gap = (qy0 - ly1).max(ly0 - qy1).max(0);
    if gap > 0 {
        let effect = match gap {
            1 => -0.06,
            2..=4 => -0.15,
            5..=9 => -0.3,
            _ => -0.4,
        };
        return (effect, format!("years {gap} apart"));
    }
    let precision = q.precision().min(l.precision());
    let ranged = l.to.is_some() || q.to.is_some() || l.circa;
    if ranged || precision == DatePrecision::Year {
        return (0.02, "same year".into());
    }
    let (qm, lm) = (q.from.month, l.from.month);
    if precision == DatePrecision::Month {
        return if qm == lm {
            (0.03, "same month".into())
        } else {
            (-0.06, "different month".into())
        };
    }
    let (qd, ld) = (q.from.day, l.from.day);
    if q.from.year == l.from.year && qm == lm && qd == ld {
        (0.05, "same date".into())
    } else if qm.map(u32::from) == ld.map(u32::from) && qd.map(u32::from) == lm.map(u32::from) {
        (-0.03, "day and month swapped".into())
    } else if qm == lm {
        (-0.05, "same month, different day".into())
    } else {
        (-0.08, "same year, different day".into())
    }
}

/// Compares the query birth date with every list date and keeps the most
/// favourable (lists carry several dates and ranges).
pub(crate) fn birth_date(q: Option<&FuzzyDate>, list: &[FuzzyDate]) -> Option<Feature> {
    let q = q?;
    let (effect, note, l) = list
        .iter()
        .map(|l| {
            let (e, n) = date_effect(q, l);
            (e, n, l)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    let _ = l;
    Some(Feature {
        kind: FeatureKind::BirthDate,
        query: q.to_string(),
        list: list
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        effect,
        note,
    })
}

/// Country overlap is mild support; disjoint sets a modest penalty.
pub(crate) fn country(q: &[CountryCode], list: &[CountryCode]) -> Option<Feature> {
    if q.is_empty() || list.is_empty() {
        return None;
    }
    let overlap = q.iter().any(|c| list.contains(c));
    let show = |v: &[CountryCode]| v.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
    Some(Feature {
        kind: FeatureKind::Country,
        query: show(q),
        list: show(list),
        effect: if overlap { 0.02 } else { -0.06 },
        note: if overlap {
            "shared country".into()
        } else {
            "no shared country".into()
        },
    })
}

/// Normalises an identifier value: alphanumerics only, upper case.
pub(crate) fn normalize_id(v: &str) -> String {
    v.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_uppercase())
        .collect()
}

/// Identifier kinds whose values carry a textual prefix some people omit.
fn strip_kind_prefix(kind: IdentifierKind, v: &str) -> &str {
    match kind {
        IdentifierKind::Imo => v.strip_prefix("IMO").unwrap_or(v),
        IdentifierKind::Mmsi => v.strip_prefix("MMSI").unwrap_or(v),
        _ => v,
    }
}

/// The result of comparing identifiers.
pub(crate) struct IdEvidence {
    pub feature: Feature,
    /// A globally unique identifier (or a national one with the same
    /// issuing country) matched: a hit whatever the name.
    pub decisive: bool,
}

/// Looks for a query identifier among the entity's.
pub(crate) fn identifiers(
    q: &[String],
    qcountries: &[CountryCode],
    e: &Entity,
) -> Option<IdEvidence> {
    if q.is_empty() || e.identifiers.is_empty() {
        return None;
    }
    let qn: Vec<String> = q
        .iter()
        .map(|v| normalize_id(v))
        .filter(|v| !v.is_empty())
        .collect();
    for id in &e.identifiers {
        let lv = normalize_id(&id.value);
        let lv = strip_kind_prefix(id.kind, &lv);
        if lv.is_empty() {
            continue;
        }
        if let Some(qv) = qn.iter().find(|qv| strip_kind_prefix(id.kind, qv) == lv) {
            let national = matches!(
                id.kind,
                IdentifierKind::Passport | IdentifierKind::NationalId
            );
            let same_country = id.country.is_some_and(|c| qcountries.contains(&c));
            let decisive = id.kind.is_globally_unique() || (national && same_country);
            let note = if decisive {
                format!("same {} (decisive)", id.label)
            } else {
                format!("same {}", id.label)
            };
            return Some(IdEvidence {
                feature: Feature {
                    kind: FeatureKind::Identifier,
                    query: qv.clone(),
                    list: format!("{} {}", id.label, id.value),
                    effect: if decisive { 0.0 } else { 0.1 },
                    note,
                },
                decisive,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use denylist_model::PartialDate;

    fn d(s: &str) -> FuzzyDate {
        FuzzyDate::on(s.parse::<PartialDate>().expect("date"))
    }

    #[test]
    fn disjoint_year_is_strong_counter_evidence_at_any_precision() {
        let f = birth_date(Some(&d("1992")), &[d("1974-08-27")]).expect("feature");
        assert!(f.effect <= -0.3, "{f:?}");
        let f = birth_date(Some(&d("1992-04-19")), &[d("1974")]).expect("feature");
        assert!(f.effect <= -0.3);
    }

    #[test]
    fn any_list_date_may_match() {
        let f = birth_date(Some(&d("1961-08-21")), &[d("1950"), d("1961-08-21")]).expect("f");
        assert_eq!(f.note, "same date");
        let f = birth_date(Some(&d("1961-08-21")), &[d("1961")]).expect("f");
        assert_eq!(f.note, "same year");
    }

    #[test]
    fn person_never_matches_company() {
        assert_eq!(
            schema_factor(Some(Schema::Person), Schema::Organization),
            None
        );
        assert_eq!(schema_factor(None, Schema::Vessel), Some(1.0));
        assert_eq!(
            schema_factor(Some(Schema::Company), Schema::Organization),
            Some(1.0)
        );
    }
}
