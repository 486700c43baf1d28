//! Aegis vault JSON, plain and encrypted, content versions 1–3.
//!
//! Upstream: beemdevelopment/Aegis `docs/vault.md`
//! (<https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md>).
//! Outer file `{version: 1, header: {slots, params}, db}`; `db` is the
//! content object, or base64 AES-256-GCM ciphertext of it when `header`
//! has slots. Password slots (type 1) wrap the master key with
//! scrypt(N, r, p) + AES-256-GCM; raw (0) and biometric (2) slots cannot be
//! opened off the phone and are skipped.
//!
//! Lost in conversion: icons (image data), favourites, entry UUIDs, group
//! UUIDs (the first group's *name* is kept), MOTP and Yandex entries
//! (rejected: Omamori cannot produce their codes), the vault's
//! icons-optimised flag.

use serde_json::Value;
use zeroize::Zeroizing;

use crate::convert::{self, Draft, label};
use crate::crypto;
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration =
    Declaration::new(Format::Aegis, "aegis", "Aegis", Encryption::Sometimes);
const FORMAT: Format = DECLARATION.format;

/// The Aegis importer.
pub struct Aegis;

fn is_vault(value: &Value) -> bool {
    value.get("header").is_some_and(Value::is_object)
        && value.get("db").is_some()
        && value.get("version").is_some()
}

impl Importer for Aegis {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        is_vault(&value).then(|| Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: value["db"].is_string(),
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        let vault = convert::parse_json(FORMAT, bytes)?;
        if !is_vault(&vault) {
            return Err(ImportError::malformed(
                FORMAT,
                "no Aegis header and db (is this an Aegis vault?)",
            ));
        }
        if vault["version"].as_i64() != Some(1) {
            return Err(ImportError::UnsupportedVersion {
                format: FORMAT,
                version: vault["version"].to_string(),
            });
        }
        let db = match &vault["db"] {
            Value::Object(_) => vault["db"].clone(),
            Value::String(ciphertext) => {
                let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
                let plain = decrypt(&vault["header"], ciphertext, password)?;
                serde_json::from_slice(&plain).map_err(|_| {
                    ImportError::malformed(FORMAT, "the decrypted content is not JSON")
                })?
            }
            _ => {
                return Err(ImportError::malformed(
                    FORMAT,
                    "db is neither an object nor text",
                ));
            }
        };
        convert_db(&db)
    }
}

fn hex_field(value: &Value, what: &str) -> Result<Vec<u8>, ImportError> {
    value
        .as_str()
        .and_then(convert::hex_decode)
        .ok_or_else(|| ImportError::malformed(FORMAT, format!("{what} is not hex")))
}

/// Opens the master key with the first password slot that accepts
/// `password`, then the content.
fn decrypt(
    header: &Value,
    ciphertext: &str,
    password: &str,
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let slots = header["slots"]
        .as_array()
        .ok_or_else(|| ImportError::malformed(FORMAT, "encrypted vault without key slots"))?;
    let password_slots: Vec<&Value> = slots
        .iter()
        .filter(|s| s["type"].as_i64() == Some(1))
        .take(16)
        .collect();
    if password_slots.is_empty() {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            reason: "the vault has no password slot (biometric slots only open on the phone)"
                .into(),
        });
    }
    // One budget for every slot: 16 slots at the limit cost what 2 do.
    let budget = crypto::Budget::new(FORMAT);
    let mut master_key = None;
    for slot in password_slots {
        let salt = hex_field(&slot["salt"], "a slot salt")?;
        let (n, r, p) = (
            slot["n"].as_u64().unwrap_or(0),
            slot["r"].as_u64().unwrap_or(0),
            slot["p"].as_u64().unwrap_or(0),
        );
        let key = crypto::scrypt(&budget, password.as_bytes(), &salt, n, r, p)
            .map_err(|e| ImportError::crypto(FORMAT, e))?;
        let nonce = hex_field(&slot["key_params"]["nonce"], "a slot nonce")?;
        let mut wrapped = hex_field(&slot["key"], "a slot key")?;
        wrapped.extend(hex_field(&slot["key_params"]["tag"], "a slot tag")?);
        match crypto::aes_gcm_open(key.as_ref(), &nonce, &[], &wrapped) {
            Ok(opened) => {
                master_key = Some(opened);
                break;
            }
            Err(crypto::CryptoError::Decryption) => continue,
            Err(e) => return Err(ImportError::crypto(FORMAT, e)),
        }
    }
    let master_key = master_key.ok_or(ImportError::Decryption { format: FORMAT })?;
    let nonce = hex_field(&header["params"]["nonce"], "the content nonce")?;
    let mut sealed = convert::base64_decode(ciphertext)
        .ok_or_else(|| ImportError::malformed(FORMAT, "db is not base64"))?;
    sealed.extend(hex_field(&header["params"]["tag"], "the content tag")?);
    crypto::aes_gcm_open(&master_key, &nonce, &[], &sealed)
        .map_err(|e| ImportError::crypto(FORMAT, e))
}

fn convert_db(db: &Value) -> Result<Imported, ImportError> {
    let version = db["version"].as_i64().unwrap_or(0);
    if !(1..=3).contains(&version) {
        return Err(ImportError::UnsupportedVersion {
            format: FORMAT,
            version: format!("content {}", db["version"]),
        });
    }
    let items = db["entries"]
        .as_array()
        .ok_or_else(|| ImportError::malformed(FORMAT, "the content has no entries list"))?;
    // Version 3 keeps groups in a table and entries refer to them by UUID.
    let group_names: Vec<(&str, &str)> = db["groups"]
        .as_array()
        .map(|groups| {
            groups
                .iter()
                .filter_map(|g| Some((g["uuid"].as_str()?, g["name"].as_str()?)))
                .collect()
        })
        .unwrap_or_default();
    let entries = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let issuer = item["issuer"].as_str().unwrap_or_default();
            let name = item["name"].as_str().unwrap_or_default();
            Entry::new(
                i + 1,
                label(issuer, name),
                convert_entry(item, &group_names),
            )
        })
        .collect();
    Ok(Imported {
        format: FORMAT,
        entries,
    })
}

fn convert_entry(
    item: &Value,
    group_names: &[(&str, &str)],
) -> Result<omamori_otp::Account, EntryError> {
    use omamori_otp::Kind;
    let kind = match item["type"].as_str().unwrap_or_default() {
        "totp" => Kind::Totp,
        "hotp" => Kind::Hotp,
        "steam" => Kind::Steam,
        other => return Err(EntryError::UnsupportedKind(other.to_uppercase())),
    };
    let info = &item["info"];
    let secret = convert::secret_base32(info["secret"].as_str().unwrap_or_default())?;
    let mut draft = Draft::new(
        kind,
        item["issuer"].as_str().unwrap_or_default(),
        item["name"].as_str().unwrap_or_default(),
        secret,
    );
    draft.algorithm = convert::algorithm(info["algo"].as_str())?;
    draft.digits = convert::int_field(info.get("digits"), EntryError::Digits)?;
    draft.period = convert::int_field(info.get("period"), EntryError::Period)?;
    draft.counter = convert::counter_field(info.get("counter"))?;
    draft.note = item["note"].as_str().map(str::to_owned);
    draft.group = item["group"].as_str().map(str::to_owned).or_else(|| {
        let first = item["groups"].as_array()?.first()?.as_str()?;
        group_names
            .iter()
            .find(|(uuid, _)| *uuid == first)
            .map(|(_, name)| (*name).to_owned())
    });
    draft.finish()
}
