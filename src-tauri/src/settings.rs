//! The app's preferences (language, theme, text size, auto-lock, clipboard
//! clearing),
//! kept in `settings.json` beside the vault. Nothing here is secret, so it
//! is plain JSON readable before unlock (the unlock screen needs the
//! language). Unknown or broken files fall back to the defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Auto-lock choices offered, in minutes; 0 means never.
pub const AUTO_LOCK_CHOICES: &[u32] = &[1, 2, 5, 10, 15, 30, 60, 0];
/// Clipboard clearing choices offered, in seconds; 0 means never.
pub const CLIPBOARD_CHOICES: &[u32] = &[5, 10, 20, 30, 60, 120, 0];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Os,
    Ja,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Os,
    Light,
    Dark,
}

/// How large the whole UI is drawn (標準 / 大 / 特大): the root font size
/// the stylesheet scales from, applied on every screen including the lock
/// screen and first run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextSize {
    #[default]
    Normal,
    Large,
    XLarge,
}

/// What the settings screen edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub language: Language,
    pub theme: Theme,
    pub text_size: TextSize,
    /// Lock after this many idle minutes; 0 = never.
    pub auto_lock_minutes: u32,
    /// Clear a copied code after this many seconds; 0 = never.
    pub clipboard_clear_seconds: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: Language::Os,
            theme: Theme::Os,
            text_size: TextSize::Normal,
            auto_lock_minutes: 5,
            clipboard_clear_seconds: 30,
        }
    }
}

impl Settings {
    /// Reads the settings file; a missing or unreadable file gives defaults
    /// (preferences are never worth refusing to start over).
    pub fn load(path: &Path) -> Settings {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Settings>(&bytes).ok())
            .map(Settings::sanitized)
            .unwrap_or_default()
    }

    /// Writes the settings file with the private writer (0600, temp file,
    /// fsync, rename), so a crash leaves the old or the new file, never
    /// half of one.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        omamori_vault::private_file::write(
            path,
            &bytes,
            omamori_vault::private_file::Existing::Replace,
        )
    }

    /// Values outside the offered choices snap to the default, so a
    /// hand-edited file cannot disable clearing by accident.
    pub fn sanitized(mut self) -> Settings {
        let default = Settings::default();
        if !AUTO_LOCK_CHOICES.contains(&self.auto_lock_minutes) {
            self.auto_lock_minutes = default.auto_lock_minutes;
        }
        if !CLIPBOARD_CHOICES.contains(&self.clipboard_clear_seconds) {
            self.clipboard_clear_seconds = default.clipboard_clear_seconds;
        }
        self
    }
}

/// Where the app keeps its non-secret files for a vault: beside it.
pub fn sibling_file(vault: &Path, name: &str) -> PathBuf {
    vault
        .parent()
        .map(|dir| dir.join(name))
        .unwrap_or_else(|| PathBuf::from(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_broken_files_give_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(Settings::load(&path), Settings::default());
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
    }

    #[test]
    fn settings_round_trip_and_out_of_range_values_snap_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/settings.json");
        let chosen = Settings {
            language: Language::En,
            theme: Theme::Dark,
            text_size: TextSize::XLarge,
            auto_lock_minutes: 0,
            clipboard_clear_seconds: 5,
        };
        chosen.save(&path).unwrap();
        assert_eq!(Settings::load(&path), chosen);
        std::fs::write(
            &path,
            br#"{"language":"ja","theme":"os","auto_lock_minutes":7,"clipboard_clear_seconds":100000}"#,
        )
        .unwrap();
        let loaded = Settings::load(&path);
        assert_eq!(loaded.language, Language::Ja);
        assert_eq!(loaded.auto_lock_minutes, 5);
        assert_eq!(loaded.clipboard_clear_seconds, 30);
        assert_eq!(loaded.text_size, TextSize::Normal, "absent: the default");
    }

    #[test]
    fn text_size_is_stored_by_name() {
        let json = serde_json::to_string(&Settings {
            text_size: TextSize::XLarge,
            ..Settings::default()
        })
        .unwrap();
        assert!(json.contains(r#""text_size":"xlarge""#), "{json}");
        let back: Settings = serde_json::from_str(r#"{"text_size":"large"}"#).unwrap();
        assert_eq!(back.text_size, TextSize::Large);
    }
}
