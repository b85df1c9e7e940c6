//! OFAC publishes one database in several formats; the same entry must give
//! the same [`Entity`] whichever format it was read from.
//!
//! Compared on real files of the non-SDN (consolidated) list:
//! - 2018-04-06: the CSV set (`cons_prim.csv`, `cons_add.csv`, `cons_alt.csv`,
//!   `cons_comments.csv`) against `consolidated.xml` of the same day;
//! - 2026-01-08: `cons_enhanced.xml` against `consolidated.xml`.
//!
//! Entities are compared after [`normalise`], which removes only what the
//! formats genuinely publish differently:
//! 1. **Order.** Lists (names, dates, identifiers, addresses, ...) are
//!    compared as sorted lists: the CSV writes weak aliases in the remarks
//!    and strong ones in ALT, the XML interleaves them in `akaList`; the
//!    XML `idList` is not in remark order.
//! 2. **CSV field layout.** The CSV has one `City/State/Province/Postal
//!    Code` column (`Moscow 117420`) where the XML has `city`,
//!    `stateOrProvince` and `postalCode`: an address is compared as its
//!    country and the multiset of its words. An address with no field at
//!    all (a CSV row of `-0- `s, an enhanced address without parts) is
//!    dropped: the legacy XML leaves it out. The CSV cannot hold `"` and
//!    writes `'` instead (`'F' Tower`), and writes tonnages with thousands
//!    separators (`163,660` for the XML's `163660`).
//! 3. **Relations.** CSV and legacy XML say `Linked To: <name>`, the
//!    enhanced XML gives a typed relation (`Owned or Controlled By`) to an
//!    id and the target's name; a target outside the file (`HAMAS` is on
//!    the SDN list only) has no id in the legacy formats. Relations are
//!    compared as the set of target names.
//! 5. **The CSV remarks' own punctuation.** The field's terminating `.`
//!    swallows a final `.` of the last item (`…#directives.`), so texts are
//!    compared without a final `.`; the `Title` column is repeated in the
//!    remarks, whose `;` splits a title of several positions into items
//!    that stay as free text in the CSV: those pieces are dropped.
//! 4. **What only the newer formats carry** is removed before comparing
//!    with an older one: the enhanced listing date (`listed_on`), its
//!    original-script names (Cyrillic, Chinese) and its typed name parts
//!    (`Middle Name`; the legacy formats split `LAST, First` only).
//!
//! Everything else (names, kinds, strengths, DOBs, places, nationalities,
//! identifiers with labels and countries, programs, properties, remarks,
//! vessel data) must be equal.

use std::collections::BTreeMap;
use std::path::PathBuf;

use denylist_model::{Address, Entity, NameKind};
use denylist_sources::{format_by_id, InputFile, ParseOptions, ParsedList};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/lists/"
    ))
    .join(rel)
}

fn read(rel: &str) -> InputFile {
    let path = data(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    InputFile::new(name, bytes)
}

fn parse(format: &str, files: &[&str]) -> ParsedList {
    let files: Vec<InputFile> = files.iter().map(|f| read(f)).collect();
    format_by_id(format)
        .unwrap()
        .parse(&files, &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{format}: {e}"))
}

/// Which differences [`normalise`] removes.
#[derive(Clone, Copy)]
struct Compare {
    /// Drop what only the advanced/enhanced formats carry (rule 4).
    newer_vs_legacy: bool,
}

/// An address as its country and the sorted words of all its fields.
fn address_words(a: &Address) -> Option<Address> {
    if *a == Address::default() {
        return None;
    }
    let mut words: Vec<String> = a
        .street
        .iter()
        .chain(&a.city)
        .chain(&a.region)
        .chain(&a.postal_code)
        .flat_map(|s| s.split(|c: char| c.is_whitespace() || c == ','))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('"', "'"))
        .collect();
    words.sort();
    Some(Address {
        street: words,
        country: a.country,
        country_name: a.country_name.clone(),
        note: a.note.clone(),
        ..Address::default()
    })
}

fn strip_final_dot(s: &mut String) {
    if s.ends_with('.') {
        s.pop();
    }
}

/// See the module documentation for each rule.
fn normalise(e: &Entity, how: Compare) -> Entity {
    let mut e = e.clone();
    if how.newer_vs_legacy {
        e.listed_on = None;
        e.names.retain(|n| n.kind != NameKind::OriginalScript);
        for n in &mut e.names {
            n.parts.clear();
        }
    }
    for n in &mut e.names {
        n.full = n.full.replace('"', "'");
        for p in &mut n.parts {
            p.value = p.value.replace('"', "'");
        }
    }
    e.names
        .sort_by(|a, b| (&a.full, a.kind, a.strength).cmp(&(&b.full, b.kind, b.strength)));
    let title_pieces: Vec<String> = e
        .titles
        .iter()
        .flat_map(|t| t.split(';'))
        .map(|p| {
            let mut p = p.trim().to_string();
            strip_final_dot(&mut p);
            p
        })
        .collect();
    for r in &mut e.remarks {
        strip_final_dot(r);
    }
    e.remarks.retain(|r| !title_pieces.contains(r));
    for v in e.properties.values_mut().flatten() {
        strip_final_dot(v);
    }
    e.titles.sort();
    if let Some(v) = &mut e.vessel {
        for t in [&mut v.tonnage, &mut v.gross_registered_tonnage]
            .into_iter()
            .flatten()
        {
            t.retain(|c| c != ',');
        }
    }
    e.birth_dates
        .sort_by_key(|d| (d.from, d.to, d.circa, d.text.clone()));
    e.birth_places.sort_by(|a, b| a.text.cmp(&b.text));
    e.nationalities.sort();
    e.citizenships.sort();
    e.countries.sort();
    e.programs.sort();
    e.remarks.sort();
    e.identifiers
        .sort_by(|a, b| (&a.label, &a.value, a.country).cmp(&(&b.label, &b.value, b.country)));
    for v in e.properties.values_mut() {
        v.sort();
    }
    let mut addresses: Vec<Address> = e.addresses.iter().filter_map(address_words).collect();
    addresses.sort_by(|a, b| (&a.street, a.country).cmp(&(&b.street, b.country)));
    e.addresses = addresses;
    let mut targets: Vec<String> = e
        .relationships
        .iter()
        .map(|r| {
            let mut name = r.target_name.clone().unwrap_or_default();
            strip_final_dot(&mut name);
            name
        })
        .collect();
    targets.sort();
    targets.dedup();
    e.relationships = targets
        .into_iter()
        .map(|t| denylist_model::Relationship {
            kind: denylist_model::RelationKind::LinkedTo,
            target: None,
            target_name: Some(t),
            former: false,
        })
        .collect();
    e
}

/// Compares two parsed lists entity by entity; returns readable
/// differences (field by field) for every entity that differs.
fn differences(a: &ParsedList, b: &ParsedList, how: Compare) -> Vec<String> {
    let index = |l: &ParsedList| -> BTreeMap<String, Entity> {
        l.entities
            .iter()
            .map(|e| (e.id.native().to_string(), normalise(e, how)))
            .collect()
    };
    let (ia, ib) = (index(a), index(b));
    let mut out = Vec::new();
    for id in ia.keys().filter(|k| !ib.contains_key(*k)) {
        out.push(format!("{id}: only in {}", a.format));
    }
    for id in ib.keys().filter(|k| !ia.contains_key(*k)) {
        out.push(format!("{id}: only in {}", b.format));
    }
    for (id, ea) in &ia {
        let Some(eb) = ib.get(id) else { continue };
        if ea == eb {
            continue;
        }
        let ja = serde_json::to_value(ea).unwrap();
        let jb = serde_json::to_value(eb).unwrap();
        let keys: std::collections::BTreeSet<&String> = ja
            .as_object()
            .unwrap()
            .keys()
            .chain(jb.as_object().unwrap().keys())
            .collect();
        for k in keys {
            if ja.get(k) != jb.get(k) {
                out.push(format!(
                    "{id}.{k}: {} {} / {} {}",
                    a.format,
                    ja.get(k).map(|v| v.to_string()).unwrap_or_default(),
                    b.format,
                    jb.get(k).map(|v| v.to_string()).unwrap_or_default()
                ));
            }
        }
    }
    out
}

fn assert_same(a: &ParsedList, b: &ParsedList, how: Compare) {
    let diffs = differences(a, b, how);
    assert!(
        diffs.is_empty(),
        "{} differences, first ones:\n{}",
        diffs.len(),
        diffs
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn cons_2018_csv_and_legacy_xml_give_the_same_entities() {
    let dir = "us-ofac-cons/2018-04-06_perchrh/";
    let csv = parse(
        "us-ofac-csv",
        &[
            &format!("{dir}cons_prim.csv"),
            &format!("{dir}cons_add.csv"),
            &format!("{dir}cons_alt.csv"),
            &format!("{dir}cons_comments.csv"),
        ],
    );
    let xml = parse("us-ofac-xml", &[&format!("{dir}consolidated.xml")]);
    assert_eq!(csv.source.as_str(), "us-ofac-cons");
    assert_eq!(xml.source.as_str(), "us-ofac-cons");
    assert_eq!(xml.entities.len(), 639);
    assert_eq!(csv.entities.len(), xml.entities.len());
    assert_same(
        &csv,
        &xml,
        Compare {
            newer_vs_legacy: false,
        },
    );
    // HANIYA, Ismail Abdul Salah: the same in both, strong alias 9150.
    let haniya = xml
        .entities
        .iter()
        .find(|e| e.id.as_str() == "us-ofac-cons:9639")
        .unwrap();
    assert_eq!(haniya.primary_name(), Some("HANIYA, Ismail Abdul Salah"));
    assert!(haniya.names.iter().any(|n| n.full == "HANIYA, Ismail"));
    assert_eq!(haniya.birth_dates[0].to_string(), "1962");
}

#[test]
fn cons_2026_enhanced_and_legacy_xml_give_the_same_entities() {
    let legacy = parse("us-ofac-xml", &["us-ofac-cons/2026-01-08/consolidated.xml"]);
    let enhanced = parse(
        "us-ofac-enhanced-xml",
        &["us-ofac-cons/enhanced-2026-01-08/cons_enhanced.xml"],
    );
    assert_eq!(legacy.published, enhanced.published);
    assert_eq!(legacy.entities.len(), 442);
    assert_eq!(enhanced.entities.len(), 442);
    assert_same(
        &legacy,
        &enhanced,
        Compare {
            newer_vs_legacy: true,
        },
    );
}

#[test]
fn fixtures_give_the_same_entities_in_every_xml_format() {
    let fixture = |name: &str| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/us-ofac-sdn/");
        let bytes = std::fs::read(format!("{path}{name}")).unwrap();
        InputFile::new(name, bytes)
    };
    let parse_one = |format: &str, name: &str| {
        format_by_id(format)
            .unwrap()
            .parse(&[fixture(name)], &ParseOptions::default())
            .unwrap()
    };
    let legacy = parse_one("us-ofac-xml", "sdn.xml");
    let how = Compare {
        newer_vs_legacy: true,
    };
    assert_same(
        &legacy,
        &parse_one("us-ofac-advanced-xml", "sdn_advanced.xml"),
        how,
    );
    assert_same(
        &legacy,
        &parse_one("us-ofac-enhanced-xml", "sdn_enhanced.xml"),
        how,
    );
}
