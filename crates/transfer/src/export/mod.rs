//! Exports to formats other apps read. Every function returns the file's
//! bytes or text (secret-bearing text in [`zeroize::Zeroizing`]); writing is
//! the caller's job, because where and how a file is written (mode 0600,
//! atomically, never to a lingering temp file) belongs with the other file
//! handling in the CLI and the app, not in this pure crate.
//!
//! Secret-bearing output is built in a [`ZeroizingWriter`], which wipes
//! every buffer it outgrows: a plain `String` or `Vec` that grows frees its
//! old buffer with the secrets still in it (issue 11).
//!
//! The one way in for both shells is [`ExportFormat`] and [`render`]: the
//! CLI's `export --format` and the app's export dialog name the same
//! formats and get the same bytes.
//!
//! - [`aegis::plain`] / [`aegis::encrypted`]: Aegis vault JSON;
//! - [`uri_list::uri_list`]: one otpauth URI per line;
//! - [`qr_page::qr_page`]: a printable HTML page of QR codes;
//! - [`google::google_qr_codes`]: Google Authenticator transfer QR codes as
//!   PNG images.

pub mod aegis;
pub mod google;
pub mod qr_page;
pub mod uri_list;

use std::fmt;
use std::str::FromStr;

use omamori_otp::Account;
use omamori_vault::KdfParams;
use omamori_vault::crypto::ZeroizingWriter;
use qrcode::{EcLevel, QrCode};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// Every format Omamori exports to, for the CLI and the app alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// Omamori backup: the vault format under a password chosen for the
    /// file (recommended).
    Backup,
    /// Google Authenticator transfer QR codes, as PNG images. Not encrypted.
    Google,
    /// Aegis vault JSON, encrypted under a password chosen for the file.
    Aegis,
    /// Aegis vault JSON, not encrypted.
    AegisPlain,
    /// otpauth:// URIs, one per line, not encrypted.
    Uri,
    /// A printable HTML page of QR codes, not encrypted.
    Html,
}

impl ExportFormat {
    /// Every format, in the order a list offers them.
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Backup,
        ExportFormat::Google,
        ExportFormat::Aegis,
        ExportFormat::AegisPlain,
        ExportFormat::Uri,
        ExportFormat::Html,
    ];

    /// The stable name (`omamori export --format NAME`, the app's IPC).
    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::Backup => "backup",
            ExportFormat::Google => "google",
            ExportFormat::Aegis => "aegis",
            ExportFormat::AegisPlain => "aegis-plain",
            ExportFormat::Uri => "uri",
            ExportFormat::Html => "html",
        }
    }

    /// Whether the file is encrypted under a password chosen for it. Every
    /// other format hands out the secrets as they are, and needs the
    /// person's explicit "I understand".
    pub fn is_encrypted(self) -> bool {
        matches!(self, ExportFormat::Backup | ExportFormat::Aegis)
    }

    /// Not encrypted: anyone who reads the file can make the codes.
    pub fn is_plain(self) -> bool {
        !self.is_encrypted()
    }

    /// The file name a save dialog proposes.
    pub fn suggested_name(self) -> &'static str {
        match self {
            ExportFormat::Backup => "omamori-backup.omamori",
            ExportFormat::Google => "omamori-transfer.png",
            ExportFormat::Aegis => "aegis-export.json",
            ExportFormat::AegisPlain => "aegis-export-plain.json",
            ExportFormat::Uri => "omamori-otpauth.txt",
            ExportFormat::Html => "omamori-qr-codes.html",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An export format name that is not one of [`ExportFormat::id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format {0:?} (backup, google, aegis, aegis-plain, uri or html)")]
pub struct UnknownExportFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownExportFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.id().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownExportFormat(s.to_owned()))
    }
}

/// What [`render`] needs besides the accounts.
pub struct ExportOptions<'a> {
    /// The file's own password, for the encrypted formats.
    pub password: Option<&'a SecretString>,
    /// Key derivation for a backup's password slot.
    pub kdf: KdfParams,
    /// Google transfer codes: accounts per code (1 to 10).
    pub per_code: usize,
    /// The printable page's words, in the person's language.
    pub page_text: qr_page::PageText,
}

/// A rendered export: one file's bytes, or Google's transfer codes.
pub enum Rendered {
    /// The bytes of the file, wiped on drop.
    File(Zeroizing<Vec<u8>>),
    /// PNG images, one per transfer code.
    Codes(google::GoogleExport),
}

/// Renders `accounts` in `format`: the one renderer the CLI and the app
/// share. Writing the file is the caller's (with
/// `omamori_vault::export_file::write_private`).
pub fn render(
    format: ExportFormat,
    accounts: &[Account],
    options: &ExportOptions<'_>,
) -> Result<Rendered, ExportError> {
    let password = || options.password.ok_or(ExportError::PasswordRequired);
    let text = |text: Zeroizing<String>| Rendered::File(Zeroizing::new(text.as_bytes().to_vec()));
    Ok(match format {
        ExportFormat::Backup => Rendered::File(Zeroizing::new(
            omamori_vault::backup::write(accounts, password()?, options.kdf)
                .map_err(|e| ExportError::Backup(e.to_string()))?,
        )),
        ExportFormat::Aegis => {
            let file = aegis::encrypted(accounts, password()?.expose_secret());
            Rendered::File(Zeroizing::new(file.into_bytes()))
        }
        ExportFormat::AegisPlain => text(aegis::plain(accounts)),
        ExportFormat::Uri => text(uri_list::uri_list(accounts)),
        ExportFormat::Html => text(qr_page::qr_page(accounts, &options.page_text)?),
        ExportFormat::Google => Rendered::Codes(google::google_qr_codes(
            accounts,
            options.per_code,
            google::random_batch_id(),
        )?),
    })
}

/// Why an export could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A payload is too long for one QR code.
    #[error("the data of account {0} does not fit in a QR code")]
    TooLongForQr(String),
    /// The PNG encoder failed.
    #[error("could not encode the PNG image: {0}")]
    Png(String),
    /// An encrypted format was asked for without the file's password.
    #[error("an encrypted export needs the file's password")]
    PasswordRequired,
    /// The backup could not be written (its key derivation failed).
    #[error("could not write the backup: {0}")]
    Backup(String),
}

/// The QR code of `text` (error correction M, as authenticator apps use).
fn qr(text: &str, what: &str) -> Result<QrCode, ExportError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| ExportError::TooLongForQr(what.to_owned()))
}

/// The text written into `writer`, without a copy.
fn into_text(writer: ZeroizingWriter) -> Zeroizing<String> {
    let mut bytes = writer.into_inner();
    // Moves the buffer out (the emptied `Zeroizing` has nothing to wipe).
    let bytes = std::mem::take(&mut *bytes);
    Zeroizing::new(String::from_utf8(bytes).expect("exports write UTF-8 text only"))
}
