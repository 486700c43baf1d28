//! What crosses the IPC boundary for the session: the views sent to the
//! webview (labels, codes, validity windows, counts — never a secret) and
//! the requests it sends (which may hold a typed key or password, so they
//! have no `Debug` and zeroize what they hold).

use omamori_otp::{Account, Kind};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::activity::Event;
use crate::error::AppResult;
use crate::settings::Settings;

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
    pub(super) fn new(account: &Account, now: u64) -> AppResult<AccountView> {
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
    /// Names this scan's batch: `add_found` takes it back, so it can only
    /// pick from this list, never from one a later scan put in its place.
    pub token: u64,
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

/// First run: the new password typed twice, and "remember on this computer".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewVault {
    pub password: Zeroizing<String>,
    pub confirm: Zeroizing<String>,
    pub remember: bool,
}

/// The current password and the new one typed twice.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current: Zeroizing<String>,
    pub password: Zeroizing<String>,
    pub confirm: Zeroizing<String>,
}

/// New descriptive names for one account.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountNames {
    pub id: String,
    pub issuer: String,
    pub account: String,
}
