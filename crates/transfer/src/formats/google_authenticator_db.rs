//! Google Authenticator's internal database (Android
//! `/data/data/com.google.android.apps.authenticator2/databases/databases`,
//! from a rooted phone or a backup).
//!
//! Upstream: the layout Aegis's `GoogleAuthImporter` reads: table
//! `accounts(email, secret, counter, type, issuer, original_name)`, `type`
//! 0 = TOTP, 1 = HOTP, `secret` base32. Google Authenticator stores no
//! algorithm, digits or period: SHA1, 6 digits, 30 s.
//!
//! Lost in conversion: `original_name` and the row order's provider field;
//! an `Issuer:` prefix repeated in `email` is dropped.

use omamori_otp::{Account, Kind};

use super::sqlite::{self, Value};
use crate::convert::{self, Draft, label};
use crate::registry::{Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::GoogleAuthenticatorDb,
    "google-db",
    "Google Authenticator database",
    Encryption::Never,
);
const FORMAT: Format = DECLARATION.format;

/// The Google Authenticator database importer.
pub struct GoogleAuthenticatorDb;

impl Importer for GoogleAuthenticatorDb {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        sqlite::detect(FORMAT, bytes, &[b"CREATE TABLE accounts", b"original_name"])
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        sqlite::import_rows(
            FORMAT,
            bytes,
            "accounts",
            "SELECT email, secret, counter, type, issuer FROM accounts ORDER BY _id",
            |position, row| {
                let (issuer, name) = split_name(row[4].text(), row[0].text());
                Entry::new(
                    position,
                    label(&issuer, &name),
                    convert_row(row, issuer, name),
                )
            },
        )
    }
}

/// Issuer and account from the issuer column and `email` ("Issuer:name"
/// when Google Authenticator added the account from a URI with a label
/// prefix).
fn split_name(issuer: &str, email: &str) -> (String, String) {
    if !issuer.is_empty() {
        let name = email
            .strip_prefix(issuer)
            .and_then(|rest| rest.strip_prefix(':'))
            .map(str::trim_start)
            .unwrap_or(email);
        return (issuer.to_owned(), name.to_owned());
    }
    match email.split_once(':') {
        Some((issuer, name)) => (issuer.to_owned(), name.trim_start().to_owned()),
        None => (String::new(), email.to_owned()),
    }
}

fn convert_row(row: &[Value], issuer: String, name: String) -> Result<Account, EntryError> {
    let kind = match row[3].int() {
        None | Some(0) => Kind::Totp,
        Some(1) => Kind::Hotp,
        Some(n) => return Err(EntryError::UnsupportedKind(format!("type {n}"))),
    };
    let secret = convert::secret_base32(row[1].text())?;
    let mut draft = Draft::new(kind, &issuer, &name, secret);
    if kind == Kind::Hotp {
        let counter = row[2].int().unwrap_or(0);
        draft.counter =
            Some(u64::try_from(counter).map_err(|_| EntryError::Counter(counter.to_string()))?);
    }
    draft.finish()
}
