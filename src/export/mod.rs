//! What leaves the app: session files, the printable handout, drawings; the one way every file
//! is written (atomically, so a failed write never destroys what was there) and the one way a
//! file the user named is read (regular files only, with a size limit).

pub mod drawing_png;
pub mod handout;
pub mod session;

use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::knowledge::DataError;

/// Reads a file the user named (a session, a pack's data file) as text.
///
/// Only a regular file is opened: a named pipe would block the reader forever and a device
/// (`/dev/zero`) never ends, so both are refused by their metadata before any `open`. At most
/// `limit` bytes are read (one more to detect a larger file: the metadata length can lie, as for
/// `/proc` files), the text must be UTF-8, and a leading byte-order mark is skipped (editors on
/// Windows write one). `what` names the kind of file in messages ("a session file"). Every error
/// names the path as given; a UTF-8 error has the line and column of the first bad byte.
pub fn read_user_file(path: &Path, limit: u64, what: &str) -> Result<String, DataError> {
    let name = path.display().to_string();
    let error = |message: String| DataError { file: name.clone(), line: 0, column: 0, field: String::new(), message };
    let meta = std::fs::metadata(path).map_err(|e| error(format!("cannot open: {e}")))?;
    check_regular(&meta, what).map_err(&error)?;
    if meta.len() > limit {
        return Err(error(too_large(limit, what)));
    }
    let file = std::fs::File::open(path).map_err(|e| error(format!("cannot open: {e}")))?;
    // The path may have been replaced between the two looks; what was opened is what counts.
    let meta = file.metadata().map_err(|e| error(format!("cannot read: {e}")))?;
    check_regular(&meta, what).map_err(&error)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| error(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(error(too_large(limit, what)));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            // Point at the first bad byte so the editor can find it.
            let valid = e.utf8_error().valid_up_to();
            let good = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, column) = crate::knowledge::load::SourceText { name: name.clone(), text: good }.line_col(valid);
            return Err(DataError { line, column, ..error("not UTF-8 text; save the file as UTF-8".to_string()) });
        }
    };
    Ok(match text.strip_prefix(BYTE_ORDER_MARK) {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The most errors listed for one file or one pack; a file with thousands of the same mistake
/// would otherwise print thousands of lines (and the window hold them all).
pub const MAX_REPORTED_ERRORS: usize = 50;

/// "… and 3 more errors": the line that ends a capped list.
pub fn more_errors(more: usize) -> String {
    format!("… and {more} more error{}", if more == 1 { "" } else { "s" })
}

/// The UTF-8 byte-order mark some editors put at the start of a text file.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

fn check_regular(meta: &std::fs::Metadata, what: &str) -> Result<(), String> {
    if meta.is_dir() {
        Err(format!("cannot read: it is a folder, not {what}"))
    } else if !meta.is_file() {
        Err(format!("cannot read: not a regular file (a named pipe, device or socket), so not {what}"))
    } else {
        Ok(())
    }
}

fn too_large(limit: u64, what: &str) -> String {
    format!("too large: {what} is at most {} MiB, so this file is not one (or it is damaged)", limit >> 20)
}

/// Whether `a` and `b` are the same file: the same device and inode (so hard links and symbolic
/// links count), or failing that the same canonical path. False when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(meta_a), Ok(meta_b)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if (meta_a.dev(), meta_a.ino()) == (meta_b.dev(), meta_b.ino()) {
            return true;
        }
    }
    let _ = (meta_a, meta_b);
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// Who may read a file the app creates (an existing file always keeps its own permissions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewFileMode {
    /// As any new file (0666 less the umask): handouts, drawings.
    Default,
    /// Owner only (0600): session files and copies of them, which hold patient data.
    Private,
}

/// Writes `bytes` to `path` atomically: a temporary file beside it is written, flushed to disk
/// and renamed over `path`. If anything fails, `path` keeps its old content and the temporary
/// file is removed. See [`write_atomic_with`] for what is kept and what is refused.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, &mut |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] for files that hold patient data (sessions): a new file is readable by its
/// owner only.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_mode(path, bytes, NewFileMode::Private, &mut |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] with the write itself supplied, so tests can inject a failure mid-write.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: &mut dyn FnMut(&mut std::fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_mode(path, bytes, NewFileMode::Default, write)
}

/// The atomic write itself.
///
/// - A symbolic link is written through: the file it points to is replaced (the temporary file
///   goes beside the target, so the rename stays on one file system) and the link stays.
/// - Only a regular file or a new path is replaced: a device (`/dev/null`), a pipe or a folder
///   is refused, since renaming over it would replace it (as root, a device) with a plain file.
/// - An existing file keeps its permission bits (and, where allowed, its owner); a new one gets
///   `mode`.
/// - The temporary name is short (a 255-byte file name still works) and made only with
///   `create_new`; a name already taken is skipped, and only a file this call created is ever
///   removed.
pub fn write_atomic_mode(
    path: &Path,
    bytes: &[u8],
    mode: NewFileMode,
    write: &mut dyn FnMut(&mut std::fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_links(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Some(meta),
        Ok(meta) => {
            let what = if meta.is_dir() { "a folder" } else { "not a regular file (a device, pipe or socket)" };
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is {what}; only a regular file is replaced", target.display()),
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let (temp, mut file) = create_temp(&target, mode, existing.as_ref())?;
    let result = (|| -> io::Result<()> {
        keep_permissions(&file, existing.as_ref())?;
        write(&mut file, bytes)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, &target)?;
        // Make the rename itself durable; not every platform can sync a folder, so best effort.
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(dir) = std::fs::File::open(dir)
        {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        // `temp` was created by this call (create_new), so removing it loses nothing of anyone's.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Follows symbolic links at the end of `path` (not in its folders) to the file they name, which
/// may not exist yet (a dangling link is written through, creating its target).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As the kernel does, give up on a loop after 40 links.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{}: too many levels of symbolic links", path.display())))
}

/// Creates a fresh temporary file beside `target`: `.NAME.tmp-PID-N-RAND`, with NAME cut to 24
/// bytes so the whole name stays far below the 255-byte limit. A name that is taken (a leftover
/// of a killed process, or anyone's file) is left alone and the next one tried.
fn create_temp(
    target: &Path,
    mode: NewFileMode,
    existing: Option<&std::fs::Metadata>,
) -> io::Result<(PathBuf, std::fs::File)> {
    use std::hash::{BuildHasher as _, Hasher as _};
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?
        .to_string_lossy();
    let mut cut = name.len().min(24);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = &name[..cut];
    let mut last = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        // No random crate: the std hasher's keys are random per process, the clock varies per call.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(n);
        hasher
            .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        let random = hasher.finish() as u32;
        let temp = target.with_file_name(format!(".{stem}.tmp-{}-{n}-{random:08x}", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
            // Never wider than the file it replaces while the data is being written.
            let bits = match (existing, mode) {
                (Some(meta), _) => meta.permissions().mode() & 0o777,
                (None, NewFileMode::Private) => 0o600,
                (None, NewFileMode::Default) => 0o666,
            };
            options.mode(bits);
        }
        #[cfg(not(unix))]
        let _ = (mode, existing);
        match options.open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary file name")))
}

/// Gives the new file the old one's exact permission bits (the umask may have narrowed them at
/// creation) and, where the process may, its owner and group.
fn keep_permissions(file: &std::fs::File, existing: Option<&std::fs::Metadata>) -> io::Result<()> {
    let Some(meta) = existing else { return Ok(()) };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let Ok(own) = file.metadata()
            && (own.uid(), own.gid()) != (meta.uid(), meta.gid())
        {
            // Only root (or the owner, for the group) may; otherwise the file is now ours.
            let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
        }
    }
    // After the owner (a change of owner clears set-id bits). Best effort: the file was created
    // with these bits already, less the umask, so a file system without modes loses nothing.
    let _ = file.set_permissions(meta.permissions());
    Ok(())
}

// One copy of each, in `text`; re-exported because the window and the CLI call them from here.
pub use crate::text::{html_escape, utc_now, utc_timestamp};
