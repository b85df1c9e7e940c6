//! Line numbers of CSV records for error and warning messages.
//!
//! The csv crate counts a record's line from the terminator before it, so
//! in a CRLF file every record after the first is reported one line early.
//! [`RecordLines`] derives the line from the record's byte offset instead.

/// Turns csv record positions into 1-based line numbers, for records read
/// in order from `bytes` (the text given to the csv reader).
pub(crate) struct RecordLines<'a> {
    bytes: &'a [u8],
    seen_byte: usize,
    seen_line: u64,
}

impl<'a> RecordLines<'a> {
    /// Lines of the records of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        RecordLines {
            bytes,
            seen_byte: 0,
            seen_line: 1,
        }
    }

    /// The line a record (or an error) at `pos` starts on; offsets must not
    /// go backwards between calls.
    pub(crate) fn line(&mut self, pos: Option<&csv::Position>) -> Option<u64> {
        let pos = pos?;
        let bytes = self.bytes;
        // A record's position may sit on the previous record's terminator.
        let mut byte = (pos.byte() as usize).min(bytes.len());
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > self.seen_byte {
            self.seen_line += bytes[self.seen_byte..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.seen_byte = byte;
        }
        Some(self.seen_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<u64> {
        let mut at = RecordLines::new(text.as_bytes());
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| at.line(r.unwrap().position()).unwrap())
            .collect()
    }

    #[test]
    fn crlf_and_lf_files_give_the_same_lines() {
        assert_eq!(lines("a\r\nb,c\r\n\r\nd,e\r\n"), [1, 2, 4]);
        assert_eq!(lines("a\nb,c\n\nd,e\n"), [1, 2, 4]);
        assert_eq!(lines("a,\"x\ny\"\nb\n"), [1, 3]);
    }
}
