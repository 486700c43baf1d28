//! Authy's Android token storage (`shared_prefs/com.authy.storage.tokens.
//! authenticator.xml`), plain or with encrypted secrets. Authy has no export
//! and its desktop app is gone; this file (from a rooted phone or a backup)
//! is the way out.
//!
//! Upstream: layout as read by Aegis's `AuthyImporter`
//! (<https://github.com/beemdevelopment/Aegis>): a `<string
//! name="com.authy.storage.tokens.authenticator.key">` holding a JSON array of
//! `{decryptedSecret | encryptedSecret + salt, digits, originalIssuer,
//! originalName, name}`. Encrypted secrets: key = PBKDF2-HMAC-SHA1(backup
//! password, salt text, 1000 iterations), AES-256-CBC with a zero IV; the
//! plaintext is the base32 secret.
//!
//! Lost in conversion: logos and upload state; Authy's own 7-digit, 10-second
//! "Authy" tokens (a different file) are not read. Authy does not store the
//! algorithm or period of these tokens: SHA1 and 30 s are assumed, as every
//! known importer does. The name drops the `Issuer: ` prefix Authy adds.

use omamori_otp::Kind;
use serde_json::Value;
use zeroize::Zeroizing;

use super::android_prefs;
use crate::convert::{self, Draft, label};
use crate::crypto::{self, Hash};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration =
    Declaration::new(Format::Authy, "authy", "Authy", Encryption::Sometimes);
const FORMAT: Format = DECLARATION.format;
const KEY: &str = "com.authy.storage.tokens.authenticator.key";

/// The Authy importer.
pub struct Authy;

fn tokens(bytes: &[u8]) -> Option<Vec<Value>> {
    let strings = android_prefs::strings(bytes)?;
    let json = android_prefs::find(&strings, KEY)?;
    serde_json::from_str::<Value>(json)
        .ok()?
        .as_array()
        .cloned()
}

impl Importer for Authy {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let tokens = tokens(bytes)?;
        Some(Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: tokens.iter().any(|t| t.get("encryptedSecret").is_some()),
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        let tokens = tokens(bytes).ok_or_else(|| {
            ImportError::malformed(FORMAT, format!("no {KEY} token list in the XML"))
        })?;
        let encrypted = tokens.iter().any(|t| t.get("encryptedSecret").is_some());
        if encrypted && password.is_none() {
            return Err(ImportError::PasswordRequired { format: FORMAT });
        }
        // Every token has its own salt, so its own derivation: one budget
        // for all of them keeps a file of 100,000 tokens from costing
        // 100,000 derivations.
        let budget = crypto::Budget::new(FORMAT);
        let mut entries = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let (issuer, name) = issuer_and_name(token);
            let secret = match (
                token["decryptedSecret"].as_str(),
                token["encryptedSecret"].as_str(),
            ) {
                (Some(secret), _) => Ok(Zeroizing::new(secret.to_owned())),
                (None, Some(sealed)) => {
                    // A wrong password fails every token alike: that is a
                    // file-level error, not one rejected entry per token.
                    match decrypt_secret(
                        &budget,
                        sealed,
                        token["salt"].as_str().unwrap_or_default(),
                        password.unwrap_or_default(),
                    ) {
                        Ok(secret) => Ok(secret),
                        Err(EntrySecretError::Decryption) => {
                            return Err(ImportError::Decryption { format: FORMAT });
                        }
                        Err(EntrySecretError::Crypto(e)) => {
                            return Err(ImportError::crypto(FORMAT, e));
                        }
                        Err(EntrySecretError::Entry(e)) => Err(e),
                    }
                }
                (None, None) => Err(EntryError::MissingSecret),
            };
            let result = secret.and_then(|secret| {
                let secret = convert::secret_base32(&secret)?;
                let mut draft = Draft::new(Kind::Totp, &issuer, &name, secret);
                draft.digits = convert::int_field(token.get("digits"), EntryError::Digits)?;
                draft.finish()
            });
            entries.push(Entry::new(i + 1, label(&issuer, &name), result));
        }
        Ok(Imported {
            format: FORMAT,
            entries,
        })
    }
}

enum EntrySecretError {
    Decryption,
    /// The import's key-derivation budget is spent.
    Crypto(crypto::CryptoError),
    Entry(EntryError),
}

fn decrypt_secret(
    budget: &crypto::Budget,
    sealed: &str,
    salt: &str,
    password: &str,
) -> Result<Zeroizing<String>, EntrySecretError> {
    let ciphertext = convert::base64_decode(sealed).ok_or_else(|| {
        EntrySecretError::Entry(EntryError::Invalid("encryptedSecret is not base64".into()))
    })?;
    let mut key = Zeroizing::new([0u8; 32]);
    crypto::pbkdf2(
        budget,
        Hash::Sha1,
        password.as_bytes(),
        salt.as_bytes(),
        1000,
        key.as_mut(),
    )
    .map_err(EntrySecretError::Crypto)?;
    let plain = crypto::aes_cbc_decrypt(key.as_ref(), &[0u8; 16], &ciphertext)
        .map_err(|_| EntrySecretError::Decryption)?;
    let text = std::str::from_utf8(&plain).map_err(|_| EntrySecretError::Decryption)?;
    Ok(Zeroizing::new(text.to_owned()))
}

fn issuer_and_name(token: &Value) -> (String, String) {
    let issuer = token["originalIssuer"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let name = token["name"]
        .as_str()
        .or_else(|| token["originalName"].as_str())
        .unwrap_or_default();
    let name = if issuer.is_empty() {
        name
    } else {
        name.strip_prefix(issuer.as_str())
            .and_then(|rest| rest.strip_prefix(':'))
            .map_or(name, str::trim_start)
    };
    (issuer, name.to_owned())
}
