//! Property tests over every registered format: arbitrary bytes never
//! panic, and a generated record written in the format's own syntax reads
//! back with its id, names, date of birth and program.
//!
//! Each format has a writer below that renders one generated [`Party`] as a
//! file (or file set) the way its publisher lays it out; the OFAC advanced
//! and enhanced XML, whose reference tables make a record long, are written
//! by filling a generated name and id into the hand-written fixture.
//! `every_format_has_a_round_trip` fails when a format is added to the
//! registry without a writer here.

use std::io::{Cursor, Write};

use denylist_model::{Entity, NameKind};
use denylist_sources::{detect, format_by_id, registry, InputFile, ParseOptions};
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// One listed person, generated.
#[derive(Debug, Clone)]
struct Party {
    id: u32,
    given: String,
    family: String,
    alias: String,
    year: i32,
    month: u32,
    day: u32,
    program: String,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Party {
    /// `Given FAMILY`.
    fn full(&self) -> String {
        format!("{} {}", self.given, self.family)
    }
    /// `FAMILY, Given` (OFAC, CSL and DTC order).
    fn last_first(&self) -> String {
        format!("{}, {}", self.family, self.given)
    }
    fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
    fn dmy(&self, sep: &str) -> String {
        format!("{:02}{sep}{:02}{sep}{:04}", self.day, self.month, self.year)
    }
    fn mdy(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.month, self.day, self.year)
    }
    fn ofac_date(&self) -> String {
        format!(
            "{:02} {} {:04}",
            self.day,
            MONTHS[self.month as usize - 1],
            self.year
        )
    }
}

fn party() -> impl Strategy<Value = Party> {
    (
        90_000u32..99_999,
        "[A-Z][a-z]{2,9}",
        "[A-Z]{3,10}",
        "[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}",
        (1930i32..2005, 1u32..13, 1u32..29),
        "[A-Z]{3,8}",
    )
        .prop_map(
            |(id, given, family, alias, (year, month, day), program)| Party {
                id,
                given,
                family,
                alias,
                year,
                month,
                day,
                program,
            },
        )
}

/// What a format must give back for a party.
struct Expect {
    id: String,
    primary: String,
    alias: Option<String>,
    dob: Option<String>,
    program: Option<String>,
}

/// The entities of the files, detected as `format`.
fn parse_all(format: &str, files: &[InputFile]) -> Result<Vec<Entity>, TestCaseError> {
    let detected = detect(files).map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?;
    prop_assert_eq!(detected.id(), format, "detected");
    let list = detected
        .parse(files, &ParseOptions::default())
        .map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?;
    Ok(list.entities)
}

/// The one entity of the files.
fn parse_one(format: &str, files: Vec<InputFile>) -> Result<Entity, TestCaseError> {
    let entities = parse_all(format, &files)?;
    prop_assert_eq!(entities.len(), 1, "{}", format);
    Ok(entities.into_iter().next().unwrap())
}

fn check(format: &str, files: Vec<InputFile>, want: Expect) -> Result<(), TestCaseError> {
    let entities = parse_all(format, &files)?;
    let found = entities.iter().find(|e| e.id.as_str() == want.id);
    prop_assert!(
        found.is_some(),
        "{}: no {} in {:?}",
        format,
        want.id,
        entities.iter().map(|e| e.id.as_str()).collect::<Vec<_>>()
    );
    let e = found.unwrap();
    prop_assert_eq!(e.names[0].kind, NameKind::Primary, "{}", format);
    prop_assert_eq!(
        e.names[0].full.as_str(),
        want.primary.as_str(),
        "{}",
        format
    );
    if let Some(alias) = &want.alias {
        prop_assert!(
            e.names[1..].iter().any(|n| &n.full == alias),
            "{}: alias {:?} not in {:?}",
            format,
            alias,
            e.names
        );
    }
    if let Some(dob) = &want.dob {
        let got: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        prop_assert_eq!(got, vec![dob.clone()], "{}", format);
    }
    if let Some(program) = &want.program {
        prop_assert!(
            e.programs.contains(program),
            "{}: program {:?} not in {:?}",
            format,
            program,
            e.programs
        );
    }
    Ok(())
}

fn file(name: &str, text: impl Into<Vec<u8>>) -> InputFile {
    InputFile::new(name, text.into())
}

fn fixture(rel: &str) -> String {
    let path = format!("{FIXTURES}/{rel}");
    // The legacy EU CSV fixture is Windows-1252; its header is ASCII.
    String::from_utf8_lossy(&std::fs::read(&path).expect(&path)).into_owned()
}

/// A CSV line of quoted cells.
fn csv_line(cells: &[&str], sep: char) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect();
    quoted.join(&sep.to_string())
}

/// Rows under a header, each row given as (column, value) pairs.
fn table(header: &[&str], rows: &[Vec<(&str, String)>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| {
            header
                .iter()
                .map(|h| {
                    row.iter()
                        .find(|(c, _)| c == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn zip_file(entries: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An XLSX workbook with one sheet of inline-string cells.
fn xlsx(sheet: &str, rows: &[Vec<String>]) -> Vec<u8> {
    let mut data = String::new();
    for (r, row) in rows.iter().enumerate() {
        data.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let col = if c < 26 {
                ((b'A' + c as u8) as char).to_string()
            } else {
                format!(
                    "{}{}",
                    (b'A' + (c / 26 - 1) as u8) as char,
                    (b'A' + (c % 26) as u8) as char
                )
            };
            data.push_str(&format!(
                "<c r=\"{col}{}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                r + 1,
                xml_escape(cell)
            ));
        }
        data.push_str("</row>");
    }
    zip_file(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#),
        ),
    ])
}

/// An ODS spreadsheet with one table of string cells.
fn ods(rows: &[Vec<String>]) -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Sheet1">"#,
    );
    for row in rows {
        xml.push_str("<table:table-row>");
        for cell in row {
            if cell.is_empty() {
                xml.push_str("<table:table-cell/>");
            } else {
                xml.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                    xml_escape(cell)
                ));
            }
        }
        xml.push_str("</table:table-row>");
    }
    xml.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    zip_file(&[
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet".to_string(),
        ),
        ("content.xml", xml),
    ])
}

// ---- one writer per format -------------------------------------------------

fn us_ofac_csv(p: &Party) -> (Vec<InputFile>, Expect) {
    let sdn = format!(
        "{},\"{}\",\"individual\",\"{}\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB {}.\"\r\n\x1a",
        p.id,
        p.last_first(),
        p.program,
        p.ofac_date()
    );
    let alt = format!("{},{},\"aka\",\"{}\",-0- \r\n\x1a", p.id, p.id + 1, p.alias);
    (
        vec![file("sdn.csv", sdn), file("alt.csv", alt)],
        Expect {
            id: format!("us-ofac-sdn:{}", p.id),
            primary: p.last_first(),
            alias: Some(p.alias.clone()),
            dob: Some(p.iso()),
            program: Some(p.program.clone()),
        },
    )
}

fn us_ofac_xml(p: &Party) -> (Vec<InputFile>, Expect) {
    let xml = format!(
        r#"<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>03/05/2024</Publish_Date><Record_Count>1</Record_Count></publshInformation>
  <sdnEntry>
    <uid>{id}</uid><firstName>{given}</firstName><lastName>{family}</lastName><sdnType>Individual</sdnType>
    <programList><program>{program}</program></programList>
    <akaList><aka><uid>{aka}</uid><type>a.k.a.</type><category>strong</category><lastName>{alias}</lastName></aka></akaList>
    <dateOfBirthList><dateOfBirthItem><uid>{dob_uid}</uid><dateOfBirth>{dob}</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem></dateOfBirthList>
  </sdnEntry>
</sdnList>
"#,
        id = p.id,
        given = p.given,
        family = p.family,
        program = p.program,
        aka = p.id + 1,
        alias = p.alias,
        dob_uid = p.id + 2,
        dob = p.ofac_date(),
    );
    (
        vec![file("sdn.xml", xml)],
        Expect {
            id: format!("us-ofac-sdn:{}", p.id),
            primary: p.last_first(),
            alias: Some(p.alias.clone()),
            dob: Some(p.iso()),
            program: Some(p.program.clone()),
        },
    )
}

/// The fixture's DILIAN (48060) with another family name and id.
fn ofac_template(rel: &str, name: &str, p: &Party) -> (Vec<InputFile>, Expect) {
    let text = fixture(rel)
        .replace("DILIAN", &p.family)
        .replace("\"48060\"", &format!("\"{}\"", p.id))
        .replace(">48060<", &format!(">{}<", p.id));
    (
        vec![file(name, text)],
        Expect {
            id: format!("us-ofac-sdn:{}", p.id),
            primary: format!("{}, Tal Jonathan", p.family),
            alias: Some("MENASHE, Tal Yonatan".to_string()),
            dob: None,
            program: Some("CYBER2".to_string()),
        },
    )
}

fn un_sc_xml(p: &Party) -> (Vec<InputFile>, Expect) {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2025-11-20T23:00:09.067Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>{id}</DATAID>
      <FIRST_NAME>{given}</FIRST_NAME>
      <SECOND_NAME>{family}</SECOND_NAME>
      <UN_LIST_TYPE>{program}</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDi.{id}</REFERENCE_NUMBER>
      <LISTED_ON>2001-01-25</LISTED_ON>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{alias}</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>{dob}</DATE></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
"#,
        id = p.id,
        given = p.given,
        family = p.family,
        program = p.program,
        alias = p.alias,
        dob = p.iso(),
    );
    (
        vec![file("consolidated.xml", xml)],
        Expect {
            id: format!("un-sc:QDi.{}", p.id),
            primary: p.full(),
            alias: Some(p.alias.clone()),
            dob: Some(p.iso()),
            program: Some(p.program.clone()),
        },
    )
}

fn eu_expect(p: &Party) -> Expect {
    Expect {
        id: format!("eu-fsf:{}", p.id),
        primary: p.full(),
        alias: Some(p.alias.clone()),
        dob: Some(p.iso()),
        program: Some(p.program.clone()),
    }
}

fn eu_fsf_xml(p: &Party) -> (Vec<InputFile>, Expect) {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-10-02T17:30:03.811+02:00" globalFileId="1">
  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.1.{id}" logicalId="{id}">
    <regulation regulationType="regulation" publicationDate="2003-07-08" programme="{program}" logicalId="1"/>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="{given}" middleName="" lastName="{family}" wholeName="{given} {family}" strong="true" logicalId="{n1}"/>
    <nameAlias firstName="" middleName="" lastName="" wholeName="{alias}" strong="true" logicalId="{n2}"/>
    <birthdate birthdate="{dob}" logicalId="{b}"/>
  </sanctionEntity>
</export>
"#,
        id = p.id,
        program = p.program,
        given = p.given,
        family = p.family,
        alias = p.alias,
        dob = p.iso(),
        n1 = p.id + 1,
        n2 = p.id + 2,
        b = p.id + 3,
    );
    (vec![file("eu.xml", xml)], eu_expect(p))
}

fn eu_fsf_csv(p: &Party) -> (Vec<InputFile>, Expect) {
    let fx = fixture("eu-fsf/csv-1-1.csv");
    let header_line = fx.lines().next().unwrap();
    let header: Vec<&str> = header_line.split(';').collect();
    let entity = |extra: Vec<(&'static str, String)>| {
        let mut row = vec![
            ("fileGenerationDate", "02/10/2024".to_string()),
            ("Entity_LogicalId", p.id.to_string()),
            ("Entity_SubjectType", "P".to_string()),
            (
                "Entity_SubjectType_ClassificationCode",
                "person".to_string(),
            ),
            ("Entity_Regulation_Programme", p.program.clone()),
        ];
        row.extend(extra);
        row
    };
    let rows = table(
        &header,
        &[
            entity(vec![
                ("NameAlias_FirstName", p.given.clone()),
                ("NameAlias_LastName", p.family.clone()),
                ("NameAlias_WholeName", p.full()),
                ("NameAlias_LogicalId", (p.id + 1).to_string()),
            ]),
            entity(vec![
                ("NameAlias_WholeName", p.alias.clone()),
                ("NameAlias_LogicalId", (p.id + 2).to_string()),
            ]),
            entity(vec![
                ("BirthDate_BirthDate", p.iso()),
                ("BirthDate_LogicalId", (p.id + 3).to_string()),
            ]),
        ],
    );
    let mut text = format!("{header_line}\n");
    for row in rows {
        text.push_str(&row.join(";"));
        text.push('\n');
    }
    (vec![file("eu.csv", text)], eu_expect(p))
}

fn eu_fsf_legacy_xml(p: &Party) -> (Vec<InputFile>, Expect) {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<WHOLE Date="11/02/2016">
<ENTITY Id="{id}" Type="P" legal_basis="1210/2003 (OJ L169)" reg_date="2003-07-07" programme="{program}">
<NAME Id="{n1}"><LASTNAME>{family}</LASTNAME><FIRSTNAME>{given}</FIRSTNAME><WHOLENAME>{given} {family}</WHOLENAME></NAME>
<NAME Id="{n2}"><WHOLENAME>{alias}</WHOLENAME></NAME>
<BIRTH Id="{b}"><DATE>{dob}</DATE></BIRTH>
</ENTITY>
</WHOLE>
"#,
        id = p.id,
        program = p.program,
        family = p.family,
        given = p.given,
        alias = p.alias,
        dob = p.iso(),
        n1 = p.id + 1,
        n2 = p.id + 2,
        b = p.id + 3,
    );
    (vec![file("EU_data.xml", xml)], eu_expect(p))
}

fn eu_fsf_legacy_csv(p: &Party) -> (Vec<InputFile>, Expect) {
    let fx = fixture("eu-fsf/legacy.csv");
    let header_line = fx
        .lines()
        .next()
        .unwrap()
        .trim_end_matches(['\t', '\r'])
        .trim_matches('"')
        .to_string();
    let header: Vec<&str> = header_line.split(';').collect();
    let entity = |extra: Vec<(&'static str, String)>| {
        let mut row = vec![
            ("Date_filexxxx", "04/07/2018".to_string()),
            ("Entity_logical_id", p.id.to_string()),
            ("Subject_type", "P".to_string()),
            ("Programme", p.program.clone()),
        ];
        row.extend(extra);
        row
    };
    let rows = table(
        &header,
        &[
            entity(vec![
                ("Naal_logical_id", (p.id + 1).to_string()),
                ("Naal_firstname", p.given.clone()),
                ("Naal_lastname", p.family.clone()),
                ("Naal_wholename", p.full()),
            ]),
            entity(vec![
                ("Naal_logical_id", (p.id + 2).to_string()),
                ("Naal_wholename", p.alias.clone()),
            ]),
            entity(vec![
                ("Birt_logical_id", (p.id + 3).to_string()),
                ("Birt_date", p.iso()),
            ]),
        ],
    );
    // The repeated `Entity_logical_id` columns carry the id in every group.
    let mut text = format!("{header_line}\n");
    for mut row in rows {
        for (i, h) in header.iter().enumerate() {
            if *h == "Entity_logical_id" {
                row[i] = p.id.to_string();
            }
        }
        text.push_str(&row.join(";"));
        text.push('\n');
    }
    (vec![file("EUSanctionsShort.csv", text)], eu_expect(p))
}

fn fcdo_id(p: &Party) -> String {
    format!("RUS{:04}", p.id % 10_000)
}

fn fcdo_expect(p: &Party) -> Expect {
    Expect {
        id: format!("gb-fcdo:{}", fcdo_id(p)),
        primary: p.full(),
        alias: Some(p.alias.clone()),
        dob: Some(p.iso()),
        program: Some(p.program.clone()),
    }
}

fn gb_fcdo_xml(p: &Party) -> (Vec<InputFile>, Expect) {
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Designations>
  <Designation>
    <DateDesignated>01/03/2022</DateDesignated>
    <UniqueID>{uid}</UniqueID>
    <Names>
      <Name><Name1>{given}</Name1><Name6>{family}</Name6><NameType>Primary Name</NameType></Name>
      <Name><Name6>{alias}</Name6><NameType>Alias</NameType><AliasStrength>Good quality a.k.a</AliasStrength></Name>
    </Names>
    <RegimeName>{program}</RegimeName>
    <IndividualEntityShip>Individual</IndividualEntityShip>
    <IndividualDetails><Individual><DOBs><DOB>{dob}</DOB></DOBs></Individual></IndividualDetails>
  </Designation>
</Designations>
"#,
        uid = fcdo_id(p),
        given = p.given,
        family = p.family,
        alias = p.alias,
        program = p.program,
        dob = p.dmy("/"),
    );
    (vec![file("UK-Sanctions-List.xml", xml)], fcdo_expect(p))
}

fn fcdo_rows(p: &Party) -> Vec<Vec<String>> {
    let header = [
        "Unique ID",
        "Name 6",
        "Name 1",
        "Name type",
        "Alias strength",
        "Regime Name",
        "Designation Type",
        "D.O.B",
    ];
    let row = |name6: &str, name1: &str, kind: &str, strength: &str| {
        vec![
            ("Unique ID", fcdo_id(p)),
            ("Name 6", name6.to_string()),
            ("Name 1", name1.to_string()),
            ("Name type", kind.to_string()),
            ("Alias strength", strength.to_string()),
            ("Regime Name", p.program.clone()),
            ("Designation Type", "Individual".to_string()),
            ("D.O.B", p.dmy("/")),
        ]
    };
    let mut rows = vec![
        vec!["Report Date: 23-Sep-2026".to_string()],
        header.iter().map(|h| h.to_string()).collect(),
    ];
    rows.extend(table(
        &header,
        &[
            row(&p.family, &p.given, "Primary Name", ""),
            row(&p.alias, "", "Alias", "Good quality a.k.a"),
        ],
    ));
    rows
}

fn gb_fcdo_csv(p: &Party) -> (Vec<InputFile>, Expect) {
    let text: String = fcdo_rows(p)
        .iter()
        .map(|r| csv_line(&r.iter().map(String::as_str).collect::<Vec<_>>(), ',') + "\r\n")
        .collect();
    (vec![file("UK-Sanctions-List.csv", text)], fcdo_expect(p))
}

fn gb_fcdo_ods(p: &Party) -> (Vec<InputFile>, Expect) {
    (
        vec![file("UK-Sanctions-List.ods", ods(&fcdo_rows(p)))],
        fcdo_expect(p),
    )
}

const CONLIST_HEADER: [&str; 29] = [
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Details",
    "NI Number",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
];

fn conlist_rows(p: &Party) -> Vec<Vec<String>> {
    let row = |name6: &str, name1: &str, kind: &str| {
        vec![
            ("Name 6", name6.to_string()),
            ("Name 1", name1.to_string()),
            ("DOB", p.dmy("/")),
            ("Group Type", "Individual".to_string()),
            ("Alias Type", kind.to_string()),
            ("Regime", p.program.clone()),
            ("Listed On", "01/04/2016".to_string()),
            ("Group ID", p.id.to_string()),
        ]
    };
    let mut rows = vec![
        vec!["Last Updated".to_string(), "13/04/2018".to_string()],
        CONLIST_HEADER.iter().map(|h| h.to_string()).collect(),
    ];
    rows.extend(table(
        &CONLIST_HEADER,
        &[
            row(&p.family, &p.given, "Prime Alias"),
            row(&p.alias, "", "AKA"),
        ],
    ));
    rows
}

fn conlist_expect(p: &Party) -> Expect {
    Expect {
        id: format!("gb-hmt:{}", p.id),
        primary: p.full(),
        alias: Some(p.alias.clone()),
        dob: Some(p.iso()),
        program: Some(p.program.clone()),
    }
}

fn gb_hmt_csv(p: &Party) -> (Vec<InputFile>, Expect) {
    let text: String = conlist_rows(p).iter().map(|r| r.join(",") + "\n").collect();
    (vec![file("ConList.csv", text)], conlist_expect(p))
}

fn gb_hmt_xlsx(p: &Party) -> (Vec<InputFile>, Expect) {
    (
        vec![file("ConList.xlsx", xlsx("Data", &conlist_rows(p)))],
        conlist_expect(p),
    )
}

fn ca_sema_xml(p: &Party) -> (Vec<InputFile>, Expect) {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<data-set>
	<record>
		<Country>{program} / {program}</Country>
		<LastName>{family}</LastName>
		<GivenName>{given}</GivenName>
		<Aliases>{alias}</Aliases>
		<DateOfBirthOrShipBuildDate>{dob}</DateOfBirthOrShipBuildDate>
		<Schedule>1, Part 1</Schedule>
		<Item>{id}</Item>
		<DateOfListing>2024-08-08</DateOfListing>
	</record>
</data-set>
"#,
        program = p.program,
        family = p.family,
        given = p.given,
        alias = p.alias,
        dob = p.iso(),
        id = p.id,
    );
    (
        vec![file("sema-lmes.xml", xml)],
        Expect {
            id: format!("ca-sema:{}_1-part-1_{}", p.program.to_lowercase(), p.id),
            primary: p.full(),
            alias: Some(p.alias.clone()),
            dob: Some(p.iso()),
            program: Some(format!("{} / {}", p.program, p.program)),
        },
    )
}

fn au_dfat_xlsx(p: &Party) -> (Vec<InputFile>, Expect) {
    let header = [
        "Reference",
        "Name of Individual or Entity",
        "Type",
        "Name Type",
        "Date of Birth",
        "Place of Birth",
        "Citizenship",
        "Address",
        "Additional Information",
        "Listing Information",
        "Committees",
        "Control Date",
    ];
    let row = |reference: String, name: String, kind: &str| {
        vec![
            ("Reference", reference),
            ("Name of Individual or Entity", name),
            ("Type", "Individual".to_string()),
            ("Name Type", kind.to_string()),
            ("Date of Birth", p.dmy("/")),
            ("Committees", p.program.clone()),
        ]
    };
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    rows.extend(table(
        &header,
        &[
            row(p.id.to_string(), p.full(), "Primary Name"),
            row(format!("{}a", p.id), p.alias.clone(), "aka"),
        ],
    ));
    (
        vec![file("regulation8_consolidated.xlsx", xlsx("Sheet1", &rows))],
        Expect {
            id: format!("au-dfat:{}", p.id),
            primary: p.full(),
            alias: Some(p.alias.clone()),
            dob: Some(p.iso()),
            program: Some(p.program.clone()),
        },
    )
}

fn ch_seco_xml(p: &Party) -> (Vec<InputFile>, Expect) {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<swiss-sanctions-list list-type="whole-list" date="2024-03-01">
  <sanctions-program ssid="1" version-date="2024-02-23">
    <program-key lang="eng">{program}</program-key>
    <program-name lang="eng">Measures {program}</program-name>
    <sanctions-set ssid="2" lang="eng">Annex 1</sanctions-set>
    <origin>EU</origin>
  </sanctions-program>
  <target ssid="{id}">
    <sanctions-set-id>2</sanctions-set-id>
    <individual sex="male">
      <identity ssid="{i}" main="true">
        <name ssid="{n1}" name-type="primary-name" quality="good">
          <name-part ssid="{p1}" order="1" name-part-type="given-name"><value>{given}</value></name-part>
          <name-part ssid="{p2}" order="2" name-part-type="family-name"><value>{family}</value></name-part>
        </name>
        <name ssid="{n2}" name-type="alias" quality="good">
          <name-part ssid="{p3}" order="1" name-part-type="whole-name"><value>{alias}</value></name-part>
        </name>
        <day-month-year ssid="{d}" day="{day}" month="{month}" year="{year}" calendar="Gregorian" quality="good"/>
      </identity>
    </individual>
    <modification ssid="{m}" modification-type="listed" enactment-date="2022-02-28" publication-date="2022-02-28" effective-date="2022-02-28"/>
  </target>
</swiss-sanctions-list>
"#,
        program = p.program,
        id = p.id,
        i = p.id + 1,
        n1 = p.id + 2,
        p1 = p.id + 3,
        p2 = p.id + 4,
        n2 = p.id + 5,
        p3 = p.id + 6,
        d = p.id + 7,
        m = p.id + 8,
        given = p.given,
        family = p.family,
        alias = p.alias,
        day = p.day,
        month = p.month,
        year = p.year,
    );
    (
        vec![file("seco.xml", xml)],
        Expect {
            id: format!("ch-seco:{}", p.id),
            primary: p.full(),
            alias: Some(p.alias.clone()),
            dob: Some(p.iso()),
            program: Some(p.program.clone()),
        },
    )
}

const CSL_HEADER: [&str; 29] = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
];

const SDN_SOURCE: &str = "Specially Designated Nationals (SDN) - Treasury Department";

fn csl_expect(p: &Party) -> Expect {
    Expect {
        id: format!("us-trade-csl:SDN-{}", p.id),
        primary: p.last_first(),
        alias: Some(p.alias.clone()),
        dob: Some(p.iso()),
        program: Some(p.program.clone()),
    }
}

fn us_trade_csl_csv(p: &Party) -> (Vec<InputFile>, Expect) {
    let row = table(
        &CSL_HEADER,
        &[vec![
            ("_id", p.id.to_string()),
            ("source", SDN_SOURCE.to_string()),
            ("entity_number", p.id.to_string()),
            ("type", "Individual".to_string()),
            ("programs", p.program.clone()),
            ("name", p.last_first()),
            ("alt_names", p.alias.clone()),
            ("dates_of_birth", p.iso()),
        ]],
    );
    let cells: Vec<&str> = row[0].iter().map(String::as_str).collect();
    let text = format!("{}\n{}\n", CSL_HEADER.join(","), csv_line(&cells, ','));
    (vec![file("consolidated.csv", text)], csl_expect(p))
}

fn us_trade_csl_json(p: &Party) -> (Vec<InputFile>, Expect) {
    let json = serde_json::json!({"results": [{
        "_id": p.id.to_string(),
        "source": SDN_SOURCE,
        "entity_number": p.id.to_string(),
        "type": "Individual",
        "programs": [p.program],
        "name": p.last_first(),
        "alt_names": [p.alias],
        "dates_of_birth": [p.iso()],
        "addresses": [],
    }]});
    (
        vec![file("consolidated.json", json.to_string())],
        csl_expect(p),
    )
}

fn us_bis_dpl_txt(p: &Party) -> (Vec<InputFile>, Expect) {
    let header = [
        "Name",
        "Street_Address",
        "City",
        "State",
        "Country",
        "Postal_Code",
        "Effective_Date",
        "Expiration_Date",
        "Standard_Order",
        "Last_Update",
        "Action",
        "FR_Citation",
    ];
    let name = p.full().to_uppercase();
    let alias = p.alias.to_uppercase();
    let row = [
        format!("{name} A/K/A {alias}"),
        "1 MAIN STREET".to_string(),
        "TORONTO".to_string(),
        String::new(),
        "CA".to_string(),
        String::new(),
        p.mdy(),
        String::new(),
        "Y".to_string(),
        "2019-01-01".to_string(),
        "STANDARD ORDER".to_string(),
        "84 F.R. 1".to_string(),
    ];
    let cells: Vec<&str> = row.iter().map(String::as_str).collect();
    let text = format!("{}\n{}\n", csv_line(&header, '\t'), csv_line(&cells, '\t'));
    let e = parse_one("us-bis-dpl-txt", vec![file("dpl.txt", text.clone())]);
    let id = e.map(|e| e.id.to_string()).unwrap_or_default();
    (
        vec![file("dpl.txt", text)],
        Expect {
            // Derived from the name: checked to be stable and prefixed below.
            id,
            primary: name,
            alias: Some(alias),
            dob: None,
            program: None,
        },
    )
}

fn us_state_isn_csv(p: &Party) -> (Vec<InputFile>, Expect) {
    let text = format!(
        "Source List,Programs,Name,Alternative Names,Country,Federal Register Notice,Effective Date,Remarks/Notes,Web Link\r\n\
         ISN,{program},{name},{alias},Iran,70 FR 1,{m}/{d}/{y},,\r\n",
        program = p.program,
        name = p.full(),
        alias = p.alias,
        m = p.month,
        d = p.day,
        y = p.year,
    );
    let id = parse_one("us-state-isn-csv", vec![file("isn.csv", text.clone())])
        .map(|e| e.id.to_string())
        .unwrap_or_default();
    (
        vec![file("isn.csv", text)],
        Expect {
            id,
            primary: p.full(),
            alias: Some(p.alias.clone()),
            dob: None,
            program: Some(p.program.clone()),
        },
    )
}

fn us_state_dtc_csv(p: &Party) -> (Vec<InputFile>, Expect) {
    let text = format!(
        "Debarred Party Full Name and Alias,Date of Birth,Notice,Notice Date,Corrected Notice,Corrected Notice Date\n\
         \"{name} (a.k.a. {alias})\",\"{month}, {year}\",67 FR 10033,3/5/2002,,\n",
        name = p.last_first(),
        alias = p.alias,
        month = MONTH_NAMES[p.month as usize - 1],
        year = p.year,
    );
    let id = parse_one("us-state-dtc-csv", vec![file("dtc.csv", text.clone())])
        .map(|e| e.id.to_string())
        .unwrap_or_default();
    (
        vec![file("itar_debarred_party_list.csv", text)],
        Expect {
            id,
            primary: p.last_first(),
            alias: Some(p.alias.clone()),
            dob: Some(format!("{:04}-{:02}", p.year, p.month)),
            program: None,
        },
    )
}

fn ftm_entity(p: &Party) -> serde_json::Value {
    serde_json::json!({
        "id": format!("NK-{}", p.id),
        "caption": p.full(),
        "schema": "Person",
        "properties": {
            "name": [p.full()],
            "alias": [p.alias],
            "firstName": [p.given],
            "lastName": [p.family],
            "birthDate": [p.iso()],
        }
    })
}

fn ftm_expect(p: &Party) -> Expect {
    Expect {
        id: format!("opensanctions:NK-{}", p.id),
        primary: p.full(),
        alias: Some(p.alias.clone()),
        dob: Some(p.iso()),
        program: Some(p.program.clone()),
    }
}

fn ftm_sanction(p: &Party) -> serde_json::Value {
    serde_json::json!({
        "id": format!("NK-s{}", p.id),
        "schema": "Sanction",
        "properties": {"entity": [format!("NK-{}", p.id)], "program": [p.program]}
    })
}

fn opensanctions_ftm(p: &Party) -> (Vec<InputFile>, Expect) {
    let text = format!("{}\n{}\n", ftm_entity(p), ftm_sanction(p));
    (vec![file("entities.ftm.json", text)], ftm_expect(p))
}

fn opensanctions_delta(p: &Party) -> (Vec<InputFile>, Expect) {
    let text = format!(
        "{}\n{}\n",
        serde_json::json!({"op": "ADD", "entity": ftm_entity(p)}),
        serde_json::json!({"op": "ADD", "entity": ftm_sanction(p)}),
    );
    (vec![file("entities.delta.json", text)], ftm_expect(p))
}

type Writer = fn(&Party) -> (Vec<InputFile>, Expect);

/// Every format id with its writer.
fn writers() -> Vec<(&'static str, Writer)> {
    vec![
        ("us-ofac-csv", us_ofac_csv),
        ("us-ofac-xml", us_ofac_xml),
        ("us-ofac-advanced-xml", |p| {
            ofac_template("us-ofac-sdn/sdn_advanced.xml", "sdn_advanced.xml", p)
        }),
        ("us-ofac-enhanced-xml", |p| {
            ofac_template("us-ofac-sdn/sdn_enhanced.xml", "sdn_enhanced.xml", p)
        }),
        ("un-sc-xml", un_sc_xml),
        ("eu-fsf-xml", eu_fsf_xml),
        ("eu-fsf-csv", eu_fsf_csv),
        ("eu-fsf-legacy-xml", eu_fsf_legacy_xml),
        ("eu-fsf-legacy-csv", eu_fsf_legacy_csv),
        ("gb-fcdo-xml", gb_fcdo_xml),
        ("gb-fcdo-csv", gb_fcdo_csv),
        ("gb-fcdo-ods", gb_fcdo_ods),
        ("gb-hmt-csv", gb_hmt_csv),
        ("gb-hmt-xlsx", gb_hmt_xlsx),
        ("ca-sema-xml", ca_sema_xml),
        ("au-dfat-xlsx", au_dfat_xlsx),
        ("ch-seco-xml", ch_seco_xml),
        ("us-trade-csl-csv", us_trade_csl_csv),
        ("us-trade-csl-json", us_trade_csl_json),
        ("us-bis-dpl-txt", us_bis_dpl_txt),
        ("us-state-isn-csv", us_state_isn_csv),
        ("us-state-dtc-csv", us_state_dtc_csv),
        ("opensanctions-ftm", opensanctions_ftm),
        ("opensanctions-delta", opensanctions_delta),
    ]
}

#[test]
fn every_format_has_a_round_trip() {
    let mut covered: Vec<&str> = writers().iter().map(|(id, _)| *id).collect();
    let mut registered: Vec<&str> = registry().iter().map(|f| f.id()).collect();
    covered.sort_unstable();
    registered.sort_unstable();
    assert_eq!(covered, registered);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every format, forced on arbitrary bytes (plain, or after a zip
    /// signature so the spreadsheet readers get past their first check):
    /// an error or a list, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..1500),
        zip_head in any::<bool>(),
    ) {
        let mut b = if zip_head { b"PK\x03\x04".to_vec() } else { Vec::new() };
        b.extend(bytes);
        for format in registry() {
            let _ = format.parse(&[InputFile::new("x", b.clone())], &ParseOptions::default());
        }
    }

    /// A generated record, written in each format, reads back.
    #[test]
    fn generated_record_round_trips_in_every_format(p in party()) {
        prop_assume!(p.alias != p.full() && p.alias != p.last_first());
        for (format, write) in writers() {
            let (files, want) = write(&p);
            check(format, files, want)?;
        }
    }

    /// The same generated record, cut anywhere, is an error or a list in
    /// every text format, never a panic.
    #[test]
    fn cut_records_never_panic(p in party(), cut in 0.0f64..1.0) {
        for (format, write) in writers() {
            let (files, _) = write(&p);
            let f = format_by_id(format).unwrap();
            let cut_files: Vec<InputFile> = files
                .into_iter()
                .map(|f| {
                    let n = (f.bytes.len() as f64 * cut) as usize;
                    InputFile::new(f.name, f.bytes[..n].to_vec())
                })
                .collect();
            let _ = f.parse(&cut_files, &ParseOptions::default());
        }
    }
}

/// Derived ids (DPL, State lists) are stable: the same party gives the same
/// id, prefixed by its source.
#[test]
fn derived_ids_are_stable_and_prefixed() {
    let p = Party {
        id: 90_001,
        given: "Anna".into(),
        family: "KOVA".into(),
        alias: "Anya Kova".into(),
        year: 1970,
        month: 10,
        day: 5,
        program: "INPAA".into(),
    };
    for (format, source) in [
        ("us-bis-dpl-txt", "us-bis-dpl:"),
        ("us-state-isn-csv", "us-state-isn:"),
        ("us-state-dtc-csv", "us-state-dtc:"),
    ] {
        let write = writers()
            .into_iter()
            .find(|(id, _)| *id == format)
            .unwrap()
            .1;
        let (a, want) = write(&p);
        let (b, _) = write(&p);
        assert!(want.id.starts_with(source), "{format}: {}", want.id);
        assert_eq!(want.id.len(), source.len() + 16, "{format}: {}", want.id);
        let a = parse_one(format, a).unwrap();
        let b = parse_one(format, b).unwrap();
        assert_eq!(a.id, b.id);
    }
}
