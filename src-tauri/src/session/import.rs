//! Imports, with the report and the verification `omamori import --verify`
//! prints. The vault password is checked before the open dialog shows; the
//! picked file is kept in the unlocked state until its own password is
//! given, so a lock drops it. A lock while the dialog is open drops the
//! dialog's result: nothing is stored.

use std::io::Read;
use std::path::Path;

use omamori_transfer::report::Saved;
use omamori_transfer::settle;
use omamori_transfer::verify::{self, CheckOutcome};
use omamori_transfer::{ImportError, registry};
use omamori_vault::{Unlock, Vault};
use serde::Serialize;
use zeroize::Zeroizing;

use super::access::password;
use super::unlocked::LockTicket;
use super::{Session, now};
use crate::activity::Event;
use crate::error::{AppError, AppResult, ErrorKind};

/// Where an import stands.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ImportStep {
    /// The file is encrypted: ask its password, then [`Session::import_pending`].
    NeedsPassword {
        format: String,
    },
    Done(ImportView),
}

/// The import report and its verification.
#[derive(Debug, Clone, Serialize)]
pub struct ImportView {
    pub format: String,
    pub added: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub entries: Vec<ImportLine>,
    /// Accounts whose code from the file equals the code from the vault as
    /// saved on disk, at the same instant.
    pub verified: usize,
    pub checked: usize,
    pub not_verified: Vec<NotVerified>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportLine {
    pub position: usize,
    pub label: String,
    /// `added`, `duplicate` or `rejected`.
    pub outcome: &'static str,
    /// Why an entry was rejected (the importer's message).
    pub reason: Option<String>,
    /// Fields (`issuer`, `name`, `note`, `group`, `icon`) that were longer
    /// than the vault keeps and were shortened.
    pub shortened: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotVerified {
    pub label: String,
    /// `mismatch`, `not_saved` or `no_code`.
    pub reason: &'static str,
    /// The differing fields, for `mismatch`.
    pub fields: Vec<&'static str>,
}

/// A vault password [`Session::verify_vault_password`] has checked, and
/// the lock period it was checked in. No `Debug`: it holds the password.
pub struct CheckedPassword {
    password: Zeroizing<String>,
    ticket: LockTicket,
}

/// A file picked for import, kept until its password is given, with the
/// vault password already checked, so the webview need not hold it while
/// the user types the file's password. Lives in the unlocked state.
pub(super) struct PendingImport {
    bytes: Zeroizing<Vec<u8>>,
    vault_password: Zeroizing<String>,
}

pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn io_error(path: &Path, error: std::io::Error) -> AppError {
    AppError::with_detail(ErrorKind::Io, format!("{}: {error}", path.display()))
}

fn import_error(error: ImportError) -> AppError {
    let kind = match &error {
        ImportError::UnknownFormat => ErrorKind::UnknownFormat,
        ImportError::Decryption { .. } => ErrorKind::WrongPassword,
        ImportError::ExcessiveWork { .. } => ErrorKind::ExcessiveWork,
        _ => ErrorKind::ImportFailed,
    };
    AppError::with_detail(kind, error.to_string())
}

/// Reads an import or backup file, bounded like the importers.
pub(super) fn read_bounded(path: &Path) -> AppResult<Zeroizing<Vec<u8>>> {
    let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(omamori_transfer::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    Ok(bytes)
}

fn entry_line(entry: &omamori_transfer::report::SavedEntry) -> ImportLine {
    let (outcome, reason) = match &entry.saved {
        Saved::Added(_) => ("added", None),
        Saved::Duplicate(_) => ("duplicate", None),
        Saved::Rejected(why) => ("rejected", Some(why.clone())),
    };
    ImportLine {
        position: entry.position,
        label: entry.label.clone(),
        outcome,
        reason,
        shortened: entry.capped.iter().map(|f| f.as_str()).collect(),
    }
}

fn not_verified(check: &verify::Check) -> NotVerified {
    let (reason, fields) = match &check.outcome {
        CheckOutcome::Mismatch { differing } => ("mismatch", differing.clone()),
        CheckOutcome::NotSaved => ("not_saved", Vec::new()),
        _ => ("no_code", Vec::new()),
    };
    NotVerified {
        label: check.label.clone(),
        reason,
        fields,
    }
}

impl Session {
    /// Checks the vault password before an import dialog opens; what it
    /// returns is the only way to [`Session::import_read`], so the
    /// password is checked (one Argon2 run) exactly once per import.
    pub fn verify_vault_password(&self, text: Zeroizing<String>) -> AppResult<CheckedPassword> {
        let ticket = self.ticket();
        self.verify_password(text.clone())?;
        Ok(CheckedPassword {
            password: text,
            ticket,
        })
    }

    /// Reads a picked import file and keeps it, with the checked vault
    /// password, for [`Session::import_pending`] — unless a lock happened
    /// since the password was checked (the dialog was open): then nothing
    /// is kept and `Locked` returned.
    pub fn import_read(&self, path: &Path, vault_password: CheckedPassword) -> AppResult<()> {
        let bytes = read_bounded(path)?;
        self.state().unlocked_since(vault_password.ticket)?.import = Some(PendingImport {
            bytes,
            vault_password: vault_password.password,
        });
        Ok(())
    }

    /// Imports the file read by [`Session::import_read`]: detects its
    /// format, decrypts it with `file_password` when it is encrypted (or
    /// asks for it), saves the new accounts in one save, then re-opens the
    /// vault from disk with the vault password and checks every imported
    /// account's code against the file's, as `omamori import --verify`.
    pub fn import_pending(
        &self,
        file_password: Option<Zeroizing<String>>,
    ) -> AppResult<ImportStep> {
        let (ticket, pending) = {
            let mut state = self.state();
            let ticket = state.ticket();
            let pending = state.unlocked()?.import.take();
            (
                ticket,
                pending.ok_or(AppError::new(ErrorKind::NothingFound))?,
            )
        };
        let result = self.password_work(|| {
            registry::import(
                &pending.bytes,
                None,
                file_password.as_ref().map(|p| p.as_str()),
            )
        });
        let keep_for_another_try = |pending: PendingImport| {
            if let Ok(unlocked) = self.state().unlocked_since(ticket) {
                unlocked.import = Some(pending);
            }
        };
        let imported = match result {
            Ok(imported) => imported,
            Err(ImportError::PasswordRequired { format }) => {
                keep_for_another_try(pending);
                return Ok(ImportStep::NeedsPassword {
                    format: format.display_name().to_owned(),
                });
            }
            Err(e @ ImportError::Decryption { .. }) => {
                keep_for_another_try(pending);
                return Err(import_error(e));
            }
            Err(e) => return Err(import_error(e)),
        };
        let PendingImport {
            bytes,
            vault_password,
        } = pending;
        drop(bytes);
        let format = imported.format.display_name().to_owned();
        let now = now();
        // The one import path `omamori import` uses too: report, one save
        // under the session lock; the re-open (Argon2) and the check outside.
        let settled = {
            let mut state = self.state();
            let vault = &mut state.unlocked_since(ticket)?.vault;
            settle::settle(vault, imported, now, None)?
        };
        let reopened = self.password_work(|| {
            Vault::open(
                &self.vault_path,
                Unlock::Password(&password(vault_password)),
            )
        })?;
        let result = settle::verify_saved(&settled, &reopened, now);
        drop(reopened);
        for entry in &settled.entries {
            if let Saved::Added(id) = entry.saved {
                self.activity
                    .record(now, Event::AccountAdded, Some(id.to_string()));
            }
        }
        let (added, duplicates, rejected) = settled.counts();
        Ok(ImportStep::Done(ImportView {
            format,
            added,
            duplicates,
            rejected,
            entries: settled.entries.iter().map(entry_line).collect(),
            verified: result.verified(),
            checked: result.total(),
            not_verified: result.failures().map(not_verified).collect(),
        }))
    }

    /// Forgets a picked import file (the dialog was closed).
    pub fn import_cancel(&self) {
        if let Ok(unlocked) = self.state().unlocked() {
            unlocked.import = None;
        }
    }
}
