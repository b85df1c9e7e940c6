//! Formats of the `opensanctions` publisher: FollowTheMoney entity files
//! (`entities.ftm.json`, one JSON object per line) and delta files
//! (`entities.delta.json`, one `{"op": "ADD"|"MOD"|"DEL", "entity": ...}`
//! per line). Ids are kept as published: `opensanctions:<id>`.

mod ftm;

use denylist_model::{Entity, EntityId, SourceId};
use serde_json::Value;

use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};
use ftm::{json_error, read_object, Folder, FtmEntity};

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&FtmDelta, &FtmEntities];

const SOURCE: &str = "opensanctions";
const ENTITIES_ID: &str = "opensanctions-ftm";
const DELTA_ID: &str = "opensanctions-delta";

fn source_of(options: &ParseOptions) -> Result<SourceId, ParseError> {
    options.source_or(SOURCE)
}

/// The non-blank lines of a file with their 1-based numbers, and whether
/// each is the last one.
fn lines(file: &InputFile) -> Result<Vec<(u64, bool, &str)>, ParseError> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64
            + 1;
        ParseError::at_line(&file.name, line, "invalid UTF-8")
    })?;
    let all: Vec<(u64, &str)> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let n = all.len();
    Ok(all
        .into_iter()
        .enumerate()
        .map(|(i, (no, l))| (no, i + 1 == n, l))
        .collect())
}

/// FtM entity files (`entities.ftm.json`).
struct FtmEntities;

impl Format for FtmEntities {
    fn id(&self) -> &'static str {
        ENTITIES_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "OpenSanctions FollowTheMoney entities, JSON lines (entities.ftm.json)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        let first = head.trim_start();
        first.starts_with('{')
            && first.contains("\"schema\"")
            && first.contains("\"id\"")
            && !first.contains("\"op\"")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let source = source_of(options)?;
        let mut out = ParsedList {
            source: source.clone(),
            format: ENTITIES_ID,
            published: options.as_of,
            entities: Vec::new(),
            warnings: Vec::new(),
            record_count: 0,
        };
        for file in files {
            let mut objects: Vec<FtmEntity> = Vec::new();
            for (no, last, line) in lines(file)? {
                out.record_count += 1;
                let v: Value =
                    serde_json::from_str(line).map_err(|e| json_error(&file.name, no, last, &e))?;
                match read_object(&v, no) {
                    Ok(o) => objects.push(o),
                    Err(why) => out.warnings.push(Warning::new(
                        &file.name,
                        Some(no),
                        format!("line skipped: {why}"),
                    )),
                }
            }
            let mut folder = Folder {
                file: &file.name,
                source: &source,
                warnings: Vec::new(),
            };
            let entities = folder.fold(&objects);
            merge(&mut out.entities, entities);
            out.warnings.append(&mut folder.warnings);
        }
        Ok(out)
    }
}

/// Adds entities, a later one replacing an earlier one of the same id.
fn merge(into: &mut Vec<Entity>, entities: Vec<Entity>) {
    for e in entities {
        match into.iter_mut().find(|x| x.id == e.id) {
            Some(slot) => *slot = e,
            None => into.push(e),
        }
    }
}

/// FtM delta files (`entities.delta.json`).
struct FtmDelta;

impl Format for FtmDelta {
    fn id(&self) -> &'static str {
        DELTA_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "OpenSanctions FollowTheMoney delta, JSON lines of ADD/MOD/DEL (entities.delta.json)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        let first = head.trim_start();
        (first.starts_with('{') && first.contains("\"op\"") && first.contains("\"entity\""))
            || (first.is_empty() && file.file_name_lower().ends_with(".delta.json"))
    }

    /// The ADD and MOD entities; the DEL ids are returned by
    /// [`parse_delta`].
    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let delta = parse_delta(files, options)?;
        Ok(ParsedList {
            source: source_of(options)?,
            format: DELTA_ID,
            published: options.as_of,
            entities: delta.upserts,
            warnings: delta.warnings,
            record_count: delta.record_count,
        })
    }
}

/// What an OpenSanctions delta file says: entities added or modified, and
/// ids deleted.
#[derive(Debug, Clone, Default)]
pub struct DeltaParse {
    /// Entities of `ADD` and `MOD` operations (things only; links are
    /// folded into them), in file order.
    pub upserts: Vec<Entity>,
    /// Ids of `DEL` operations, as `opensanctions:<id>`.
    pub deletes: Vec<EntityId>,
    /// Lines read with problems, or skipped.
    pub warnings: Vec<Warning>,
    /// Number of operations read.
    pub record_count: usize,
}

/// Reads OpenSanctions delta files (`entities.delta.json`): one
/// `{"op": "ADD"|"MOD"|"DEL", "entity": {...}}` per line. An empty file
/// is a valid empty delta. A later operation on an id overrides an earlier
/// one.
///
/// ```
/// use denylist_sources::{parse_delta, InputFile, ParseOptions};
///
/// let f = InputFile::new(
///     "entities.delta.json",
///     br#"{"op":"ADD","entity":{"id":"Q1","schema":"Person","properties":{"name":["Jane Roe"]}}}
/// {"op":"DEL","entity":{"id":"NK-2"}}"#.to_vec(),
/// );
/// let d = parse_delta(&[f], &ParseOptions::default())?;
/// assert_eq!(d.upserts[0].id.as_str(), "opensanctions:Q1");
/// assert_eq!(d.deletes[0].as_str(), "opensanctions:NK-2");
/// # Ok::<(), denylist_sources::ParseError>(())
/// ```
pub fn parse_delta(files: &[InputFile], options: &ParseOptions) -> Result<DeltaParse, ParseError> {
    let source = source_of(options)?;
    let mut out = DeltaParse::default();
    for file in files {
        let mut objects: Vec<FtmEntity> = Vec::new();
        let mut deletes: Vec<EntityId> = Vec::new();
        for (no, last, line) in lines(file)? {
            out.record_count += 1;
            let v: Value =
                serde_json::from_str(line).map_err(|e| json_error(&file.name, no, last, &e))?;
            let op = v.get("op").and_then(Value::as_str).unwrap_or("");
            let Some(entity) = v.get("entity") else {
                out.warnings.push(Warning::new(
                    &file.name,
                    Some(no),
                    "operation without entity skipped",
                ));
                continue;
            };
            match op {
                "ADD" | "MOD" => match read_object(entity, no) {
                    Ok(o) => {
                        deletes.retain(|d| d.native() != o.id);
                        objects.push(o);
                    }
                    Err(why) => out.warnings.push(Warning::new(
                        &file.name,
                        Some(no),
                        format!("{op} skipped: {why}"),
                    )),
                },
                "DEL" => {
                    let id = entity.get("id").and_then(Value::as_str).unwrap_or("");
                    match EntityId::new(&source, id) {
                        Ok(id) => {
                            objects.retain(|o| o.id != id.native());
                            if !deletes.contains(&id) {
                                deletes.push(id);
                            }
                        }
                        Err(e) => out.warnings.push(Warning::new(
                            &file.name,
                            Some(no),
                            format!("DEL skipped: {e}"),
                        )),
                    }
                }
                other => out.warnings.push(Warning::new(
                    &file.name,
                    Some(no),
                    format!("unknown op {other:?} skipped"),
                )),
            }
        }
        // A later MOD of the same id replaces the earlier object.
        let mut latest: Vec<FtmEntity> = Vec::new();
        for o in objects {
            match latest.iter_mut().find(|x| x.id == o.id) {
                Some(slot) => *slot = o,
                None => latest.push(o),
            }
        }
        let mut folder = Folder {
            file: &file.name,
            source: &source,
            warnings: Vec::new(),
        };
        let entities = folder.fold(&latest);
        out.deletes.retain(|d| !entities.iter().any(|e| &e.id == d));
        out.upserts.retain(|u| !deletes.contains(&u.id));
        merge(&mut out.upserts, entities);
        for d in deletes {
            if !out.deletes.contains(&d) {
                out.deletes.push(d);
            }
        }
        out.warnings.append(&mut folder.warnings);
    }
    Ok(out)
}
