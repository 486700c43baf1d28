//! FreeOTP+ JSON exports (`freeotp-backup.json`).
//!
//! Upstream: helloworld1/FreeOTPPlus
//! (<https://github.com/helloworld1/FreeOTPPlus>), `Token.kt`:
//! `{tokenOrder: [...], tokens: [{algo, counter, digits, issuerExt,
//! issuerInt, label, period, secret: [signed bytes], type}]}`.
//!
//! Lost in conversion: token order, images, lock/"show code" flags. The HOTP
//! counter is kept as stored (FreeOTP stores the counter of the next code).

use omamori_otp::{Account, Kind, Secret};
use serde_json::Value;

use crate::convert::{self, Draft, label};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::FreeOtpPlus,
    "freeotp-plus",
    "FreeOTP+",
    Encryption::Never,
);
const FORMAT: Format = DECLARATION.format;

/// The FreeOTP+ importer.
pub struct FreeOtpPlus;

fn is_export(value: &Value) -> bool {
    value.get("tokens").is_some_and(Value::is_array)
}

impl Importer for FreeOtpPlus {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        is_export(&value).then_some(Detected {
            format: FORMAT,
            confidence: if value.get("tokenOrder").is_some() {
                Confidence::Strong
            } else {
                Confidence::Weak
            },
            encrypted: false,
        })
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        let value = convert::parse_json(FORMAT, bytes)?;
        let tokens = value["tokens"]
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "no tokens list"))?;
        Ok(Imported::numbered(FORMAT, tokens, |token| {
            let issuer = issuer(token);
            let name = token["label"].as_str().unwrap_or_default();
            (label(issuer, name), convert_token(token))
        }))
    }
}

pub(crate) fn issuer(token: &Value) -> &str {
    token["issuerExt"]
        .as_str()
        .filter(|s| !s.is_empty())
        .or_else(|| token["issuerInt"].as_str())
        .unwrap_or_default()
}

pub(crate) fn convert_token(token: &Value) -> Result<Account, EntryError> {
    let bytes = token["secret"]
        .as_array()
        .ok_or(EntryError::MissingSecret)?
        .iter()
        .map(|b| {
            b.as_i64()
                .filter(|b| (-128..=255).contains(b))
                .map(|b| b as u8)
                .ok_or_else(|| EntryError::Invalid("the secret is not a list of bytes".into()))
        })
        .collect::<Result<Vec<u8>, _>>()?;
    convert_token_with_secret(token, convert::secret_bytes(bytes)?)
}

/// Converts a FreeOTP token object whose secret is held elsewhere (FreeOTP 2
/// keeps it encrypted beside the token): every field but `secret`.
pub(crate) fn convert_token_with_secret(
    token: &Value,
    secret: Secret,
) -> Result<Account, EntryError> {
    let kind = convert::kind(token["type"].as_str(), &[Kind::Totp, Kind::Hotp])?;
    let mut draft = Draft::new(
        kind,
        issuer(token),
        token["label"].as_str().unwrap_or_default(),
        secret,
    );
    draft.algorithm = convert::algorithm(token["algo"].as_str())?;
    draft.digits = convert::int_field(token.get("digits"), EntryError::Digits)?;
    draft.period = convert::int_field(token.get("period"), EntryError::Period)?;
    draft.counter = convert::counter_field(token.get("counter"))?;
    draft.finish()
}
