//! The payload router: the text of a QR code, or one line of a file, in;
//! the accounts it holds out. Every door into the vault goes through
//! [`accounts`] — `omamori parse`, `omamori scan`, `omamori add --uri`, the
//! app's scan / open image / paste / drop, and the otpauth-list and Google
//! transfer importers — so the same text gets the same verdict everywhere.
//! The rules themselves are in [`crate::uri`], [`crate::migration`] and
//! [`crate::Secret`], and written out in `docs/otpauth-rules.md`.
//!
//! ```
//! use omamori_otp::payload;
//!
//! let found = payload::accounts(
//!     "otpauth://totp/Example:alice?secret=JBSW%20Y3DP%20EHPK%203PXP&issuer=Example",
//! )?;
//! assert_eq!(found.accounts[0].label(), "Example (alice)");
//! assert!(payload::accounts("https://example.com/").is_err());
//! # Ok::<(), payload::PayloadError>(())
//! ```

use crate::account::Account;
use crate::migration::{self, EntryError, MigrationError};
use crate::uri::{self, UriError};

/// What a payload is, by its scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadKind {
    /// `otpauth://totp/…`, `otpauth://hotp/…`: one account.
    Otpauth,
    /// `otpauth-migration://offline?data=…`: a batch of accounts.
    OtpauthMigration,
    /// Anything else (a web link, text).
    Other,
}

/// Classifies a payload by its scheme (case-insensitive, as URI schemes are;
/// surrounding whitespace, which some generators add, is ignored).
pub fn classify(payload: &str) -> PayloadKind {
    let p = payload.trim_start();
    let has_scheme = |scheme: &str| {
        p.len() > scheme.len()
            && p.as_bytes()[..scheme.len()].eq_ignore_ascii_case(scheme.as_bytes())
    };
    if has_scheme("otpauth-migration://") {
        PayloadKind::OtpauthMigration
    } else if has_scheme("otpauth://") {
        PayloadKind::Otpauth
    } else {
        PayloadKind::Other
    }
}

/// Where one QR code of a Google Authenticator transfer stands among the
/// codes of its export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchPosition {
    /// This code's position, from 0.
    pub index: i32,
    /// How many codes the export has (0 when the payload does not say).
    pub size: i32,
    /// A random number shared by the codes of one export (0 when absent).
    pub id: i32,
}

/// The accounts one payload holds. A transfer batch may refuse single
/// accounts (an unsupported algorithm, say) without losing the others.
#[derive(Debug)]
#[non_exhaustive]
pub struct Accounts {
    pub kind: PayloadKind,
    /// The accounts, in payload order.
    pub accounts: Vec<Account>,
    /// `(index in the batch from 0, why)`: the accounts of a batch that
    /// could not be read.
    pub rejected: Vec<(usize, EntryError)>,
    /// For a transfer batch: which of the export's codes this is.
    pub batch: Option<BatchPosition>,
}

/// Why a payload gave no accounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// A QR code, but not account data (a web link, plain text).
    #[error("the QR code holds no otpauth:// or otpauth-migration:// URI")]
    NotAnAccount,
    /// An `otpauth://` URI that breaks a rule.
    #[error(transparent)]
    Uri(#[from] UriError),
    /// An `otpauth-migration://` URI that cannot be read at all.
    #[error(transparent)]
    Migration(#[from] MigrationError),
    /// A transfer batch with no account in it.
    #[error("the transfer QR code holds no accounts")]
    EmptyBatch,
}

/// Reads a payload: one account for `otpauth://`, the batch for
/// `otpauth-migration://`, [`PayloadError::NotAnAccount`] for anything else.
pub fn accounts(payload: &str) -> Result<Accounts, PayloadError> {
    let payload = payload.trim();
    if payload.is_empty() {
        return Err(UriError::Empty.into());
    }
    let kind = classify(payload);
    match kind {
        PayloadKind::Otpauth => Ok(Accounts {
            kind,
            accounts: vec![uri::parse(payload)?],
            rejected: Vec::new(),
            batch: None,
        }),
        PayloadKind::OtpauthMigration => {
            let batch = migration::decode(payload)?;
            if batch.accounts.is_empty() && batch.rejected.is_empty() {
                return Err(PayloadError::EmptyBatch);
            }
            Ok(Accounts {
                kind,
                batch: Some(BatchPosition {
                    index: batch.batch_index,
                    size: batch.batch_size,
                    id: batch.batch_id,
                }),
                accounts: batch.accounts,
                rejected: batch.rejected,
            })
        }
        PayloadKind::Other => Err(PayloadError::NotAnAccount),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_scheme() {
        let cases = [
            (
                "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP",
                PayloadKind::Otpauth,
            ),
            ("  OTPAUTH://totp/x", PayloadKind::Otpauth),
            (
                "otpauth-migration://offline?data=AA",
                PayloadKind::OtpauthMigration,
            ),
            ("https://example.com/", PayloadKind::Other),
            ("otpauth://", PayloadKind::Other),
            ("otpauth:/totp", PayloadKind::Other),
            ("", PayloadKind::Other),
        ];
        for (text, kind) in cases {
            assert_eq!(classify(text), kind, "{text:?}");
        }
    }

    #[test]
    fn a_batch_says_where_it_stands() {
        // scito/extract_otp_secrets' example export: three accounts.
        let batch = accounts("otpauth-migration://offline?data=CjMKCkhlbGxvId6tvu8SGFRlc3QxOnRlc3QxQGV4YW1wbGUxLmNvbRoFVGVzdDEgASgBMAIKMwoKSGVsbG8h3q2%2B8BIYVGVzdDI6dGVzdDJAZXhhbXBsZTIuY29tGgVUZXN0MiABKAEwAgozCgpIZWxsbyHerb7xEhhUZXN0Mzp0ZXN0M0BleGFtcGxlMy5jb20aBVRlc3QzIAEoATACEAEYASAAKI3orYEE").unwrap();
        assert_eq!(batch.accounts.len(), 3);
        assert_eq!(batch.batch.unwrap().size, 1);
    }
}
