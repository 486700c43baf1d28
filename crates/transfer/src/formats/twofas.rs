//! 2FAS Authenticator backups (`.2fas`), schema versions 1–4, plain and
//! encrypted.
//!
//! Upstream: twofas/2fas-android and 2fas-ios backup code
//! (<https://github.com/twofas/2fas-android>); layout as documented by
//! Aegis's `TwoFASImporter`. `services[]` holds `{name, secret, otp: {account,
//! issuer, digits, period, algorithm, counter, tokenType}}`. Encrypted files
//! keep `services` empty and put `b64(ciphertext‖tag):b64(salt):b64(iv)` in
//! `servicesEncrypted`: PBKDF2-HMAC-SHA256 (10,000 iterations) → AES-256-GCM.
//!
//! Lost in conversion: icons and badge colours, groups, order, the service
//! type id, the stored otpauth link (its label may differ from the edited
//! account name; the edited fields win). Schema v1/v2 have no token type, so
//! HOTP accounts stored there come out as TOTP, exactly as 2FAS wrote them.

use omamori_otp::{Account, Kind};
use serde_json::Value;

use crate::convert::{self, Draft, label};
use crate::crypto::{self, Hash};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{EntryError, ImportError, Imported};

const DECLARATION: Declaration =
    Declaration::new(Format::TwoFas, "2fas", "2FAS", Encryption::Sometimes);
const FORMAT: Format = DECLARATION.format;
const ITERATIONS: u64 = 10_000;

/// The 2FAS importer.
pub struct TwoFas;

fn is_backup(value: &Value) -> bool {
    value.get("schemaVersion").is_some() && value.get("services").is_some_and(Value::is_array)
}

fn encrypted(value: &Value) -> Option<&str> {
    value["servicesEncrypted"]
        .as_str()
        .filter(|s| !s.is_empty())
}

impl Importer for TwoFas {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        is_backup(&value).then(|| Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: encrypted(&value).is_some(),
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        let backup = convert::parse_json(FORMAT, bytes)?;
        if !is_backup(&backup) {
            return Err(ImportError::malformed(
                FORMAT,
                "no schemaVersion and services",
            ));
        }
        let schema = backup["schemaVersion"].as_i64().unwrap_or(0);
        if !(1..=4).contains(&schema) {
            return Err(ImportError::UnsupportedVersion {
                format: FORMAT,
                version: backup["schemaVersion"].to_string(),
            });
        }
        let services = match encrypted(&backup) {
            None => backup["services"].clone(),
            Some(sealed) => {
                let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
                let plain = decrypt(sealed, password)?;
                serde_json::from_slice(&plain).map_err(|_| {
                    ImportError::malformed(FORMAT, "decrypted services are not JSON")
                })?
            }
        };
        let services = services
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "services is not a list"))?;
        Ok(Imported::numbered(FORMAT, services, |service| {
            let (issuer, name) = issuer_and_name(service);
            (label(&issuer, &name), convert_service(service))
        }))
    }
}

/// `b64(ciphertext‖tag):b64(salt):b64(iv)` → plaintext.
fn decrypt(sealed: &str, password: &str) -> Result<zeroize::Zeroizing<Vec<u8>>, ImportError> {
    let parts: Vec<&str> = sealed.split(':').collect();
    let [ciphertext, salt, iv] = parts[..] else {
        return Err(ImportError::malformed(
            FORMAT,
            "servicesEncrypted does not have three parts",
        ));
    };
    let decode = |s: &str| {
        convert::base64_decode(s)
            .ok_or_else(|| ImportError::malformed(FORMAT, "servicesEncrypted is not base64"))
    };
    let (ciphertext, salt, iv) = (decode(ciphertext)?, decode(salt)?, decode(iv)?);
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    crypto::pbkdf2(
        &crypto::Budget::new(FORMAT),
        Hash::Sha256,
        password.as_bytes(),
        &salt,
        ITERATIONS,
        key.as_mut(),
    )
    .map_err(|e| ImportError::crypto(FORMAT, e))?;
    crypto::aes_gcm_open(key.as_ref(), &iv, &[], &ciphertext)
        .map_err(|e| ImportError::crypto(FORMAT, e))
}

/// 2FAS shows the service `name` and lets people edit the `otp.account`; an
/// `otp.issuer` key (even empty) is what the otpauth link said.
fn issuer_and_name(service: &Value) -> (String, String) {
    let otp = &service["otp"];
    let issuer = match otp.get("issuer") {
        Some(Value::String(issuer)) => issuer.clone(),
        _ => service["name"].as_str().unwrap_or_default().to_owned(),
    };
    let name = otp["account"].as_str().unwrap_or_default().to_owned();
    (issuer, name)
}

fn convert_service(service: &Value) -> Result<Account, EntryError> {
    let otp = &service["otp"];
    let kind = match otp["tokenType"]
        .as_str()
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("TOTP") => Kind::Totp,
        Some("HOTP") => Kind::Hotp,
        Some("STEAM") => Kind::Steam,
        Some(other) => return Err(EntryError::UnsupportedKind(other.to_owned())),
    };
    let secret = convert::secret_base32(service["secret"].as_str().unwrap_or_default())?;
    let (issuer, name) = issuer_and_name(service);
    let mut draft = Draft::new(kind, &issuer, &name, secret);
    draft.algorithm = convert::algorithm(otp["algorithm"].as_str())?;
    draft.digits = convert::int_field(otp.get("digits"), EntryError::Digits)?;
    draft.period = convert::int_field(otp.get("period"), EntryError::Period)?;
    draft.counter = convert::counter_field(otp.get("counter"))?;
    draft.finish()
}
