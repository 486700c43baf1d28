//! Ente Auth encrypted exports. (Ente's plain export is an otpauth URI list,
//! read by [`super::otpauth_list`].)
//!
//! Upstream: ente-io/ente, `mobile/apps/auth` export code
//! (<https://github.com/ente-io/ente>). `{version: 1, kdfParams: {memLimit
//! (bytes), opsLimit, salt}, encryptedData, encryptionNonce}`: key =
//! libsodium `crypto_pwhash` Argon2id v1.3 (one lane) with the stored limits;
//! `encryptedData` is one message of libsodium
//! `crypto_secretstream_xchacha20poly1305` whose header is
//! `encryptionNonce`. The plaintext is the plain export (otpauth URIs).
//!
//! The limits come from the file, so they are bounded: Ente's own
//! "nominal" export (256 MiB, 16 passes) opens; anything asking for more
//! than twice that work or 512 MiB is refused with
//! [`ImportError::ExcessiveWork`].
//!
//! Lost in conversion: as for the plain export (`codeDisplay`: pins, tags,
//! trash flag, usage counts).

use serde_json::Value;

use crate::convert;
use crate::crypto::{self, Argon2Params};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::EnteEncrypted,
    "ente",
    "Ente Auth",
    Encryption::Always,
);
const FORMAT: Format = DECLARATION.format;

/// The Ente Auth encrypted export importer.
pub struct EnteEncrypted;

fn is_export(value: &Value) -> bool {
    value["kdfParams"].is_object() && value["encryptedData"].is_string()
}

impl Importer for EnteEncrypted {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        is_export(&value).then_some(Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: true,
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        let value = convert::parse_json(FORMAT, bytes)?;
        if !is_export(&value) {
            return Err(ImportError::malformed(
                FORMAT,
                "no kdfParams and encryptedData",
            ));
        }
        if value["version"].as_i64() != Some(1) {
            return Err(ImportError::UnsupportedVersion {
                format: FORMAT,
                version: value["version"].to_string(),
            });
        }
        let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
        let kdf = &value["kdfParams"];
        let decode = |v: &Value, what: &str| {
            v.as_str()
                .and_then(convert::base64_decode)
                .ok_or_else(|| ImportError::malformed(FORMAT, format!("{what} is not base64")))
        };
        let salt = decode(&kdf["salt"], "the salt")?;
        let header = decode(&value["encryptionNonce"], "encryptionNonce")?;
        let ciphertext = decode(&value["encryptedData"], "encryptedData")?;
        let memory_bytes = kdf["memLimit"].as_u64().unwrap_or(0);
        let params = Argon2Params {
            passes: kdf["opsLimit"].as_u64().unwrap_or(0),
            memory_kib: memory_bytes / 1024,
            lanes: 1,
        };
        let key = crypto::argon2id(
            &crypto::Budget::new(FORMAT),
            password.as_bytes(),
            &salt,
            params,
        )
        .map_err(|e| ImportError::crypto(FORMAT, e))?;
        let plain = crypto::secretstream_pull_single(key.as_ref(), &header, &ciphertext)
            .map_err(|e| ImportError::crypto(FORMAT, e))?;
        let mut imported = super::otpauth_list::OtpauthList
            .read(&plain, None)
            .map_err(|_| {
                ImportError::malformed(FORMAT, "the decrypted export is not an otpauth list")
            })?;
        imported.format = FORMAT;
        Ok(imported)
    }
}
