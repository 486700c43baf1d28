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
//! Bitwarden Authenticator (the separate TOTP app) exports the same
//! envelope (bitwarden/android `authenticator/`, `AuthenticatorRepositoryImpl`
//! `toExportJsonItem` and `ExportEncryptionManagerImpl`): `{encrypted,
//! items: [{id, name: issuer, type: 1, login: {totp}, favorite, …}]}`, the
//! password-protected form with PBKDF2 600,000. Its items' `login` holds
//! nothing but `totp`, which tells them apart, and their otpauth label went
//! through Android's `htmlEncode` before percent-encoding
//! (`AuthenticatorItemEntity.toOtpAuthUriString`): `AT&T:o'brien` is
//! written `AT&amp;T:o&#39;brien`. For those items the entities are undone,
//! and a label that is only the issuer (the app's blank account name) gives
//! an empty account name.
//!
//! Lost in conversion: everything that is not the TOTP (passwords, URIs,
//! notes, folders, custom fields, cards, identities). Items without a TOTP
//! are not entries at all. From Bitwarden Authenticator: favourites.

use omamori_otp::{Account, Kind};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::convert::{self, Draft, label};
use crate::crypto::{self, Argon2Params, Hash};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::BitwardenJson,
    "bitwarden-json",
    "Bitwarden JSON",
    Encryption::Sometimes,
);
const FORMAT: Format = DECLARATION.format;

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
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        is_export(&value).then(|| Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: value["encrypted"] == Value::Bool(true),
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
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
        let entries = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let totp = item["login"]["totp"]
                    .as_str()
                    .filter(|t| !t.trim().is_empty())?;
                let name = item["name"].as_str().unwrap_or_default();
                let username = item["login"]["username"].as_str().unwrap_or_default();
                let result = convert_totp(totp, name, username, is_authenticator_item(item));
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

/// Whether an item has Bitwarden Authenticator's shape: a `login` with the
/// TOTP and none of the `username`, `password` and `uris` keys the password
/// manager always writes (null when empty).
fn is_authenticator_item(item: &Value) -> bool {
    item["login"].as_object().is_some_and(|login| {
        ["username", "password", "uris"]
            .iter()
            .all(|key| !login.contains_key(*key))
    })
}

/// Converts a `login.totp` value (shared with the CSV importer).
/// `from_authenticator`: the item was written by Bitwarden Authenticator,
/// whose otpauth labels are HTML-encoded (see the module header).
pub(crate) fn convert_totp(
    totp: &str,
    item_name: &str,
    username: &str,
    from_authenticator: bool,
) -> Result<Account, EntryError> {
    let totp = totp.trim();
    if totp
        .get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
    {
        let mut account = crate::otpauth::parse(totp)?;
        if from_authenticator {
            account.issuer = html_unescape(&account.issuer);
            account.name = html_unescape(&account.name);
            // The label was the issuer alone: the account had no name.
            if account.name == account.issuer {
                account.name.clear();
            }
        }
        return Ok(account);
    }
    let (kind, secret) = match totp.get(..8) {
        Some(p) if p.eq_ignore_ascii_case("steam://") => (Kind::Steam, &totp[8..]),
        _ => (Kind::Totp, totp),
    };
    let secret = convert::secret_base32(secret)?;
    Draft::new(kind, item_name, username, secret).finish()
}

/// Undoes Android's `TextUtils.htmlEncode` (`&lt; &gt; &amp; &#39; &quot;`),
/// in one pass so `&amp;lt;` becomes `&lt;`, as it was before encoding.
fn html_unescape(text: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
        ("&#39;", '\''),
        ("&quot;", '"'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, c)) => {
                out.push(*c);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decrypt(export: &Value, password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let salt = export["salt"]
        .as_str()
        .ok_or_else(|| ImportError::malformed(FORMAT, "no salt"))?;
    let iterations = export["kdfIterations"].as_u64().unwrap_or(0);
    let budget = &crypto::Budget::new(FORMAT);
    let master = match export["kdfType"].as_i64() {
        Some(0) => {
            let mut key = Zeroizing::new([0u8; 32]);
            crypto::pbkdf2(
                budget,
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
                budget,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_entities_are_undone_once() {
        assert_eq!(html_unescape("AT&amp;T"), "AT&T");
        assert_eq!(
            html_unescape("o&#39;brien &lt;ops&gt; &quot;x&quot;"),
            "o'brien <ops> \"x\""
        );
        assert_eq!(html_unescape("&amp;lt;"), "&lt;");
        assert_eq!(html_unescape("a & b &copy; &"), "a & b &copy; &");
        assert_eq!(html_unescape("健保&amp;組合"), "健保&組合");
    }

    #[test]
    fn only_authenticator_items_are_unescaped() {
        let uri =
            "otpauth://totp/AT%26amp%3BT%3Ao%26%2339%3Bbrien?secret=JBSWY3DPEHPK3PXP&issuer=AT%26T";
        let from_app = convert_totp(uri, "AT&T", "", true).unwrap();
        assert_eq!(
            (from_app.issuer.as_str(), from_app.name.as_str()),
            ("AT&T", "o'brien")
        );
        let from_vault = convert_totp(uri, "AT&T", "", false).unwrap();
        assert_eq!(from_vault.name, "o&#39;brien");
        let blank = "otpauth://totp/GitHub?secret=JBSWY3DPEHPK3PXP&issuer=GitHub";
        assert_eq!(convert_totp(blank, "GitHub", "", true).unwrap().name, "");
        assert_eq!(
            convert_totp(blank, "GitHub", "", false).unwrap().name,
            "GitHub"
        );
    }
}
