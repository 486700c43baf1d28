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
use crate::registry::{Confidence, Detected, Format, Importer, check_size};
use crate::{Entry, EntryError, ImportError, Imported, MAX_ENTRIES};

const FORMAT: Format = Format::FreeOtpPlus;

/// The FreeOTP+ importer.
pub struct FreeOtpPlus;

fn is_export(value: &Value) -> bool {
    value.get("tokens").is_some_and(Value::is_array)
}

impl Importer for FreeOtpPlus {
    fn format(&self) -> Format {
        FORMAT
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

    fn import(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        check_size(bytes)?;
        let value = convert::parse_json(FORMAT, bytes)?;
        let tokens = value["tokens"]
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "no tokens list"))?;
        if tokens.len() > MAX_ENTRIES {
            return Err(ImportError::malformed(FORMAT, "too many tokens"));
        }
        let entries = tokens
            .iter()
            .enumerate()
            .map(|(i, token)| {
                let issuer = issuer(token);
                let name = token["label"].as_str().unwrap_or_default();
                Entry::new(i + 1, label(issuer, name), convert_token(token))
            })
            .collect();
        Ok(Imported {
            format: FORMAT,
            entries,
        })
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
