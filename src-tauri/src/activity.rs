//! The local activity list ("unlocked", "code copied", "exported", …): what
//! UX.md calls the echo of the portal's ログイン履歴, so people notice what
//! they did not do. Stored in `activity.json` beside the vault as plain
//! JSON, so it holds no secrets and no account names either: an entry names
//! an account only by its random id, resolved to a label by the UI while
//! the vault is unlocked.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::settings::write_beside_vault;

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
        let mut entries = self.entries();
        entries.reverse();
        entries.push(Entry { at, event, account });
        let excess = entries.len().saturating_sub(MAX_ENTRIES);
        entries.drain(..excess);
        if let Ok(bytes) = serde_json::to_vec(&entries) {
            let _ = write_beside_vault(&self.path, &bytes);
        }
    }
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
        // Written through the private writer: 0600 and no temporary left.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(dir.path().join("activity.json")).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
