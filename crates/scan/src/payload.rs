//! What a decoded QR payload is: an `otpauth://` key URI, a Google
//! Authenticator `otpauth-migration://` batch, or something else (a web
//! link, text). Parsing is `omamori_otp`'s job; this only routes.

use omamori_otp::Account;
use omamori_otp::migration::{self, EntryError, MigrationError};
use omamori_otp::uri::{self, UriError};

/// The kind of a QR payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadKind {
    /// `otpauth://totp/…`, `otpauth://hotp/…`: one account.
    Otpauth,
    /// `otpauth-migration://offline?data=…`: a batch of accounts.
    OtpauthMigration,
    /// Anything else.
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

/// The accounts one payload holds. A migration batch may reject single
/// entries (unsupported algorithm, bad secret) without losing the others.
#[derive(Debug)]
#[non_exhaustive]
pub struct Accounts {
    pub accounts: Vec<Account>,
    /// `(index in the batch, why)`.
    pub rejected: Vec<(usize, EntryError)>,
}

/// Why a payload gave no accounts.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// A QR code, but not account data (a web link, plain text).
    #[error("the QR code holds no otpauth:// or otpauth-migration:// URI")]
    NotAnAccount,
    #[error(transparent)]
    Uri(#[from] UriError),
    #[error(transparent)]
    Migration(#[from] MigrationError),
}

/// Parses a payload into accounts: one for `otpauth://`, the batch for
/// `otpauth-migration://`. Key URIs are read strictly (a setup key of at
/// least 80 bits), as for enrolment.
pub fn accounts(payload: &str) -> Result<Accounts, PayloadError> {
    let payload = payload.trim();
    match classify(payload) {
        PayloadKind::Otpauth => Ok(Accounts {
            accounts: vec![uri::parse(payload)?],
            rejected: Vec::new(),
        }),
        PayloadKind::OtpauthMigration => {
            let batch = migration::decode(payload)?;
            Ok(Accounts {
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
        assert_eq!(
            classify("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"),
            PayloadKind::Otpauth
        );
        assert_eq!(classify("OTPAUTH://totp/x"), PayloadKind::Otpauth);
        assert_eq!(
            classify("otpauth-migration://offline?data=AA"),
            PayloadKind::OtpauthMigration
        );
        assert_eq!(classify("https://example.com/"), PayloadKind::Other);
        assert_eq!(classify("otpauth://"), PayloadKind::Other);
        assert_eq!(classify("otpauth:/totp"), PayloadKind::Other);
        assert_eq!(classify(""), PayloadKind::Other);
    }

    #[test]
    fn key_uris_and_batches_become_accounts() {
        let one = accounts(
            "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
        )
        .unwrap();
        assert_eq!(one.accounts.len(), 1);
        assert_eq!(one.accounts[0].issuer, "Example");
        // scito/extract_otp_secrets' example export: three accounts.
        let batch = accounts("otpauth-migration://offline?data=CjMKCkhlbGxvId6tvu8SGFRlc3QxOnRlc3QxQGV4YW1wbGUxLmNvbRoFVGVzdDEgASgBMAIKMwoKSGVsbG8h3q2%2B8BIYVGVzdDI6dGVzdDJAZXhhbXBsZTIuY29tGgVUZXN0MiABKAEwAgozCgpIZWxsbyHerb7xEhhUZXN0Mzp0ZXN0M0BleGFtcGxlMy5jb20aBVRlc3QzIAEoATACEAEYASAAKI3orYEE").unwrap();
        assert_eq!(batch.accounts.len(), 3);
        assert!(matches!(
            accounts("https://example.com"),
            Err(PayloadError::NotAnAccount)
        ));
        assert!(matches!(
            accounts("otpauth://totp/x?secret=0"),
            Err(PayloadError::Uri(_))
        ));
    }
}
