//! Exports (each after the vault password is entered again) and the check
//! of a backup just written. The work is the crates' (`omamori_transfer`,
//! `omamori_vault::backup`, `omamori_vault::export_file`); this module only
//! joins it to the session.
//!
//! Paths come from the native save dialog in `commands.rs`, never from the
//! webview. A prepared export remembers the lock period it was made in:
//! if a lock happens while the save dialog is open, nothing is written.
//! What goes back is counts, labels and reasons; the one secret is the
//! Google transfer QR codes, sent as PNG data URLs after the password.

use std::path::Path;

use base64::Engine;
use omamori_otp::Account;
use omamori_otp::migration::Unsupported;
use omamori_transfer::export::{self, google};
use omamori_transfer::verify;
use omamori_vault::export_file::{self, Existing};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::access::password;
use super::import::{file_name, io_error, read_bounded};
use super::unlocked::LockTicket;
use super::{Session, now};
use crate::activity::Event;
use crate::error::{AppError, AppResult, ErrorKind};

/// The export formats: the crates' one list, shared with `omamori export`.
pub use omamori_transfer::export::ExportFormat;

/// An export as the export dialog asks for it. No `Debug`: it holds passwords.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportRequest {
    pub format: ExportFormat,
    /// The vault password, entered again.
    pub password: Zeroizing<String>,
    /// The file's own password, twice (encrypted formats; else empty).
    pub file_password: Zeroizing<String>,
    pub file_confirm: Zeroizing<String>,
    /// "I understand this file is not encrypted" (plain formats).
    pub acknowledged: bool,
    /// The save dialog's title, in the UI's language.
    pub title: String,
}

/// An export made and waiting for the save dialog. No `Debug`: it holds
/// the file's bytes.
pub struct PreparedExport {
    format: ExportFormat,
    bytes: Zeroizing<Vec<u8>>,
    count: usize,
    ticket: LockTicket,
}

impl PreparedExport {
    pub fn format(&self) -> ExportFormat {
        self.format
    }
}

/// A written export.
#[derive(Debug, Clone, Serialize)]
pub struct ExportDone {
    pub count: usize,
    /// The file's name (not its directory), to confirm where it went.
    pub file_name: String,
    /// A backup, which can be checked with [`Session::check_backup`].
    pub checkable: bool,
}

/// An account a format cannot express: left out and said so.
#[derive(Debug, Clone, Serialize)]
pub struct Unexported {
    pub label: String,
    /// `steam`, `period`, `digits` or `counter`.
    pub reason: &'static str,
    pub value: u64,
}

/// Google Authenticator transfer codes, to be shown one after another.
#[derive(Serialize)]
pub struct GoogleCodes {
    /// `data:image/png;base64,…` per code. Secret: the UI shows them only
    /// in the export dialog and drops them when it closes.
    pub images: Vec<Zeroizing<String>>,
    /// Accounts in the codes.
    pub count: usize,
    pub unsupported: Vec<Unexported>,
}

/// A backup compared with the vault.
#[derive(Debug, Clone, Serialize)]
pub struct BackupCheck {
    pub file_name: String,
    pub matching: usize,
    pub total: usize,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    pub different: Vec<Difference>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    pub label: String,
    /// Names of the differing fields (`code`, `secret`, `period`, …), never values.
    pub fields: Vec<&'static str>,
}

fn unexported(accounts: &[Account], unsupported: &[(usize, Unsupported)]) -> Vec<Unexported> {
    unsupported
        .iter()
        .map(|(index, why)| {
            let (reason, value) = match why {
                Unsupported::Steam => ("steam", 0),
                Unsupported::Period(p) => ("period", u64::from(*p)),
                Unsupported::Digits(d) => ("digits", u64::from(*d)),
                Unsupported::Counter(c) => ("counter", *c),
                _ => ("other", 0),
            };
            Unexported {
                label: accounts.get(*index).map(Account::label).unwrap_or_default(),
                reason,
                value,
            }
        })
        .collect()
}

impl Session {
    /// Checks the vault password and that the vault has accounts; returns
    /// them, unless a lock happened since `ticket`.
    fn accounts_for_export(
        &self,
        ticket: LockTicket,
        vault_password: Zeroizing<String>,
    ) -> AppResult<Vec<Account>> {
        self.verify_password(vault_password)?;
        let mut state = self.state();
        let vault = &state.unlocked_since(ticket)?.vault;
        if vault.accounts().is_empty() {
            return Err(AppError::new(ErrorKind::NothingToExport));
        }
        Ok(vault.accounts().to_vec())
    }

    /// Makes an export file's bytes: after the vault password, with the
    /// file's password typed twice for encrypted formats and an explicit
    /// acknowledgement for plain ones. Nothing is written yet.
    pub fn prepare_export(&self, request: ExportRequest) -> AppResult<PreparedExport> {
        let ExportRequest {
            format,
            password: vault_password,
            file_password,
            file_confirm,
            acknowledged,
            ..
        } = request;
        if format.is_plain() && !acknowledged {
            return Err(AppError::new(ErrorKind::NotConfirmed));
        }
        if !format.is_plain() && (file_password.is_empty() || *file_password != *file_confirm) {
            return Err(AppError::new(ErrorKind::PasswordRejected));
        }
        let ticket = self.ticket();
        let accounts = self.accounts_for_export(ticket, vault_password)?;
        // The one renderer `omamori export` uses too; the key derivation
        // of the encrypted formats runs outside the session lock.
        let file_password = password(file_password);
        let options = export::ExportOptions {
            password: Some(&file_password),
            kdf: self.kdf,
            per_code: google::DEFAULT_PER_CODE,
            page_text: export::qr_page::PageText::default(),
        };
        let bytes = match self.password_work(|| export::render(format, &accounts, &options)) {
            Ok(export::Rendered::File(bytes)) => bytes,
            Ok(export::Rendered::Codes(_)) => return Err(AppError::new(ErrorKind::Other)),
            Err(e) => return Err(AppError::with_detail(ErrorKind::Other, e.to_string())),
        };
        Ok(PreparedExport {
            format,
            bytes,
            count: accounts.len(),
            ticket,
        })
    }

    /// Writes a prepared export where the save dialog said (0600,
    /// atomically), records "exported", and remembers a backup's path for
    /// [`Session::check_backup`]. Refused (`Locked`) if a lock happened
    /// since it was prepared: the check and the write hold the session's
    /// lock, so no lock can slip between them.
    pub fn write_export(&self, prepared: PreparedExport, path: &Path) -> AppResult<ExportDone> {
        let mut state = self.state();
        state.unlocked_since(prepared.ticket)?;
        export_file::write_private(path, &prepared.bytes, Existing::Replace, &self.vault_path)
            .map_err(|e| io_error(path, e))?;
        let checkable = prepared.format == ExportFormat::Backup;
        if checkable {
            state.last_backup = Some(path.to_owned());
        }
        drop(state);
        self.activity.record(now(), Event::Exported, None);
        Ok(ExportDone {
            count: prepared.count,
            file_name: file_name(path),
            checkable,
        })
    }

    /// Google Authenticator transfer codes as PNG data URLs, after the
    /// vault password; accounts the format cannot express are listed.
    pub fn export_google(&self, vault_password: Zeroizing<String>) -> AppResult<GoogleCodes> {
        let ticket = self.ticket();
        let accounts = self.accounts_for_export(ticket, vault_password)?;
        let export = google::google_qr_codes(
            &accounts,
            google::DEFAULT_PER_CODE,
            google::random_batch_id(),
        )
        .map_err(|e| AppError::with_detail(ErrorKind::Other, e.to_string()))?;
        let unsupported = unexported(&accounts, &export.unsupported);
        if unsupported.len() == accounts.len() {
            return Err(AppError::new(ErrorKind::NothingToExport));
        }
        let images = export
            .images
            .iter()
            .map(|png| {
                let mut url = Zeroizing::new(String::from("data:image/png;base64,"));
                base64::engine::general_purpose::STANDARD.encode_string(&png[..], &mut url);
                url
            })
            .collect();
        // Locked while the codes were drawn: the window shows the unlock
        // screen, not these.
        self.state().unlocked_since(ticket)?;
        self.activity.record(now(), Event::Exported, None);
        Ok(GoogleCodes {
            images,
            count: accounts.len() - unsupported.len(),
            unsupported,
        })
    }

    /// Opens the backup written last with its password and compares every
    /// account with the vault.
    pub fn check_backup(&self, backup_password: Zeroizing<String>) -> AppResult<BackupCheck> {
        let path = self
            .state()
            .last_backup
            .clone()
            .ok_or(AppError::new(ErrorKind::NoBackup))?;
        let bytes = read_bounded(&path)?;
        let backup =
            self.password_work(|| omamori_vault::backup::open(&bytes, &password(backup_password)))?;
        let now = now();
        self.with_vault(|vault| {
            let cmp = verify::compare_backup(vault.accounts(), &backup, now);
            Ok(BackupCheck {
                file_name: file_name(&path),
                matching: cmp.matching,
                total: vault.accounts().len(),
                missing: cmp.missing,
                extra: cmp.extra,
                different: cmp
                    .different
                    .into_iter()
                    .map(|(label, fields)| Difference { label, fields })
                    .collect(),
            })
        })
    }
}
