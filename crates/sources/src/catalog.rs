//! Every supported list: its publisher and the official URLs of its files.

/// One file of a source, as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficialFile {
    /// The file name used when the file is stored or parsed (`sdn.csv`).
    pub name: &'static str,
    /// The official download URL.
    pub url: &'static str,
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
    /// Files fetched by `denylist update`, all parsed as one version.
    pub files: &'static [OfficialFile],
}

/// All supported lists.
pub fn catalog() -> &'static [SourceInfo] {
    CATALOG
}

/// The list with that id.
pub fn source_info(id: &str) -> Option<&'static SourceInfo> {
    CATALOG.iter().find(|s| s.id == id)
}

static CATALOG: &[SourceInfo] = &[
    SourceInfo {
        id: "us-ofac-sdn",
        title: "Specially Designated Nationals and Blocked Persons List (SDN)",
        publisher: "US Treasury, Office of Foreign Assets Control",
        files: &[
            OfficialFile { name: "sdn.csv", url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV" },
            OfficialFile { name: "add.csv", url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV" },
            OfficialFile { name: "alt.csv", url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV" },
            OfficialFile { name: "sdn_comments.csv", url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV" },
        ],
    },
    SourceInfo {
        id: "us-ofac-cons",
        title: "Consolidated Sanctions List (non-SDN lists)",
        publisher: "US Treasury, Office of Foreign Assets Control",
        files: &[
            OfficialFile { name: "cons_prim.csv", url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV" },
            OfficialFile { name: "cons_add.csv", url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ADD.CSV" },
            OfficialFile { name: "cons_alt.csv", url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ALT.CSV" },
            OfficialFile { name: "cons_comments.csv", url: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_COMMENTS.CSV" },
        ],
    },
];
