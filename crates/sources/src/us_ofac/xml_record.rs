//! One OFAC entry as every OFAC XML format describes it, and its mapping to
//! an [`Entity`].
//!
//! OFAC publishes one database in several formats: the CSV remarks, the
//! legacy XML `idList`, the advanced XML features and the enhanced XML
//! features all carry the same labelled facts (`Website gasoil.ru`,
//! `Passport X (Iran)`, `Gender Male`). Each XML reader fills an
//! [`OfacRecord`]; this module maps it once, so an entry gives the same
//! entity whichever format it was read from.

use std::collections::HashMap;

use denylist_model::{
    country_code, Address, CountryCode, Entity, EntityId, FuzzyDate, Name, NameKind, NamePartKind,
    NameStrength, Relationship, Schema, SourceId, VesselInfo,
};

use super::remarks::{apply, parse_item, Remark};

/// A labelled fact: an OFAC feature or ID document, with its values as
/// the CSV remarks would write them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Fact {
    /// The OFAC label, verbatim (`Passport`, `Website`, `Target Type`).
    pub label: String,
    /// The value as published (`gasoil.ru`, `IMO 9187629`, `17 Oct 1990`).
    pub value: String,
    /// The issuing country, as a name (`Russia`) or ISO code.
    pub country: Option<String>,
    /// Issue date in OFAC notation (ID documents).
    pub issued: Option<String>,
    /// Expiry date in OFAC notation (ID documents).
    pub expires: Option<String>,
}

impl Fact {
    /// A fact with a label and a value only.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Fact {
            label: label.into(),
            value: value.into(),
            ..Fact::default()
        }
    }

    /// The fact as a CSV remark item:
    /// `<label> <value>[ (<country>)][ issued <date>][ expires <date>]`.
    pub fn remark(&self) -> String {
        let mut s = format!("{} {}", self.label.trim(), self.value.trim());
        if let Some(c) = self
            .country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            s.push_str(&format!(" ({c})"));
        }
        if let Some(d) = &self.issued {
            s.push_str(&format!(" issued {d}"));
        }
        if let Some(d) = &self.expires {
            s.push_str(&format!(" expires {d}"));
        }
        s
    }
}

/// Everything one OFAC XML entry says, in the formats' shared vocabulary.
#[derive(Debug, Clone)]
pub(crate) struct OfacRecord {
    /// The OFAC uid (= CSV `ent_num`, advanced `FixedRef`, enhanced `id`).
    pub uid: String,
    /// Line of the record in its file, for warnings.
    pub line: u64,
    /// Individual, entity, vessel or aircraft.
    pub schema: Schema,
    /// The primary name first, then aliases, in file order.
    pub names: Vec<Name>,
    /// Titles (legacy XML `title`).
    pub titles: Vec<String>,
    /// Program tags (`SDGT`, `UKRAINE-EO13662`).
    pub programs: Vec<String>,
    /// Remark items: free text, `Linked To: X`, and facts the format keeps
    /// in lists (`DOB 1962`, `POB Shati`, `nationality Iran`).
    pub remarks: Vec<String>,
    /// Labelled facts: features and ID documents.
    pub facts: Vec<Fact>,
    /// Addresses (empty ones are dropped on mapping).
    pub addresses: Vec<Address>,
    /// Vessel particulars from `vesselInfo`.
    pub vessel: Option<VesselInfo>,
    /// Relations to other entries given by id.
    pub relationships: Vec<Relationship>,
    /// Listing date (advanced and enhanced XML only).
    pub listed_on: Option<FuzzyDate>,
}

impl OfacRecord {
    /// An empty record.
    pub fn new(uid: impl Into<String>, line: u64, schema: Schema) -> Self {
        OfacRecord {
            uid: uid.into(),
            line,
            schema,
            names: Vec::new(),
            titles: Vec::new(),
            programs: Vec::new(),
            remarks: Vec::new(),
            facts: Vec::new(),
            addresses: Vec::new(),
            vessel: None,
            relationships: Vec::new(),
            listed_on: None,
        }
    }

    /// Adds the items of a remarks text (`; `-separated, `(Linked To: X)`
    /// unwrapped). Unlike the CSV field, XML remarks have no terminating
    /// `.` of their own: a final `.` belongs to the last item.
    pub fn add_remarks_text(&mut self, text: &str) {
        for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let inner = item
                .strip_prefix("(Linked To:")
                .and_then(|s| s.strip_suffix(')'))
                .map(|s| format!("Linked To:{s}"));
            self.remarks.push(inner.unwrap_or_else(|| item.to_string()));
        }
    }
}

/// A name in OFAC's `LAST, First` form from its last and first name:
/// `HANIYA, Ismail Abdul Salah`; an entity has only a last name.
pub(crate) fn ofac_full_name(last: &str, first: Option<&str>) -> String {
    match first.map(str::trim).filter(|f| !f.is_empty()) {
        Some(first) if !last.trim().is_empty() => format!("{}, {first}", last.trim()),
        Some(first) => first.to_string(),
        None => last.trim().to_string(),
    }
}

/// The kind of an OFAC alias type (`a.k.a.`, `F.K.A.`, `nka`).
pub(crate) fn alias_kind(word: &str) -> NameKind {
    let w: String = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match w.as_str() {
        "fka" => NameKind::Fka,
        "nka" => NameKind::Nka,
        _ => NameKind::Aka,
    }
}

/// A country name or code as published to a code.
pub(crate) fn country(name: &str) -> Option<CountryCode> {
    country_code(name)
}

/// The parts the CSV reader gives a name: `LAST, First` split into family
/// and given name for persons, one whole part for other entries (the same
/// rule as `csv.rs`, so both legacy formats agree).
pub(crate) fn legacy_parts(name: Name, schema: Schema) -> Name {
    if schema != Schema::Person {
        let full = name.full.clone();
        return name.with_part(NamePartKind::Whole, full);
    }
    match name.full.split_once(", ") {
        Some((last, first)) => {
            let (last, first) = (last.trim().to_string(), first.trim().to_string());
            name.with_part(NamePartKind::Family, last)
                .with_part(NamePartKind::Given, first)
        }
        None => {
            let full = name.full.clone();
            name.with_part(NamePartKind::Family, full)
        }
    }
}

/// Maps a record to an entity of `source`: names and programs directly,
/// every fact and remark through the CSV remarks grammar, then addresses
/// as the CSV reader adds them.
pub(crate) fn to_entity(source: &SourceId, rec: OfacRecord) -> Result<Entity, String> {
    let id = EntityId::new(source, &rec.uid).map_err(|e| e.to_string())?;
    let mut e = Entity::new(id, rec.schema);
    e.names = rec.names;
    for p in rec.programs {
        push_unique(&mut e.programs, p);
    }
    let mut titles = rec.titles;
    // A title published as a feature (advanced, enhanced) is a title, as
    // the legacy `title` element is.
    let (title_facts, facts): (Vec<Fact>, Vec<Fact>) = rec
        .facts
        .into_iter()
        .partition(|f| f.label.trim().eq_ignore_ascii_case("Title"));
    for f in title_facts {
        push_unique(&mut titles, f.value.trim().to_string());
    }
    e.titles.clone_from(&titles);
    if let Some(v) = rec.vessel {
        if let Some(c) = v.flag {
            e.add_country(c);
        }
        e.vessel = Some(v);
    }
    let mut items: Vec<Remark> = Vec::new();
    for f in &facts {
        // A value may itself hold `;` (`Not on the SDN List …; U.S. Persons
        // Must …`): split as the CSV remarks are, so both formats agree.
        items.extend(
            f.remark()
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(parse_item),
        );
    }
    for r in &rec.remarks {
        items.push(parse_item(r));
    }
    apply(&mut e, items, &titles);
    for a in rec.addresses {
        if a == Address::default() {
            continue;
        }
        if let Some(c) = a.country {
            if !e.nationalities.contains(&c) && !e.citizenships.contains(&c) {
                e.add_country(c);
            }
        }
        e.addresses.push(a);
    }
    e.relationships.extend(rec.relationships);
    e.listed_on = rec.listed_on;
    Ok(e)
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// Resolves `Linked To:` names to ids by exact primary name, retrying with
/// a final `.` (the CSV reader's rule), so legacy XML and CSV agree.
pub(crate) fn resolve_links(entities: &mut [Entity]) {
    let mut by_name: HashMap<String, Option<EntityId>> = HashMap::with_capacity(entities.len());
    for e in entities.iter() {
        if let Some(n) = e.primary_name() {
            by_name
                .entry(n.to_string())
                .and_modify(|v| *v = None)
                .or_insert_with(|| Some(e.id.clone()));
        }
    }
    for e in entities.iter_mut() {
        for rel in e.relationships.iter_mut() {
            if rel.target.is_some() {
                continue;
            }
            let Some(name) = rel.target_name.as_deref() else {
                continue;
            };
            rel.target = match by_name.get(name) {
                Some(t) => t.clone(),
                None => by_name.get(&format!("{name}.")).cloned().flatten(),
            };
        }
    }
}

/// Vessel particulars published as features in the advanced and enhanced
/// XML (`Vessel Call Sign`, `VESSEL TYPE`, `Vessel Flag`, `Vessel Owner`,
/// `Vessel Tonnage`, `Vessel Gross Registered Tonnage`), stored as the
/// legacy `vesselInfo` is. Returns false for other labels.
pub(crate) fn vessel_feature(rec: &mut OfacRecord, label: &str, value: &str) -> bool {
    let l = label.trim().to_ascii_lowercase();
    let value = value.trim().to_string();
    if l == "vessel call sign" {
        rec.facts.push(Fact::new("Call Sign", value));
        return true;
    }
    let v = rec.vessel.get_or_insert_with(VesselInfo::default);
    match l.as_str() {
        "vessel type" => v.vessel_type = Some(value),
        "vessel flag" => {
            v.flag = country(&value);
            v.flag_name = Some(value);
        }
        "vessel owner" => v.owner = Some(value),
        "vessel tonnage" => v.tonnage = Some(value),
        "vessel gross registered tonnage" | "vessel grt" => {
            v.gross_registered_tonnage = Some(value)
        }
        _ => {
            if rec.vessel.as_ref() == Some(&VesselInfo::default()) {
                rec.vessel = None;
            }
            return false;
        }
    }
    true
}

/// One end of an advanced `DatePeriod` (`Start` or `End`, each `From`/`To`)
/// or of an enhanced `valueDate` (`fromDateBegin`/`fromDateEnd`, ...).
pub(crate) type DayRange = (chrono::NaiveDate, chrono::NaiveDate);

/// A date from its start and end windows, with the precision OFAC means:
/// `1962-01-01 .. 1962-12-31` is the year 1962, a whole month is the month,
/// equal days are the day; anything else is a range (its text rendered in
/// OFAC notation, as the CSV writes it).
pub(crate) fn period_date(start: DayRange, end: DayRange, circa: bool) -> FuzzyDate {
    use chrono::Datelike;
    let s = start.0;
    let e = end.1;
    let partial = |d: chrono::NaiveDate| denylist_model::PartialDate::from_naive(d);
    let whole_year = s.month() == 1 && s.day() == 1 && e.month() == 12 && e.day() == 31;
    let first_of_month = s.day() == 1;
    let last_of_month = e.succ_opt().map(|n| n.day() == 1).unwrap_or(false);
    let single = if s == e {
        Some(partial(s))
    } else if s.year() == e.year() && whole_year {
        Some(denylist_model::PartialDate::year(s.year()))
    } else if s.year() == e.year() && s.month() == e.month() && first_of_month && last_of_month {
        denylist_model::PartialDate::month(s.year(), s.month() as u8).ok()
    } else {
        None
    };
    let mut date = match single {
        Some(d) => FuzzyDate::on(d),
        None => {
            // A range: each end is a year or a month when its window is one.
            let end_point = |(a, b): DayRange| {
                if a == b {
                    partial(a)
                } else if a.year() == b.year()
                    && a.month() == 1
                    && a.day() == 1
                    && b.month() == 12
                    && b.day() == 31
                {
                    denylist_model::PartialDate::year(a.year())
                } else {
                    partial(a)
                }
            };
            let (from, to) = if start.0 == start.1 && end.0 == end.1 {
                (partial(s), partial(e))
            } else {
                (end_point(start), end_point(end))
            };
            FuzzyDate::range(from, to)
        }
    };
    if circa {
        date = date.circa();
    }
    if date.circa || date.to.is_some() {
        let text = ofac_date_text(&date);
        date = date.with_text(text);
    }
    date
}

/// A date in OFAC notation: `10 Dec 1948`, `Sep 1938`, `1946`,
/// `circa 1951`, `01 Jan 1961 to 31 Dec 1962`.
pub(crate) fn ofac_date_text(d: &FuzzyDate) -> String {
    const MON: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let one = |p: &denylist_model::PartialDate| match (p.month, p.day) {
        (Some(m), Some(day)) => format!("{day:02} {} {}", MON[(m as usize + 11) % 12], p.year),
        (Some(m), None) => format!("{} {}", MON[(m as usize + 11) % 12], p.year),
        _ => format!("{}", p.year),
    };
    let mut s = String::new();
    if d.circa {
        s.push_str("circa ");
    }
    s.push_str(&one(&d.from));
    if let Some(to) = &d.to {
        s.push_str(" to ");
        s.push_str(&one(to));
    }
    s
}

/// ISO 15924 code of an OFAC script name (`Latin`, `Cyrillic`, `Arabic`,
/// `Chinese Simplified`).
pub(crate) fn script_code(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    Some(match n.as_str() {
        "latin" => "Latn",
        "cyrillic" => "Cyrl",
        "arabic" => "Arab",
        "chinese simplified" => "Hans",
        "chinese traditional" => "Hant",
        "chinese" | "han" => "Hani",
        "korean" | "hangul" => "Kore",
        "japanese" => "Jpan",
        "hebrew" => "Hebr",
        "greek" => "Grek",
        "persian" | "farsi" => "Arab",
        "georgian" => "Geor",
        "armenian" => "Armn",
        "thai" => "Thai",
        "burmese" | "myanmar" => "Mymr",
        _ => return None,
    })
}

/// A name from typed parts (advanced and enhanced XML): family parts make
/// the last name, the others (in order) the first name, and the full name
/// is OFAC's `LAST, First` (last name in capitals, as OFAC formats it).
pub(crate) fn name_from_parts(
    parts: &[(denylist_model::NamePartKind, String)],
    kind: NameKind,
    strength: NameStrength,
) -> Name {
    use denylist_model::NamePartKind as K;
    let last: Vec<&str> = parts
        .iter()
        .filter(|(k, _)| matches!(k, K::Family | K::Whole | K::Other))
        .map(|(_, v)| v.as_str())
        .collect();
    let first: Vec<&str> = parts
        .iter()
        .filter(|(k, _)| !matches!(k, K::Family | K::Whole | K::Other))
        .map(|(_, v)| v.as_str())
        .collect();
    let first = first.join(" ");
    // OFAC prints the last (or entity) name in capitals: the part
    // `Rosselkhozbank` is the name `ROSSELKHOZBANK` in every other format.
    let full = ofac_full_name(&last.join(" ").to_uppercase(), Some(&first));
    let name = Name::new(full, kind, strength);
    // Entity, vessel and aircraft names are one whole part, as the legacy
    // formats give them (the part's own casing may differ from the name's).
    if parts.iter().all(|(k, _)| matches!(k, K::Whole | K::Other)) {
        return legacy_parts(name, Schema::Organization);
    }
    let mut name = name;
    for (k, v) in parts {
        name = name.with_part(*k, v.clone());
    }
    name
}

/// The part kind of an OFAC name-part type (`Last Name`, `First Name`,
/// `Middle Name`, `Patronymic`, `Entity Name`, `Vessel Name`, ...).
pub(crate) fn name_part_kind(label: &str) -> denylist_model::NamePartKind {
    use denylist_model::NamePartKind as K;
    let l = label.trim().to_ascii_lowercase();
    match l.as_str() {
        "last name" => K::Family,
        "first name" => K::Given,
        "middle name" => K::Middle,
        "maiden name" => K::Maiden,
        "patronymic" => K::Patronymic,
        "matronymic" => K::Matronymic,
        "nickname" => K::Nickname,
        "entity name" | "vessel name" | "aircraft name" => K::Whole,
        _ => K::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_get_ofac_precision() {
        let day = period_date(
            (d(1961, 8, 21), d(1961, 8, 21)),
            (d(1961, 8, 21), d(1961, 8, 21)),
            false,
        );
        assert_eq!((day.to_string(), day.text), ("1961-08-21".into(), None));
        let year = period_date(
            (d(1962, 1, 1), d(1962, 1, 1)),
            (d(1962, 12, 31), d(1962, 12, 31)),
            false,
        );
        assert_eq!(year.to_string(), "1962");
        let month = period_date(
            (d(1938, 9, 1), d(1938, 9, 1)),
            (d(1938, 9, 30), d(1938, 9, 30)),
            false,
        );
        assert_eq!(month.to_string(), "1938-09");
        let circa = period_date(
            (d(1951, 1, 1), d(1951, 1, 1)),
            (d(1951, 12, 31), d(1951, 12, 31)),
            true,
        );
        assert_eq!(circa.text.as_deref(), Some("circa 1951"));
        let range = period_date(
            (d(1961, 1, 1), d(1961, 1, 1)),
            (d(1962, 12, 31), d(1962, 12, 31)),
            false,
        );
        assert_eq!(range.text.as_deref(), Some("01 Jan 1961 to 31 Dec 1962"));
        let years = period_date(
            (d(1951, 1, 1), d(1951, 12, 31)),
            (d(1953, 1, 1), d(1953, 12, 31)),
            false,
        );
        assert_eq!(years.text.as_deref(), Some("1951 to 1953"));
    }

    #[test]
    fn rendered_dates_read_back_the_same() {
        for text in [
            "10 Dec 1948",
            "Sep 1938",
            "1946",
            "circa 1951",
            "01 Jan 1961 to 31 Dec 1962",
        ] {
            let date = super::super::date::parse_ofac_date(text).unwrap();
            assert_eq!(ofac_date_text(&date), text);
        }
    }

    #[test]
    fn facts_render_as_remark_items() {
        let mut f = Fact::new("Passport", "C 1415363");
        f.country = Some("Jordan".into());
        f.issued = Some("21 May 2000".into());
        assert_eq!(f.remark(), "Passport C 1415363 (Jordan) issued 21 May 2000");
        let mut rec = OfacRecord::new("1", 1, Schema::Organization);
        rec.facts.push(f);
        rec.facts.push(Fact::new(
            "Additional Sanctions Information -",
            "Not on the SDN List; U.S. Persons Must Continue to Block",
        ));
        rec.facts.push(Fact::new("Title", "Chairman"));
        rec.add_remarks_text("all offices worldwide; (Linked To: HAMAS)");
        let e = to_entity(&"us-ofac-sdn".parse().unwrap(), rec).unwrap();
        assert_eq!(e.identifiers[0].value, "C 1415363");
        assert_eq!(e.identifiers[0].country.unwrap().as_str(), "JO");
        assert_eq!(
            e.identifiers[0].issued.as_ref().unwrap().to_string(),
            "2000-05-21"
        );
        assert_eq!(
            e.properties["Additional Sanctions Information -"],
            ["Not on the SDN List"]
        );
        assert_eq!(
            e.remarks,
            [
                "U.S. Persons Must Continue to Block",
                "all offices worldwide"
            ]
        );
        assert_eq!(e.relationships[0].target_name.as_deref(), Some("HAMAS"));
        assert_eq!(e.titles, ["Chairman"]);
    }

    #[test]
    fn names_from_typed_parts() {
        use NamePartKind as K;
        let parts = [
            (K::Family, "DILIAN".to_string()),
            (K::Given, "Tal".to_string()),
            (K::Middle, "Jonathan".to_string()),
        ];
        let n = name_from_parts(&parts, NameKind::Primary, NameStrength::Strong);
        assert_eq!(n.full, "DILIAN, Tal Jonathan");
        assert_eq!(n.part(K::Middle), Some("Jonathan"));
        let whole = [(K::Whole, "Intellexa Limited".to_string())];
        let n = name_from_parts(&whole, NameKind::Aka, NameStrength::Weak);
        assert_eq!(n.full, "INTELLEXA LIMITED");
        assert_eq!(n.parts.len(), 1);
        assert_eq!(alias_kind("F.K.A."), NameKind::Fka);
        assert_eq!(alias_kind("n.k.a."), NameKind::Nka);
        assert_eq!(script_code("Cyrillic"), Some("Cyrl"));
        assert_eq!(name_part_kind("Patronymic"), K::Patronymic);
    }
}
