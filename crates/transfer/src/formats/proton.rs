//! Proton Authenticator exports, plain and encrypted.
//!
//! Upstream: protonpass/proton-pass-common, `proton-authenticator`
//! (<https://github.com/protonpass/proton-pass-common>). Plain: `{version: 1,
//! entries: [{id, content: {uri, entry_type, name}, note}]}`, each `uri` an
//! otpauth URI. Encrypted: `{version: 1, salt, content}` with `content` =
//! b64(12-byte nonce ‖ AES-256-GCM ciphertext‖tag), AAD
//! `proton.authenticator.export.v1`, key = Argon2id(t=2, m=19 MiB, p=1) —
//! fixed parameters, none read from the file.
//!
//! Lost in conversion: entry ids, the display name when it differs from the
//! URI's label (the URI's issuer and account are kept; the display name is
//! used only when the URI has no account name).

use serde_json::Value;
use zeroize::Zeroizing;

use crate::convert::{self, label};
use crate::crypto::{self, Argon2Params};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::ProtonAuthenticator,
    "proton",
    "Proton Authenticator",
    Encryption::Sometimes,
);
const FORMAT: Format = DECLARATION.format;
const AAD: &[u8] = b"proton.authenticator.export.v1";

/// The Proton Authenticator importer.
pub struct ProtonAuthenticator;

fn is_plain(value: &Value) -> bool {
    value["version"].is_number()
        && value["entries"]
            .as_array()
            .is_some_and(|e| e.first().is_none_or(|e| e["content"]["uri"].is_string()))
}

fn is_encrypted(value: &Value) -> bool {
    value["version"].is_number() && value["salt"].is_string() && value["content"].is_string()
}

impl Importer for ProtonAuthenticator {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        let encrypted = is_encrypted(&value);
        (encrypted || is_plain(&value)).then_some(Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted,
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        let mut value = convert::parse_json(FORMAT, bytes)?;
        if is_encrypted(&value) {
            let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
            let plain = decrypt(&value, password)?;
            value = serde_json::from_slice(&plain)
                .map_err(|_| ImportError::malformed(FORMAT, "the decrypted export is not JSON"))?;
        }
        if value["version"].as_i64() != Some(1) {
            return Err(ImportError::UnsupportedVersion {
                format: FORMAT,
                version: value["version"].to_string(),
            });
        }
        let items = value["entries"]
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "no entries list"))?;
        let entries = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let content = &item["content"];
                let display = content["name"].as_str().unwrap_or_default();
                let result = match content["uri"].as_str() {
                    None => Err(EntryError::MissingSecret),
                    Some(uri) => crate::otpauth::parse(uri).map(|mut account| {
                        if account.name.is_empty() {
                            account.name = display.to_owned();
                        }
                        account.note = item["note"]
                            .as_str()
                            .filter(|n| !n.is_empty())
                            .map(str::to_owned);
                        account
                    }),
                };
                let entry_label = match &result {
                    Ok(a) => label(&a.issuer, &a.name),
                    Err(_) => label("", display),
                };
                Entry::new(i + 1, entry_label, result)
            })
            .collect();
        Ok(Imported {
            format: FORMAT,
            entries,
        })
    }
}

fn decrypt(value: &Value, password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let decode = |field: &str| {
        value[field]
            .as_str()
            .and_then(convert::base64_decode)
            .ok_or_else(|| ImportError::malformed(FORMAT, format!("{field} is not base64")))
    };
    let (salt, content) = (decode("salt")?, decode("content")?);
    if content.len() < 12 + 16 {
        return Err(ImportError::malformed(FORMAT, "the content is too short"));
    }
    let params = Argon2Params {
        passes: 2,
        memory_kib: 19 * 1024,
        lanes: 1,
    };
    let key = crypto::argon2id(
        &crypto::Budget::new(FORMAT),
        password.as_bytes(),
        &salt,
        params,
    )
    .map_err(|e| ImportError::crypto(FORMAT, e))?;
    crypto::aes_gcm_open(key.as_ref(), &content[..12], AAD, &content[12..])
        .map_err(|e| ImportError::crypto(FORMAT, e))
}
