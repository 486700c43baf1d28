//! Duo Mobile's third-party account list (`duokit/accounts.json`).
//!
//! Upstream: Duo Mobile app data, layout as read by Aegis's `DuoImporter`:
//! a JSON array of `{accountType: "OtpAccount", name, otpGenerator:
//! {otpSecret (base32), counter?}, logoUri, …}`. A counter means HOTP.
//! Duo stores no issuer, algorithm, digits or period: SHA1, 6 digits, 30 s.
//!
//! Lost in conversion: logos; Duo Push accounts (Duo's own login approvals,
//! which have no shared secret, are rejected with a reason).

use omamori_otp::{Account, Kind};
use serde_json::Value;

use crate::convert::{self, Draft, label};
use crate::registry::{Declaration, Detected, Encryption, Format, Importer};
use crate::{EntryError, ImportError, Imported};

const DECLARATION: Declaration =
    Declaration::new(Format::Duo, "duo", "Duo Mobile", Encryption::Never);
const FORMAT: Format = DECLARATION.format;

/// The Duo Mobile importer.
pub struct Duo;

fn is_export(value: &Value) -> bool {
    value.as_array().is_some_and(|a| {
        a.first()
            .is_some_and(|e| e.get("otpGenerator").is_some() || e.get("accountType").is_some())
    })
}

impl Importer for Duo {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        convert::detect_json(FORMAT, bytes, is_export)
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        let value = convert::parse_json(FORMAT, bytes)?;
        let items = value
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "not a list of accounts"))?;
        Ok(Imported::numbered(FORMAT, items, |item| {
            let name = item["name"].as_str().unwrap_or_default();
            (label("", name), convert_item(item))
        }))
    }
}

fn convert_item(item: &Value) -> Result<Account, EntryError> {
    let generator = &item["otpGenerator"];
    if !generator.is_object() {
        return Err(EntryError::UnsupportedKind("Duo Push".into()));
    }
    let secret = convert::secret_base32(generator["otpSecret"].as_str().unwrap_or_default())?;
    let counter = convert::counter_field(generator.get("counter"))?;
    let kind = if counter.is_some() {
        Kind::Hotp
    } else {
        Kind::Totp
    };
    let mut draft = Draft::new(kind, "", item["name"].as_str().unwrap_or_default(), secret);
    draft.counter = counter;
    draft.finish()
}
