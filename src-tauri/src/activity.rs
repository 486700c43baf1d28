//! The local activity list ("unlocked", "code copied", "exported", …): what
//! UX.md calls the echo of the portal's ログイン履歴, so people notice what
//! they did not do. Stored in `activity.json` beside the vault as plain
//! JSON, so it holds no secrets and no account names either: an entry names
//! an account only by its random id, resolved to a label by the UI while
//! the vault is unlocked.
//!
//! Two app instances (or an instance and a future CLI) may record at the
//! same moment: every append takes an exclusive lock on `activity.json.lock`,
//! re-reads the file, appends and writes it back (0600, atomically, with
//! fsync) before letting go, so no entry is lost.

use std::path::{Path, PathBuf};

use omamori_vault::private_file::{self, Existing};

use serde::{Deserialize, Serialize};

/// How many entries are kept; older ones fall off.
pub const MAX_ENTRIES: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    VaultCreated,
    Unlocked,
    UnlockFailed,
    Locked,
    CodeCopied,
    AccountAdded,
    AccountRemoved,
    SetupKeyShown,
    PasswordChanged,
    Exported,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Unix seconds.
    pub at: u64,
    pub event: Event,
    /// The account's id (32 hex digits), for account events.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account: Option<String>,
}

/// The activity file of one vault.
pub struct Activity {
    path: PathBuf,
}

impl Activity {
    pub fn new(path: PathBuf) -> Self {
        Activity { path }
    }

    /// Newest first. A missing or broken file is an empty list.
    pub fn entries(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        entries.reverse();
        entries
    }

    /// Appends one entry, dropping the oldest beyond [`MAX_ENTRIES`]. A
    /// failure to record is not worth failing the action that caused it.
    pub fn record(&self, at: u64, event: Event, account: Option<String>) {
        let _ = self.append(Entry { at, event, account });
    }

    fn append(&self, entry: Entry) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let _lock = lock(&self.path)?;
        let mut entries = self.entries();
        entries.reverse();
        entries.push(entry);
        let excess = entries.len().saturating_sub(MAX_ENTRIES);
        entries.drain(..excess);
        let bytes = serde_json::to_vec(&entries).map_err(std::io::Error::other)?;
        private_file::write(&self.path, &bytes, Existing::Replace)
    }
}

/// Holds the exclusive lock on `activity.json.lock` until dropped (closing
/// the file releases it).
fn lock(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path.with_extension("json.lock"))?;
    fs4::FileExt::lock(&file)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let log = Activity::new(dir.path().join("activity.json"));
        assert!(log.entries().is_empty());
        for at in 0..(MAX_ENTRIES as u64 + 5) {
            log.record(at, Event::CodeCopied, Some("ab".repeat(16)));
        }
        log.record(9999, Event::Locked, None);
        let entries = log.entries();
        assert_eq!(entries.len(), MAX_ENTRIES);
        assert_eq!(entries[0].event, Event::Locked);
        assert_eq!(entries[0].at, 9999);
        assert_eq!(entries[1].at, MAX_ENTRIES as u64 + 4);
        let text = std::fs::read_to_string(dir.path().join("activity.json")).unwrap();
        assert!(!text.contains("\"account\":null"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("activity.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// Issue 11: two app instances recording at once lose nothing. Each
    /// thread is an instance with its own `Activity` on the same file; the
    /// barrier starts them together so their appends interleave.
    #[test]
    fn issue_11_two_instances_lose_no_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("activity.json");
        let per_instance = 80u64;
        let start = std::sync::Arc::new(std::sync::Barrier::new(2));
        let instances: Vec<_> = [0u64, 1]
            .into_iter()
            .map(|instance| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    let log = Activity::new(path);
                    start.wait();
                    for n in 0..per_instance {
                        log.record(instance * 1000 + n, Event::CodeCopied, None);
                    }
                })
            })
            .collect();
        for instance in instances {
            instance.join().unwrap();
        }
        let mut times: Vec<u64> = Activity::new(path).entries().iter().map(|e| e.at).collect();
        times.sort_unstable();
        let expected: Vec<u64> = (0..per_instance).chain(1000..1000 + per_instance).collect();
        assert_eq!(times, expected);
    }
}
