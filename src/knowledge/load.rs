//! Parsing the TOML data files into typed records, keeping where each record came from so that
//! every error — syntax, type or validation — names the file, line, column and field.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::de::IntoDeserializer as _;

/// One problem in a file (a data pack's, a session's), located as precisely as the text allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError {
    /// The file as the user named it (`/clinic/exercises.toml`; `data/exercises.toml` for the
    /// built-in pack), or the pack directory for problems with the directory itself.
    pub file: String,
    /// 1-based line; 0 when the problem is not in a file (a missing file).
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// The record and field (`exercise[figure_four_supine].dosage[0].source`), or "" for syntax.
    pub field: String,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A data file's text with helpers to turn byte offsets into line and column.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub name: String,
    pub text: String,
}

impl SourceText {
    /// 1-based (line, column) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    /// An error at a byte offset of this file.
    pub fn error_at(&self, offset: usize, field: impl Into<String>, message: impl Into<String>) -> DataError {
        let (line, column) = self.line_col(offset);
        DataError { file: self.name.clone(), line, column, field: field.into(), message: message.into() }
    }

    /// Where `needle` first occurs as a quoted string inside `span`, else the span's start.
    ///
    /// The fallback for a field the record does not spell out (see [`FieldSpans`]): searching the
    /// record's own text for the offending value still points the editor at the right line.
    pub fn find_in(&self, span: &Range<usize>, needle: &str) -> usize {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        if needle.is_empty() {
            return start;
        }
        let record = &self.text[start..end];
        let quoted = format!("\"{needle}\"");
        record.find(&quoted).map_or(start, |i| start + i)
    }

    /// The text at `span` as the file spells it (`1e-300`), if the span is in the file.
    pub fn slice(&self, span: &Range<usize>) -> Option<&str> {
        self.text.get(span.clone())
    }

    /// Where the value of `field` (a path inside the record, `links[2].weight`) is written: the
    /// field's own value when the record spells it out; else `needle` quoted inside the nearest
    /// enclosing field that is written (`links[2]`), or that field's start; else `needle` in the
    /// record, or the record's start.
    pub fn locate(&self, site: Site<'_>, field: &str, needle: &str) -> usize {
        let fields = FieldSpans::of_record(&self.text, site.span);
        if let Some(span) = fields.exact(field) {
            return span.start;
        }
        match fields.enclosing(field) {
            Some(span) => self.find_in(&span, needle),
            None => self.find_in(site.span, needle),
        }
    }
}

/// The byte span of every value a record writes, by its path inside the record (`urgency`,
/// `trigger.areas[0]`, `links[2].weight`), so an error points at the field, not the record.
///
/// Built on demand from the record's text: only an error needs it, and loading stays as fast as
/// it was for the valid data every start reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSpans(Vec<(String, Range<usize>)>);

impl FieldSpans {
    /// The fields of the record at `span` of `text` (a `[[key]]` header up to the next one),
    /// parsed again on their own; spans are offsets in `text`.
    pub fn of_record(text: &str, span: &Range<usize>) -> FieldSpans {
        fn walk(
            prefix: &str,
            value: &toml::Spanned<toml::de::DeValue<'_>>,
            offset: usize,
            out: &mut Vec<(String, Range<usize>)>,
        ) {
            match value.get_ref() {
                toml::de::DeValue::Table(table) => {
                    for (key, child) in table.iter() {
                        let path = if prefix.is_empty() {
                            key.get_ref().to_string()
                        } else {
                            format!("{prefix}.{}", key.get_ref())
                        };
                        let at = child.span();
                        out.push((path.clone(), at.start + offset..at.end + offset));
                        walk(&path, child, offset, out);
                    }
                }
                toml::de::DeValue::Array(items) => {
                    for (i, child) in items.iter().enumerate() {
                        let path = format!("{prefix}[{i}]");
                        let at = child.span();
                        out.push((path.clone(), at.start + offset..at.end + offset));
                        walk(&path, child, offset, out);
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        let Some(record) = text.get(span.clone()) else { return FieldSpans(out) };
        let (document, _) = toml::de::DeTable::parse_recoverable(record);
        // The record is the first (only) item of the one array of tables in its text.
        for (_, value) in document.get_ref().iter() {
            if let toml::de::DeValue::Array(items) = value.get_ref()
                && let Some(first) = items.first()
            {
                walk("", first, span.start, &mut out);
            }
        }
        FieldSpans(out)
    }

    /// The span of exactly `path`, if the record writes it.
    pub fn exact(&self, path: &str) -> Option<Range<usize>> {
        self.0.iter().find(|(p, _)| p == path).map(|(_, span)| span.clone())
    }

    /// The span of the nearest field enclosing `path` that the record writes (`links[2]` for
    /// `links[2].cites`), excluding `path` itself.
    pub fn enclosing(&self, path: &str) -> Option<Range<usize>> {
        let mut at = path;
        while let Some(cut) = at.rfind(['.', '[']) {
            at = &at[..cut];
            if let Some(span) = self.exact(at) {
                return Some(span);
            }
        }
        None
    }
}

/// A typed record, the text it was parsed from and the byte span of its table in that text.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub value: T,
    /// Index of its text in the pack's list of texts. A clinic pack overlays the built-in files,
    /// so records of one kind can come from two files and the kind alone does not say which.
    pub text: usize,
    pub span: Range<usize>,
}

/// Where a record is: its text and its span there (what validation needs to place an error).
#[derive(Clone, Copy, Debug)]
pub struct Site<'a> {
    /// Index of the record's text in the pack's list of texts.
    pub text: usize,
    /// Byte span of the record in that text.
    pub span: &'a Range<usize>,
}

impl<T> Located<T> {
    /// The record's text and span, for reporting an error in it.
    pub fn site(&self) -> Site<'_> {
        Site { text: self.text, span: &self.span }
    }
}

/// Parses `[[key]]` records of one file, collecting every syntax and type error; `text` is the
/// file's index in the pack's texts, recorded in each [`Located`].
///
/// Each record is deserialized on its own so that one bad record does not hide the errors of
/// the others; toml's value deserializer keeps spans, so type errors point at the bad value.
pub fn parse_records<T: DeserializeOwned>(
    source: &SourceText,
    text: usize,
    key: &str,
) -> (Vec<Located<T>>, Vec<DataError>) {
    let mut errors = Vec::new();
    let mut records = Vec::new();
    let (document, syntax_errors) = toml::de::DeTable::parse_recoverable(&source.text);
    for error in syntax_errors {
        let offset = error.span().map_or(0, |s| s.start);
        errors.push(source.error_at(offset, "", error.message().trim().to_string()));
    }
    if !errors.is_empty() {
        // After a syntax error the recovered tree may be partial: report syntax first.
        return (records, errors);
    }
    let table = document.into_inner();
    for (name, value) in table {
        if name.get_ref().as_ref() != key {
            errors.push(source.error_at(
                name.span().start,
                name.get_ref().to_string(),
                format!("unknown table `{}`; this file holds only `[[{key}]]` records", name.get_ref()),
            ));
            continue;
        }
        let span = value.span();
        let toml::de::DeValue::Array(items) = value.into_inner() else {
            errors.push(source.error_at(
                span.start,
                key,
                format!("`{key}` must be an array of tables: write `[[{key}]]`"),
            ));
            continue;
        };
        // toml gives an array-of-tables item the span of its `[[key]]` header only; a record runs
        // from its header to the next one, so validation can find its values by searching there.
        let starts: Vec<usize> = items.iter().map(|i| i.span().start).collect();
        for (index, item) in items.into_iter().enumerate() {
            let end = starts.get(index + 1).copied().unwrap_or(source.text.len());
            let item_span = item.span().start..end.max(item.span().end);
            let record_name = record_label(key, index, &item);
            match deserialize_record::<T>(item, source, &record_name) {
                Ok(value) => records.push(Located { value, text, span: item_span }),
                Err(mut errs) => errors.append(&mut errs),
            }
        }
    }
    (records, errors)
}

/// Most parts dropped from one record to find its further type errors.
const MAX_DROPPED: usize = 64;

/// Deserializes one record, or reports the type error of every field that has one.
///
/// serde stops at a record's first error. To find the others, the part at fault is dropped and
/// the record deserialized again, until it deserializes or an error cannot be tied to a part that
/// can be dropped: the innermost list item on the error's path (a bad link of an area: the other
/// links are still checked), else the top-level field. What stays hidden: a second error inside
/// one dropped top-level field that is not a list (the trigger), and a missing field while a
/// dropped field is missing too (serde names only the first); both show once the reported ones
/// are fixed.
fn deserialize_record<T: DeserializeOwned>(
    mut item: toml::Spanned<toml::de::DeValue<'_>>,
    source: &SourceText,
    record_name: &str,
) -> Result<T, Vec<DataError>> {
    use serde_path_to_error::Segment;
    let record_start = item.span().start;
    let mut errors = Vec::new();
    let mut dropped_fields: Vec<String> = Vec::new();
    // Items dropped from each list, as their indices in the file, by the list's path in the file:
    // the paths of later errors count items without them and are mapped back for the message.
    let mut dropped_items: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for _ in 0..=MAX_DROPPED {
        let error = match serde_path_to_error::deserialize::<_, T>(item.clone().into_deserializer()) {
            Ok(value) if errors.is_empty() => return Ok(value),
            Ok(_) => return Err(errors),
            Err(error) => error,
        };
        let segments: Vec<Segment> = error.path().iter().cloned().collect();
        let inner = error.into_inner();
        let message = inner.message().trim().to_string();
        // A dropped field is then "missing": its own error is already listed.
        if dropped_fields.iter().any(|field| message == format!("missing field `{field}`")) {
            return Err(errors);
        }
        // The error's path as the file has it, and the innermost list item on it.
        let mut path = String::new();
        let mut innermost_item = None;
        for (at, segment) in segments.iter().enumerate() {
            match segment {
                Segment::Seq { index } => {
                    let in_file = index_in_file(dropped_items.get(&path), *index);
                    innermost_item = Some((at, path.clone(), *index, in_file));
                    path.push_str(&format!("[{in_file}]"));
                }
                other => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&other.to_string());
                }
            }
        }
        let offset = inner.span().map_or(record_start, |s| s.start);
        let field = if path.is_empty() { record_name.to_string() } else { format!("{record_name}.{path}") };
        errors.push(source.error_at(offset, field, message.clone()));

        if let Some((at, list_path, index, in_file)) = innermost_item
            && let Some(list) = value_at(&mut item, &segments[..at])
            && let toml::de::DeValue::Array(items) = list.get_mut()
            && index < items.len()
        {
            let mut kept = toml::de::DeArray::new();
            for (i, value) in items.iter().enumerate() {
                if i != index {
                    kept.push(value.clone());
                }
            }
            *items = kept;
            let dropped = dropped_items.entry(list_path).or_default();
            dropped.push(in_file);
            dropped.sort_unstable();
            continue;
        }
        // Else the top-level field: the path's first step, or the unknown field the message names.
        let top = match segments.first() {
            Some(Segment::Map { key }) => Some(key.clone()),
            Some(_) => None,
            None => message.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next()).map(str::to_string),
        };
        let toml::de::DeValue::Table(table) = item.get_mut() else { return Err(errors) };
        match top {
            Some(top) if table.remove(top.as_str()).is_some() => dropped_fields.push(top),
            _ => return Err(errors),
        }
    }
    Err(errors)
}

/// The index in the file of the item now at `index` of a list from which the items at
/// `dropped` (indices in the file, ascending) were removed.
fn index_in_file(dropped: Option<&Vec<usize>>, index: usize) -> usize {
    let mut in_file = index;
    for &gone in dropped.map_or(&[][..], Vec::as_slice) {
        if gone <= in_file {
            in_file += 1;
        }
    }
    in_file
}

/// The value at `segments` (as serde's path gives them) inside `value`.
fn value_at<'a, 'i>(
    value: &'a mut toml::Spanned<toml::de::DeValue<'i>>,
    segments: &[serde_path_to_error::Segment],
) -> Option<&'a mut toml::Spanned<toml::de::DeValue<'i>>> {
    use serde_path_to_error::Segment;
    let mut at = value;
    for segment in segments {
        at = match (segment, at.get_mut()) {
            (Segment::Map { key }, toml::de::DeValue::Table(table)) => table.get_mut(key.as_str())?,
            (Segment::Seq { index }, toml::de::DeValue::Array(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(at)
}

/// `exercise[figure_four_supine]` when the record has a string id, else `exercise[#3]`.
fn record_label(key: &str, index: usize, item: &toml::Spanned<toml::de::DeValue<'_>>) -> String {
    let id = match item.get_ref() {
        toml::de::DeValue::Table(table) => table.get("id").and_then(|v| v.get_ref().as_str().map(str::to_string)),
        _ => None,
    };
    match id {
        Some(id) => format!("{key}[{id}]"),
        None => format!("{key}[#{}]", index + 1),
    }
}

/// Largest data file read. The built-in files are well under 200 KiB; anything near this is not a
/// hand-written pack, and refusing it keeps a wrong path (a disk image, a log) from eating memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads `name` from `dir`, or reports the missing or unreadable file.
pub fn read_file(dir: &Path, name: &str) -> Result<SourceText, DataError> {
    read_path(&dir.join(name))
}

/// Reads one data file, refusing files over [`MAX_FILE_BYTES`], anything but a regular file (a
/// named pipe would block) and text that is not UTF-8; a leading byte-order mark is skipped. The
/// error names the path as given (`dir` joined with the file name). See
/// [`crate::export::read_user_file`], the one reader of every file a user names.
pub fn read_path(path: &Path) -> Result<SourceText, DataError> {
    let text = crate::export::read_user_file(path, MAX_FILE_BYTES, "a data file (hand-written TOML)")?;
    Ok(SourceText { name: path.display().to_string(), text })
}
