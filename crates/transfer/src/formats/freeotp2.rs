//! FreeOTP 2 backups (`externalBackup.xml`, written by More → Backup).
//!
//! Upstream: freeotp/freeotp-android 2.x, `encryptor/MasterKey.java`,
//! `encryptor/EncryptedKey.java` and `TokenPersistence`; field names and
//! quirks as read by Aegis's `FreeOtpImporter` (its "v2" path). Despite the
//! name the file is not XML but one Java-serialized
//! `HashMap<String, String>` (read by [`super::java_serial`]) whose values
//! are JSON text:
//!
//! - `masterKey`: `{mAlgorithm, mIterations, mSalt, mEncryptedKey}`. The
//!   key-encryption key is `mAlgorithm` (`PBKDF2withHmacSHA1` on Android
//!   6–7.1, `PBKDF2withHmacSHA512` from 8.0) of the UTF-8 password over
//!   `mSalt` (32 bytes; the key is as long as the salt), 100,000 iterations.
//! - `mEncryptedKey` and every token's key are an `EncryptedKey`:
//!   `{mCipher: "AES/GCM/NoPadding", mCipherText, mParameters, mToken}`.
//!   `mCipherText` is ciphertext‖tag; the additional data is the UTF-8 of
//!   `mToken`, the wrapped key's Java algorithm name (`"AES"` for the
//!   master key, `"HmacSHA1"` etc. for a token's secret). `mParameters` is
//!   the DER encoding of the cipher's parameters: `GCMParameters ::=
//!   SEQUENCE { nonce OCTET STRING, tagLength INTEGER }` (RFC 5084), or on
//!   Android 6 only the bare `OCTET STRING` nonce.
//! - `<uuid>`: `{"key": "<EncryptedKey as JSON text>"}`, the token's secret
//!   under the master key; `<uuid>-token`: the token's metadata, the same
//!   object as FreeOTP+'s (`issuerExt`, `issuerInt`, `label`, `type`,
//!   `algo`, `digits`, `period`, `counter`) without `secret`. Old tokens
//!   may lack `algo`, `digits` and `period`: the otpauth defaults apply.
//!
//! Byte arrays are JSON lists of signed bytes (Java's `byte[]` via Gson).
//! Lost in conversion: token order (a `HashMap` has none; entries keep the
//! file's order) and images. The HOTP counter is kept as stored (FreeOTP 2
//! stores the counter of the next code, unlike FreeOTP 1.x).

use omamori_otp::Account;
use serde_json::Value;
use zeroize::Zeroizing;

use super::freeotp_plus::{convert_token_with_secret, issuer};
use super::java_serial::{self, JavaStringMap};
use crate::convert::{self, label};
use crate::crypto::{self, CryptoError, Hash};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported, MAX_ENTRIES};

const DECLARATION: Declaration = Declaration::new(
    Format::FreeOtp2,
    "freeotp2",
    "FreeOTP 2 backup",
    Encryption::Always,
);
const FORMAT: Format = DECLARATION.format;

/// The map key of the password-protected master key.
const MASTER_KEY: &str = "masterKey";
/// The suffix of a token's metadata key.
const TOKEN_SUFFIX: &str = "-token";
/// The only cipher FreeOTP uses.
const CIPHER: &str = "AES/GCM/NoPadding";
/// The start of every FreeOTP 2 backup: stream magic and version,
/// `TC_OBJECT`, `TC_CLASSDESC` and the class name `java.util.HashMap`.
const HEADER: &[u8] = b"\xAC\xED\x00\x05\x73\x72\x00\x11java.util.HashMap";

/// The FreeOTP 2 backup importer.
pub struct FreeOtp2;

impl Importer for FreeOtp2 {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        // A serialized HashMap is all the magic there is; FreeOTP is the
        // only authenticator that writes one. Every backup is encrypted.
        bytes.starts_with(HEADER).then_some(Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: true,
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        // Two map entries per token, plus the master key.
        let map = java_serial::read_string_map(bytes, 2 * MAX_ENTRIES + 1)
            .map_err(|e| ImportError::malformed(FORMAT, e.to_string()))?;
        let master = MasterKey::read(&map)?;
        let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
        let master_key = master.unwrap(password)?;
        // Orphaned details (`<uuid>-token` without its key) are tokens too:
        // a hostile map of them alone could hold twice the cap.
        let tokens: Vec<Token<'_>> = tokens(&map).take(MAX_ENTRIES + 1).collect();
        let entries = tokens
            .iter()
            .enumerate()
            .map(|(i, token)| token.convert(i + 1, &master_key))
            .collect();
        Ok(Imported {
            format: FORMAT,
            entries,
        })
    }
}

/// A JSON list of Java bytes (signed; unsigned values are accepted too).
fn java_bytes(value: &Value, what: &str) -> Result<Vec<u8>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("{what} is not a list of bytes"))?
        .iter()
        .map(|b| {
            b.as_i64()
                .filter(|b| (-128..=255).contains(b))
                .map(|b| b as u8)
                .ok_or_else(|| format!("{what} is not a list of bytes"))
        })
        .collect()
}

/// The AES-GCM nonce in a DER `mParameters`: `SEQUENCE { OCTET STRING,
/// INTEGER }` (the tag length in bytes, which must be 16) or, as Android 6
/// writes it, the bare `OCTET STRING`. Nothing else is accepted, so this
/// reads two levels at most and every length is checked against the bytes.
fn gcm_nonce(der: &[u8]) -> Result<Vec<u8>, String> {
    const SEQUENCE: u8 = 0x30;
    const OCTET_STRING: u8 = 0x04;
    const INTEGER: u8 = 0x02;
    let bad = || "the GCM parameters are not DER GCMParameters".to_owned();

    /// One DER element: (tag, contents, rest). Lengths up to 2^16 − 1.
    fn element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let (&tag, rest) = der.split_first()?;
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = match first {
            0x00..=0x7F => (usize::from(first), rest),
            0x81 => {
                let (&len, rest) = rest.split_first()?;
                (usize::from(len), rest)
            }
            0x82 => {
                let len = rest.get(..2)?;
                (
                    usize::from(u16::from_be_bytes([len[0], len[1]])),
                    &rest[2..],
                )
            }
            _ => return None,
        };
        (len <= rest.len()).then(|| (tag, &rest[..len], &rest[len..]))
    }

    let (tag, contents, rest) = element(der).ok_or_else(bad)?;
    if !rest.is_empty() {
        return Err(bad());
    }
    match tag {
        OCTET_STRING => Ok(contents.to_vec()),
        SEQUENCE => {
            let (tag, nonce, rest) = element(contents).ok_or_else(bad)?;
            if tag != OCTET_STRING {
                return Err(bad());
            }
            if !rest.is_empty() {
                // RFC 5084's default tag length (12 bytes) applies when the
                // INTEGER is absent; ring only does 16-byte tags.
                let (tag, length, rest) = element(rest).ok_or_else(bad)?;
                if tag != INTEGER || !rest.is_empty() {
                    return Err(bad());
                }
                if length != [16] {
                    return Err("only 16-byte GCM tags are supported".into());
                }
            } else {
                return Err("only 16-byte GCM tags are supported".into());
            }
            Ok(nonce.to_vec())
        }
        _ => Err(bad()),
    }
}

/// An `EncryptedKey` object: a key wrapped with AES-GCM.
struct EncryptedKey {
    ciphertext: Vec<u8>,
    nonce: Vec<u8>,
    /// The wrapped key's algorithm name, also the additional data.
    token: String,
}

impl EncryptedKey {
    fn read(value: &Value) -> Result<Self, String> {
        let cipher = value["mCipher"].as_str().unwrap_or_default();
        if cipher != CIPHER {
            return Err(format!("the cipher {cipher:?} is not {CIPHER}"));
        }
        Ok(EncryptedKey {
            ciphertext: java_bytes(&value["mCipherText"], "mCipherText")?,
            nonce: gcm_nonce(&java_bytes(&value["mParameters"], "mParameters")?)?,
            token: value["mToken"]
                .as_str()
                .ok_or("mToken is missing")?
                .to_owned(),
        })
    }

    fn open(&self, key: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        crypto::aes_gcm_open(key, &self.nonce, self.token.as_bytes(), &self.ciphertext)
    }
}

/// The `masterKey` entry.
struct MasterKey {
    hash: Hash,
    iterations: u64,
    salt: Vec<u8>,
    key: EncryptedKey,
}

impl MasterKey {
    fn read(map: &JavaStringMap) -> Result<Self, ImportError> {
        let malformed = |reason: String| ImportError::malformed(FORMAT, reason);
        let text = map
            .get(MASTER_KEY)
            .ok_or_else(|| malformed("no masterKey entry".into()))?;
        let value: Value = serde_json::from_str(text)
            .map_err(|_| malformed("the masterKey entry is not JSON".into()))?;
        let hash = match value["mAlgorithm"].as_str() {
            Some("PBKDF2withHmacSHA1") => Hash::Sha1,
            Some("PBKDF2withHmacSHA512") => Hash::Sha512,
            other => {
                return Err(ImportError::Unsupported {
                    format: FORMAT,
                    reason: format!("unknown key derivation {}", other.unwrap_or("(none)")),
                });
            }
        };
        let iterations = value["mIterations"]
            .as_u64()
            .filter(|&i| i > 0)
            .ok_or_else(|| malformed("mIterations is not a positive number".into()))?;
        // Checked now, before a password is even asked for.
        crypto::check_pbkdf2(FORMAT, hash, iterations)
            .map_err(|e| ImportError::crypto(FORMAT, e))?;
        let salt = java_bytes(&value["mSalt"], "mSalt").map_err(malformed)?;
        // The derived key is as long as the salt; FreeOTP always uses 32
        // bytes, and AES-256 keys are what the cipher below takes.
        if salt.len() != 32 {
            return Err(ImportError::Unsupported {
                format: FORMAT,
                reason: format!("a {}-byte salt (FreeOTP writes 32)", salt.len()),
            });
        }
        let key = EncryptedKey::read(&value["mEncryptedKey"]).map_err(malformed)?;
        Ok(MasterKey {
            hash,
            iterations,
            salt,
            key,
        })
    }

    /// Derives the password key and unwraps the master key with it.
    fn unwrap(&self, password: &str) -> Result<Zeroizing<Vec<u8>>, ImportError> {
        let mut kek = Zeroizing::new([0u8; 32]);
        crypto::pbkdf2(
            &crypto::Budget::new(FORMAT),
            self.hash,
            password.as_bytes(),
            &self.salt,
            self.iterations,
            kek.as_mut(),
        )
        .map_err(|e| ImportError::crypto(FORMAT, e))?;
        let master = self
            .key
            .open(kek.as_ref())
            .map_err(|e| ImportError::crypto(FORMAT, e))?;
        if master.len() != 32 {
            return Err(ImportError::malformed(
                FORMAT,
                format!("the master key is {} bytes, not 32", master.len()),
            ));
        }
        Ok(master)
    }
}

/// One token of the file: its encrypted key and metadata, either of which
/// may be missing or damaged.
struct Token<'a> {
    key: Option<&'a str>,
    meta: Option<&'a str>,
}

/// The tokens in file order: every `<uuid>` whose value holds a `key`, and
/// every `<uuid>-token` (so a token missing either half is reported).
fn tokens(map: &JavaStringMap) -> impl Iterator<Item = Token<'_>> {
    let is_key_entry =
        |value: &str| serde_json::from_str::<Value>(value).is_ok_and(|v| v.get("key").is_some());
    map.iter().filter_map(move |(name, value)| {
        if name == MASTER_KEY {
            None
        } else if let Some(base) = name.strip_suffix(TOKEN_SUFFIX) {
            // Reported with its key entry, unless that is missing.
            map.get(base).is_none().then_some(Token {
                key: None,
                meta: Some(value),
            })
        } else if is_key_entry(value) {
            Some(Token {
                key: Some(value),
                meta: map.get(&format!("{name}{TOKEN_SUFFIX}")),
            })
        } else {
            // Something FreeOTP may add one day that is not a token.
            None
        }
    })
}

impl Token<'_> {
    fn convert(&self, position: usize, master_key: &[u8]) -> Entry {
        let meta: Option<Value> = self.meta.and_then(|m| serde_json::from_str(m).ok());
        let entry_label = meta.as_ref().map_or_else(
            || "(unnamed)".to_owned(),
            |m| label(issuer(m), m["label"].as_str().unwrap_or_default()),
        );
        let result = self.account(meta.as_ref(), master_key);
        Entry::new(position, entry_label, result)
    }

    fn account(&self, meta: Option<&Value>, master_key: &[u8]) -> Result<Account, EntryError> {
        let meta = meta
            .filter(|m| m.is_object())
            .ok_or_else(|| EntryError::Invalid("the token's details are missing".into()))?;
        let key = self.key.ok_or(EntryError::MissingSecret)?;
        // `{"key": "<JSON text>"}`: the EncryptedKey is JSON inside a string.
        let outer: Value = serde_json::from_str(key)
            .map_err(|_| EntryError::Invalid("the token's key is not JSON".into()))?;
        let inner: Value = serde_json::from_str(outer["key"].as_str().unwrap_or_default())
            .map_err(|_| EntryError::Invalid("the token's key is not JSON".into()))?;
        let encrypted = EncryptedKey::read(&inner).map_err(EntryError::Invalid)?;
        let secret = encrypted.open(master_key).map_err(|_| {
            EntryError::Invalid("the token's key does not decrypt: the file is damaged".into())
        })?;
        convert_token_with_secret(meta, convert::secret_bytes(secret.to_vec())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcm_parameters_as_each_android_writes_them() {
        let nonce: Vec<u8> = (1..=12).collect();
        let mut sequence = vec![0x30, 17, 0x04, 12];
        sequence.extend_from_slice(&nonce);
        sequence.extend_from_slice(&[0x02, 1, 16]);
        assert_eq!(gcm_nonce(&sequence).unwrap(), nonce);
        let mut bare = vec![0x04, 12];
        bare.extend_from_slice(&nonce);
        assert_eq!(gcm_nonce(&bare).unwrap(), nonce);
        // Long-form lengths are read too.
        let mut long = vec![0x04, 0x81, 12];
        long.extend_from_slice(&nonce);
        assert_eq!(gcm_nonce(&long).unwrap(), nonce);
    }

    #[test]
    fn hostile_gcm_parameters_are_refused() {
        let cases: &[&[u8]] = &[
            &[],
            &[0x04],
            &[0x04, 13, 1, 2],                      // length beyond the bytes
            &[0x04, 0x82, 0xFF, 0xFF, 1],           // long length beyond the bytes
            &[0x04, 0x84, 0, 0, 0, 1, 1],           // 4-byte lengths are not read
            &[0x04, 1, 1, 0],                       // trailing byte
            &[0x30, 3, 0x04, 1, 1],                 // no tag length: 12 bytes
            &[0x30, 6, 0x04, 1, 1, 0x02, 1, 12],    // 12-byte tag
            &[0x30, 5, 0x30, 3, 0x04, 1, 1],        // nested sequence
            &[0x02, 1, 16],                         // not a nonce at all
            &[0x30, 6, 0x04, 1, 1, 0x02, 1, 16, 0], // trailing inside
        ];
        for der in cases {
            assert!(gcm_nonce(der).is_err(), "{der:?}");
        }
    }

    #[test]
    fn java_bytes_are_signed_or_unsigned() {
        let v: Value = serde_json::json!([-1, 0, 127, -128, 255]);
        assert_eq!(java_bytes(&v, "x").unwrap(), vec![255, 0, 127, 128, 255]);
        assert!(java_bytes(&serde_json::json!([256]), "x").is_err());
        assert!(java_bytes(&serde_json::json!("AQ=="), "x").is_err());
    }
}
