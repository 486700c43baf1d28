//! Microsoft Authenticator's internal database (Android
//! `/data/data/com.azure.authenticator/databases/PhoneFactor`, from a rooted
//! phone or a backup).
//!
//! Upstream: the layout Aegis's `MicrosoftAuthImporter` reads: table
//! `accounts(name, username, oath_secret_key, account_type, …)`; `name` is
//! the issuer. `account_type` 0 is a third-party TOTP account (base32
//! secret, SHA1, 6 digits, 30 s); 1 is a personal Microsoft account (base64
//! secret, SHA1, 8 digits, 30 s); any other type is a work or school account
//! signed in by push, with no secret to move, and is rejected with a reason.
//!
//! Lost in conversion: push sign-in, PINs, tenant data, order.

use omamori_otp::{Account, Kind};

use super::sqlite::{self, Value};
use crate::convert::{self, Draft, label};
use crate::registry::{Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::MicrosoftAuthenticator,
    "microsoft",
    "Microsoft Authenticator database",
    Encryption::Never,
);
const FORMAT: Format = DECLARATION.format;

/// The Microsoft Authenticator database importer.
pub struct MicrosoftAuthenticator;

impl Importer for MicrosoftAuthenticator {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        sqlite::detect(FORMAT, bytes, &[b"oath_secret_key", b"account_type"])
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        sqlite::import_rows(
            FORMAT,
            bytes,
            "accounts",
            "SELECT name, username, oath_secret_key, account_type FROM accounts ORDER BY _id",
            |position, row| {
                Entry::new(
                    position,
                    label(row[0].text(), row[1].text()),
                    convert_row(row),
                )
            },
        )
    }
}

fn convert_row(row: &[Value]) -> Result<Account, EntryError> {
    let key = row[2].text();
    let (secret, digits) = match row[3].int() {
        None | Some(0) => (convert::secret_base32(key)?, 6),
        Some(1) => {
            let bytes = convert::base64_decode(key.trim())
                .ok_or_else(|| EntryError::Invalid("the secret is not valid base64".into()))?;
            (convert::secret_bytes(bytes)?, 8)
        }
        Some(_) => {
            return Err(EntryError::UnsupportedKind(
                "Microsoft work or school (push sign-in, no code secret)".into(),
            ));
        }
    };
    let mut draft = Draft::new(Kind::Totp, row[0].text(), row[1].text(), secret);
    draft.digits = Some(digits);
    draft.finish()
}
