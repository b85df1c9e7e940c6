//! One raw file handed to a parser.

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
}
