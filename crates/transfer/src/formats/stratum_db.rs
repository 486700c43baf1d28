//! Stratum / Authenticator Pro's internal database (`authenticator.db3`,
//! from a rooted phone or a backup).
//!
//! Upstream: stratumauth/app, the SQLite tables its `Database` creates, as
//! read by Aegis's `StratumImporter` for internal databases: table
//! `authenticator(type, issuer, username, secret, algorithm, digits,
//! period, counter, ranking)`; types and algorithms numbered as in the
//! app's backup files (see [`super::stratum`]).
//!
//! Lost in conversion: categories, custom icons, PINs (mOTP), ranking
//! (rows are read in ranking order).

use omamori_otp::{Account, Algorithm, Kind};

use super::sqlite::{self, Value};
use crate::convert::{self, Draft, label};
use crate::registry::{Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::StratumDb,
    "stratum-db",
    "Stratum / Authenticator Pro database",
    Encryption::Never,
);
const FORMAT: Format = DECLARATION.format;

/// The Stratum database importer.
pub struct StratumDb;

impl Importer for StratumDb {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        sqlite::detect(
            FORMAT,
            bytes,
            &[b"\"authenticator\"", b"authenticatorcategory"],
        )
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        sqlite::import_rows(
            FORMAT,
            bytes,
            "authenticator",
            "SELECT type, issuer, username, secret, algorithm, digits, period, counter \
             FROM authenticator ORDER BY ranking, rowid",
            |position, row| {
                Entry::new(
                    position,
                    label(row[1].text(), row[2].text()),
                    convert_row(row),
                )
            },
        )
    }
}

fn convert_row(row: &[Value]) -> Result<Account, EntryError> {
    let kind = match row[0].int() {
        Some(1) => Kind::Hotp,
        Some(2) => Kind::Totp,
        Some(3) => return Err(EntryError::UnsupportedKind("mOTP".into())),
        Some(4) => Kind::Steam,
        Some(5) => return Err(EntryError::UnsupportedKind("Yandex".into())),
        other => return Err(EntryError::UnsupportedKind(format!("type {other:?}"))),
    };
    let secret = convert::secret_base32(row[3].text())?;
    let mut draft = Draft::new(kind, row[1].text(), row[2].text(), secret);
    draft.algorithm = match row[4].int() {
        None | Some(0) => Algorithm::Sha1,
        Some(1) => Algorithm::Sha256,
        Some(2) => Algorithm::Sha512,
        Some(n) => return Err(EntryError::UnsupportedAlgorithm(format!("number {n}"))),
    };
    draft.digits = row[5].int();
    draft.period = row[6].int();
    if kind == Kind::Hotp {
        let counter = row[7].int().unwrap_or(0);
        draft.counter =
            Some(u64::try_from(counter).map_err(|_| EntryError::Counter(counter.to_string()))?);
    }
    draft.finish()
}
