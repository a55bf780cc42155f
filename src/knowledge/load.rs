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
    /// Validation works on typed records without per-field spans; searching the record's own
    /// text for the offending value still points the editor at the right line.
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
            errors.push(source.error_at(span.start, key, format!("`{key}` must be an array of tables: write `[[{key}]]`")));
            continue;
        };
        // toml gives an array-of-tables item the span of its `[[key]]` header only; a record runs
        // from its header to the next one, so validation can find its values by searching there.
        let starts: Vec<usize> = items.iter().map(|i| i.span().start).collect();
        for (index, item) in items.into_iter().enumerate() {
            let end = starts.get(index + 1).copied().unwrap_or(source.text.len());
            let item_span = item.span().start..end.max(item.span().end);
            let record_name = record_label(key, index, &item);
            let deserializer = item.into_deserializer();
            match serde_path_to_error::deserialize::<_, T>(deserializer) {
                Ok(value) => records.push(Located { value, text, span: item_span }),
                Err(error) => {
                    let path = error.path().to_string();
                    let inner = error.into_inner();
                    let offset = inner.span().map_or(item_span.start, |s| s.start);
                    let field = if path.is_empty() || path == "." { record_name } else { format!("{record_name}.{path}") };
                    errors.push(source.error_at(offset, field, inner.message().trim().to_string()));
                }
            }
        }
    }
    (records, errors)
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
