//! Each source's real shared file imported through `denylist import`
//! (format auto-detected) and read back from the store with `show`, `diff`
//! and `lists`: entity counts match the files, and a few named entities are
//! checked field by field against their records in the files. The OFAC SDN
//! files are covered by `import.rs`.

mod common;

use std::collections::BTreeMap;

use common::{shared, Cli};
use serde_json::{json, Value};

/// A fresh store with `rel` (under `shared/data/lists`) imported, and the
/// import summary line.
fn import(rel: &[&str]) -> (Cli, String) {
    let cli = Cli::new();
    let paths: Vec<String> = rel
        .iter()
        .map(|r| shared().join("lists").join(r).display().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    let run = cli.ok(&args);
    (cli, run.stdout.trim_end().to_string())
}

/// The stored entity.
fn show(cli: &Cli, id: &str) -> Value {
    let mut v = cli.ok(&["show", id, "--json"]).json();
    v["entity"].take()
}

/// Every entity of the latest version (a diff from nothing lists them all).
fn all(cli: &Cli, source: &str) -> Vec<Value> {
    let diff = cli.ok(&["diff", source, "--json"]).json();
    assert_eq!(diff["removed"], json!([]));
    diff["added"].as_array().unwrap().clone()
}

fn schemas(entities: &[Value]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for e in entities {
        *out.entry(e["schema"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    out
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// (full, kind, strength) of every name.
fn names(e: &Value) -> Vec<(String, String, String)> {
    e["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["full"].as_str().unwrap().to_string(),
                n["kind"].as_str().unwrap().to_string(),
                n["strength"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn name(full: &str, kind: &str, strength: &str) -> (String, String, String) {
    (full.to_string(), kind.to_string(), strength.to_string())
}

#[test]
fn un_sc_2025_11_20() {
    let (cli, line) = import(&["un-sc/2025-11-20/consolidated.xml"]);
    assert!(
        line.starts_with("imported un-sc version ")
            && line.contains("(published 2025-11-20): 1000 entities"),
        "{line}"
    );
    let entities = all(&cli, "un-sc");
    assert_eq!(
        schemas(&entities),
        counts(&[("Person", 727), ("Organization", 273)])
    );

    // TAi.034: Good and Low aliases, an Arabic-script name, a circa year of
    // birth, two places of birth, passports with issue dates, a reference
    // to his brother in the comments.
    let e = show(&cli, "un-sc:TAi.034");
    assert_eq!(e["schema"], "Person");
    assert_eq!(
        names(&e),
        [
            name("ABDUL JALIL HAQQANI WALI MOHAMMAD", "primary", "strong"),
            name("عبد الجليل حقانی ولی محمد", "original_script", "strong"),
            name("Abdul Jalil Akhund", "aka", "strong"),
            name(
                "Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),",
                "aka",
                "strong"
            ),
            name(
                "Haji Gulab Gul (حاجی گلاب گل ولد حاجی حضرت گل )",
                "aka",
                "strong"
            ),
            name("Abdul Jalil Haqqani", "aka", "strong"),
            name("Nazar Jan", "aka", "weak"),
        ]
    );
    assert_eq!(
        e["names"][0]["parts"],
        json!([
            {"kind": "given", "value": "ABDUL JALIL"},
            {"kind": "other", "value": "HAQQANI"},
            {"kind": "family", "value": "WALI MOHAMMAD"}
        ])
    );
    assert_eq!(e["names"][1]["script"], "Arab");
    assert_eq!(
        e["titles"],
        json!([
            "Maulavi",
            "Mullah",
            "Deputy Minister of Foreign Affairs under the Taliban regime"
        ])
    );
    assert_eq!(e["birth_dates"], json!([{"from": "1963", "circa": true}]));
    assert_eq!(
        e["birth_places"],
        json!([
            {"text": "Khwaja Malik village, Arghandab District, Kandahar Province, Afghanistan", "country": "AF"},
            {"text": "Kandahar City, Kandahar Province, Afghanistan", "country": "AF"}
        ])
    );
    assert_eq!(e["nationalities"], json!(["AF"]));
    assert_eq!(e["identifiers"][0]["kind"], "passport");
    assert_eq!(e["identifiers"][0]["value"], "OR1961825");
    assert_eq!(e["identifiers"][0]["country"], "AF");
    assert_eq!(e["identifiers"][0]["issued"], json!({"from": "2003-02-04"}));
    assert_eq!(e["identifiers"][1]["value"], "TR024417");
    assert_eq!(e["programs"], json!(["Taliban", "TA"]));
    assert_eq!(e["listed_on"], json!({"from": "2001-01-25"}));
    assert_eq!(e["relationships"][0]["target"], "un-sc:TAi.070");
    assert_eq!(e["properties"]["DATAID"], json!(["111107"]));

    // QDe.005: an entity with a.k.a. kinds (no strength) and addresses.
    let e = show(&cli, "un-sc:QDe.005");
    assert_eq!(e["schema"], "Organization");
    let n = names(&e);
    assert_eq!(n.len(), 11);
    assert_eq!(n[0], name("AL RASHID TRUST", "primary", "strong"));
    assert_eq!(n[1], name("Al-Rasheed Trust", "aka", "unknown"));
    assert_eq!(e["addresses"].as_array().unwrap().len(), 11);
    assert_eq!(
        e["addresses"][0],
        json!({"street": ["Kitas Ghar, Nazimabad 4, Dahgel-Iftah"], "city": "Karachi", "country_name": "Pakistan", "country": "PK"})
    );
    assert_eq!(e["listed_on"], json!({"from": "2001-10-06"}));
}

/// The three UN versions: added and removed reference numbers as counted in
/// the files; entries whose only change was a line wrap are not changes.
#[test]
fn un_sc_diff_across_three_versions() {
    let cli = Cli::new();
    for date in ["2024-11-30", "2025-04-19", "2025-11-20"] {
        let path = shared().join(format!("lists/un-sc/{date}/consolidated.xml"));
        cli.ok(&["import", path.to_str().unwrap()]);
    }
    let lists = cli.ok(&["lists", "--json"]).json();
    let un = lists
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["source"] == "un-sc")
        .unwrap();
    let versions: Vec<(String, u64)> = un["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["published"].as_str().unwrap().to_string(),
                v["entity_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            ("2024-11-30".to_string(), 879),
            ("2025-04-19".to_string(), 877),
            ("2025-11-20".to_string(), 1000)
        ]
    );

    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    let d1 = cli
        .ok(&[
            "diff",
            "un-sc",
            "--from",
            "2024-11-30",
            "--to",
            "2025-04-19",
            "--json",
        ])
        .json();
    assert_eq!(ids(&d1["added"]), Vec::<String>::new());
    assert_eq!(ids(&d1["removed"]), ["un-sc:LYi.020", "un-sc:QDi.095"]);
    assert_eq!(d1["changed"].as_array().unwrap().len(), 158);
    assert_eq!(d1["unchanged"], 719);
    // A date of birth moved from an empty alias to its own element.
    let cdi013 = d1["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "un-sc:CDi.013")
        .expect("CDi.013 changed");
    let fields: Vec<&str> = cdi013["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"birth_dates"), "{cdi013}");

    let d2 = cli
        .ok(&["diff", "un-sc", "--from", "2025-04-19", "--json"])
        .json();
    assert_eq!(d2["to"]["published"], "2025-11-20");
    let added = ids(&d2["added"]);
    assert_eq!(added.len(), 126);
    assert!(added.contains(&"un-sc:HTe.001".to_string()));
    assert_eq!(
        ids(&d2["removed"]),
        ["un-sc:QDi.317", "un-sc:QDi.328", "un-sc:QDi.336"]
    );
    assert_eq!(d2["changed"].as_array().unwrap().len(), 19);
    assert_eq!(d2["unchanged"], 855);

    let text = cli
        .ok(&[
            "diff",
            "un-sc",
            "--from",
            "2024-11-30",
            "--to",
            "2025-04-19",
        ])
        .stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "added 0, removed 2, changed 158, unchanged 719");
    assert!(lines.contains(&"- un-sc:QDi.095  LIONEL DUMONT"), "{text}");
}

#[test]
fn ca_sema_2025() {
    let (cli, line) = import(&["ca-sema/2025-05-25/sema-lems.xml"]);
    assert!(line.contains("4759 entities"), "{line}");
    assert_eq!(
        schemas(&all(&cli, "ca-sema")),
        counts(&[("Person", 3334), ("Organization", 1316), ("Vessel", 109)])
    );
    let e = show(&cli, "ca-sema:belarus_1-part-1_120");
    assert_eq!(
        names(&e),
        [
            name("Nikolai Aleksandrovich LUKASHENKO", "primary", "strong"),
            name("Mikalay Alyaksandravich Lukashenka", "aka", "unknown"),
            name("Kolya Lukashenko", "aka", "unknown"),
            name(
                "Мікалай Аляксандравіч Лукашэнка",
                "original_script",
                "unknown"
            ),
            name(
                "Николай Александрович Лукашенко",
                "original_script",
                "unknown"
            ),
            name("Коля Лукашенко", "original_script", "unknown"),
        ]
    );
    assert_eq!(
        e["names"][0]["parts"],
        json!([{"kind": "given", "value": "Nikolai Aleksandrovich"}, {"kind": "family", "value": "LUKASHENKO"}])
    );
    assert_eq!(e["names"][3]["script"], "Cyrl");
    assert_eq!(e["names"][3]["lang"], "be");
    assert_eq!(e["names"][4]["lang"], "ru");
    assert_eq!(e["birth_dates"], json!([{"from": "2004-08-31"}]));
    assert_eq!(e["programs"], json!(["Belarus / Bélarus"]));
    assert_eq!(e["listed_on"], json!({"from": "2024-08-08"}));
    assert_eq!(e["properties"]["Schedule"], json!(["1, Part 1"]));

    let ship = show(&cli, "ca-sema:russia_1.1_1");
    assert_eq!(ship["schema"], "Vessel");
    assert_eq!(names(&ship), [name("Balitiyskiy III", "primary", "strong")]);
    assert_eq!(ship["identifiers"][0]["kind"], "imo");
    assert_eq!(ship["identifiers"][0]["value"], "7612448");
    assert_eq!(
        ship["vessel"],
        json!({"vessel_type": "General Cargo / Multi Purpose", "build_year": "1980"})
    );
    assert_eq!(ship["listed_on"], json!({"from": "2025-02-21"}));
}

#[test]
fn au_dfat_2024() {
    let (cli, line) = import(&["au-dfat/2024-11-11/regulation8_consolidated.xlsx"]);
    assert!(line.contains("3062 entities"), "{line}");
    // Rows 258-260 of the sheet: 101, 101a (original script), 101b (aka).
    let e = show(&cli, "au-dfat:101");
    assert_eq!(e["schema"], "Person");
    assert_eq!(
        names(&e),
        [
            name("Mohammad Eshaq Akhunzada", "primary", "strong"),
            name("محمد اسحاق آخوند زاده", "original_script", "unknown"),
            name("Mohammad Ishaq Akhund", "aka", "unknown"),
        ]
    );
    assert_eq!(e["names"][1]["script"], "Arab");
    assert_eq!(
        e["birth_dates"],
        json!([{"from": "1963", "to": "1968", "text": "Between 1963 and 1968"}, {"from": "1963"}])
    );
    assert_eq!(
        e["birth_places"],
        json!([{"text": "Andar District, Ghazni province, Afghanistan", "country": "AF"}])
    );
    assert_eq!(e["citizenships"], json!(["AF"]));
    assert_eq!(e["programs"], json!(["1988 (Taliban)"]));
    // Control Date 41988 is an Excel serial.
    assert_eq!(e["listed_on"], json!({"from": "2014-12-15"}));
    assert_eq!(
        e["properties"]["Listing Information"],
        json!(["Listed by UN 1267 Committee on 23 February 2001 (amended on 21 Sep 2007, 29 Nov. 2011)"])
    );
}

#[test]
fn us_trade_csl_subset_2023() {
    let (cli, line) = import(&["us-trade-csl/2023-11-30-subset/consolidated_subset.csv"]);
    // 4,228 rows: the repeated header and the cut last row are warnings.
    assert!(
        line.contains("4226 entities") && line.ends_with("2 warnings"),
        "{line}"
    );
    let entities = all(&cli, "us-trade-csl");
    let el = entities
        .iter()
        .filter(|e| e["list"] == "Entity List (EL) - Bureau of Industry and Security")
        .count();
    assert_eq!(el, 919);

    // The sub-list and its own id are kept: PLC-9639 is OFAC's ent_num 9639.
    let e = show(&cli, "us-trade-csl:PLC-9639");
    assert_eq!(
        e["list"],
        "Palestinian Legislative Council List (PLC) - Treasury Department"
    );
    assert_eq!(
        names(&e),
        [
            name("Ismail Abdul Salah HANIYA", "primary", "strong"),
            name("Ismail HANIYA", "aka", "unknown"),
            name("Ismaeel HANIYYA", "aka", "unknown"),
        ]
    );
    assert_eq!(e["birth_dates"], json!([{"from": "1962"}]));
    assert_eq!(e["birth_places"], json!([{"text": "Shati"}]));
    assert_eq!(e["programs"], json!(["NS-PLC"]));

    let e = show(&cli, "us-trade-csl:SDN-10000");
    assert_eq!(e["names"][0]["full"], "CANO CORREA, Jhon Eidelber");
    assert_eq!(e["birth_dates"], json!([{"from": "1963-12-13"}]));
    assert_eq!(e["nationalities"], json!(["CO"]));
    assert_eq!(e["citizenships"], json!(["CO"]));
    assert_eq!(
        e["addresses"],
        json!([
            {"street": ["Carrera 28 No. 7-35, Cali"], "country": "CO"},
            {"street": ["Calle 18 No. 8-16, Cartago, Valle"], "country": "CO"}
        ])
    );
    let ids: Vec<(&str, &str)> = e["identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ids,
        [
            ("passport", "AC877214"),
            ("passport", "AF133955"),
            ("national_id", "16455750"),
            ("national_id", "16217170")
        ]
    );
    assert_eq!(e["programs"], json!(["SDNT"]));
}

#[test]
fn gb_hmt_conlist_2018_csv() {
    let (cli, line) = import(&["gb-hmt/2018-04-13/ConList.csv"]);
    assert!(
        line.contains("(published 2018-04-13): 2106 entities"),
        "{line}"
    );
    assert_eq!(
        schemas(&all(&cli, "gb-hmt")),
        counts(&[("Person", 1426), ("Organization", 680)])
    );
    // Group 13349: 8 names × 2 dates of birth, one row each.
    let e = show(&cli, "gb-hmt:13349");
    let n = names(&e);
    assert_eq!(n.len(), 8);
    assert_eq!(
        n[0],
        name("Nayef Salam Muhammad Ujaym AL-HABABI", "primary", "strong")
    );
    assert!(n.contains(&name("Sheikh Farooq AL-QAHTANI", "aka", "unknown")));
    assert_eq!(
        e["names"][0]["parts"],
        json!([
            {"kind": "given", "value": "Nayef"},
            {"kind": "middle", "value": "Salam"},
            {"kind": "middle", "value": "Muhammad"},
            {"kind": "middle", "value": "Ujaym"},
            {"kind": "family", "value": "AL-HABABI"}
        ])
    );
    assert_eq!(
        e["birth_dates"],
        json!([{"from": "1980"}, {"from": "1981"}])
    );
    assert_eq!(e["nationalities"], json!(["SA", "QA"]));
    assert_eq!(
        e["birth_places"],
        json!([{"text": "Saudi Arabia", "country": "SA"}])
    );
    assert_eq!(e["identifiers"][0]["kind"], "passport");
    assert_eq!(e["identifiers"][0]["value"], "592667");
    assert_eq!(e["properties"]["UN Ref"], json!(["QDe.004"]));
    assert_eq!(
        e["programs"],
        json!(["The ISIL (Da'esh) and Al-Qaida organisations"])
    );
    assert_eq!(e["listed_on"], json!({"from": "2016-04-01"}));
}

#[test]
fn gb_hmt_conlist_2025_xlsx() {
    let (cli, line) = import(&["gb-hmt/2025-04-10-xlsx/ConList.xlsx"]);
    assert!(
        line.contains("(published 2025-04-10): 4686 entities"),
        "{line}"
    );
    assert_eq!(
        schemas(&all(&cli, "gb-hmt")),
        counts(&[("Person", 3662), ("Organization", 1009), ("Vessel", 15)])
    );
    // Group 11050: Alias Quality gives strong and weak a.k.a.s.
    let e = show(&cli, "gb-hmt:11050");
    assert_eq!(
        names(&e),
        [
            name("AKRAM TURKI HISHAN AL-MAZIDIH", "primary", "strong"),
            name("Abu AKRAM", "aka", "weak"),
            name("Akram Turki AL-HISHAN", "aka", "strong"),
            name("أكرم تركي هاشم المزيده", "original_script", "unknown"),
            name("Abu JARRAH", "aka", "weak"),
        ]
    );
    assert_eq!(
        e["birth_dates"],
        json!([{"from": "1974"}, {"from": "1975"}, {"from": "1979"}])
    );
    assert_eq!(
        e["addresses"],
        json!([
            {"country_name": "Iraq", "country": "IQ"},
            {"street": ["Deir ez-Zor Governorate"], "country_name": "Syria", "country": "SY"}
        ])
    );
    assert_eq!(
        e["identifiers"],
        json!([{"kind": "national_id", "label": "National Identification Number", "value": "0075258", "note": "Ration card no."}])
    );
    assert_eq!(e["properties"]["UK Sanctions List Ref"], json!(["AQD0128"]));
    assert_eq!(e["properties"]["UN Ref"], json!(["QDi.276"]));
    assert_eq!(e["listed_on"], json!({"from": "2010-03-29"}));

    let ship = show(&cli, "gb-hmt:13647");
    assert_eq!(ship["schema"], "Vessel");
    assert_eq!(ship["identifiers"][0]["value"], "8712362");
    assert_eq!(
        ship["vessel"],
        json!({"vessel_type": "Oil tanker", "flag_name": "North Korea", "flag": "KP", "owner": "Chonmyong Shipping Co", "tonnage": "1220", "build_year": "1987"})
    );
}

#[test]
fn gb_fcdo_ods_2025() {
    let (cli, line) = import(&["gb-fcdo/2025-08-11/UK_Sanctions_List.ods"]);
    assert!(
        line.contains("5300 entities") && line.ends_with("2 warnings"),
        "{line}"
    );
    assert_eq!(
        schemas(&all(&cli, "gb-fcdo")),
        counts(&[("Person", 3752), ("Organization", 1087), ("Vessel", 461)])
    );
    let e = show(&cli, "gb-fcdo:AFG0011");
    assert_eq!(names(&e), [name("MANSUR ABDUL LATIF", "primary", "strong")]);
    assert_eq!(e["programs"], json!(["Afghanistan"]));
    assert_eq!(e["listed_on"], json!({"from": "2001-01-31"}));
    assert_eq!(
        e["properties"],
        json!({"Designation source": ["UN"], "OFSI Group ID": ["7270"], "Sanctions Imposed": ["Asset freeze", "Travel Ban"]})
    );
}

#[test]
fn eu_fsf_three_layouts_keep_the_logical_id() {
    for (rel, published) in [
        (
            "eu-fsf/2024-10-02-csv-trimmed/upload-sanctioned-persons-valid.csv",
            "2024-10-02",
        ),
        (
            "eu-fsf/2016-02-11-legacy-xml-trimmed/EU_data.xml",
            "2016-02-11",
        ),
        (
            "eu-fsf/2018-07-04-legacy-csv-trimmed/EUSanctionsShort.csv",
            "2018-07-04",
        ),
    ] {
        let (cli, line) = import(&[rel]);
        assert!(line.contains(&format!("(published {published})")), "{line}");
        // Saddam Hussein is logicalId 13 in every layout.
        let e = show(&cli, "eu-fsf:13");
        assert_eq!(e["schema"], "Person", "{rel}");
        assert_eq!(e["names"][0]["full"], "Saddam Hussein Al-Tikriti", "{rel}");
        assert_eq!(
            e["names"][0]["parts"],
            json!([{"kind": "given", "value": "Saddam"}, {"kind": "family", "value": "Hussein Al-Tikriti"}]),
            "{rel}"
        );
        assert!(
            names(&e).iter().any(|n| n.0 == "Abou Ali"),
            "{rel}: {:?}",
            names(&e)
        );
        assert_eq!(e["birth_dates"][0], json!({"from": "1937-04-28"}), "{rel}");
        assert_eq!(e["programs"], json!(["IRQ"]), "{rel}");
        assert_eq!(e["gender"], "male", "{rel}");
    }
    let (cli, _) = import(&["eu-fsf/2024-10-02-csv-trimmed/upload-sanctioned-persons-valid.csv"]);
    let e = show(&cli, "eu-fsf:13");
    assert_eq!(
        e["birth_places"],
        json!([{"text": "al-Awja, near Tikrit, IRAQ", "country": "IQ"}])
    );
    assert_eq!(e["citizenships"], json!(["IQ"]));
    assert_eq!(e["names"][2]["lang"], "fr");
    assert_eq!(e["listed_on"], json!({"from": "2003-07-08"}));
    assert_eq!(e["properties"]["euReferenceNumber"], json!(["EU.27.28"]));
}

#[test]
fn ch_seco_example() {
    let (cli, line) = import(&["ch-seco/example/seco.xml"]);
    assert!(
        line.contains("(published 2024-01-17): 3 entities"),
        "{line}"
    );
    let e = show(&cli, "ch-seco:64393");
    assert_eq!(names(&e), [name("Test A", "primary", "strong")]);
    assert_eq!(e["birth_dates"], json!([{"from": "1900-01-01"}]));
    assert_eq!(e["nationalities"], json!(["CH"]));
    assert_eq!(e["programs"], json!(["PPDM"]));
}

#[test]
fn us_bis_dpl_2018() {
    let (cli, line) = import(&["us-bis-dpl/2018-08-17/dpl.txt"]);
    // 539 rows, one per (party, address); 3 exact duplicates.
    assert!(line.contains("407 entities"), "{line}");
    let e = all(&cli, "us-bis-dpl")
        .into_iter()
        .find(|e| e["names"][0]["full"] == "FUYI SUN")
        .expect("FUYI SUN");
    let id = e["id"].as_str().unwrap();
    assert!(id.starts_with("us-bis-dpl:") && id.len() == "us-bis-dpl:".len() + 16);
    let e = show(&cli, id);
    assert_eq!(
        names(&e),
        [
            name("FUYI SUN", "primary", "strong"),
            name("FRANK SUN", "aka", "unknown")
        ]
    );
    assert_eq!(
        e["addresses"],
        json!([{"street": ["INMATE NUMBER: 77362-054, MOSHANNON VALLEY CORRECTIONAL INSTITUTION, 555 GEO DRIVE"], "city": "PHILIPSBURG", "region": "PA", "postal_code": "16866"}])
    );
    assert_eq!(e["listed_on"], json!({"from": "2018-06-13"}));
    assert_eq!(
        e["properties"]["FR_Citation"],
        json!(["83 F.R. 29542 6/25/2018"])
    );
}

#[test]
fn us_state_isn_and_dtc_2018() {
    let (cli, line) = import(&["us-state/2018/isn.csv"]);
    assert!(
        line.contains("us-state-isn") && line.contains("177 entities"),
        "{line}"
    );
    let e = show(&cli, "us-state-isn:92b89a352d4ba8a8");
    assert_eq!(names(&e), [name("Abdul Qadeer Khan", "primary", "strong")]);
    assert_eq!(
        e["programs"],
        json!([
            "E.O. 13382",
            "Export-Import Bank Act",
            "Nuclear Proliferation Prevention Act"
        ])
    );
    assert_eq!(e["countries"], json!(["PK"]));
    assert_eq!(e["listed_on"], json!({"from": "2009-01-09"}));
    assert_eq!(
        e["remarks"],
        json!(["Associated with the A.Q. Khan Network"])
    );

    let (cli, line) = import(&["us-state/2018/itar_debarred_party_list_01242018.csv"]);
    assert!(
        line.contains("us-state-dtc") && line.contains("511 entities"),
        "{line}"
    );
    let e = show(&cli, "us-state-dtc:575656e3a7d3efde");
    assert_eq!(
        names(&e),
        [
            name("Du, Gia An", "primary", "strong"),
            name("Anthony Huynh", "aka", "unknown"),
            name("Simon Du", "aka", "unknown"),
            name("Gia Simon Du", "aka", "unknown"),
        ]
    );
    assert_eq!(e["listed_on"], json!({"from": "2002-03-05"}));
    assert_eq!(e["properties"]["Notice"], json!(["67 FR 10033"]));
}

#[test]
fn opensanctions_zala_keeps_relationships() {
    let (cli, line) = import(&["opensanctions-ftm/zala/entities.ftm.json"]);
    assert!(line.contains("17 entities"), "{line}");
    let e = show(&cli, "opensanctions:NK-2Tbri3s6GgNtAwsSXh4qpL");
    assert_eq!(e["schema"], "Person");
    let n = names(&e);
    assert_eq!(
        n[0],
        name("Maria Aleksandrovna Osetrova", "primary", "strong")
    );
    assert!(n.contains(&name("Maria Aleksandrovna Zakharova", "fka", "strong")));
    assert_eq!(e["gender"], "female");
    assert_eq!(e["birth_dates"], json!([{"from": "1988-01-07"}]));
    assert_eq!(e["nationalities"], json!(["RU"]));
    assert_eq!(e["programs"], json!(["UA-SA1644", "US-RUSHAR", "GB-RUS"]));
    assert_eq!(
        e["relationships"],
        json!([{"kind": "family_member_of", "target": "opensanctions:NK-aU5ybkbRFJucf8YMwsJvDw", "target_name": "Alexander Vyacheslavovich ZAKHAROV"}])
    );
    assert!(e["identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["kind"] == "tax_id" && i["value"] == "183116181362"));
}

#[test]
fn us_ofac_cons_advanced_2020_keeps_relationships() {
    let (cli, line) = import(&["us-ofac-cons/2020-03-17_radwo/cons_advanced.xml"]);
    assert!(
        line.contains("(published 2020-03-17): 375 entities"),
        "{line}"
    );
    let e = show(&cli, "us-ofac-cons:18267");
    assert_eq!(
        names(&e),
        [
            name("OJSC ORENBURGNEFT", "primary", "strong"),
            name("ORENBURGNEFT", "aka", "strong"),
            name("OAO JSC ORENBURGNEFT", "aka", "strong"),
        ]
    );
    assert_eq!(
        e["relationships"],
        json!([{"kind": "owned_or_controlled_by", "target": "us-ofac-cons:17022", "target_name": "OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY"}])
    );
    assert_eq!(e["programs"], json!(["UKRAINE-EO13662"]));
}
