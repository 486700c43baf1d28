//! The app's session: which vault, whether it is unlocked, the accounts a
//! scan found but the user has not added yet, preferences and the activity
//! list. Every IPC command is one call into a method here, and every method
//! is a short sequence of calls into the crates.
//!
//! What leaves this module for the webview is a view ([`AccountView`],
//! [`FoundView`]): labels, codes and their validity windows — never a
//! secret, except [`Session::reveal_setup_key`] after the password is
//! entered again. Locking drops the [`Vault`], which wipes the master key
//! and every decrypted secret.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use omamori_otp::{Account, AccountId, Algorithm, Kind, Secret};
use omamori_vault::{
    AccountEdit, AddOutcome, KdfParams, KeyStore, KeyringBackend, KeyringError, OsKeyring, Unlock,
    Vault,
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::activity::{Activity, Entry, Event};
use crate::clipboard::CodeClipboard;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::settings::{self, Settings};

/// Unix seconds now. The shell is the one place that reads the clock.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// One account as the code list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AccountView {
    pub id: String,
    pub issuer: String,
    pub account: String,
    /// `totp`, `hotp` or `steam`.
    pub kind: &'static str,
    pub digits: u8,
    pub period: u32,
    pub code: String,
    /// The code after this one (time-based accounts only).
    pub next_code: Option<String>,
    /// Validity window of `code` in Unix seconds (time-based accounts only).
    pub valid_from: Option<u64>,
    pub valid_until: Option<u64>,
}

impl AccountView {
    fn new(account: &Account, now: u64) -> AppResult<AccountView> {
        let code = account.code_at(now)?;
        let time_based = account.kind != Kind::Hotp;
        let next_code = if time_based {
            Some(account.next_code_at(now)?.value)
        } else {
            None
        };
        Ok(AccountView {
            id: account.id.to_string(),
            issuer: account.issuer.clone(),
            account: account.name.clone(),
            kind: account.kind.as_str(),
            digits: account.code_length(),
            period: account.period,
            code: code.value,
            next_code,
            valid_from: code.window.map(|w| w.valid_from),
            valid_until: code.window.map(|w| w.valid_until),
        })
    }
}

/// The code list with the backend's clock, so the UI can correct for skew.
#[derive(Debug, Clone, Serialize)]
pub struct CodesView {
    pub now: u64,
    pub accounts: Vec<AccountView>,
}

/// An account found by a scan, before the user adds it.
#[derive(Debug, Clone, Serialize)]
pub struct FoundView {
    pub index: usize,
    pub issuer: String,
    pub account: String,
    pub kind: &'static str,
    /// Already in the vault (same key, issuer and account name).
    pub duplicate: bool,
}

/// What a scan found: accounts, plus QR codes that held no usable account.
#[derive(Debug, Clone, Serialize)]
pub struct FoundAccounts {
    pub accounts: Vec<FoundView>,
    /// QR codes that were not authenticator codes (links, text) or broken.
    pub ignored: usize,
    /// For Google Authenticator transfers: this QR code's number and the
    /// total, e.g. (1, 3).
    pub batch: Option<(i32, i32)>,
}

/// The state the UI starts from.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub vault_exists: bool,
    pub unlocked: bool,
    /// The vault has a keyring slot ("remember on this computer").
    pub keyring_slot: bool,
    /// An OS keyring answers (offered on first run).
    pub keyring_available: bool,
    pub settings: Settings,
    pub vault_path: String,
}

/// A typed setup key and its options. No `Debug`: it holds the key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualAccount {
    pub issuer: String,
    pub account: String,
    /// Zeroized when the request is dropped.
    pub key: Zeroizing<String>,
    pub kind: String,
    pub algorithm: String,
    pub digits: u8,
    pub period: u32,
}

/// One activity entry for the activity list.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityView {
    pub at: u64,
    pub event: Event,
    /// "Issuer (account)" when the entry names an account still in the vault.
    pub label: Option<String>,
}

/// The outcome of creating a vault or switching the keyring slot.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyringOutcome {
    On,
    Off,
    /// Asked for, but the keyring refused; the vault works with the password.
    Failed,
}

/// The outcome of switching "remember on this computer".
#[derive(Debug, Clone, Serialize)]
pub struct KeyringSwitch {
    pub state: KeyringOutcome,
    /// Turned off, but the keyring entry could not be deleted: why.
    pub entry_left: Option<String>,
}

struct Inner {
    vault: Option<Vault>,
    /// Accounts from the last scan, waiting for "add"; secrets stay here.
    pending: Vec<Account>,
    last_activity: Instant,
    /// Whether this run already tried the keyring (auto-unlock happens once
    /// per start, never after the user locked).
    keyring_tried: bool,
    /// An import file waiting for its password (dropped on lock).
    import: Option<transfer::PendingImport>,
    /// The backup written last, for "check this backup".
    last_backup: Option<PathBuf>,
}

/// Everything the app holds for one vault.
pub struct Session {
    vault_path: PathBuf,
    /// `None` = the keyring is switched off (`OMAMORI_KEYRING=off`).
    keyring: Option<KeyringBackend>,
    kdf: KdfParams,
    inner: Mutex<Inner>,
    settings: Mutex<Settings>,
    activity: Activity,
    clipboard: CodeClipboard,
}

fn label(account: &Account) -> String {
    match (account.issuer.is_empty(), account.name.is_empty()) {
        (false, false) => format!("{} ({})", account.issuer, account.name),
        (false, true) => account.issuer.clone(),
        _ => account.name.clone(),
    }
}

fn parse_id(id: &str) -> AppResult<AccountId> {
    id.parse()
        .map_err(|_| AppError::new(ErrorKind::NoSuchAccount))
}

fn password(text: Zeroizing<String>) -> SecretString {
    SecretString::from(text.as_str().to_owned())
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
            inner: Mutex::new(Inner {
                vault: None,
                pending: Vec::new(),
                last_activity: Instant::now(),
                keyring_tried: false,
                import: None,
                last_backup: None,
            }),
            settings: Mutex::new(settings),
            activity,
            clipboard: CodeClipboard::default(),
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        // A panic in another command leaves the data consistent (every
        // change is one vault call); keep serving.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn settings_guard(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the unlocked vault. This is not user activity: the code
    /// list refreshes itself every period, and counting that kept the
    /// vault unlocked for ever. Only input (reported by the UI through
    /// `touch`) resets the idle timer.
    fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault, &mut Vec<Account>) -> AppResult<T>,
    ) -> AppResult<T> {
        let mut inner = self.inner();
        let Inner { vault, pending, .. } = &mut *inner;
        let vault = vault.as_mut().ok_or(AppError::new(ErrorKind::Locked))?;
        f(vault, pending)
    }

    fn store_for(&self, backend: Option<&str>) -> Option<OsKeyring> {
        let chosen = self.keyring?;
        let backend = backend.and_then(|b| b.parse().ok()).unwrap_or(chosen);
        Some(OsKeyring::new(backend))
    }

    fn keyring_available(&self) -> bool {
        let Some(store) = self.store_for(None) else {
            return false;
        };
        // A lookup of an entry that never exists: answers NoEntry when a
        // keyring works, without writing anything into it.
        matches!(
            store.get(omamori_vault::keystore::SERVICE, "availability-probe"),
            Ok(_) | Err(KeyringError::NoEntry { .. })
        )
    }

    pub fn status(&self) -> AppResult<Status> {
        let info = Vault::probe(&self.vault_path);
        let vault_exists = !matches!(info, Err(omamori_vault::Error::NotFound { .. }));
        let keyring_slot = matches!(&info, Ok(i) if i.keyring_backend.is_some());
        Ok(Status {
            vault_exists,
            unlocked: self.inner().vault.is_some(),
            keyring_slot,
            keyring_available: !vault_exists && self.keyring_available(),
            settings: self.settings_guard().clone(),
            vault_path: self.vault_path.display().to_string(),
        })
    }

    /// First run: a new vault with a password slot and, if asked, a keyring slot.
    pub fn create_vault(
        &self,
        new_password: Zeroizing<String>,
        confirm: Zeroizing<String>,
        remember: bool,
    ) -> AppResult<KeyringOutcome> {
        if new_password.is_empty() || *new_password != *confirm {
            return Err(AppError::new(ErrorKind::PasswordRejected));
        }
        let mut vault = Vault::create(&self.vault_path, &password(new_password), self.kdf)?;
        let outcome = match (remember, self.store_for(None)) {
            (false, _) => KeyringOutcome::Off,
            (true, None) => KeyringOutcome::Failed,
            (true, Some(store)) => match vault.enable_keyring(&store) {
                Ok(()) => KeyringOutcome::On,
                Err(_) => KeyringOutcome::Failed,
            },
        };
        let mut inner = self.inner();
        inner.vault = Some(vault);
        inner.keyring_tried = true;
        inner.last_activity = Instant::now();
        self.activity.record(now(), Event::VaultCreated, None);
        Ok(outcome)
    }

    pub fn unlock_password(&self, text: Zeroizing<String>) -> AppResult<()> {
        let opened = Vault::open(&self.vault_path, Unlock::Password(&password(text)));
        self.finish_unlock(opened)
    }

    /// Unlocks through the keyring slot, once per start of the app.
    pub fn unlock_keyring(&self) -> AppResult<()> {
        {
            let mut inner = self.inner();
            if inner.keyring_tried {
                return Err(AppError::new(ErrorKind::KeyringUnavailable));
            }
            inner.keyring_tried = true;
        }
        let info = Vault::probe(&self.vault_path)?;
        let store = self
            .store_for(info.keyring_backend.as_deref())
            .filter(|_| info.keyring_backend.is_some())
            .ok_or(AppError::new(ErrorKind::KeyringUnavailable))?;
        let opened = Vault::open(&self.vault_path, Unlock::Keyring(&store));
        self.finish_unlock(opened)
    }

    fn finish_unlock(&self, opened: Result<Vault, omamori_vault::Error>) -> AppResult<()> {
        match opened {
            Ok(vault) => {
                let mut inner = self.inner();
                inner.vault = Some(vault);
                inner.keyring_tried = true;
                inner.last_activity = Instant::now();
                self.activity.record(now(), Event::Unlocked, None);
                Ok(())
            }
            Err(e) => {
                if matches!(e, omamori_vault::Error::DecryptionFailed) {
                    self.activity.record(now(), Event::UnlockFailed, None);
                }
                Err(e.into())
            }
        }
    }

    /// Drops the vault (wiping its key and secrets) and anything found by a
    /// scan; clears our code from the clipboard. Returns whether it was
    /// unlocked.
    pub fn lock(&self) -> bool {
        let mut inner = self.inner();
        inner.keyring_tried = true;
        inner.pending.clear();
        inner.import = None;
        let was_unlocked = inner.vault.take().is_some();
        drop(inner);
        self.clipboard.clear_now();
        if was_unlocked {
            self.activity.record(now(), Event::Locked, None);
        }
        was_unlocked
    }

    /// The user did something (the UI reports input, throttled).
    pub fn touch(&self) {
        self.inner().last_activity = Instant::now();
    }

    /// Whether the idle time has passed (auto-lock on) while unlocked.
    pub fn idle_expired(&self) -> bool {
        let minutes = self.settings_guard().auto_lock_minutes;
        minutes > 0
            && self.inner().vault.is_some()
            && self.idle_for() >= Duration::from_secs(u64::from(minutes) * 60)
    }

    /// Time since the last input the UI reported (or the unlock).
    fn idle_for(&self) -> Duration {
        self.inner().last_activity.elapsed()
    }

    pub fn codes(&self) -> AppResult<CodesView> {
        let now = now();
        self.with_vault(|vault, _| {
            let accounts = vault
                .accounts()
                .iter()
                .map(|a| AccountView::new(a, now))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(CodesView { now, accounts })
        })
    }

    /// Copies the account's current code to the clipboard.
    pub fn copy_code(&self, id: &str) -> AppResult<()> {
        let id = parse_id(id)?;
        let code = self.with_vault(|vault, _| {
            let account = vault
                .account(id)
                .ok_or(AppError::new(ErrorKind::NoSuchAccount))?;
            Ok(Zeroizing::new(account.code_at(now())?.value))
        })?;
        let seconds = self.settings_guard().clipboard_clear_seconds;
        let clear_after = (seconds > 0).then(|| Duration::from_secs(u64::from(seconds)));
        self.clipboard.copy(code, clear_after)?;
        self.activity
            .record(now(), Event::CodeCopied, Some(id.to_string()));
        Ok(())
    }

    /// HOTP: advances the counter (one save) and returns the new code.
    pub fn next_hotp(&self, id: &str) -> AppResult<AccountView> {
        let id = parse_id(id)?;
        self.with_vault(|vault, _| AccountView::new(&vault.advance_counter(id)?, now()))
    }

    /// Adds an account from a typed setup key; returns it with its code.
    pub fn add_manual(&self, form: ManualAccount) -> AppResult<AccountView> {
        let secret = Secret::from_setup_key(&form.key)?;
        let mut account = Account::totp(form.issuer.trim(), form.account.trim(), secret);
        account.kind = match form.kind.as_str() {
            "hotp" => Kind::Hotp,
            "steam" => Kind::Steam,
            _ => Kind::Totp,
        };
        account.algorithm = form
            .algorithm
            .parse::<Algorithm>()
            .map_err(|e| AppError::with_detail(ErrorKind::InvalidAccount, e.to_string()))?;
        account.digits = form.digits;
        account.period = form.period;
        if account.kind == Kind::Steam {
            account.digits = 5;
        }
        self.with_vault(|vault, _| {
            let id = vault.add(account, now())?;
            self.activity
                .record(now(), Event::AccountAdded, Some(id.to_string()));
            let added = vault.account(id).ok_or(AppError::new(ErrorKind::Other))?;
            AccountView::new(added, now())
        })
    }

    /// Reads QR payloads (from a scan of the screen, an image or the
    /// clipboard) into accounts waiting to be added.
    pub fn found(&self, payloads: Vec<String>) -> AppResult<FoundAccounts> {
        self.with_vault(|vault, pending| {
            pending.clear();
            let mut ignored = 0;
            let mut batch = None;
            for payload in &payloads {
                // The one payload router, as every other door reads QR text.
                match omamori_otp::payload::accounts(payload) {
                    Ok(found) => {
                        ignored += found.rejected.len();
                        if let Some(b) = found.batch.filter(|b| b.size > 1) {
                            batch = Some((b.index + 1, b.size));
                        }
                        pending.extend(found.accounts);
                    }
                    Err(_) => ignored += 1,
                }
            }
            // The same QR code seen twice (e.g. two monitors) is one account.
            let mut unique: Vec<Account> = Vec::with_capacity(pending.len());
            for account in pending.drain(..) {
                if !unique.iter().any(|u| u.same_account(&account)) {
                    unique.push(account);
                }
            }
            *pending = unique;
            if pending.is_empty() {
                return Err(AppError::new(ErrorKind::NothingFound));
            }
            let accounts = pending
                .iter()
                .enumerate()
                .map(|(index, a)| FoundView {
                    index,
                    issuer: a.issuer.clone(),
                    account: a.name.clone(),
                    kind: a.kind.as_str(),
                    duplicate: vault.accounts().iter().any(|v| v.same_account(a)),
                })
                .collect();
            Ok(FoundAccounts {
                accounts,
                ignored,
                batch,
            })
        })
    }

    /// Adds the chosen found accounts (indices into the last scan);
    /// returns the added ones with their codes.
    pub fn add_found(&self, indices: Vec<usize>) -> AppResult<Vec<AccountView>> {
        self.with_vault(|vault, pending| {
            let chosen: Vec<Account> = indices
                .iter()
                .filter_map(|&i| pending.get(i).cloned())
                .collect();
            pending.clear();
            let now = now();
            let mut added = Vec::new();
            for outcome in vault.add_many(chosen, now)? {
                if let AddOutcome::Added(id) = outcome {
                    self.activity
                        .record(now, Event::AccountAdded, Some(id.to_string()));
                    if let Some(account) = vault.account(id) {
                        added.push(AccountView::new(account, now)?);
                    }
                }
            }
            if added.is_empty() {
                return Err(AppError::new(ErrorKind::Duplicate));
            }
            Ok(added)
        })
    }

    pub fn edit_account(&self, id: &str, issuer: String, account: String) -> AppResult<()> {
        let id = parse_id(id)?;
        let edit = AccountEdit {
            issuer: Some(issuer.trim().to_owned()),
            name: Some(account.trim().to_owned()),
            ..AccountEdit::default()
        };
        self.with_vault(|vault, _| Ok(vault.edit(id, edit)?))
    }

    pub fn remove_account(&self, id: &str) -> AppResult<()> {
        let id = parse_id(id)?;
        self.with_vault(|vault, _| {
            vault.remove(id, now())?;
            self.activity
                .record(now(), Event::AccountRemoved, Some(id.to_string()));
            Ok(())
        })
    }

    /// Moves an account one place up (`-1`) or down (`+1`).
    pub fn move_account(&self, id: &str, delta: i32) -> AppResult<()> {
        let id = parse_id(id)?;
        self.with_vault(|vault, _| {
            let mut order: Vec<AccountId> = vault.accounts().iter().map(|a| a.id).collect();
            let from = order
                .iter()
                .position(|x| *x == id)
                .ok_or(AppError::new(ErrorKind::NoSuchAccount))?;
            let to = (from as i64 + i64::from(delta)).clamp(0, order.len() as i64 - 1) as usize;
            if to != from {
                let moved = order.remove(from);
                order.insert(to, moved);
                vault.reorder(&order)?;
            }
            Ok(())
        })
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

    /// Checks a password against the vault file without changing anything.
    fn verify_password(&self, text: Zeroizing<String>) -> AppResult<()> {
        Vault::open(&self.vault_path, Unlock::Password(&password(text)))?;
        Ok(())
    }

    pub fn change_password(
        &self,
        current: Zeroizing<String>,
        new_password: Zeroizing<String>,
        confirm: Zeroizing<String>,
    ) -> AppResult<()> {
        if new_password.is_empty() || *new_password != *confirm {
            return Err(AppError::new(ErrorKind::PasswordRejected));
        }
        self.verify_password(current)?;
        self.with_vault(|vault, _| {
            let store = self.store_for(vault.keyring_backend());
            let keyring = store.as_ref().map(|s| s as &dyn KeyStore);
            vault.change_password(&password(new_password), self.kdf, keyring)?;
            self.activity.record(now(), Event::PasswordChanged, None);
            Ok(())
        })
    }

    /// "Remember on this computer" on or off; both ask for the password.
    /// Off revokes: the vault is re-encrypted under a new master key, then
    /// the keyring entry is deleted; a failure to delete it comes back in
    /// `entry_left` for the UI to show (issue 11).
    pub fn set_keyring(&self, on: bool, text: Zeroizing<String>) -> AppResult<KeyringSwitch> {
        let password = password(text);
        self.with_vault(|vault, _| {
            if on {
                Vault::open(vault.path(), Unlock::Password(&password))?;
                let store = self
                    .store_for(None)
                    .ok_or(AppError::new(ErrorKind::KeyringUnavailable))?;
                vault.enable_keyring(&store)?;
                return Ok(KeyringSwitch {
                    state: KeyringOutcome::On,
                    entry_left: None,
                });
            }
            if vault.keyring_backend().is_none() {
                return Ok(KeyringSwitch {
                    state: KeyringOutcome::Off,
                    entry_left: None,
                });
            }
            let store = self.store_for(vault.keyring_backend());
            let problem =
                vault.disable_keyring(&password, store.as_ref().map(|s| s as &dyn KeyStore))?;
            Ok(KeyringSwitch {
                state: KeyringOutcome::Off,
                entry_left: problem.map(|e| e.to_string()),
            })
        })
    }

    /// The setup key of one account, after the password is entered again.
    /// The only place a secret goes to the webview, on the user's request.
    pub fn reveal_setup_key(
        &self,
        id: &str,
        text: Zeroizing<String>,
    ) -> AppResult<Zeroizing<String>> {
        let id = parse_id(id)?;
        self.verify_password(text)?;
        self.with_vault(|vault, _| {
            let account = vault
                .account(id)
                .ok_or(AppError::new(ErrorKind::NoSuchAccount))?;
            self.activity
                .record(now(), Event::SetupKeyShown, Some(id.to_string()));
            Ok(account.secret.to_base32())
        })
    }

    /// The activity list, newest first, with account labels while unlocked.
    pub fn activity(&self) -> AppResult<Vec<ActivityView>> {
        let entries = self.activity.entries();
        self.with_vault(|vault, _| {
            Ok(entries
                .into_iter()
                .map(|Entry { at, event, account }| ActivityView {
                    at,
                    event,
                    label: account
                        .and_then(|id| id.parse::<AccountId>().ok())
                        .and_then(|id| vault.account(id))
                        .map(label),
                })
                .collect())
        })
    }
}

mod transfer;
pub use transfer::{BackupCheck, ExportDone, ExportFormat, GoogleCodes, ImportStep};

#[cfg(test)]
mod tests;
