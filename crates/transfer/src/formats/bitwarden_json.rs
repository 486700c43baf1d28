//! Bitwarden JSON exports: plain, and "password protected" encrypted.
//!
//! Upstream: Bitwarden's export formats
//! (<https://bitwarden.com/help/encrypted-export/>) and clients'
//! `individual-vault-export.service.ts`. Items of type 1 (login) carry
//! `login.totp`: an otpauth URI, a `steam://SECRET`, or a bare base32 secret.
//! For a bare secret or `steam://` the issuer is the item's name and the
//! account its login username; a URI keeps its own issuer and label.
//!
//! Encrypted exports: key = PBKDF2-SHA256(password, salt text, iterations)
//! (`kdfType` 0) or Argon2id(password, SHA-256(salt text), iterations,
//! memory MiB, parallelism) (`kdfType` 1); then HKDF-Expand-SHA256 to an
//! encryption key ("enc") and a MAC key ("mac"). `data` is an EncString
//! `2.b64(iv)|b64(ciphertext)|b64(mac)`: AES-256-CBC with HMAC-SHA256 over
//! iv‖ciphertext, checked before decrypting. Account-key ("encrypted": true
//! without `passwordProtected`) exports need the Bitwarden account and are
//! refused with an explanation.
//!
//! Lost in conversion: everything that is not the TOTP (passwords, URIs,
//! notes, folders, custom fields, cards, identities). Items without a TOTP
//! are not entries at all.

use omamori_otp::{Account, Kind};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::convert::{self, Draft, label};
use crate::crypto::{self, Argon2Params, Hash};
use crate::registry::{Confidence, Detected, Format, Importer, check_size};
use crate::{Entry, EntryError, ImportError, Imported, MAX_ENTRIES};

const FORMAT: Format = Format::BitwardenJson;

/// The Bitwarden JSON importer.
pub struct BitwardenJson;

fn is_export(value: &Value) -> bool {
    // Older exports have no `encrypted` flag: then items of the Bitwarden
    // shape (a numeric `type` and a `login` or `name`) identify the file.
    let bitwarden_items = value["items"].as_array().is_some_and(|items| {
        items
            .iter()
            .take(8)
            .any(|i| i["type"].is_number() && i.get("name").is_some())
    });
    (value.get("encrypted").is_some_and(Value::is_boolean)
        && (value.get("items").is_some() || value.get("data").is_some()))
        || bitwarden_items
}

impl Importer for BitwardenJson {
    fn format(&self) -> Format {
        FORMAT
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        is_export(&value).then(|| Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: value["encrypted"] == Value::Bool(true),
        })
    }

    fn import(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        check_size(bytes)?;
        let export = convert::parse_json(FORMAT, bytes)?;
        if !is_export(&export) {
            return Err(ImportError::malformed(
                FORMAT,
                "no encrypted flag and items",
            ));
        }
        let export = if export["encrypted"] == Value::Bool(true) {
            if export["passwordProtected"] != Value::Bool(true) {
                return Err(ImportError::Unsupported {
                    format: FORMAT,
                    reason:
                        "this export is encrypted with the Bitwarden account key; export again \
                             as \"password protected\" or unencrypted"
                            .into(),
                });
            }
            let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
            let plain = decrypt(&export, password)?;
            serde_json::from_slice(&plain)
                .map_err(|_| ImportError::malformed(FORMAT, "the decrypted data is not JSON"))?
        } else {
            export
        };
        let items = export["items"]
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "items is not a list"))?;
        if items.len() > MAX_ENTRIES {
            return Err(ImportError::malformed(FORMAT, "too many items"));
        }
        let entries = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let totp = item["login"]["totp"]
                    .as_str()
                    .filter(|t| !t.trim().is_empty())?;
                let name = item["name"].as_str().unwrap_or_default();
                let username = item["login"]["username"].as_str().unwrap_or_default();
                let result = convert_totp(totp, name, username);
                let entry_label = match &result {
                    Ok(a) => label(&a.issuer, &a.name),
                    Err(_) => label(name, username),
                };
                Some(Entry::new(i + 1, entry_label, result))
            })
            .collect();
        Ok(Imported {
            format: FORMAT,
            entries,
        })
    }
}

/// Converts a `login.totp` value (shared with the CSV importer).
pub(crate) fn convert_totp(
    totp: &str,
    item_name: &str,
    username: &str,
) -> Result<Account, EntryError> {
    let totp = totp.trim();
    if totp
        .get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
    {
        return crate::otpauth::parse(totp);
    }
    let (kind, secret) = match totp.get(..8) {
        Some(p) if p.eq_ignore_ascii_case("steam://") => (Kind::Steam, &totp[8..]),
        _ => (Kind::Totp, totp),
    };
    let secret = convert::secret_base32(secret)?;
    Draft::new(kind, item_name, username, secret).finish()
}

fn decrypt(export: &Value, password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let salt = export["salt"]
        .as_str()
        .ok_or_else(|| ImportError::malformed(FORMAT, "no salt"))?;
    let iterations = export["kdfIterations"].as_u64().unwrap_or(0);
    let master = match export["kdfType"].as_i64() {
        Some(0) => {
            let mut key = Zeroizing::new([0u8; 32]);
            crypto::pbkdf2(
                Hash::Sha256,
                password.as_bytes(),
                salt.as_bytes(),
                iterations,
                key.as_mut(),
            )
            .map_err(|e| ImportError::crypto(FORMAT, e))?;
            key
        }
        Some(1) => {
            let params = Argon2Params {
                passes: iterations,
                memory_kib: export["kdfMemory"]
                    .as_u64()
                    .unwrap_or(0)
                    .saturating_mul(1024),
                lanes: export["kdfParallelism"].as_u64().unwrap_or(0),
            };
            crypto::argon2id(
                password.as_bytes(),
                &crypto::sha256(salt.as_bytes()),
                params,
            )
            .map_err(|e| ImportError::crypto(FORMAT, e))?
        }
        _ => {
            return Err(ImportError::Unsupported {
                format: FORMAT,
                reason: format!("unknown key derivation kdfType {}", export["kdfType"]),
            });
        }
    };
    let enc = crypto::hkdf_expand_sha256(master.as_ref(), b"enc");
    let mac = crypto::hkdf_expand_sha256(master.as_ref(), b"mac");
    let data = export["data"]
        .as_str()
        .ok_or_else(|| ImportError::malformed(FORMAT, "no data"))?;
    open_enc_string(data, enc.as_ref(), mac.as_ref())
}

/// EncString type 2: `2.iv|ciphertext|mac`, all base64.
fn open_enc_string(text: &str, enc: &[u8], mac: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let body = text
        .strip_prefix("2.")
        .ok_or_else(|| ImportError::Unsupported {
            format: FORMAT,
            reason: "only EncString type 2 (AES-CBC + HMAC) is supported".into(),
        })?;
    let parts: Vec<&str> = body.split('|').collect();
    let [iv, ciphertext, tag] = parts[..] else {
        return Err(ImportError::malformed(
            FORMAT,
            "data is not iv|ciphertext|mac",
        ));
    };
    let decode = |s: &str| {
        convert::base64_decode(s)
            .ok_or_else(|| ImportError::malformed(FORMAT, "data is not base64"))
    };
    let (iv, ciphertext, tag) = (decode(iv)?, decode(ciphertext)?, decode(tag)?);
    let mut signed = iv.clone();
    signed.extend_from_slice(&ciphertext);
    crypto::hmac_sha256_verify(mac, &signed, &tag).map_err(|e| ImportError::crypto(FORMAT, e))?;
    crypto::aes_cbc_decrypt(enc, &iv, &ciphertext).map_err(|e| ImportError::crypto(FORMAT, e))
}
