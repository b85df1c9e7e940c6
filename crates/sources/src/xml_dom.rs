//! A small XML element tree over quick-xml, with byte offsets for error
//! lines. Shared by the XML list formats of this crate (UN, EU, SECO, UK
//! FCDO); the lists are a few MB, so a tree is simpler than streaming and
//! fast enough.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use crate::ParseError;

/// One element: local name (namespace prefix dropped), attributes, child
/// elements, the concatenated text directly inside it, and the byte offset of
/// its start tag.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Element>,
    pub(crate) text: String,
    pub(crate) pos: usize,
}

impl Element {
    /// An attribute's value, trimmed; `None` when absent or blank.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The first child of that name.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Children of that name, in document order.
    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the element; `None` when blank.
    pub(crate) fn value(&self) -> Option<&str> {
        let t = self.text.trim();
        (!t.is_empty()).then_some(t)
    }

    /// The trimmed text of the first child of that name; `None` when absent
    /// or blank.
    pub(crate) fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(Element::value)
    }
}

/// Maps byte offsets to 1-based line numbers.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    /// Indexes the newlines of `bytes`.
    pub(crate) fn new(bytes: &[u8]) -> Self {
        LineIndex {
            newlines: bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The line holding byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> u64 {
        self.newlines.partition_point(|&nl| nl < offset) as u64 + 1
    }
}

/// A parsed document: its root element and a line index of its text.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) root: Element,
    pub(crate) lines: LineIndex,
}

/// Decodes a file as UTF-8 (skipping a BOM), or as Windows-1252 / Latin-1
/// when the XML declaration says so.
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
            let decl = head.split("?>").next().unwrap_or("");
            if decl.contains("windows-1252") || decl.contains("iso-8859-1") {
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                return Ok(text);
            }
            let lines = LineIndex::new(bytes);
            Err(ParseError::at_line(
                file,
                lines.line(e.valid_up_to()),
                "invalid UTF-8",
            ))
        }
    }
}

fn local_name(qname: &[u8]) -> String {
    let local = match qname.iter().rposition(|b| *b == b':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    };
    String::from_utf8_lossy(local).into_owned()
}

fn element_from(
    start: &BytesStart<'_>,
    pos: usize,
    file: &str,
    lines: &LineIndex,
    decoder: quick_xml::Decoder,
) -> Result<Element, ParseError> {
    let name = local_name(start.name().as_ref());
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| {
            ParseError::at_path(file, Some(lines.line(pos)), name.clone(), e.to_string())
        })?;
        let key = local_name(attr.key.as_ref());
        let value = attr.decode_and_unescape_value(decoder).map_err(|e| {
            ParseError::at_path(
                file,
                Some(lines.line(pos)),
                format!("{name}@{key}"),
                e.to_string(),
            )
        })?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        text: String::new(),
        pos,
    })
}

fn path_of(stack: &[Element]) -> String {
    let names: Vec<&str> = stack.iter().map(|e| e.name.as_str()).collect();
    format!("/{}", names.join("/"))
}

/// The character of a character reference (`&#x41;`) or of one of the five
/// predefined entities (`&amp;`); `None` for any other entity.
pub(crate) fn reference_char(r: &BytesRef<'_>) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => match r.as_ref() {
            b"amp" => Some('&'),
            b"lt" => Some('<'),
            b"gt" => Some('>'),
            b"quot" => Some('"'),
            b"apos" => Some('\''),
            _ => None,
        },
    }
}

/// Parses a whole XML file into a tree. Errors name the file, the line and
/// the element path; a file that ends inside an element is `Truncated`.
pub(crate) fn parse(file: &str, bytes: &[u8]) -> Result<Document, ParseError> {
    let text = decode(file, bytes)?;
    let lines = LineIndex::new(text.as_bytes());
    let mut reader = Reader::from_str(&text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let at = reader.error_position() as usize;
            let unclosed = matches!(
                &e,
                quick_xml::Error::Syntax(s) if !matches!(s, quick_xml::errors::SyntaxError::InvalidBangMarkup)
            );
            if unclosed {
                // Every other syntax error is a construct cut by the end of input.
                ParseError::Truncated {
                    file: file.to_string(),
                    line: Some(lines.line(at)),
                    message: format!("{} in {}", e, path_of(&stack)),
                }
            } else {
                ParseError::at_path(file, Some(lines.line(at)), path_of(&stack), e.to_string())
            }
        })?;
        match event {
            Event::Start(s) => {
                if root.is_some() {
                    return Err(ParseError::at_path(
                        file,
                        Some(lines.line(pos)),
                        path_of(&stack),
                        "content after the root element",
                    ));
                }
                stack.push(element_from(&s, pos, file, &lines, reader.decoder())?);
            }
            Event::Empty(s) => {
                let el = element_from(&s, pos, file, &lines, reader.decoder())?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => {
                        return Err(ParseError::at_path(
                            file,
                            Some(lines.line(pos)),
                            "/",
                            "content after the root element",
                        ))
                    }
                }
            }
            Event::End(_) => {
                // quick-xml checks that end names match.
                let Some(el) = stack.pop() else {
                    return Err(ParseError::at_path(
                        file,
                        Some(lines.line(pos)),
                        "/",
                        "unexpected end tag",
                    ));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let s = t.xml_content().map_err(|e| {
                    ParseError::at_path(file, Some(lines.line(pos)), path_of(&stack), e.to_string())
                })?;
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                let Some(resolved) = reference_char(&r) else {
                    return Err(ParseError::at_path(
                        file,
                        Some(lines.line(pos)),
                        path_of(&stack),
                        format!("unknown entity &{};", String::from_utf8_lossy(&r)),
                    ));
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push(resolved);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(ParseError::Truncated {
            file: file.to_string(),
            line: Some(lines.line(text.len())),
            message: format!("file ends inside {}", path_of(&stack)),
        });
    }
    let root = root.ok_or_else(|| ParseError::Truncated {
        file: file.to_string(),
        line: Some(lines.line(text.len())),
        message: "no root element".to_string(),
    })?;
    Ok(Document { root, lines })
}

/// Parses a whole XML file whose root element must be `root`; another root
/// is an error naming the file, the line and the element found.
pub(crate) fn parse_root(file: &str, bytes: &[u8], root: &str) -> Result<Document, ParseError> {
    let doc = parse(file, bytes)?;
    if doc.root.name != root {
        return Err(ParseError::at_path(
            file,
            Some(doc.lines.line(doc.root.pos)),
            format!("/{}", doc.root.name),
            format!("root element is not {root}"),
        ));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_keeps_text_attributes_and_lines() {
        let doc = parse(
            "t.xml",
            b"<?xml version='1.0'?>\n<a x=\"1 &amp; 2\">\n <b>Tom &amp; Jerry &#x41;</b><c/>\n</a>",
        )
        .unwrap();
        assert_eq!(doc.root.attr("x"), Some("1 & 2"));
        assert_eq!(doc.root.child_text("b"), Some("Tom & Jerry A"));
        assert_eq!(doc.root.child("c").unwrap().value(), None);
        assert_eq!(doc.lines.line(doc.root.child("b").unwrap().pos), 3);
    }

    #[test]
    fn another_root_is_an_error_naming_it() {
        let err = parse_root("t.xml", b"<x>\n</x>", "a").unwrap_err();
        assert_eq!(err.to_string(), "t.xml:1: /x: root element is not a");
        assert_eq!(parse_root("t.xml", b"<a/>", "a").unwrap().root.name, "a");
    }

    #[test]
    fn truncated_file_is_an_error_with_path() {
        let err = parse("t.xml", b"<a>\n<b>text").unwrap_err();
        assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
        assert!(err.to_string().contains("/a/b"), "{err}");
    }

    #[test]
    fn mismatched_tag_names_line_and_path() {
        let err = parse("t.xml", b"<a>\n<b></c>\n</a>").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("t.xml:2"), "{msg}");
    }
}
