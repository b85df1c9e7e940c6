//! Every supported list: its publisher and the official URLs of its files.

/// One file of a source, as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficialFile {
    /// The file name used when the file is stored or parsed (`sdn.csv`); it
    /// is also the last path segment under a `--base-url` mirror.
    pub name: &'static str,
    /// The official download URL.
    pub url: &'static str,
    /// True when an empty download is normal for this file (OFAC's comments
    /// files are often empty).
    pub may_be_empty: bool,
}

impl OfficialFile {
    /// The URL to download: the official one, or `<base>/<name>` under a
    /// mirror or test server (`http://127.0.0.1:8080/ofac` gives
    /// `http://127.0.0.1:8080/ofac/sdn.csv`).
    pub fn url_with_base(&self, base: Option<&str>) -> String {
        match base {
            Some(base) => format!("{}/{}", base.trim_end_matches('/'), self.name),
            None => self.url.to_string(),
        }
    }
}

/// A supported list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceInfo {
    /// Source id (`us-ofac-sdn`).
    pub id: &'static str,
    /// Human name.
    pub title: &'static str,
    /// Publisher.
    pub publisher: &'static str,
    /// Files fetched by `denylist update`, all parsed as one version; empty
    /// when the publisher offers no file to download (the note says why and
    /// what to import instead).
    pub files: &'static [OfficialFile],
    /// The same list in the publisher's other formats: `denylist import`
    /// reads them, `denylist update` fetches only `files`.
    pub other_formats: &'static [OfficialFile],
    /// Anything an operator should know (retired list, token in the URL).
    pub note: Option<&'static str>,
}

impl SourceInfo {
    /// Each file's name and download URL, under `base` when given.
    pub fn urls(&self, base: Option<&str>) -> Vec<(&'static str, String)> {
        self.files
            .iter()
            .map(|f| (f.name, f.url_with_base(base)))
            .collect()
    }
}

/// All supported lists.
pub fn catalog() -> &'static [SourceInfo] {
    CATALOG
}

/// The list with that id.
pub fn source_info(id: &str) -> Option<&'static SourceInfo> {
    CATALOG.iter().find(|s| s.id == id)
}

/// An OFAC export URL.
macro_rules! ofac {
    ($file:literal) => {
        concat!(
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/",
            $file
        )
    };
}
const OFAC_PUBLISHER: &str = "US Treasury, Office of Foreign Assets Control";

const fn file(name: &'static str, url: &'static str) -> OfficialFile {
    OfficialFile {
        name,
        url,
        may_be_empty: false,
    }
}

static CATALOG: &[SourceInfo] = &[
    SourceInfo {
        id: "us-ofac-sdn",
        title: "Specially Designated Nationals and Blocked Persons List (SDN)",
        publisher: OFAC_PUBLISHER,
        files: &[
            file("sdn.csv", ofac!("SDN.CSV")),
            file("add.csv", ofac!("ADD.CSV")),
            file("alt.csv", ofac!("ALT.CSV")),
            OfficialFile {
                name: "sdn_comments.csv",
                url: ofac!("SDN_COMMENTS.CSV"),
                may_be_empty: true,
            },
        ],
        other_formats: &[],
        note: Some("the export URLs redirect to short-lived S3 links"),
    },
    SourceInfo {
        id: "us-ofac-cons",
        title: "Consolidated Sanctions List (non-SDN lists)",
        publisher: OFAC_PUBLISHER,
        files: &[
            file("cons_prim.csv", ofac!("CONS_PRIM.CSV")),
            file("cons_add.csv", ofac!("CONS_ADD.CSV")),
            file("cons_alt.csv", ofac!("CONS_ALT.CSV")),
            OfficialFile {
                name: "cons_comments.csv",
                url: ofac!("CONS_COMMENTS.CSV"),
                may_be_empty: true,
            },
        ],
        other_formats: &[],
        note: Some("the export URLs redirect to short-lived S3 links"),
    },
    SourceInfo {
        id: "un-sc",
        title: "United Nations Security Council Consolidated List",
        publisher: "United Nations Security Council",
        files: &[file(
            "consolidated.xml",
            "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        )],
        other_formats: &[],
        note: None,
    },
    SourceInfo {
        id: "eu-fsf",
        title: "EU Financial Sanctions Files (consolidated list, XML 1.1)",
        publisher: "European Commission, FPI",
        files: &[file(
            "eu_fsf_1_1.xml",
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        )],
        other_formats: &[file(
            "eu_fsf_1_1.csv",
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/csvFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        )],
        note: Some("the token is the public one on the EU download page"),
    },
    SourceInfo {
        id: "gb-fcdo",
        title: "UK Sanctions List",
        publisher: "UK Foreign, Commonwealth and Development Office",
        files: &[file(
            "UK-Sanctions-List.xml",
            "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
        )],
        other_formats: &[
            file(
                "UK-Sanctions-List.csv",
                "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv",
            ),
            file(
                "UK-Sanctions-List.ods",
                "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.ods",
            ),
        ],
        note: Some("the only UK list since 28 Jan 2026"),
    },
    SourceInfo {
        id: "gb-hmt",
        title: "OFSI Consolidated List of Financial Sanctions Targets",
        publisher: "HM Treasury, Office of Financial Sanctions Implementation",
        files: &[file(
            "ConList.csv",
            "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
        )],
        other_formats: &[],
        note: Some("retired on 28 Jan 2026 in favour of gb-fcdo"),
    },
    SourceInfo {
        id: "ca-sema",
        title: "Consolidated Canadian Autonomous Sanctions List (SEMA)",
        publisher: "Global Affairs Canada",
        files: &[file(
            "sema-lmes.xml",
            "https://www.international.gc.ca/world-monde/assets/office_docs/international_relations-relations_internationales/sanctions/sema-lmes.xml",
        )],
        other_formats: &[],
        note: None,
    },
    SourceInfo {
        id: "au-dfat",
        title: "Australian Consolidated Sanctions List",
        publisher: "Australia, Department of Foreign Affairs and Trade",
        files: &[file(
            "regulation8_consolidated.xlsx",
            "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
        )],
        other_formats: &[],
        note: None,
    },
    SourceInfo {
        id: "ch-seco",
        title: "Swiss sanctions list (SESAM)",
        publisher: "Switzerland, State Secretariat for Economic Affairs (SECO)",
        files: &[file(
            "seco.xml",
            "https://www.sesam.search.admin.ch/sesam-search-web/pages/downloadXmlGesamtliste.xhtml?lang=en&action=downloadXmlGesamtlisteAction",
        )],
        other_formats: &[],
        note: None,
    },
    SourceInfo {
        id: "us-trade-csl",
        title: "Consolidated Screening List",
        publisher: "US Department of Commerce, International Trade Administration",
        files: &[file(
            "consolidated.csv",
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        )],
        other_formats: &[file(
            "consolidated.json",
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json",
        )],
        note: None,
    },
    SourceInfo {
        id: "us-bis-dpl",
        title: "Denied Persons List",
        publisher: "US Department of Commerce, Bureau of Industry and Security",
        files: &[file("dpl.txt", "https://www.bis.doc.gov/dpl/dpl.txt")],
        other_formats: &[],
        note: Some("historical URL; the same rows are the DPL sub-list of us-trade-csl"),
    },
    SourceInfo {
        id: "us-state-isn",
        title: "Nonproliferation Sanctions (ISN)",
        publisher: "US Department of State, Bureau of International Security and Nonproliferation",
        files: &[],
        other_formats: &[],
        note: Some(
            "published as a web page, not a file: import trade.gov's isn.csv by hand; the same parties are the ISN sub-list of us-trade-csl",
        ),
    },
    SourceInfo {
        id: "us-state-dtc",
        title: "ITAR Debarred Parties (DTC)",
        publisher: "US Department of State, Directorate of Defense Trade Controls",
        files: &[],
        other_formats: &[],
        note: Some(
            "published as Federal Register notices and a web page, not a file: import trade.gov's debarred-parties CSV by hand; the same parties are the DTC sub-list of us-trade-csl",
        ),
    },
    SourceInfo {
        id: "opensanctions",
        title: "OpenSanctions consolidated sanctions (FollowTheMoney entities)",
        publisher: "OpenSanctions (an aggregator, not an official list)",
        files: &[file(
            "entities.ftm.json",
            "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
        )],
        other_formats: &[],
        note: Some(
            "the `sanctions` collection; another dataset with --base-url opensanctions=https://data.opensanctions.org/datasets/latest/<dataset>; large files need a higher --max-mib; commercial use needs an OpenSanctions licence",
        ),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_has_https_files_with_unique_names() {
        for s in catalog() {
            // A source with nothing to download says why.
            assert!(!s.files.is_empty() || s.note.is_some(), "{}", s.id);
            for f in s.files.iter().chain(s.other_formats) {
                assert!(f.url.starts_with("https://"), "{}: {}", s.id, f.url);
            }
            let mut names: Vec<_> = s.files.iter().map(|f| f.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), s.files.len(), "{}", s.id);
        }
        for id in [
            "us-ofac-sdn",
            "us-ofac-cons",
            "un-sc",
            "eu-fsf",
            "gb-fcdo",
            "gb-hmt",
            "ca-sema",
            "au-dfat",
            "ch-seco",
            "us-trade-csl",
            "us-bis-dpl",
            "us-state-isn",
            "us-state-dtc",
            "opensanctions",
        ] {
            assert!(source_info(id).is_some(), "{id} missing");
        }
    }

    /// Every default source of a registered format is in the catalog, so
    /// `denylist lists` can show every list, imported or not.
    #[test]
    fn every_format_source_is_catalogued() {
        for f in crate::registry() {
            assert!(
                source_info(f.default_source()).is_some(),
                "{} ({}) has no catalog entry",
                f.default_source(),
                f.id()
            );
        }
    }

    #[test]
    fn base_url_replaces_the_official_location() {
        let sdn = source_info("us-ofac-sdn").unwrap();
        assert_eq!(
            sdn.files[0].url_with_base(None),
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV"
        );
        let urls = sdn.urls(Some("http://127.0.0.1:8080/ofac/"));
        assert_eq!(
            urls[0],
            ("sdn.csv", "http://127.0.0.1:8080/ofac/sdn.csv".to_string())
        );
        assert_eq!(urls.len(), 4);
    }
}
