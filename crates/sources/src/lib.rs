//! Parsers for the official sanctions-list formats: file bytes in, denylist
//! entities out.
//!
//! Each official format is one [`Format`] in the [`registry`]: a cheap
//! [`Format::sniff`] on the file's first bytes and name, and a
//! [`Format::parse`] that reads a set of files (OFAC's SDN + ALT + ADD +
//! COMMENTS are one set) into a [`ParsedList`]. Bad records in a good file
//! become counted [`Warning`]s with their position; a file that cannot be
//! read is a [`ParseError`] naming the file and line. Parsers never touch the
//! network or a database.
//!
//! ```
//! use denylist_sources::{parse_files, InputFile, ParseOptions};
//!
//! let sdn = InputFile::new(
//!     "sdn.csv",
//!     b"48060,\"DILIAN, Tal Jonathan\",\"individual\",\"CYBER2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 21 Aug 1961; nationality Israel.\"\r\n\x1a".to_vec(),
//! );
//! let list = parse_files(&[sdn], &ParseOptions::default())?;
//! assert_eq!(list.source.as_str(), "us-ofac-sdn");
//! assert_eq!(list.entities[0].id.as_str(), "us-ofac-sdn:48060");
//! # Ok::<(), denylist_sources::ParseError>(())
//! ```

mod au_dfat;
mod ca_sema;
mod catalog;
mod ch_seco;
mod csv_lines;
mod error;
mod eu_fsf;
mod gb_fcdo;
mod gb_hmt;
mod input;
mod opensanctions;
mod registry;
mod un_sc;
mod us_bis_dpl;
mod us_ofac;
mod us_state;
mod us_trade_csl;
mod xml_dom;

pub use catalog::{catalog, source_info, OfficialFile, SourceInfo};
pub use error::{ParseError, Warning};
pub use input::InputFile;
pub use opensanctions::{parse_delta, DeltaParse};
pub use registry::{detect, format_by_id, parse_files, registry, Format, ParseOptions, ParsedList};
