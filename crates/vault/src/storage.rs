//! Putting vault bytes on disk safely (docs/vault-format.md, "Storage"):
//! bounded reads, the exclusive save lock, atomic replacement with fsync,
//! and the three numbered backups. Knows nothing about encryption.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::Error;
use crate::envelope::MAX_FILE_BYTES;

/// How many previous generations are kept (`vault.json.1` … `.3`).
pub const BACKUPS: u32 = 3;

/// How long a writer waits for another program's save by default.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(5);

const LOCK_POLL: Duration = Duration::from_millis(10);

/// `path` with `suffix` appended to its file name (`vault.json` → `vault.json.lock`).
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The temp file a save writes before renaming it over the vault.
pub fn temp_path(path: &Path) -> PathBuf {
    sibling(path, ".tmp")
}

/// The lock file guarding saves.
pub fn lock_path(path: &Path) -> PathBuf {
    sibling(path, ".lock")
}

/// The `n`th previous generation (1 = most recent).
pub fn backup_path(path: &Path, n: u32) -> PathBuf {
    sibling(path, &format!(".{n}"))
}

/// Reads a whole vault file, refusing anything over [`MAX_FILE_BYTES`]
/// without reading it.
pub fn read(path: &Path) -> Result<Vec<u8>, Error> {
    let file = File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            Error::NotFound {
                path: path.to_owned(),
            }
        } else {
            Error::io(path, e)
        }
    })?;
    let mut bytes = Vec::new();
    // `take` bounds the read even if the file grows while we read it.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Creates the vault's directory (mode 0700 on Unix) if it is missing.
pub fn ensure_dir(path: &Path) -> Result<(), Error> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| Error::io(dir, e))
}

/// The exclusive save lock; released when dropped.
pub struct SaveLock {
    _file: File,
}

impl SaveLock {
    /// Takes the lock on `vault.json.lock`, polling for up to `wait` while
    /// another program holds it, then failing with [`Error::LockHeld`].
    pub fn acquire(vault: &Path, wait: Duration) -> Result<SaveLock, Error> {
        let path = lock_path(vault);
        let file = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let start = Instant::now();
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => return Ok(SaveLock { _file: file }),
                Err(fs4::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Err(Error::LockHeld { path });
                    }
                    std::thread::sleep(LOCK_POLL);
                }
                Err(fs4::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
    }
}

/// Whether saves call fsync (always, except in benchmarks that measure
/// the cost without it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    Fsync,
    NoFsync,
}

/// Replaces the vault at `path` with `bytes` atomically, keeping the
/// previous generations. The caller holds the [`SaveLock`], so the fixed
/// temp name cannot be in use by anyone else; a temp file left by a crash
/// is simply replaced.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    durability: Durability,
    _lock: &SaveLock,
) -> Result<(), Error> {
    let temp = temp_path(path);
    match fs::remove_file(&temp) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(&temp, e)),
    }
    {
        // create_new: O_EXCL, so a symlink planted at the temp name is
        // never followed.
        let mut file = private_options()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| Error::io(&temp, e))?;
        file.write_all(bytes).map_err(|e| Error::io(&temp, e))?;
        if durability == Durability::Fsync {
            file.sync_all().map_err(|e| Error::io(&temp, e))?;
        }
    }
    if path.exists() {
        rotate_backups(path)?;
    }
    fs::rename(&temp, path).map_err(|e| Error::io(path, e))?;
    if durability == Durability::Fsync {
        sync_dir(path)?;
    }
    Ok(())
}

/// `.2` → `.3`, `.1` → `.2`, current → `.1` (a hard link, so the current
/// file stays in place until the rename replaces it).
fn rotate_backups(path: &Path) -> Result<(), Error> {
    for n in (1..BACKUPS).rev() {
        let from = backup_path(path, n);
        let to = backup_path(path, n + 1);
        match fs::rename(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&from, e)),
        }
    }
    let first = backup_path(path, 1);
    match fs::remove_file(&first) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(&first, e)),
    }
    if fs::hard_link(path, &first).is_err() {
        // File systems without hard links (some network or FAT volumes).
        fs::copy(path, &first).map_err(|e| Error::io(&first, e))?;
    }
    Ok(())
}

/// Makes the rename itself durable.
fn sync_dir(path: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
