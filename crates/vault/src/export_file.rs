//! Writing an export or backup file, for the CLI and the app alike: the
//! one private-file writer ([`crate::private_file`]: 0600 temporary file
//! beside the target, removed on any failure, synced, renamed into place,
//! directory synced), after the check below.
//!
//! Whatever path a save dialog or `--out` gives, an export never replaces
//! the vault, its numbered or daily backups, or its lock and temporary
//! files ([`check_target`]): the path is resolved (symlinks, `..`) and
//! compared with the vault's, and on Unix an existing target that is the
//! same file as one of them (a hard link) is refused too.

use std::io;
use std::path::{Path, PathBuf};

/// An export was pointed at the vault or one of its backups.
#[derive(Debug, thiserror::Error)]
#[error(
    "{} is the vault or one of its backups; an export never replaces them (choose another file name)",
    path.display()
)]
pub struct WouldReplaceVault {
    pub path: PathBuf,
}

/// `path` with its directory resolved (symlinks and `..`), and the file
/// itself resolved when it exists. Falls back to the path as given when
/// the directory does not exist (the write then fails anyway).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(full) = path.canonicalize() {
        return full;
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match (dir.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_owned(),
    }
}

fn same_name(a: &std::ffi::OsStr, b: &std::ffi::OsStr) -> bool {
    // macOS and Windows volumes ignore case by default.
    if cfg!(any(target_os = "macos", windows)) {
        a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
    } else {
        a == b
    }
}

/// Whether `name` is the vault's own file name or one of its siblings
/// (`vault.json.1`, `.day-…`, `.lock`, `.tmp`, `.bak.tmp`, and anything
/// else a later version keeps as `vault.json.*`).
fn belongs_to_vault(name: &std::ffi::OsStr, vault_name: &std::ffi::OsStr) -> bool {
    if same_name(name, vault_name) {
        return true;
    }
    let (name, vault_name) = (name.to_string_lossy(), vault_name.to_string_lossy());
    let (name, vault_name) = if cfg!(any(target_os = "macos", windows)) {
        (name.to_lowercase(), vault_name.to_lowercase())
    } else {
        (name.into_owned(), vault_name.into_owned())
    };
    name.strip_prefix(&vault_name)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// Refuses `target` when writing it would replace the vault at `vault`,
/// one of its backups, or its lock or temporary files.
pub fn check_target(target: &Path, vault: &Path) -> Result<(), WouldReplaceVault> {
    let refuse = || WouldReplaceVault {
        path: target.to_owned(),
    };
    let (target_full, vault_full) = (resolved(target), resolved(vault));
    let same_dir = target_full.parent() == vault_full.parent();
    if let (true, Some(name), Some(vault_name)) =
        (same_dir, target_full.file_name(), vault_full.file_name())
        && belongs_to_vault(name, vault_name)
    {
        return Err(refuse());
    }
    #[cfg(unix)]
    {
        // A hard link (or bind mount) of a protected file under another name.
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = std::fs::metadata(target) {
            let same = |p: &Path| {
                std::fs::metadata(p).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
            };
            let mut protected = vec![vault.to_owned()];
            protected.extend(
                (1..=crate::storage::BACKUPS).map(|n| crate::storage::backup_path(vault, n)),
            );
            protected.extend(crate::storage::daily_backups(vault));
            if protected.iter().any(|p| same(p)) {
                return Err(refuse());
            }
        }
    }
    Ok(())
}

pub use crate::private_file::Existing;

/// Writes `bytes` to `path` with mode 0600, atomically, after
/// [`check_target`] against the vault at `vault` (an error of kind
/// [`io::ErrorKind::InvalidInput`] holding a [`WouldReplaceVault`]).
pub fn write_private(
    path: &Path,
    bytes: &[u8],
    existing: Existing,
    vault: &Path,
) -> io::Result<()> {
    check_target(path, vault).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    crate::private_file::write(path, bytes, existing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_atomic_and_refusing_or_replacing_as_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.omamori");
        let vault = dir.path().join("vault.json");
        write_private(&path, b"first", Existing::Refuse, &vault).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let err = write_private(&path, b"second", Existing::Refuse, &vault).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_private(&path, b"third", Existing::Replace, &vault).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"third");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
