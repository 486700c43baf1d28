//! The one writer of private files: the vault ([`write_locked`]), exports
//! and backups (through `export_file`), and the app's settings and
//! activity log ([`write`]) all go through it. The bytes go to
//! a temporary file created exclusively with mode 0600 beside the target,
//! are synced, and are renamed into place atomically; then the directory
//! is synced so the rename survives a crash. Nothing readable by others is
//! ever on disk, and a reader sees the old file or the new one, never half.
//! Tested through its callers: `export_file`'s tests and the vault's
//! storage tests (tests/processes.rs kills writers mid-save).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Fail with [`io::ErrorKind::AlreadyExists`] (the CLI: `--out` names a
    /// path the user may have mistyped).
    Refuse,
    /// Replace it (the vault, settings; the app's save dialog already asked).
    Replace,
}

/// Whether writes call fsync (always, except in benchmarks that measure
/// the cost without it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    Fsync,
    NoFsync,
}

/// Writes `bytes` to `path` with mode 0600, atomically, through a
/// temporary file with a random name that is removed on any failure. For
/// settings and logs; an export goes through
/// [`crate::export_file::write_private`], which first makes sure the target
/// is not the vault or one of its backups.
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    let dir = parent(path);
    let mut temp = tempfile::Builder::new()
        .prefix(".omamori-write-")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    fill(temp.as_file_mut(), bytes, Durability::Fsync)?;
    match existing {
        Existing::Refuse => temp.persist_noclobber(path).map_err(|e| e.error)?,
        Existing::Replace => temp.persist(path).map_err(|e| e.error)?,
    };
    // Makes the rename durable; a failure here does not undo the write.
    let _ = sync_dir(path);
    Ok(())
}

/// The same write through a fixed temporary name, for a writer that holds
/// a lock on the target (the vault's save lock): a crash leaves at most one
/// stale `temp`, which the next write replaces. `before_rename` runs once
/// the new bytes are safely on disk (the vault rotates its backups there);
/// `io_error` names the file an I/O error happened on.
pub(crate) fn write_locked<E>(
    path: &Path,
    temp: &Path,
    bytes: &[u8],
    durability: Durability,
    before_rename: impl FnOnce() -> Result<(), E>,
    io_error: impl Fn(&Path, io::Error) -> E,
) -> Result<(), E> {
    match fs::remove_file(temp) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(temp, e)),
    }
    {
        // create_new: O_EXCL, so a symlink planted at the temp name is
        // never followed.
        let mut file = private_options()
            .write(true)
            .create_new(true)
            .open(temp)
            .map_err(|e| io_error(temp, e))?;
        fill(&mut file, bytes, durability).map_err(|e| io_error(temp, e))?;
    }
    before_rename()?;
    fs::rename(temp, path).map_err(|e| io_error(path, e))?;
    if durability == Durability::Fsync {
        sync_dir(path).map_err(|e| io_error(parent(path), e))?;
    }
    Ok(())
}

/// Open options that create files with mode 0600.
pub(crate) fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

fn fill(file: &mut File, bytes: &[u8], durability: Durability) -> io::Result<()> {
    file.write_all(bytes)?;
    if durability == Durability::Fsync {
        file.sync_all()?;
    }
    Ok(())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Makes a rename in `path`'s directory durable.
pub(crate) fn sync_dir(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(parent(path))?.sync_all()?;
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
