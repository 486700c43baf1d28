//! Moving accounts from the app: exports (each after the vault password is
//! entered again), the check of a backup just written, and imports with the
//! report and the verification `omamori import --verify` prints. The work
//! is the crates' (`omamori_transfer`, `omamori_vault::backup`,
//! `omamori_vault::export_file`); this module only joins it to the session.
//!
//! Paths come from the native dialogs in `commands.rs`, never from the
//! webview. What goes back is counts, labels and reasons; the one secret is
//! the Google transfer QR codes, sent as PNG data URLs after the password.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use omamori_otp::migration::Unsupported;
use omamori_transfer::export::{aegis, google, qr_page, uri_list};
use omamori_transfer::report::{ImportReport, Saved};
use omamori_transfer::verify::{self, CheckOutcome};
use omamori_transfer::{ImportError, registry};
use omamori_vault::export_file::{self, Existing};
use secrecy::ExposeSecret;

use super::*;

/// The file formats the app writes (Google transfer codes are shown, not written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Omamori backup under a password chosen for the file (recommended).
    Backup,
    /// Aegis vault JSON, encrypted under a password chosen for the file.
    Aegis,
    /// otpauth:// URIs, one per line, NOT encrypted.
    Uri,
    /// A printable page of QR codes, NOT encrypted.
    Html,
}

impl ExportFormat {
    /// Plain exports need the user's explicit "I understand".
    pub fn is_plain(self) -> bool {
        matches!(self, ExportFormat::Uri | ExportFormat::Html)
    }

    /// The name the save dialog proposes.
    pub fn suggested_name(self) -> &'static str {
        match self {
            ExportFormat::Backup => "omamori-backup.omamori",
            ExportFormat::Aegis => "aegis-export.json",
            ExportFormat::Uri => "omamori-otpauth.txt",
            ExportFormat::Html => "omamori-qr-codes.html",
        }
    }
}

/// An export made and waiting for the save dialog. No `Debug`: it holds
/// the file's bytes.
pub struct PreparedExport {
    format: ExportFormat,
    bytes: Zeroizing<Vec<u8>>,
    count: usize,
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

/// A vault password [`Session::verify_vault_password`] has checked. No
/// `Debug`: it holds the password.
pub struct CheckedPassword(Zeroizing<String>);

/// A file picked for import, kept until its password is given, with the
/// vault password already checked, so the webview need not hold it while
/// the user types the file's password. Dropped on lock.
pub(super) struct PendingImport {
    bytes: Zeroizing<Vec<u8>>,
    vault_password: Zeroizing<String>,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn io_error(path: &Path, error: std::io::Error) -> AppError {
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
fn read_bounded(path: &Path) -> AppResult<Zeroizing<Vec<u8>>> {
    let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(omamori_transfer::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    Ok(bytes)
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
                label: accounts.get(*index).map(label).unwrap_or_default(),
                reason,
                value,
            }
        })
        .collect()
}

impl Session {
    /// Checks the vault password and that the vault has accounts; returns them.
    fn accounts_for_export(&self, vault_password: Zeroizing<String>) -> AppResult<Vec<Account>> {
        self.verify_password(vault_password)?;
        self.with_vault(|vault, _| {
            if vault.accounts().is_empty() {
                return Err(AppError::new(ErrorKind::NothingToExport));
            }
            Ok(vault.accounts().to_vec())
        })
    }

    /// Makes an export file's bytes: after the vault password, with the
    /// file's password typed twice for encrypted formats and an explicit
    /// acknowledgement for plain ones. Nothing is written yet.
    pub fn prepare_export(
        &self,
        format: ExportFormat,
        vault_password: Zeroizing<String>,
        file_password: Zeroizing<String>,
        file_confirm: Zeroizing<String>,
        acknowledged: bool,
    ) -> AppResult<PreparedExport> {
        if format.is_plain() && !acknowledged {
            return Err(AppError::new(ErrorKind::NotConfirmed));
        }
        if !format.is_plain() && (file_password.is_empty() || *file_password != *file_confirm) {
            return Err(AppError::new(ErrorKind::PasswordRejected));
        }
        let accounts = self.accounts_for_export(vault_password)?;
        let bytes = match format {
            ExportFormat::Backup => Zeroizing::new(omamori_vault::backup::write(
                &accounts,
                &password(file_password),
                self.kdf,
            )?),
            ExportFormat::Aegis => {
                let secret = password(file_password);
                Zeroizing::new(aegis::encrypted(&accounts, secret.expose_secret()).into_bytes())
            }
            ExportFormat::Uri => Zeroizing::new(uri_list::uri_list(&accounts).as_bytes().to_vec()),
            ExportFormat::Html => {
                let page = qr_page::qr_page(&accounts, &qr_page::PageText::default())
                    .map_err(|e| AppError::with_detail(ErrorKind::Other, e.to_string()))?;
                Zeroizing::new(page.as_bytes().to_vec())
            }
        };
        Ok(PreparedExport {
            format,
            bytes,
            count: accounts.len(),
        })
    }

    /// Writes a prepared export where the save dialog said (0600,
    /// atomically), records "exported", and remembers a backup's path for
    /// [`Session::check_backup`].
    pub fn write_export(&self, prepared: PreparedExport, path: &Path) -> AppResult<ExportDone> {
        export_file::write_private(path, &prepared.bytes, Existing::Replace, &self.vault_path)
            .map_err(|e| io_error(path, e))?;
        self.activity.record(now(), Event::Exported, None);
        let checkable = prepared.format == ExportFormat::Backup;
        if checkable {
            self.inner().last_backup = Some(path.to_owned());
        }
        Ok(ExportDone {
            count: prepared.count,
            file_name: file_name(path),
            checkable,
        })
    }

    /// Google Authenticator transfer codes as PNG data URLs, after the
    /// vault password; accounts the format cannot express are listed.
    pub fn export_google(&self, vault_password: Zeroizing<String>) -> AppResult<GoogleCodes> {
        let accounts = self.accounts_for_export(vault_password)?;
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
        let path: PathBuf = self
            .inner()
            .last_backup
            .clone()
            .ok_or(AppError::new(ErrorKind::NoBackup))?;
        let bytes = read_bounded(&path)?;
        let backup = omamori_vault::backup::open(&bytes, &password(backup_password))?;
        let now = now();
        self.with_vault(|vault, _| {
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

    /// Checks the vault password before an import dialog opens; what it
    /// returns is the only way to [`Session::import_read`], so the
    /// password is checked (one Argon2 run) exactly once per import.
    pub fn verify_vault_password(&self, text: Zeroizing<String>) -> AppResult<CheckedPassword> {
        self.verify_password(text.clone())?;
        Ok(CheckedPassword(text))
    }

    /// Reads a picked import file and keeps it, with the checked vault
    /// password, for [`Session::import_pending`].
    pub fn import_read(&self, path: &Path, vault_password: CheckedPassword) -> AppResult<()> {
        let bytes = read_bounded(path)?;
        self.inner().import = Some(PendingImport {
            bytes,
            vault_password: vault_password.0,
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
        let pending = self
            .inner()
            .import
            .take()
            .ok_or(AppError::new(ErrorKind::NothingFound))?;
        let result = registry::import(
            &pending.bytes,
            None,
            file_password.as_ref().map(|p| p.as_str()),
        );
        let imported = match result {
            Ok(imported) => imported,
            Err(ImportError::PasswordRequired { format }) => {
                self.inner().import = Some(pending);
                return Ok(ImportStep::NeedsPassword {
                    format: format.display_name().to_owned(),
                });
            }
            Err(e @ ImportError::Decryption { .. }) => {
                // Keep the file for another try.
                self.inner().import = Some(pending);
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
        let settled = self.with_vault(|vault, _| {
            let report = ImportReport::new(imported, vault.accounts());
            let added: Vec<Account> = report.added().cloned().collect();
            let outcomes = vault.restore_many(added, now)?;
            Ok(report.settle(&outcomes, vault.accounts()))
        })?;
        let reopened = Vault::open(
            &self.vault_path,
            Unlock::Password(&password(vault_password)),
        )?;
        let result = verify::verify_import(&settled.to_verify, reopened.accounts(), now);
        drop(reopened);
        let (added, duplicates, rejected) = settled.counts();
        let entries = settled
            .entries
            .iter()
            .map(|e| {
                if let Saved::Added(id) = e.saved {
                    self.activity
                        .record(now, Event::AccountAdded, Some(id.to_string()));
                }
                let (outcome, reason) = match &e.saved {
                    Saved::Added(_) => ("added", None),
                    Saved::Duplicate(_) => ("duplicate", None),
                    Saved::Rejected(why) => ("rejected", Some(why.clone())),
                };
                ImportLine {
                    position: e.position,
                    label: e.label.clone(),
                    outcome,
                    reason,
                    shortened: e.capped.iter().map(|f| f.as_str()).collect(),
                }
            })
            .collect();
        let not_verified = result
            .failures()
            .map(|check| {
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
            })
            .collect();
        Ok(ImportStep::Done(ImportView {
            format,
            added,
            duplicates,
            rejected,
            entries,
            verified: result.verified(),
            checked: result.total(),
            not_verified,
        }))
    }

    /// Forgets a picked import file (the dialog was closed).
    pub fn import_cancel(&self) {
        self.inner().import = None;
    }
}
