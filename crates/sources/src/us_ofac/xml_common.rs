//! Shared reading of OFAC's three XML formats: a streaming reader that hands
//! out one small element tree per record (`sdnEntry`, `DistinctParty`,
//! `entity`), error positions (file, line, element path), and the choice of
//! source id and publication date.
//!
//! Only local element names are matched: the namespace of every OFAC XML
//! format has changed between years.

use denylist_model::SourceId;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::{InputFile, ParseError, ParseOptions};

/// One element with its attributes, text and children: the unit a record
/// is read into before it is mapped.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    /// Local name (namespace prefix dropped).
    pub name: String,
    /// Attributes by local name, unescaped.
    pub attrs: Vec<(String, String)>,
    /// Text content (concatenated, unescaped, not trimmed).
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Node>,
    /// Byte offset of the start tag in the file.
    pub offset: u64,
}

impl Node {
    /// The first child of that local name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child of that local name.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The children of the first child called `list` that are called `item`
    /// (`akaList/aka`).
    pub fn list<'a>(&'a self, list: &'a str, item: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.child(list)
            .into_iter()
            .flat_map(move |l| l.children(item))
    }

    /// An attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed text, `None` when empty.
    pub fn value(&self) -> Option<&str> {
        let t = self.text.trim();
        (!t.is_empty()).then_some(t)
    }

    /// The trimmed text of the first child of that name, `None` when absent
    /// or empty.
    pub fn child_value(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(Node::value)
    }

    /// `true`/`false` child text.
    pub fn child_bool(&self, name: &str) -> Option<bool> {
        parse_bool(self.child_value(name)?)
    }

    /// How the record is named in an error path: `[uid=123]`, `[id=9639]`,
    /// `[FixedRef=36]`.
    fn label(&self) -> String {
        if let Some(uid) = self.child_value("uid") {
            return format!("{}[uid={uid}]", self.name);
        }
        for key in ["FixedRef", "id", "ID"] {
            if let Some(v) = self.attr(key) {
                return format!("{}[{key}={v}]", self.name);
            }
        }
        self.name.clone()
    }
}

/// `true`/`false` (any case, also `1`/`0`).
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// A start tag seen by [`XmlReader::next_start`]: its local name, its depth
/// (the root is 1) and whether it is self-closing.
pub(crate) struct Start<'a> {
    /// Local name.
    pub name: String,
    /// Depth of the element (root = 1).
    pub depth: usize,
    empty: bool,
    raw: BytesStart<'a>,
}

/// A streaming reader over one XML file that yields start tags and reads
/// whole records into [`Node`]s on request.
pub(crate) struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    bytes: &'a [u8],
    /// Offset of `bytes` in the file (a skipped byte-order mark).
    base: u64,
    file: &'a str,
    /// Labels of the open elements (`sdnList`, `sdnEntry[uid=1]`).
    stack: Vec<String>,
    /// The last (byte index, line) computed by [`Self::line_of`].
    last_line: std::cell::Cell<(usize, u64)>,
}

impl<'a> XmlReader<'a> {
    /// A reader over the file's bytes (a UTF-8 byte-order mark is skipped).
    pub fn new(file: &'a InputFile) -> Self {
        let (bytes, base) = match file.bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (rest, 3),
            None => (&file.bytes[..], 0),
        };
        let mut reader = Reader::from_reader(bytes);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text_start = false;
        config.trim_text_end = false;
        XmlReader {
            reader,
            bytes,
            base,
            file: &file.name,
            stack: Vec::new(),
            last_line: std::cell::Cell::new((0, 1)),
        }
    }

    /// The file name for messages.
    pub fn file(&self) -> &str {
        self.file
    }

    /// The 1-based line of a byte offset in the file. Offsets are mostly
    /// asked in file order, so counting resumes from the last answer.
    pub fn line_of(&self, offset: u64) -> u64 {
        let end = (offset.saturating_sub(self.base) as usize).min(self.bytes.len());
        let (mut from, mut line) = self.last_line.get();
        if end < from {
            (from, line) = (0, 1);
        }
        line += self.bytes[from..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.last_line.set((end, line));
        line
    }

    fn error_here(&self, offset: u64, extra: &[String], message: String) -> ParseError {
        let mut path = self.stack.clone();
        path.extend(extra.iter().cloned());
        ParseError::at_path(
            self.file,
            Some(self.line_of(offset)),
            path.join("/"),
            message,
        )
    }

    fn truncated(&self, extra: &[String]) -> ParseError {
        let mut path = self.stack.clone();
        path.extend(extra.iter().cloned());
        let len = self.bytes.len() as u64 + self.base;
        ParseError::Truncated {
            file: self.file.to_string(),
            line: Some(self.line_of(len)),
            message: format!("the file ends inside <{}>", path.join("/")),
        }
    }

    fn xml_error(&self, err: quick_xml::Error, extra: &[String]) -> ParseError {
        let offset = self.reader.error_position() + self.base;
        match err {
            quick_xml::Error::Syntax(quick_xml::errors::SyntaxError::InvalidBangMarkup) => {
                self.error_here(offset, extra, err.to_string())
            }
            // Every other syntax error is markup cut by the end of input.
            quick_xml::Error::Syntax(_) => self.truncated(extra),
            _ => self.error_here(offset, extra, err.to_string()),
        }
    }

    /// The next start tag at any depth, or `None` at the end of the file.
    /// Checks that every element is closed before the end.
    pub fn next_start(&mut self) -> Result<Option<Start<'a>>, ParseError> {
        loop {
            let offset = self.reader.buffer_position() + self.base;
            match self.reader.read_event() {
                Ok(Event::Start(e)) => {
                    let name = local(&e);
                    self.stack.push(name.clone());
                    return Ok(Some(Start {
                        name,
                        depth: self.stack.len(),
                        empty: false,
                        raw: e,
                    }));
                }
                Ok(Event::Empty(e)) => {
                    let name = local(&e);
                    return Ok(Some(Start {
                        name,
                        depth: self.stack.len() + 1,
                        empty: true,
                        raw: e,
                    }));
                }
                Ok(Event::End(_)) => {
                    self.stack.pop();
                }
                Ok(Event::Text(t)) => {
                    if self.stack.is_empty() && !t.iter().all(u8::is_ascii_whitespace) {
                        // Text outside the root: tolerate a DOS end-of-file
                        // byte, reject anything else.
                        if !t.iter().all(|b| b.is_ascii_whitespace() || *b == 0x1a) {
                            return Err(self.error_here(
                                offset,
                                &[],
                                "text outside the root element".into(),
                            ));
                        }
                    }
                }
                Ok(Event::Eof) => {
                    if !self.stack.is_empty() {
                        return Err(self.truncated(&[]));
                    }
                    return Ok(None);
                }
                Ok(_) => {}
                Err(e) => return Err(self.xml_error(e, &[])),
            }
        }
    }

    /// Reads the element just returned by [`Self::next_start`] with all its
    /// content into a [`Node`].
    pub fn read_node(&mut self, start: Start<'a>) -> Result<Node, ParseError> {
        let offset = self.reader.buffer_position() + self.base;
        let root = self.node_of(&start.raw, offset)?;
        if start.empty {
            return Ok(root);
        }
        // The start tag was pushed by next_start; its content is read here.
        self.stack.pop();
        let mut open: Vec<Node> = vec![root];
        loop {
            let at = self.reader.buffer_position() + self.base;
            let event = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let labels: Vec<String> = open.iter().map(Node::label).collect();
                    return Err(self.xml_error(e, &labels));
                }
            };
            match event {
                Event::Start(e) => {
                    let node = self.node_of(&e, at)?;
                    open.push(node);
                }
                Event::Empty(e) => {
                    let node = self.node_of(&e, at)?;
                    if let Some(parent) = open.last_mut() {
                        parent.children.push(node);
                    }
                }
                Event::End(_) => {
                    let Some(done) = open.pop() else {
                        break;
                    };
                    match open.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                Event::Text(t) => {
                    let text = t.xml_content().map_err(|e| {
                        let labels: Vec<String> = open.iter().map(Node::label).collect();
                        self.error_here(at, &labels, e.to_string())
                    })?;
                    if let Some(n) = open.last_mut() {
                        n.text.push_str(&text);
                    }
                }
                Event::CData(c) => {
                    let text = String::from_utf8_lossy(&c).into_owned();
                    if let Some(n) = open.last_mut() {
                        n.text.push_str(&text);
                    }
                }
                Event::GeneralRef(r) => {
                    let ch = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => predefined_entity(&r).map(str::to_string),
                        Err(_) => None,
                    };
                    let Some(ch) = ch else {
                        let labels: Vec<String> = open.iter().map(Node::label).collect();
                        return Err(self.error_here(
                            at,
                            &labels,
                            format!("unknown entity &{};", String::from_utf8_lossy(&r)),
                        ));
                    };
                    if let Some(n) = open.last_mut() {
                        n.text.push_str(&ch);
                    }
                }
                Event::Eof => {
                    let labels: Vec<String> = open.iter().map(Node::label).collect();
                    return Err(self.truncated(&labels));
                }
                _ => {}
            }
        }
        Err(self.truncated(&[]))
    }

    fn node_of(&self, e: &BytesStart<'_>, offset: u64) -> Result<Node, ParseError> {
        let mut node = Node {
            name: local(e),
            offset,
            ..Node::default()
        };
        for attr in e.attributes() {
            let attr = attr.map_err(|err| {
                self.error_here(
                    offset,
                    &[node.name.clone()],
                    format!("bad attribute: {err}"),
                )
            })?;
            let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
            if attr.key.as_ref().starts_with(b"xmlns") {
                continue;
            }
            let value = attr
                .decode_and_unescape_value(self.reader.decoder())
                .map_err(|err| {
                    self.error_here(
                        offset,
                        &[node.name.clone()],
                        format!("bad attribute: {err}"),
                    )
                })?;
            node.attrs.push((key, value.into_owned()));
        }
        Ok(node)
    }
}

fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

fn predefined_entity(r: &[u8]) -> Option<&'static str> {
    Some(match r {
        b"amp" => "&",
        b"lt" => "<",
        b"gt" => ">",
        b"quot" => "\"",
        b"apos" => "'",
        _ => return None,
    })
}

/// The local name of the first element of an XML file, read from its first
/// kilobyte (skipping the declaration, comments and a byte-order mark).
pub(crate) fn root_name(file: &InputFile) -> Option<String> {
    let head = file.head(1024);
    let mut rest: &str = &head;
    loop {
        let i = rest.find('<')?;
        rest = &rest[i + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
        let name = &rest[..end];
        let local = name.rsplit(':').next().unwrap_or(name);
        return Some(local.to_string());
    }
}

/// `us-ofac-cons` when the file name says consolidated (`consolidated.xml`,
/// `cons_enhanced.xml`), else `us-ofac-sdn`.
pub(crate) fn source_from_name(file: &InputFile) -> &'static str {
    let name = file.file_name_lower();
    if name.contains("consolidated") || name.starts_with("cons_") || name.starts_with("cons.") {
        "us-ofac-cons"
    } else {
        "us-ofac-sdn"
    }
}

/// The source id to use: the caller's override, else `guess`.
pub(crate) fn choose_source(
    options: &ParseOptions,
    guess: &str,
    file: &InputFile,
) -> Result<SourceId, ParseError> {
    if let Some(s) = &options.source {
        return Ok(s.clone());
    }
    SourceId::new(guess).map_err(|e| ParseError::Syntax {
        file: file.name.clone(),
        line: None,
        path: None,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, s: &str) -> InputFile {
        InputFile::new(name, s.as_bytes().to_vec())
    }

    fn records(f: &InputFile, record: &str) -> Result<Vec<Node>, ParseError> {
        let mut r = XmlReader::new(f);
        let mut out = Vec::new();
        while let Some(s) = r.next_start()? {
            if s.name == record {
                out.push(r.read_node(s)?);
            }
        }
        Ok(out)
    }

    #[test]
    fn records_are_read_with_local_names_and_entities() {
        let f = file(
            "x.xml",
            "<?xml version=\"1.0\"?>\n<a:root xmlns:a=\"urn:x\"><a:rec ID=\"1\"><a:n>A &amp; B&#33;</a:n><a:e/></a:rec>\n<a:rec ID=\"2\"/></a:root>\x1a",
        );
        let recs = records(&f, "rec").unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].attr("ID"), Some("1"));
        assert_eq!(recs[0].child_value("n"), Some("A & B!"));
        assert!(recs[0].child("e").is_some());
        assert_eq!(recs[1].attr("ID"), Some("2"));
    }

    #[test]
    fn truncation_names_the_open_record() {
        let f = file(
            "sdn.xml",
            "<sdnList>\n<sdnEntry><uid>12</uid>\n<akaList><aka>",
        );
        let err = records(&f, "sdnEntry").unwrap_err();
        match err {
            ParseError::Truncated {
                file,
                line,
                message,
            } => {
                assert_eq!(file, "sdn.xml");
                assert_eq!(line, Some(3));
                assert!(
                    message.contains("sdnList/sdnEntry[uid=12]/akaList/aka"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mismatched_tags_give_line_and_path() {
        let f = file(
            "sdn.xml",
            "<sdnList>\n<sdnEntry><uid>7</uid>\n<akaList></aka></sdnEntry></sdnList>",
        );
        match records(&f, "sdnEntry").unwrap_err() {
            ParseError::Syntax { line, path, .. } => {
                assert_eq!(line, Some(3));
                assert_eq!(path.as_deref(), Some("sdnList/sdnEntry[uid=7]/akaList"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn root_names_and_sources() {
        let f = file(
            "CONS_ENHANCED.XML",
            "\u{feff}<?xml version=\"1.0\"?><!-- c --><sanctionsData xmlns=\"x\">",
        );
        assert_eq!(root_name(&f).as_deref(), Some("sanctionsData"));
        assert_eq!(source_from_name(&f), "us-ofac-cons");
        let f = file("dl/SDN.XML", "<sdnList>");
        assert_eq!(root_name(&f).as_deref(), Some("sdnList"));
        assert_eq!(source_from_name(&f), "us-ofac-sdn");
        assert_eq!(
            source_from_name(&file("consolidated.xml", "")),
            "us-ofac-cons"
        );
    }
}
