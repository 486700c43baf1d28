//! The app's session: which vault, whether it is unlocked, preferences and
//! the activity list. Every IPC command is one call into a method here, and
//! every method is a short sequence of calls into the crates.
//!
//! The parts: [`unlocked`] holds the state a lock drops as a whole;
//! [`access`] opens and guards the vault (create, unlock, passwords,
//! keyring); [`accounts`] the code list and changes to it; [`scan`] what
//! QR codes found; [`export`] and [`import`] moving accounts; [`idle`] the
//! auto-lock clock; [`views`] what crosses the IPC boundary.
//!
//! What leaves this module for the webview is a view: labels, codes and
//! their validity windows — never a secret, except
//! [`Session::reveal_setup_key`] and the Google transfer codes after the
//! password is entered again. Argon2 always runs without the state's lock
//! held, so `codes` and `touch` never wait for it.

mod access;
mod accounts;
mod export;
mod idle;
mod import;
mod scan;
mod unlocked;
mod views;

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use omamori_vault::{KdfParams, KeyringBackend, Vault};

pub use export::{BackupCheck, ExportDone, ExportRequest, GoogleCodes};
pub use import::ImportStep;
pub use unlocked::LockTicket;
pub use views::{
    AccountNames, AccountView, ActivityView, CodesView, FoundAccounts, KeyringOutcome,
    KeyringSwitch, ManualAccount, NewVault, PasswordChange, Status,
};

use crate::activity::Activity;
use crate::clipboard::CodeClipboard;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::settings::{self, Settings};
use idle::IdleClock;
use unlocked::{State, Unlocked};

/// Unix seconds now: the one clock the CLI reads too.
pub use omamori_vault::clock::now;

/// Everything the app holds for one vault.
pub struct Session {
    vault_path: PathBuf,
    /// `None` = the keyring is switched off (`OMAMORI_KEYRING=off`).
    keyring: Option<KeyringBackend>,
    kdf: KdfParams,
    state: Mutex<State>,
    idle: IdleClock,
    settings: Mutex<Settings>,
    activity: Activity,
    clipboard: CodeClipboard,
    /// Tests stop password work half-way through to see who waits for it.
    #[cfg(test)]
    kdf_gate: Mutex<Option<std::sync::Arc<dyn Fn() + Send + Sync>>>,
}

impl Session {
    /// A session for the vault at `vault_path`; `keyring` as chosen by
    /// `OMAMORI_KEYRING` (None = off).
    pub fn new(vault_path: PathBuf, keyring: Option<KeyringBackend>, kdf: KdfParams) -> Session {
        let settings = Settings::load(&settings::sibling_file(&vault_path, "settings.json"));
        let activity = Activity::new(settings::sibling_file(&vault_path, "activity.json"));
        Session {
            vault_path,
            keyring,
            kdf,
            state: Mutex::new(State::new()),
            idle: IdleClock::new(),
            settings: Mutex::new(settings),
            activity,
            clipboard: CodeClipboard::default(),
            #[cfg(test)]
            kdf_gate: Mutex::new(None),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic in another command leaves the data consistent (every
        // change is one vault call); keep serving.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn settings_guard(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the unlocked state. Not user activity: see [`idle`].
    fn with_unlocked<T>(&self, f: impl FnOnce(&mut Unlocked) -> AppResult<T>) -> AppResult<T> {
        f(self.state().unlocked()?)
    }

    /// Runs `f` on the unlocked vault.
    fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> AppResult<T>) -> AppResult<T> {
        self.with_unlocked(|unlocked| f(&mut unlocked.vault))
    }

    /// Marks the start of work done outside the lock (a file dialog, a
    /// decode); its result is dropped if a lock happens before it is used.
    pub fn ticket(&self) -> LockTicket {
        self.state().ticket()
    }

    /// Runs password work (Argon2id and the like). Callers hold no lock
    /// of the session while it runs.
    fn password_work<T>(&self, work: impl FnOnce() -> T) -> T {
        #[cfg(test)]
        {
            let gate = self.kdf_gate.lock().unwrap().clone();
            if let Some(gate) = gate {
                gate();
            }
        }
        work()
    }

    pub fn status(&self) -> AppResult<Status> {
        let info = Vault::probe(&self.vault_path);
        let vault_exists = !matches!(info, Err(omamori_vault::Error::NotFound { .. }));
        let keyring_slot = matches!(&info, Ok(i) if i.keyring_backend.is_some());
        Ok(Status {
            vault_exists,
            unlocked: self.state().is_unlocked(),
            keyring_slot,
            keyring_available: !vault_exists && self.keyring_available(),
            settings: self.settings_guard().clone(),
            vault_path: self.vault_path.display().to_string(),
        })
    }

    /// Drops the unlocked state (the vault with its key and secrets, what a
    /// scan found, a pending import) and clears our code from the
    /// clipboard. Work started before the lock cannot store its result
    /// after it. Returns whether it was unlocked.
    pub fn lock(&self) -> bool {
        let was_unlocked = self.state().lock();
        self.clipboard.clear_now();
        if was_unlocked {
            self.activity
                .record(now(), crate::activity::Event::Locked, None);
        }
        was_unlocked
    }

    /// The user did something (the UI reports input, throttled).
    pub fn touch(&self) {
        self.idle.touch();
    }

    /// Whether the idle time has passed (auto-lock on) while unlocked.
    pub fn idle_expired(&self) -> bool {
        let minutes = self.settings_guard().auto_lock_minutes;
        self.idle.expired(minutes) && self.state().is_unlocked()
    }

    pub fn settings(&self) -> Settings {
        self.settings_guard().clone()
    }

    pub fn save_settings(&self, new: Settings) -> AppResult<Settings> {
        let new = new.sanitized();
        new.save(&settings::sibling_file(&self.vault_path, "settings.json"))
            .map_err(|e| AppError::with_detail(ErrorKind::Io, e.to_string()))?;
        *self.settings_guard() = new.clone();
        self.touch();
        Ok(new)
    }
}

#[cfg(test)]
mod tests;
