//! The one error type commands return: a stable `kind` the UI turns into a
//! sentence from its i18n files, plus a technical `detail` for the few kinds
//! where the user needs it (I/O paths). Never carries a secret.

use serde::Serialize;

/// What went wrong, as the UI distinguishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Wrong password or a damaged vault (deliberately one message).
    WrongPassword,
    /// The vault is locked; unlock first.
    Locked,
    /// There is no vault file yet.
    NoVault,
    /// A vault already exists where a new one was to be made.
    VaultExists,
    /// The OS keyring cannot give or take the key.
    KeyringUnavailable,
    /// The account is already in the vault.
    Duplicate,
    /// A setup key that is not valid base32 of a usable length.
    InvalidKey,
    /// Account settings no authenticator can use (digits, period).
    InvalidAccount,
    /// No QR code with an account was found.
    NothingFound,
    /// The accounts chosen belong to a scan another scan (or a lock) has
    /// replaced; scan again.
    ScanReplaced,
    /// The file or clipboard content is not a readable image.
    NotAnImage,
    /// The screen could not be captured.
    ScreenUnavailable,
    /// The clipboard holds no image.
    ClipboardEmpty,
    /// The clipboard could not be used.
    Clipboard,
    /// Another Omamori program is saving the vault.
    Busy,
    /// Another program changed the vault; open it again.
    ChangedOnDisk,
    /// A newer Omamori wrote the vault.
    Unsupported,
    /// Reading or writing a file failed.
    Io,
    /// The two new passwords differ, or the password is empty.
    PasswordRejected,
    /// Nothing to act on (an account id that no longer exists).
    NoSuchAccount,
    /// A plain export was asked for without saying "I understand".
    NotConfirmed,
    /// The vault has no accounts (or none the format can express).
    NothingToExport,
    /// There is no backup written in this session to check.
    NoBackup,
    /// The file is not an export of any app Omamori knows.
    UnknownFormat,
    /// The file could not be imported (damaged, unsupported version, …).
    ImportFailed,
    /// A file asks for far more work than any real one (key derivation,
    /// database work): hostile or damaged, refused before the work.
    ExcessiveWork,
    /// A name, note or the whole vault is larger than the vault keeps;
    /// nothing was saved.
    TooLarge,
    /// Anything else (a bug).
    Other,
}

/// A command's failure as sent to the UI: `{"kind": "...", "detail": "..."}`.
#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[error("{kind:?}: {}", detail.as_deref().unwrap_or(""))]
pub struct AppError {
    pub kind: ErrorKind,
    pub detail: Option<String>,
}

impl AppError {
    pub fn new(kind: ErrorKind) -> Self {
        AppError { kind, detail: None }
    }

    pub fn with_detail(kind: ErrorKind, detail: impl Into<String>) -> Self {
        AppError {
            kind,
            detail: Some(detail.into()),
        }
    }
}

impl From<omamori_vault::Error> for AppError {
    fn from(error: omamori_vault::Error) -> Self {
        use omamori_vault::Error as E;
        let kind = match &error {
            E::DecryptionFailed => ErrorKind::WrongPassword,
            E::NotFound { .. } => ErrorKind::NoVault,
            E::AlreadyExists { .. } => ErrorKind::VaultExists,
            E::Keyring(_) | E::NoKeyringSlot => ErrorKind::KeyringUnavailable,
            E::Duplicate(_) => ErrorKind::Duplicate,
            E::InvalidAccount(_) => ErrorKind::InvalidAccount,
            E::LockHeld { .. } => ErrorKind::Busy,
            E::ChangedOnDisk => ErrorKind::ChangedOnDisk,
            E::UnsupportedVersion { .. } => ErrorKind::Unsupported,
            E::NoSuchAccount(_) | E::NotInTrash(_) => ErrorKind::NoSuchAccount,
            E::ExcessiveWork { .. } => ErrorKind::ExcessiveWork,
            E::FieldTooLong { .. } | E::ContentTooLarge(_) => ErrorKind::TooLarge,
            E::Io { .. } | E::TooLarge { .. } => ErrorKind::Io,
            _ => ErrorKind::Other,
        };
        // The vault's messages name paths and formats, never secrets.
        AppError::with_detail(kind, error.to_string())
    }
}

impl From<omamori_vault::KeyringError> for AppError {
    fn from(error: omamori_vault::KeyringError) -> Self {
        AppError::with_detail(ErrorKind::KeyringUnavailable, error.to_string())
    }
}

impl From<omamori_otp::SetupKeyError> for AppError {
    fn from(error: omamori_otp::SetupKeyError) -> Self {
        AppError::with_detail(ErrorKind::InvalidKey, error.to_string())
    }
}

impl From<omamori_otp::CodeError> for AppError {
    fn from(error: omamori_otp::CodeError) -> Self {
        AppError::with_detail(ErrorKind::InvalidAccount, error.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;
