//! Putting vault bytes on disk safely (docs/vault-format.md, "Storage"):
//! bounded reads, the exclusive save lock, atomic replacement with fsync,
//! the three numbered backups and one backup per day for the last seven
//! days. Knows nothing about encryption.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::envelope::MAX_FILE_BYTES;
use crate::{Error, private_file};

/// How many previous generations are kept (`vault.json.1` … `.3`).
pub const BACKUPS: u32 = 3;

/// How many days keep a daily backup (`vault.json.day-YYYY-MM-DD`).
pub const DAILY_BACKUPS: usize = 7;

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

/// Where a backup is staged before it is renamed into place; a crash can
/// leave it behind, and the next save replaces it.
pub fn backup_staging_path(path: &Path) -> PathBuf {
    sibling(path, ".bak.tmp")
}

/// The `n`th previous generation (1 = most recent).
pub fn backup_path(path: &Path, n: u32) -> PathBuf {
    sibling(path, &format!(".{n}"))
}

/// The daily backup of the UTC day `day` (days since 1970-01-01):
/// `vault.json.day-2026-12-05`.
pub fn daily_backup_path(path: &Path, day: u64) -> PathBuf {
    let (y, m, d) = civil_from_days(day);
    sibling(path, &format!("{DAILY_INFIX}{y:04}-{m:02}-{d:02}"))
}

const DAILY_INFIX: &str = ".day-";

/// The daily backups that exist beside `path`, newest first.
pub fn daily_backups(path: &Path) -> Vec<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let prefix = format!("{name}{DAILY_INFIX}");
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let file = entry.file_name().into_string().ok()?;
            let date = file.strip_prefix(&prefix)?;
            // Exactly YYYY-MM-DD, so nothing else is ever pruned.
            (date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                }))
            .then(|| entry.path())
        })
        .collect();
    // The date format sorts like the dates.
    found.sort();
    found.reverse();
    found
}

/// Year, month, day of a count of days since 1970-01-01 (proleptic
/// Gregorian; Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
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
        let file = private_file::private_options()
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

pub use crate::private_file::Durability;

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
    // The one private-file writer, through the fixed temp name the save
    // lock protects; backups are kept once the new bytes are on disk.
    let keep_backups = || {
        if path.exists() {
            rotate_backups(path)?;
            keep_daily_backup(path)?;
        }
        Ok(())
    };
    private_file::write_locked(
        path,
        &temp_path(path),
        bytes,
        durability,
        keep_backups,
        |at, e| Error::io(at, e),
    )
}

/// `.2` → `.3`, `.1` → `.2`, current → `.1`. Each step hard-links (or
/// copies) the source to a staging name and renames that over the target,
/// so every backup is replaced atomically and none is ever missing, even if
/// the process dies between steps. The current file stays in place until
/// the caller's rename replaces it.
fn rotate_backups(path: &Path) -> Result<(), Error> {
    let staging = backup_staging_path(path);
    for n in (1..=BACKUPS).rev() {
        let source = if n == 1 {
            path.to_owned()
        } else {
            backup_path(path, n - 1)
        };
        if !source.exists() {
            continue;
        }
        match fs::remove_file(&staging) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&staging, e)),
        }
        if fs::hard_link(&source, &staging).is_err() {
            // File systems without hard links (some network or FAT volumes).
            fs::copy(&source, &staging).map_err(|e| Error::io(&staging, e))?;
        }
        let target = backup_path(path, n);
        fs::rename(&staging, &target).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}

/// Keeps the file about to be replaced as the backup of the day it was
/// written (its modification time, UTC), replacing an earlier one of that
/// day, so each day keeps its last state; then removes daily backups
/// beyond the newest [`DAILY_BACKUPS`] days. A burst of saves (reordering,
/// HOTP codes) rotates the numbered backups away within seconds; the
/// dailies keep yesterday's state and the six days before. The time comes
/// from the file system, not a clock: the day the state was saved.
fn keep_daily_backup(path: &Path) -> Result<(), Error> {
    let modified = fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(|e| Error::io(path, e))?;
    // A time before 1970 (a broken clock) counts as day 0.
    let day = modified
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    let staging = backup_staging_path(path);
    match fs::remove_file(&staging) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(&staging, e)),
    }
    if fs::hard_link(path, &staging).is_err() {
        fs::copy(path, &staging).map_err(|e| Error::io(&staging, e))?;
    }
    let target = daily_backup_path(path, day);
    fs::rename(&staging, &target).map_err(|e| Error::io(&target, e))?;
    for old in daily_backups(path).into_iter().skip(DAILY_BACKUPS) {
        match fs::remove_file(&old) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&old, e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_backup_names_are_utc_dates() {
        let vault = Path::new("/v/vault.json");
        for (day, name) in [
            (0, "vault.json.day-1970-01-01"),
            (11_016, "vault.json.day-2000-02-29"),
            (20_427, "vault.json.day-2025-12-05"),
            (20_792, "vault.json.day-2026-12-05"),
        ] {
            assert_eq!(daily_backup_path(vault, day), Path::new("/v").join(name));
        }
    }
}
