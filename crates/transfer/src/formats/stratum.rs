//! Stratum (formerly Authenticator Pro) backups: plain JSON, encrypted
//! (current) and encrypted (legacy).
//!
//! Upstream: stratumauth/app (<https://github.com/stratumauth/app>),
//! `Backup.cs` and `BackupEncryption`. Plain: `{Authenticators: [{Type,
//! Issuer, Username, Secret, Algorithm, Digits, Period, Counter, …}],
//! Categories, AuthenticatorCategories, CustomIcons}` with Type 1 = HOTP,
//! 2 = TOTP, 3 = mOTP, 4 = Steam, 5 = Yandex and Algorithm 0/1/2 =
//! SHA1/256/512. Encrypted: `AUTHENTICATORPRO` ‖ 16-byte salt ‖ 12-byte IV ‖
//! AES-256-GCM ciphertext‖tag, key = Argon2id(t=3, m=64 MiB, p=4) — fixed
//! by the format, so no hostile parameters are possible. Legacy:
//! `AuthenticatorPro` ‖ 20-byte salt ‖ 16-byte IV ‖ AES-256-CBC, key =
//! PBKDF2-HMAC-SHA1(64,000 iterations).
//!
//! Lost in conversion: categories, custom icons, ranking/order, copy counts;
//! mOTP and Yandex accounts (rejected: no codes for them in Omamori).

use omamori_otp::{Account, Algorithm, Kind};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::convert::{self, Draft, label};
use crate::crypto::{self, Argon2Params, Hash};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::Stratum,
    "stratum",
    "Stratum / Authenticator Pro",
    Encryption::Sometimes,
);
const FORMAT: Format = DECLARATION.format;
const HEADER: &[u8; 16] = b"AUTHENTICATORPRO";
const LEGACY_HEADER: &[u8; 16] = b"AuthenticatorPro";

/// The Stratum / Authenticator Pro importer.
pub struct Stratum;

impl Importer for Stratum {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        if bytes.starts_with(HEADER) || bytes.starts_with(LEGACY_HEADER) {
            return Some(Detected {
                format: FORMAT,
                confidence: Confidence::Strong,
                encrypted: true,
            });
        }
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        value["Authenticators"].is_array().then_some(Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: false,
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        let value: Value = if bytes.starts_with(HEADER) || bytes.starts_with(LEGACY_HEADER) {
            let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
            let plain = decrypt(bytes, password)?;
            serde_json::from_slice(&plain)
                .map_err(|_| ImportError::malformed(FORMAT, "the decrypted backup is not JSON"))?
        } else {
            convert::parse_json(FORMAT, bytes)?
        };
        let items = value["Authenticators"]
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "no Authenticators list"))?;
        Ok(Imported::numbered(FORMAT, items, |item| {
            let issuer = item["Issuer"].as_str().unwrap_or_default();
            let name = item["Username"].as_str().unwrap_or_default();
            (label(issuer, name), convert_item(item))
        }))
    }
}

fn decrypt(bytes: &[u8], password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let crypto_error = |e| ImportError::crypto(FORMAT, e);
    let budget = &crypto::Budget::new(FORMAT);
    if bytes.starts_with(HEADER) {
        if bytes.len() < 16 + 16 + 12 + 16 {
            return Err(ImportError::malformed(FORMAT, "the file is too short"));
        }
        let (salt, iv, sealed) = (&bytes[16..32], &bytes[32..44], &bytes[44..]);
        let params = Argon2Params {
            passes: 3,
            memory_kib: 64 * 1024,
            lanes: 4,
        };
        let key =
            crypto::argon2id(budget, password.as_bytes(), salt, params).map_err(crypto_error)?;
        crypto::aes_gcm_open(key.as_ref(), iv, &[], sealed).map_err(crypto_error)
    } else {
        if bytes.len() < 16 + 20 + 16 + 16 {
            return Err(ImportError::malformed(FORMAT, "the file is too short"));
        }
        let (salt, iv, ciphertext) = (&bytes[16..36], &bytes[36..52], &bytes[52..]);
        let mut key = Zeroizing::new([0u8; 32]);
        crypto::pbkdf2(
            budget,
            Hash::Sha1,
            password.as_bytes(),
            salt,
            64_000,
            key.as_mut(),
        )
        .map_err(crypto_error)?;
        crypto::aes_cbc_decrypt(key.as_ref(), iv, ciphertext).map_err(crypto_error)
    }
}

fn convert_item(item: &Value) -> Result<Account, EntryError> {
    let kind = match item["Type"].as_i64() {
        Some(1) => Kind::Hotp,
        Some(2) => Kind::Totp,
        Some(3) => return Err(EntryError::UnsupportedKind("mOTP".into())),
        Some(4) => Kind::Steam,
        Some(5) => return Err(EntryError::UnsupportedKind("Yandex".into())),
        other => return Err(EntryError::UnsupportedKind(format!("type {other:?}"))),
    };
    let secret = convert::secret_base32(item["Secret"].as_str().unwrap_or_default())?;
    let mut draft = Draft::new(
        kind,
        item["Issuer"].as_str().unwrap_or_default(),
        item["Username"].as_str().unwrap_or_default(),
        secret,
    );
    draft.algorithm = match item["Algorithm"].as_i64() {
        None | Some(0) => Algorithm::Sha1,
        Some(1) => Algorithm::Sha256,
        Some(2) => Algorithm::Sha512,
        Some(n) => return Err(EntryError::UnsupportedAlgorithm(format!("number {n}"))),
    };
    draft.digits = convert::int_field(item.get("Digits"), EntryError::Digits)?;
    draft.period = convert::int_field(item.get("Period"), EntryError::Period)?;
    draft.counter = convert::counter_field(item.get("Counter"))?;
    draft.finish()
}
