//! The one trait every list format implements, and the table of formats.

use chrono::NaiveDate;
use denylist_model::{Entity, SourceId};

use crate::{InputFile, ParseError, Warning};

/// Options the caller may set for a parse.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Overrides the source id the format would choose (e.g. to read a
    /// consolidated.xml as `us-ofac-cons`).
    pub source: Option<SourceId>,
    /// The publication date, when the file does not carry one (`--as-of`).
    pub as_of: Option<NaiveDate>,
}

impl ParseOptions {
    /// The source to read into: the caller's override, else the format's
    /// default source id.
    pub fn source_or(&self, default: &str) -> Result<SourceId, ParseError> {
        match &self.source {
            Some(s) => Ok(s.clone()),
            None => SourceId::new(default).map_err(|e| ParseError::FileSet {
                message: e.to_string(),
            }),
        }
    }
}

/// A list read from its files.
#[derive(Debug, Clone)]
pub struct ParsedList {
    /// Which list (`us-ofac-sdn`).
    pub source: SourceId,
    /// Which format it was read from (`us-ofac-csv`).
    pub format: &'static str,
    /// The publication date the file states, else `ParseOptions::as_of`.
    pub published: Option<NaiveDate>,
    /// The entities, in file order, ids unique.
    pub entities: Vec<Entity>,
    /// Records read with problems, or skipped.
    pub warnings: Vec<Warning>,
    /// Number of top-level records in the files (before grouping rows into
    /// entities, for formats with one row per name).
    pub record_count: usize,
}

impl ParsedList {
    /// A list of `source` read by `format`, with nothing in it yet.
    pub(crate) fn empty(source: &SourceId, format: &'static str) -> Self {
        ParsedList {
            source: source.clone(),
            format,
            published: None,
            entities: Vec::new(),
            warnings: Vec::new(),
            record_count: 0,
        }
    }
}

/// One official list format.
pub trait Format: Sync {
    /// A stable id for `--format` (`us-ofac-csv`, `un-sc-xml`).
    fn id(&self) -> &'static str;
    /// The source id this format produces by default.
    fn default_source(&self) -> &'static str;
    /// A one-line description for `denylist formats`.
    fn description(&self) -> &'static str;
    /// Cheap check on one file's name and first bytes: is it (part of) this
    /// format? Never parses the whole file.
    fn sniff(&self, file: &InputFile) -> bool;
    /// Reads a set of files of this format into entities.
    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError>;
}

/// Every format, in sniffing order (more specific formats first).
pub fn registry() -> Vec<&'static dyn Format> {
    let mut all: Vec<&'static dyn Format> = Vec::new();
    all.extend_from_slice(crate::us_ofac::FORMATS);
    all.extend_from_slice(crate::un_sc::FORMATS);
    all.extend_from_slice(crate::eu_fsf::FORMATS);
    all.extend_from_slice(crate::gb_fcdo::FORMATS);
    all.extend_from_slice(crate::gb_hmt::FORMATS);
    all.extend_from_slice(crate::ca_sema::FORMATS);
    all.extend_from_slice(crate::au_dfat::FORMATS);
    all.extend_from_slice(crate::ch_seco::FORMATS);
    all.extend_from_slice(crate::us_trade_csl::FORMATS);
    all.extend_from_slice(crate::us_bis_dpl::FORMATS);
    all.extend_from_slice(crate::us_state::FORMATS);
    all.extend_from_slice(crate::opensanctions::FORMATS);
    all
}

/// The format with that id.
pub fn format_by_id(id: &str) -> Result<&'static dyn Format, ParseError> {
    registry()
        .into_iter()
        .find(|f| f.id() == id)
        .ok_or_else(|| ParseError::NoSuchFormat(id.to_string()))
}

/// The one format that recognises every file of the set.
pub fn detect(files: &[InputFile]) -> Result<&'static dyn Format, ParseError> {
    let first = files.first().ok_or_else(|| ParseError::FileSet {
        message: "no files given".to_string(),
    })?;
    // An empty file is only valid where its format says so (OFAC's comments
    // file, an OpenSanctions delta with no change), which its sniff decides.
    for format in registry() {
        if files.iter().all(|f| format.sniff(f)) {
            return Ok(format);
        }
    }
    // Name a file no format accepts: a non-empty one first (garbage where
    // a list was expected says more than an empty companion file).
    let unclaimed: Vec<&InputFile> = files
        .iter()
        .filter(|f| !registry().iter().any(|format| format.sniff(f)))
        .collect();
    if let Some(f) = unclaimed.iter().find(|f| !f.bytes.is_empty()) {
        return Err(ParseError::UnknownFormat {
            file: f.name.clone(),
        });
    }
    if let Some(f) = files.iter().find(|f| f.bytes.is_empty()) {
        return Err(ParseError::Empty {
            file: f.name.clone(),
        });
    }
    Err(ParseError::FileSet {
        message: format!(
            "{} and the other files are not one set of one format; import them separately",
            first.name
        ),
    })
}

/// Detects the format (or uses `format`) and parses the files.
pub fn parse_files(files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
    let format = detect(files)?;
    format.parse(files, options)
}
