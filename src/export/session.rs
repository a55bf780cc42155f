//! Session files: one patient's visits (each with its marked areas, red flags asked about, notes
//! and plan), saved as versioned JSON so that the next visit opens where the last one ended.
//!
//! The format is documented in the README ("Session files"). Any change to it bumps
//! [`FORMAT_VERSION`]; a file from a newer version is refused with a clear message rather than
//! half-read, and unknown fields are errors (they would otherwise be silently dropped on save).
//! A file of format 1 or 2 (one visit, no `visits` list) opens as a single visit; it is written
//! in the current format only when it is saved.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::knowledge::KnowledgeBase;
use crate::lookup::{AreaRef, SelectedArea};
pub use crate::session::{Answer, OtherVisits, Plan, PlannedExercise, RedFlagAnswer, SavedSession, Visit};

/// The session format this version writes and the newest it reads. Format 3 holds a list of
/// visits; format 2 (one visit, with `numb` on areas) and format 1 (no numbness recorded) still
/// open, as a single visit.
pub const FORMAT_VERSION: u32 = 3;

/// The first format with a list of visits.
const VISITS_FORMAT: u32 = 3;

/// Larger files are refused before they are read: a session is a few kilobytes, so anything
/// near this is not a session (or is damaged) and must not stall the window.
pub const MAX_SESSION_BYTES: u64 = 2 * 1024 * 1024;

/// The longest note or patient label kept, in characters (far beyond any real note).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// A file of format 3: the patient and the visits, oldest first. Plain ids and strings, so the
/// format does not change when internal types do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatientFile {
    format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    app_version: Option<String>,
    #[serde(default)]
    patient: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    modified: Option<String>,
    visits: Vec<FileVisit>,
}

/// One visit as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileVisit {
    /// `YYYY-MM-DD`.
    date: String,
    #[serde(default)]
    areas: Vec<FileArea>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    red_flags: Vec<RedFlagAnswer>,
    #[serde(default)]
    exercises: Vec<PlannedExercise>,
    #[serde(default)]
    notes: String,
}

/// A file of format 1 or 2: one visit, its fields at the top level.
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

/// The patient's file as JSON text, every visit in order, stamped with `now` as its modification
/// time (and creation time when it has none). The visit being edited, if undated, is dated with
/// the day of `now`.
pub fn to_json(areas: &[SelectedArea], plan: &Plan, now: &str) -> String {
    let today: String = now.chars().take(10).collect();
    let file = PatientFile {
        format_version: FORMAT_VERSION,
        app_version: Some(env!("CARGO_PKG_VERSION").to_string()),
        patient: plan.patient.clone(),
        created: Some(plan.created.clone().unwrap_or_else(|| now.to_string())),
        modified: Some(now.to_string()),
        visits: plan.all_visits(areas, &today).into_iter().map(file_visit).collect(),
    };
    // Plain strings and numbers only: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

fn file_visit(visit: Visit) -> FileVisit {
    FileVisit {
        date: visit.date,
        areas: visit
            .areas
            .iter()
            .map(|a| FileArea { area: a.area.key(), intensity: a.intensity.map(u64::from), numb: a.numb })
            .collect(),
        red_flags: visit.red_flags,
        exercises: visit.exercises,
        notes: visit.notes,
    }
}

/// Saves the patient's file atomically (see [`super::write_atomic_private`]: a new file is
/// readable by its owner only, an existing one keeps its permissions, a symbolic link is written
/// through); returns the creation time the file now carries, for the caller to keep.
pub fn save(path: &Path, areas: &[SelectedArea], plan: &Plan, now: &str) -> std::io::Result<String> {
    save_with(path, areas, plan, now, &mut |file, bytes| std::io::Write::write_all(file, bytes))
}

/// [`save`] with the write itself supplied, so tests can make it fail half-way (the old file
/// must stay as it was).
pub fn save_with(
    path: &Path,
    areas: &[SelectedArea],
    plan: &Plan,
    now: &str,
    write: &mut dyn FnMut(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> std::io::Result<String> {
    super::write_atomic_mode(path, to_json(areas, plan, now).as_bytes(), super::NewFileMode::Private, write)?;
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
    let version = match probe.get("format_version") {
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
            // At most FORMAT_VERSION here, so it fits.
            Some(v) if v >= 1 => u32::try_from(v).unwrap_or(FORMAT_VERSION),
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
    };
    // Parsed a second time, typed, for errors that name the field and line.
    fn typed<T: serde::de::DeserializeOwned>(
        text: &str,
        json_error: &dyn Fn(&serde_json::Error, String) -> SessionError,
    ) -> Result<T, Vec<SessionError>> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let field = e.path().to_string();
            let field = if field == "." { String::new() } else { field };
            vec![json_error(e.inner(), field)]
        })
    }
    let file = if version >= VISITS_FORMAT {
        typed::<PatientFile>(text, &json_error)?
    } else {
        // An older file is one visit, dated when it was last saved (or created).
        let old: SessionFile = typed(text, &json_error)?;
        let date =
            old.modified.as_deref().or(old.created.as_deref()).filter(|t| is_timestamp(t)).map(|t| t[..10].to_string());
        PatientFile {
            format_version: old.format_version,
            app_version: old.app_version,
            patient: old.patient,
            created: old.created,
            modified: old.modified,
            visits: vec![FileVisit {
                date: date.unwrap_or_default(),
                areas: old.areas,
                red_flags: Vec::new(),
                exercises: old.exercises,
                notes: old.notes,
            }],
        }
    };
    check(kb, file, version, name, unknown)
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

/// Checks ids against the knowledge base and limits; lists every problem (up to the cap). The
/// latest visit becomes the edited one. `version` is the format the file was written in: fields
/// of a file of format 1 or 2 are named as that file names them (`areas[1].intensity`), those of
/// a newer one with their visit (`visits[2].areas[1].intensity`).
fn check(
    kb: &KnowledgeBase,
    file: PatientFile,
    version: u32,
    name: &str,
    unknown: UnknownExercises,
) -> Result<SavedSession, Vec<SessionError>> {
    let mut problems = Problems { name, list: Vec::new(), more: 0 };
    // Valid ids up front: a bad one costs a search for suggestions, made only while reported.
    let valid_areas: HashSet<String> = crate::lookup::all_area_refs(kb).iter().map(AreaRef::key).collect();
    if file.visits.is_empty() {
        problems.push(|| "visits".to_string(), || "a patient file holds at least one visit".to_string());
    }
    let mut visits: Vec<Visit> = Vec::with_capacity(file.visits.len());
    for (v, visit) in file.visits.into_iter().enumerate() {
        let prefix = if version >= VISITS_FORMAT { format!("visits[{v}].") } else { String::new() };
        // A file of format 1 or 2 without times has an undated visit, which saving dates.
        let undated_old_visit = version < VISITS_FORMAT && visit.date.is_empty();
        if !undated_old_visit && !is_date(&visit.date) {
            problems.push(
                || format!("{prefix}date"),
                || format!("`{}` is not a date in the form YYYY-MM-DD", brief(&visit.date)),
            );
        }
        visits.push(check_visit(kb, visit, &prefix, &valid_areas, unknown, &mut problems));
    }
    for (field, text) in [("patient", &file.patient)] {
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
    if !problems.list.is_empty() || problems.more > 0 {
        return Err(problems.into_errors());
    }
    let Some(latest) = visits.pop() else {
        return Err(problems.into_errors());
    };
    let position = visits.len();
    Ok(SavedSession {
        areas: latest.areas,
        plan: Plan {
            patient: file.patient,
            notes: latest.notes,
            exercises: latest.exercises,
            created: file.created,
            visit_date: Some(latest.date).filter(|d| !d.is_empty()),
            red_flags: latest.red_flags,
            visits: OtherVisits::new(visits, position),
        },
        modified: file.modified,
        read_format: version,
    })
}

/// "unknown exercise `x`; did you mean a, b? (…)": an id a session names that the loaded data
/// lacks, with the nearest ids (none for an id far too long to be one).
fn unknown_id(kind: &str, id: &str, known: impl Iterator<Item = String>) -> String {
    let suggestions = if id.chars().count() > MAX_ID_CHARS {
        vec!["none (far too long for an id)".to_string()]
    } else {
        crate::lookup::closest(id, known, 2)
    };
    format!(
        "unknown {kind} `{}`; did you mean {}? (was the session saved with a clinic pack that is not loaded?)",
        brief(id),
        suggestions.join(", ")
    )
}

/// Checks one visit; its problems are named with `prefix` (`visits[2].`). Returns what is good
/// of it (only used when nothing is wrong anywhere).
fn check_visit(
    kb: &KnowledgeBase,
    visit: FileVisit,
    prefix: &str,
    valid_areas: &HashSet<String>,
    unknown: UnknownExercises,
    problems: &mut Problems<'_>,
) -> Visit {
    let mut areas: Vec<SelectedArea> = Vec::new();
    for (i, saved) in visit.areas.iter().enumerate() {
        if !valid_areas.contains(saved.area.trim()) {
            if problems.full() {
                problems.more += 1;
                continue;
            }
            // Suggestions compare the text with every id, which takes seconds for a huge text
            // that could never be an id anyway.
            if saved.area.chars().count() > MAX_ID_CHARS {
                problems.push(
                    || format!("{prefix}areas[{i}].area"),
                    || format!("unknown pain area `{}`", brief(&saved.area)),
                );
                continue;
            }
        }
        match AreaRef::parse(kb, &saved.area) {
            Ok(area) if areas.iter().any(|a| a.area == area) => {
                problems.push(|| format!("{prefix}areas[{i}].area"), || format!("`{}` is listed twice", saved.area));
            }
            Ok(area) => match saved.intensity {
                Some(level) if level > 10 => problems
                    .push(|| format!("{prefix}areas[{i}].intensity"), || format!("{INTENSITY_RULE}, not {level}")),
                intensity => areas.push(SelectedArea {
                    area,
                    intensity: intensity.and_then(|l| u8::try_from(l).ok()),
                    numb: saved.numb,
                }),
            },
            Err(e) => problems.push(
                || format!("{prefix}areas[{i}].area"),
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
    for (i, exercise) in visit.exercises.iter().enumerate() {
        if !seen.insert(exercise.id.as_str()) {
            problems
                .push(|| format!("{prefix}exercises[{i}].id"), || format!("`{}` is listed twice", brief(&exercise.id)));
        } else if kb.exercise(&exercise.id).is_none() && unknown == UnknownExercises::Refuse {
            problems.push(
                || format!("{prefix}exercises[{i}].id"),
                || unknown_id("exercise", &exercise.id, kb.exercises.iter().map(|e| e.id.to_string())),
            );
        }
    }
    let mut asked: HashSet<&str> = HashSet::new();
    for (i, flag) in visit.red_flags.iter().enumerate() {
        if !asked.insert(flag.id.as_str()) {
            problems.push(|| format!("{prefix}red_flags[{i}].id"), || format!("`{}` is listed twice", brief(&flag.id)));
        } else if !kb.red_flags.iter().any(|f| *f.id == *flag.id) {
            problems.push(
                || format!("{prefix}red_flags[{i}].id"),
                || unknown_id("red flag", &flag.id, kb.red_flags.iter().map(|f| f.id.to_string())),
            );
        }
    }
    if visit.notes.chars().count() > MAX_TEXT_CHARS {
        problems.push(|| format!("{prefix}notes"), || format!("longer than {MAX_TEXT_CHARS} characters"));
    }
    Visit { date: visit.date, areas, red_flags: visit.red_flags, notes: visit.notes, exercises: visit.exercises }
}

/// Whether `text` is a real day as the app writes it: `2026-11-22`.
pub fn is_date(text: &str) -> bool {
    text.len() == 10 && is_timestamp(&format!("{text}T00:00:00Z"))
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
