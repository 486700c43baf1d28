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
//! - [`aegis::plain`] / [`aegis::encrypted`]: Aegis vault JSON;
//! - [`uri_list::uri_list`]: one otpauth URI per line;
//! - [`qr_page::qr_page`]: a printable HTML page of QR codes;
//! - [`google::google_qr_codes`]: Google Authenticator transfer QR codes as
//!   PNG images.

pub mod aegis;
pub mod google;
pub mod qr_page;
pub mod uri_list;

use omamori_vault::crypto::ZeroizingWriter;
use qrcode::{EcLevel, QrCode};
use zeroize::Zeroizing;

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
