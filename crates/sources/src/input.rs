//! One raw file handed to a parser, and the checks on a set of them.

use crate::ParseError;

/// A file's name (for error messages and format hints) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The name the user gave (a path or a file name); errors quote it.
    pub name: String,
    /// The raw bytes, exactly as published.
    pub bytes: Vec<u8>,
}

impl InputFile {
    /// Wraps a name and bytes.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        InputFile {
            name: name.into(),
            bytes,
        }
    }

    /// The last path component, lower-cased (`SDN.CSV` -> `sdn.csv`).
    pub fn file_name_lower(&self) -> String {
        self.name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.name)
            .to_ascii_lowercase()
    }

    /// The first `n` bytes, skipping a UTF-8 byte-order mark, as lossy text.
    pub fn head(&self, n: usize) -> String {
        let b = self
            .bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&self.bytes);
        String::from_utf8_lossy(&b[..b.len().min(n)]).into_owned()
    }

    /// The file, or [`ParseError::Empty`] when it has no bytes.
    pub(crate) fn non_empty(&self) -> Result<&Self, ParseError> {
        if self.bytes.is_empty() {
            return Err(ParseError::Empty {
                file: self.name.clone(),
            });
        }
        Ok(self)
    }
}

/// The one file of a set, for formats published as a single file: no file,
/// or more than one, is a [`ParseError::FileSet`] naming the format.
pub(crate) fn single_file<'f>(
    files: &'f [InputFile],
    format: &str,
) -> Result<&'f InputFile, ParseError> {
    match files {
        [one] => Ok(one),
        [] => Err(ParseError::FileSet {
            message: format!("{format}: no file given"),
        }),
        [first, ..] => Err(ParseError::FileSet {
            message: format!(
                "{format} reads one file per import, got {} ({} and others)",
                files.len(),
                first.name
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_file_names_the_format_and_the_files() {
        let a = InputFile::new("a.xml", b"<a/>".to_vec());
        let b = InputFile::new("b.xml", Vec::new());
        assert_eq!(single_file(std::slice::from_ref(&a), "x").unwrap(), &a);
        let two = single_file(&[a.clone(), b.clone()], "un-sc-xml").unwrap_err();
        assert_eq!(
            two.to_string(),
            "un-sc-xml reads one file per import, got 2 (a.xml and others)"
        );
        assert_eq!(
            single_file(&[], "un-sc-xml").unwrap_err().to_string(),
            "un-sc-xml: no file given"
        );
        assert_eq!(
            b.non_empty().unwrap_err().to_string(),
            "b.xml: file is empty"
        );
    }
}
