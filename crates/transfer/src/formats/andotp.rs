//! andOTP backups: plain JSON, and the two encrypted layouts.
//!
//! Upstream: andOTP (<https://github.com/andOTP/andOTP>), `Encryption.java`
//! and `DatabaseHelper.java`; layouts as read by Aegis's `AndOtpImporter`.
//! Plain: a JSON array of `{secret, issuer, label, digits, type, algorithm,
//! period, counter, tags}`. Encrypted (new, andOTP ≥ 0.6.3): `iterations`
//! (u32 big-endian) ‖ 12-byte salt ‖ 12-byte nonce ‖ AES-256-GCM ciphertext‖tag,
//! key = PBKDF2-HMAC-SHA1(password, salt, iterations). Encrypted (old):
//! 12-byte nonce ‖ ciphertext‖tag, key = SHA-256(password).
//!
//! Lost in conversion: tags (the first tag becomes the group), thumbnails,
//! usage statistics. Old backups without an `issuer` field keep andOTP's
//! "Issuer - label" convention: the text before " - " becomes the issuer.

use omamori_otp::{Account, Kind};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::convert::{self, Draft, label};
use crate::crypto::{self, CryptoError, Hash};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{EntryError, ImportError, Imported};

const DECLARATION: Declaration =
    Declaration::new(Format::AndOtp, "andotp", "andOTP", Encryption::Sometimes);
const FORMAT: Format = DECLARATION.format;

/// The andOTP importer.
pub struct AndOtp;

fn is_plain(value: &Value) -> bool {
    value.as_array().is_some_and(|items| {
        items
            .first()
            .is_some_and(|e| e.get("secret").is_some() && e.get("type").is_some())
    })
}

/// The iteration count of a new-format file, if the header is plausible.
fn new_format_iterations(bytes: &[u8]) -> Option<u32> {
    let head: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
    let iterations = u32::from_be_bytes(head);
    (bytes.len() >= 4 + 12 + 12 + 16 && (1_000..=10_000_000).contains(&iterations))
        .then_some(iterations)
}

impl Importer for AndOtp {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        if let Ok(value) = convert::parse_json(FORMAT, bytes) {
            return is_plain(&value).then_some(Detected {
                format: FORMAT,
                confidence: Confidence::Strong,
                encrypted: false,
            });
        }
        // Encrypted backups are random bytes after a small big-endian
        // iteration count: a weak hint only (the old layout has none).
        new_format_iterations(bytes).map(|_| Detected {
            format: FORMAT,
            confidence: Confidence::Weak,
            encrypted: true,
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        let value = match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => value,
            Err(_) => {
                let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
                let plain = decrypt(bytes, password)?;
                serde_json::from_slice(&plain).map_err(|_| {
                    ImportError::malformed(FORMAT, "the decrypted backup is not JSON")
                })?
            }
        };
        let items = value
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "not a list of accounts"))?;
        Ok(Imported::numbered(FORMAT, items, |item| {
            let (issuer, name) = issuer_and_name(item);
            (label(&issuer, &name), convert_item(item))
        }))
    }
}

fn decrypt(bytes: &[u8], password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    // One budget for both layouts' derivations.
    let budget = &crypto::Budget::new(FORMAT);
    // New layout first; a file it cannot open may be the old layout.
    if let Some(iterations) = new_format_iterations(bytes) {
        let salt = &bytes[4..16];
        let nonce = &bytes[16..28];
        let mut key = Zeroizing::new([0u8; 32]);
        crypto::pbkdf2(
            budget,
            Hash::Sha1,
            password.as_bytes(),
            salt,
            iterations.into(),
            key.as_mut(),
        )
        .map_err(|e| ImportError::crypto(FORMAT, e))?;
        match crypto::aes_gcm_open(key.as_ref(), nonce, &[], &bytes[28..]) {
            Ok(plain) => return Ok(plain),
            Err(CryptoError::Decryption) => {}
            Err(e) => return Err(ImportError::crypto(FORMAT, e)),
        }
    }
    if bytes.len() < 12 + 16 {
        return Err(ImportError::malformed(FORMAT, "the file is too short"));
    }
    let key = Zeroizing::new(crypto::sha256(password.as_bytes()));
    crypto::aes_gcm_open(key.as_ref(), &bytes[..12], &[], &bytes[12..])
        .map_err(|e| ImportError::crypto(FORMAT, e))
}

fn issuer_and_name(item: &Value) -> (String, String) {
    let label_text = item["label"].as_str().unwrap_or_default();
    match item["issuer"].as_str() {
        Some(issuer) => (issuer.to_owned(), label_text.to_owned()),
        None => match label_text.split_once(" - ") {
            Some((issuer, name)) => (issuer.to_owned(), name.to_owned()),
            None => (String::new(), label_text.to_owned()),
        },
    }
}

fn convert_item(item: &Value) -> Result<Account, EntryError> {
    let kind = convert::kind(
        item["type"].as_str(),
        &[Kind::Totp, Kind::Hotp, Kind::Steam],
    )?;
    let secret = convert::secret_base32(item["secret"].as_str().unwrap_or_default())?;
    let (issuer, name) = issuer_and_name(item);
    let mut draft = Draft::new(kind, &issuer, &name, secret);
    draft.algorithm = convert::algorithm(item["algorithm"].as_str())?;
    draft.digits = convert::int_field(item.get("digits"), EntryError::Digits)?;
    draft.period = convert::int_field(item.get("period"), EntryError::Period)?;
    draft.counter = convert::counter_field(item.get("counter"))?;
    draft.group = item["tags"]
        .as_array()
        .and_then(|t| t.first())
        .and_then(Value::as_str)
        .map(str::to_owned);
    draft.finish()
}
