//! Session files: one patient's marked areas, chosen exercises and notes, saved as versioned JSON
//! so that the next visit opens where this one ended.
//!
//! The format is documented in the README ("Session files"). Any change to it bumps
//! [`FORMAT_VERSION`]; a file from a newer version is refused with a clear message rather than
//! half-read, and unknown fields are errors (they would otherwise be silently dropped on save).

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::knowledge::KnowledgeBase;
use crate::lookup::{AreaRef, SelectedArea};
pub use crate::session::{Plan, PlannedExercise, SavedSession};

/// The session format this version writes and the newest it reads. Format 2 added `numb` on
/// areas; format 1 files (no numbness recorded) still open.
pub const FORMAT_VERSION: u32 = 2;

/// Larger files are refused before they are read: a session is a few kilobytes, so anything
/// near this is not a session (or is damaged) and must not stall the window.
pub const MAX_SESSION_BYTES: u64 = 2 * 1024 * 1024;

/// The longest note or patient label kept, in characters (far beyond any real note).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// The file as stored: plain ids and strings, so the format does not change when internal
/// types do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionFile {
    format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    app_version: Option<String>,
    #[serde(default)]
    patient: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    #[serde(default)]
    areas: Vec<FileArea>,
    #[serde(default)]
    exercises: Vec<PlannedExercise>,
    #[serde(default)]
    notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileArea {
    /// `left.buttock`, or a midline id such as `saddle`.
    area: String,
    /// Any whole number is read so that an out-of-range level is listed with the other problems;
    /// [`check`] keeps 0 to 10.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_number")]
    intensity: Option<u64>,
    /// Numbness or tingling in this area (format 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    numb: bool,
}

/// What the pain level must be, for every message that concerns it.
const INTENSITY_RULE: &str = "intensity must be a whole number from 0 to 10";

/// A pain level: a whole number (null = not said); anything else fails with [`INTENSITY_RULE`].
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    use serde::de::Error as _;
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(n) if n.is_u64() => Ok(n.as_u64()),
        other => Err(D::Error::custom(format!("{INTENSITY_RULE}, not {}", brief(&other.to_string())))),
    }
}

/// At most 40 characters of `text`, so that a huge value does not make a huge message.
fn brief(text: &str) -> String {
    cut(text, 40)
}

/// `text` cut to `chars` characters, with an ellipsis if it was longer.
fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Why a session file could not be opened: the file, line, column and field, as for data packs.
pub type SessionError = crate::knowledge::DataError;

/// A problem with the file as a whole (no line).
fn whole(file: &str, message: impl Into<String>) -> SessionError {
    SessionError { file: file.to_string(), line: 0, column: 0, field: String::new(), message: message.into() }
}

/// The session as JSON text, stamped with `now` as its modification time (and creation time
/// when it has none).
pub fn to_json(areas: &[SelectedArea], plan: &Plan, now: &str) -> String {
    let file = SessionFile {
        format_version: FORMAT_VERSION,
        app_version: Some(env!("CARGO_PKG_VERSION").to_string()),
        patient: plan.patient.clone(),
        created: Some(plan.created.clone().unwrap_or_else(|| now.to_string())),
        modified: Some(now.to_string()),
        areas: areas
            .iter()
            .map(|a| FileArea { area: a.area.key(), intensity: a.intensity.map(u64::from), numb: a.numb })
            .collect(),
        exercises: plan.exercises.clone(),
        notes: plan.notes.clone(),
    };
    // Plain strings and numbers only: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Saves the session atomically (see [`super::write_atomic_private`]: a new file is readable by
/// its owner only, an existing one keeps its permissions, a symbolic link is written through);
/// returns the creation time the file now carries, for the caller to keep.
pub fn save(path: &Path, areas: &[SelectedArea], plan: &Plan, now: &str) -> std::io::Result<String> {
    super::write_atomic_private(path, to_json(areas, plan, now).as_bytes())?;
    Ok(plan.created.clone().unwrap_or_else(|| now.to_string()))
}

/// What opening a session does with an exercise the loaded content does not know (saved with a
/// clinic pack that is not loaded, or since removed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnknownExercises {
    /// An error, like an unknown area: the window cannot show or edit such an exercise.
    #[default]
    Refuse,
    /// Kept in the plan: the handout lists it as not in the current content, so the clinician's
    /// plan is not lost.
    Keep,
}

/// Reads and checks a session file. Nothing is returned unless the whole file is good.
pub fn open(kb: &KnowledgeBase, path: &Path) -> Result<SavedSession, Vec<SessionError>> {
    open_with(kb, path, UnknownExercises::Refuse)
}

/// [`open`], choosing what an unknown exercise is.
///
/// Only a regular file of at most [`MAX_SESSION_BYTES`] is read (see
/// [`super::read_user_file`]): a named pipe or a device is refused instead of blocking.
pub fn open_with(
    kb: &KnowledgeBase,
    path: &Path,
    unknown: UnknownExercises,
) -> Result<SavedSession, Vec<SessionError>> {
    let text = super::read_user_file(path, MAX_SESSION_BYTES, "a session file").map_err(|e| vec![e])?;
    parse_with(kb, &text, &path.display().to_string(), unknown)
}

/// Parses and checks session text; `name` is used in the errors.
pub fn parse(kb: &KnowledgeBase, text: &str, name: &str) -> Result<SavedSession, Vec<SessionError>> {
    parse_with(kb, text, name, UnknownExercises::Refuse)
}

/// [`parse`], choosing what an unknown exercise is. A leading byte-order mark is skipped.
///
/// Every error has a line or a field. At most [`super::MAX_REPORTED_ERRORS`] are listed, then one
/// that says how many more there are.
pub fn parse_with(
    kb: &KnowledgeBase,
    text: &str,
    name: &str,
    unknown: UnknownExercises,
) -> Result<SavedSession, Vec<SessionError>> {
    let text = text.strip_prefix(super::BYTE_ORDER_MARK).unwrap_or(text);
    // Problems with the document as a whole point at its first character.
    let start = {
        let offset = text.len() - text.trim_start().len();
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    };
    let at_start = |message: &str| SessionError { line: start.0, column: start.1, ..whole(name, message) };
    let json_error = |e: &serde_json::Error, field: String| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the location is reported separately.
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        let message = if e.is_eof() { format!("the file ends too early (truncated?): {message}") } else { message };
        // serde quotes the bad value whole ("invalid type: string \"…\", expected u8"); a huge
        // one is cut, keeping what was expected.
        let message = if message.chars().count() > 300 {
            let tail = message.rfind(", expected ").map_or("", |at| &message[at..]);
            format!("{}…{}", cut(&message, 120).trim_end_matches('…'), cut(tail, 150))
        } else {
            message
        };
        SessionError { file: name.to_string(), line: e.line(), column: e.column(), field, message }
    };
    let probe: serde_json::Value = serde_json::from_str(text).map_err(|e| vec![json_error(&e, String::new())])?;
    let Some(probe) = probe.as_object() else {
        return Err(vec![at_start("not a Sciatica Explorer session (expected a JSON object)")]);
    };
    // The version is read first so that a newer file is named as such rather than failing on
    // whatever field changed.
    match probe.get("format_version") {
        None => return Err(vec![at_start("not a Sciatica Explorer session (it has no format_version)")]),
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                return Err(vec![SessionError {
                    field: "format_version".to_string(),
                    ..whole(
                        name,
                        format!(
                            "saved by a newer version of Sciatica Explorer (session format {v}); this version reads format {FORMAT_VERSION} and older. Update the app to open it."
                        ),
                    )
                }]);
            }
            Some(v) if v >= 1 => {}
            _ => {
                return Err(vec![SessionError {
                    field: "format_version".to_string(),
                    ..whole(name, format!("`{n}` is not a session format version"))
                }]);
            }
        },
        Some(other) => {
            return Err(vec![SessionError {
                field: "format_version".to_string(),
                ..whole(name, format!("expected a whole number, found {}", brief(&other.to_string())))
            }]);
        }
    }
    // Parsed a second time, typed, for errors that name the field and line.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let file: SessionFile = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let field = e.path().to_string();
        let field = if field == "." { String::new() } else { field };
        vec![json_error(e.inner(), field)]
    })?;
    check(kb, file, name, unknown)
}

/// Longer texts are not looked up for suggestions: no id is near this long.
const MAX_ID_CHARS: usize = 100;

/// Problems found by [`check`], at most [`super::MAX_REPORTED_ERRORS`] of them; the rest are only
/// counted, and their messages (with suggestions, which cost a search each) never made.
struct Problems<'a> {
    name: &'a str,
    list: Vec<SessionError>,
    more: usize,
}

impl Problems<'_> {
    fn full(&self) -> bool {
        self.list.len() >= super::MAX_REPORTED_ERRORS
    }

    fn push(&mut self, field: impl FnOnce() -> String, message: impl FnOnce() -> String) {
        if self.full() {
            self.more += 1;
        } else {
            self.list.push(SessionError { field: field(), ..whole(self.name, message()) });
        }
    }

    /// The list, with a last line saying how many more there were.
    fn into_errors(mut self) -> Vec<SessionError> {
        if self.more > 0 {
            let more = super::more_errors(self.more);
            self.list.push(whole(self.name, more));
        }
        self.list
    }
}

/// Checks ids against the knowledge base and limits; lists every problem (up to the cap).
fn check(
    kb: &KnowledgeBase,
    file: SessionFile,
    name: &str,
    unknown: UnknownExercises,
) -> Result<SavedSession, Vec<SessionError>> {
    let mut problems = Problems { name, list: Vec::new(), more: 0 };
    // Valid ids up front: a bad one costs a search for suggestions, made only while reported.
    let valid_areas: HashSet<String> = crate::lookup::all_area_refs(kb).iter().map(AreaRef::key).collect();
    let mut areas: Vec<SelectedArea> = Vec::new();
    for (i, saved) in file.areas.iter().enumerate() {
        if !valid_areas.contains(saved.area.trim()) {
            if problems.full() {
                problems.more += 1;
                continue;
            }
            // Suggestions compare the text with every id, which takes seconds for a huge text
            // that could never be an id anyway.
            if saved.area.chars().count() > MAX_ID_CHARS {
                problems.push(|| format!("areas[{i}].area"), || format!("unknown pain area `{}`", brief(&saved.area)));
                continue;
            }
        }
        match AreaRef::parse(kb, &saved.area) {
            Ok(area) if areas.iter().any(|a| a.area == area) => {
                problems.push(|| format!("areas[{i}].area"), || format!("`{}` is listed twice", saved.area));
            }
            Ok(area) => match saved.intensity {
                Some(level) if level > 10 => {
                    problems.push(|| format!("areas[{i}].intensity"), || format!("{INTENSITY_RULE}, not {level}"))
                }
                intensity => areas.push(SelectedArea {
                    area,
                    intensity: intensity.and_then(|l| u8::try_from(l).ok()),
                    numb: saved.numb,
                }),
            },
            Err(e) => problems.push(
                || format!("areas[{i}].area"),
                || {
                    format!(
                        "{} (was the session saved with a clinic pack that is not loaded?)",
                        cut(&e.to_string(), 300)
                    )
                },
            ),
        }
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, exercise) in file.exercises.iter().enumerate() {
        if !seen.insert(exercise.id.as_str()) {
            problems.push(|| format!("exercises[{i}].id"), || format!("`{}` is listed twice", brief(&exercise.id)));
        } else if kb.exercise(&exercise.id).is_none() && unknown == UnknownExercises::Refuse {
            problems.push(
                || format!("exercises[{i}].id"),
                || {
                    let suggestions = if exercise.id.chars().count() > MAX_ID_CHARS {
                        vec!["none (far too long for an id)".to_string()]
                    } else {
                        crate::lookup::closest(&exercise.id, kb.exercises.iter().map(|e| e.id.to_string()), 2)
                    };
                    format!(
                        "unknown exercise `{}`; did you mean {}? (was the session saved with a clinic pack that is not loaded?)",
                        brief(&exercise.id),
                        suggestions.join(", ")
                    )
                },
            );
        }
    }
    for (field, text) in [("patient", &file.patient), ("notes", &file.notes)] {
        if text.chars().count() > MAX_TEXT_CHARS {
            problems.push(|| field.to_string(), || format!("longer than {MAX_TEXT_CHARS} characters"));
        }
    }
    for (field, stamp) in [("created", &file.created), ("modified", &file.modified)] {
        if let Some(stamp) = stamp
            && !is_timestamp(stamp)
        {
            problems.push(
                || field.to_string(),
                || format!("`{}` is not a time in the form YYYY-MM-DDTHH:MM:SSZ (UTC)", brief(stamp)),
            );
        }
    }
    if !problems.list.is_empty() {
        return Err(problems.into_errors());
    }
    Ok(SavedSession {
        areas,
        plan: Plan { patient: file.patient, notes: file.notes, exercises: file.exercises, created: file.created },
        modified: file.modified,
    })
}

/// Whether `text` is a real UTC time as the app writes it: `2026-11-22T09:30:00Z`.
pub fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let shape = b.len() == 20
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return false;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(u32::MAX);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && number(11..13) < 24 && number(14..16) < 60 && number(17..19) < 60
}
