//! The outer vault file (docs/vault-format.md, "Outer file"): parsing with
//! every bound checked, and writing. Parsing is pure (bytes in, typed
//! envelope out) so it can be fuzzed; it never decrypts and never runs the
//! KDF. The header's exact bytes are kept for use as AAD, never
//! re-serialized.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use omamori_otp::AccountId;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::Error;
use crate::crypto::{
    KdfParams, MAX_SALT_LEN, MIN_SALT_LEN, NONCE_LEN, WRAPPED_KEY_LEN,
};

/// The `format` value of every vault file.
pub const FORMAT: &str = "omamori-vault";
/// The outer file format version this build reads and writes.
pub const FILE_VERSION: u64 = 1;
/// Largest file accepted before parsing (bounds memory on hostile input).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most slots a header may hold.
pub const MAX_SLOTS: usize = 8;

const CONTENT_AAD_PREFIX: &[u8] = b"omamori-vault.v1\n";

/// A password slot: Argon2id parameters, salt, and the wrapped master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordSlot {
    pub params: KdfParams,
    pub salt: Vec<u8>,
    pub nonce: [u8; NONCE_LEN],
    pub wrapped_key: [u8; WRAPPED_KEY_LEN],
}

/// A keyring slot: where the keyring key lives, and the wrapped master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyringSlot {
    pub backend: String,
    pub service: String,
    pub entry: String,
    pub nonce: [u8; NONCE_LEN],
    pub wrapped_key: [u8; WRAPPED_KEY_LEN],
}

/// The authenticated header, typed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub vault_id: AccountId,
    pub password: PasswordSlot,
    pub keyring: Option<KeyringSlot>,
    pub nonce: [u8; NONCE_LEN],
}

/// A parsed vault file: the typed header, its raw bytes (the AAD), and
/// the content ciphertext.
#[derive(Debug, Clone)]
pub struct Envelope {
    pub header: Header,
    header_raw: String,
    pub ciphertext: Vec<u8>,
}

impl Envelope {
    /// The content's additional authenticated data: a version prefix and
    /// the header bytes exactly as they are in the file.
    pub fn content_aad(&self) -> Vec<u8> {
        content_aad(&self.header_raw)
    }
}

fn content_aad(header_raw: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(CONTENT_AAD_PREFIX.len() + header_raw.len());
    aad.extend_from_slice(CONTENT_AAD_PREFIX);
    aad.extend_from_slice(header_raw.as_bytes());
    aad
}

/// The AAD binding a wrapped key to its vault and slot kind.
pub fn slot_aad(kind: &str, vault_id: &AccountId) -> Vec<u8> {
    format!("omamori-vault.v1 slot {kind} {vault_id}").into_bytes()
}

// ---- wire types (serde) ----

#[derive(Deserialize)]
struct Probe {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WireFile<'a> {
    format: String,
    version: u64,
    #[serde(borrow)]
    header: &'a RawValue,
    ciphertext: String,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WireHeader {
    vault_id: String,
    slots: Vec<WireSlot>,
    nonce: String,
}

#[derive(Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum WireSlot {
    Password(WirePasswordSlot),
    Keyring(WireKeyringSlot),
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WirePasswordSlot {
    kdf: String,
    memory_kib: u32,
    iterations: u32,
    lanes: u32,
    salt: String,
    nonce: String,
    wrapped_key: String,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct WireKeyringSlot {
    backend: String,
    service: String,
    entry: String,
    nonce: String,
    wrapped_key: String,
}

fn malformed(what: impl Into<String>) -> Error {
    Error::Malformed(what.into())
}

fn decode_b64(field: &str, text: &str) -> Result<Vec<u8>, Error> {
    BASE64
        .decode(text)
        .map_err(|_| malformed(format!("{field} is not valid base64")))
}

fn decode_fixed<const N: usize>(field: &str, text: &str) -> Result<[u8; N], Error> {
    let bytes = decode_b64(field, text)?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| malformed(format!("{field} must be {N} bytes, found {}", bytes.len())))
}

fn check_name(field: &str, value: &str, max: usize) -> Result<(), Error> {
    let chars = value.chars().count();
    if chars == 0 || chars > max || value.chars().any(char::is_control) {
        return Err(malformed(format!(
            "{field} must be 1 to {max} printable characters"
        )));
    }
    Ok(())
}

/// Parses and checks a vault file. Order of checks: JSON object →
/// `format` → `version` (so a newer file says "unsupported version", not
/// "malformed") → exact shape → every field's bounds, KDF bounds last so
/// [`Error::ExcessiveWork`] is reported only for an otherwise valid file.
pub fn parse(bytes: &[u8]) -> Result<Envelope, Error> {
    if bytes.is_empty() {
        return Err(malformed("the file is empty"));
    }
    let text =
        std::str::from_utf8(bytes).map_err(|_| malformed("the file is not UTF-8 text"))?;
    let probe: Probe = serde_json::from_str(text)
        .map_err(|e| malformed(format!("not a JSON object ({e})")))?;
    match probe.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        _ => return Err(malformed("not an Omamori vault (no \"format\": \"omamori-vault\")")),
    }
    let version = probe
        .version
        .and_then(|v| v.as_u64())
        .ok_or_else(|| malformed("\"version\" is missing or not a whole number"))?;
    if version != FILE_VERSION {
        return Err(Error::UnsupportedVersion {
            part: "file format",
            found: version,
            supported: FILE_VERSION,
        });
    }
    let wire: WireFile<'_> =
        serde_json::from_str(text).map_err(|e| malformed(format!("{e}")))?;
    let header_raw = wire.header.get().to_owned();
    let wire_header: WireHeader =
        serde_json::from_str(&header_raw).map_err(|e| malformed(format!("header: {e}")))?;

    let vault_id: AccountId = wire_header
        .vault_id
        .parse()
        .map_err(|_| malformed("vault_id must be 32 hex digits"))?;
    // Only the lower-case form is written; insisting on it keeps one
    // spelling per vault id (and per keyring entry name).
    if wire_header.vault_id != vault_id.to_string() {
        return Err(malformed("vault_id must be lower-case hex"));
    }
    let nonce = decode_fixed::<NONCE_LEN>("header nonce", &wire_header.nonce)?;
    if wire_header.slots.is_empty() || wire_header.slots.len() > MAX_SLOTS {
        return Err(malformed(format!(
            "a vault has 1 to {MAX_SLOTS} slots, found {}",
            wire_header.slots.len()
        )));
    }

    let mut password: Option<(WirePasswordSlot, KdfParams)> = None;
    let mut keyring = None;
    for slot in wire_header.slots {
        match slot {
            WireSlot::Password(p) => {
                if password.is_some() {
                    return Err(malformed("more than one password slot"));
                }
                if p.kdf != "argon2id" {
                    return Err(malformed(format!("unknown KDF {:?}", p.kdf)));
                }
                let params = KdfParams {
                    memory_kib: p.memory_kib,
                    iterations: p.iterations,
                    lanes: p.lanes,
                };
                password = Some((p, params));
            }
            WireSlot::Keyring(k) => {
                if keyring.is_some() {
                    return Err(malformed("more than one keyring slot"));
                }
                check_name("keyring backend", &k.backend, 64)?;
                check_name("keyring service", &k.service, 256)?;
                check_name("keyring entry", &k.entry, 256)?;
                keyring = Some(KeyringSlot {
                    nonce: decode_fixed("keyring slot nonce", &k.nonce)?,
                    wrapped_key: decode_fixed("keyring slot wrapped_key", &k.wrapped_key)?,
                    backend: k.backend,
                    service: k.service,
                    entry: k.entry,
                });
            }
        }
    }
    let (p, params) = password.ok_or_else(|| malformed("the vault has no password slot"))?;
    let salt = decode_b64("password slot salt", &p.salt)?;
    if !(MIN_SALT_LEN..=MAX_SALT_LEN).contains(&salt.len()) {
        return Err(malformed(format!(
            "password slot salt must be {MIN_SALT_LEN} to {MAX_SALT_LEN} bytes, found {}",
            salt.len()
        )));
    }
    let password = PasswordSlot {
        params,
        salt,
        nonce: decode_fixed("password slot nonce", &p.nonce)?,
        wrapped_key: decode_fixed("password slot wrapped_key", &p.wrapped_key)?,
    };
    let ciphertext = decode_b64("ciphertext", &wire.ciphertext)?;
    if ciphertext.len() < crate::crypto::TAG_LEN {
        return Err(malformed("ciphertext is shorter than an authentication tag"));
    }
    password.params.check_readable()?;
    Ok(Envelope {
        header: Header {
            vault_id,
            password,
            keyring,
            nonce,
        },
        header_raw,
        ciphertext,
    })
}

/// Serializes a header: returns its exact bytes (written into the file and
/// used as AAD).
pub fn header_bytes(header: &Header) -> String {
    let mut slots = vec![WireSlot::Password(WirePasswordSlot {
        kdf: "argon2id".to_owned(),
        memory_kib: header.password.params.memory_kib,
        iterations: header.password.params.iterations,
        lanes: header.password.params.lanes,
        salt: BASE64.encode(&header.password.salt),
        nonce: BASE64.encode(header.password.nonce),
        wrapped_key: BASE64.encode(header.password.wrapped_key),
    })];
    if let Some(k) = &header.keyring {
        slots.push(WireSlot::Keyring(WireKeyringSlot {
            backend: k.backend.clone(),
            service: k.service.clone(),
            entry: k.entry.clone(),
            nonce: BASE64.encode(k.nonce),
            wrapped_key: BASE64.encode(k.wrapped_key),
        }));
    }
    let wire = WireHeader {
        vault_id: header.vault_id.to_string(),
        slots,
        nonce: BASE64.encode(header.nonce),
    };
    // Invariant: the wire types hold only strings and integers, which
    // always serialize.
    serde_json::to_string(&wire).expect("a header always serializes")
}

/// The content AAD for a header serialized by [`header_bytes`].
pub fn aad_for(header_raw: &str) -> Vec<u8> {
    content_aad(header_raw)
}

/// Writes the whole file: compact JSON and a trailing newline.
pub fn file_bytes(header_raw: &str, ciphertext: &[u8]) -> Vec<u8> {
    // Invariant: `header_raw` came from `header_bytes`, so it is valid JSON.
    let raw = RawValue::from_string(header_raw.to_owned()).expect("header_bytes writes JSON");
    let wire = WireFile {
        format: FORMAT.to_owned(),
        version: FILE_VERSION,
        header: &raw,
        ciphertext: BASE64.encode(ciphertext),
    };
    let mut out = serde_json::to_vec(&wire).expect("a vault file always serializes");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_header() -> Header {
        Header {
            vault_id: AccountId([0xab; 16]),
            password: PasswordSlot {
                params: KdfParams::DEFAULT,
                salt: vec![1; 32],
                nonce: [2; NONCE_LEN],
                wrapped_key: [3; WRAPPED_KEY_LEN],
            },
            keyring: Some(KeyringSlot {
                backend: "keyutils".into(),
                service: "omamori".into(),
                entry: "vault-x".into(),
                nonce: [4; NONCE_LEN],
                wrapped_key: [5; WRAPPED_KEY_LEN],
            }),
            nonce: [6; NONCE_LEN],
        }
    }

    #[test]
    fn written_files_parse_back_with_identical_header_bytes() {
        let header = sample_header();
        let raw = header_bytes(&header);
        let file = file_bytes(&raw, &[9; 40]);
        let env = parse(&file).unwrap();
        assert_eq!(env.header, header);
        assert_eq!(env.ciphertext, vec![9; 40]);
        assert_eq!(env.content_aad(), aad_for(&raw));
    }

    fn edited(f: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
        let raw = header_bytes(&sample_header());
        let mut v: serde_json::Value = serde_json::from_slice(&file_bytes(&raw, &[9; 40])).unwrap();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    }

    #[test]
    fn bad_files_give_specific_errors() {
        assert!(matches!(parse(b""), Err(Error::Malformed(_))));
        assert!(matches!(parse(b"not json"), Err(Error::Malformed(_))));
        assert!(matches!(parse(b"[1,2]"), Err(Error::Malformed(_))));
        assert!(matches!(parse(b"{\"format\":\"other\"}"), Err(Error::Malformed(_))));
        assert!(matches!(parse(&[0xff, 0xfe]), Err(Error::Malformed(_))));
        let v2 = edited(|v| v["version"] = 2.into());
        assert!(matches!(
            parse(&v2),
            Err(Error::UnsupportedVersion { found: 2, .. })
        ));
        let unknown = edited(|v| v["extra"] = 1.into());
        assert!(matches!(parse(&unknown), Err(Error::Malformed(_))));
        let no_password = edited(|v| {
            v["header"]["slots"].as_array_mut().unwrap().remove(0);
        });
        assert!(matches!(parse(&no_password), Err(Error::Malformed(_))));
        let short_nonce = edited(|v| v["header"]["nonce"] = "AAAA".into());
        assert!(matches!(parse(&short_nonce), Err(Error::Malformed(_))));
        let slot_extra = edited(|v| v["header"]["slots"][0]["x"] = 1.into());
        assert!(matches!(parse(&slot_extra), Err(Error::Malformed(_))));
        let upper_id = edited(|v| v["header"]["vault_id"] = "AB".repeat(16).into());
        assert!(matches!(parse(&upper_id), Err(Error::Malformed(_))));
        let huge = edited(|v| v["header"]["slots"][0]["memory_kib"] = (4u64 << 20).into());
        assert!(matches!(parse(&huge), Err(Error::ExcessiveWork { .. })));
        let slow = edited(|v| v["header"]["slots"][0]["iterations"] = 1_000_000_000u64.into());
        assert!(matches!(parse(&slow), Err(Error::ExcessiveWork { .. })));
        // u32 overflow in the file is a shape error, not a wrap-around.
        let overflow = edited(|v| v["header"]["slots"][0]["memory_kib"] = (1u64 << 40).into());
        assert!(matches!(parse(&overflow), Err(Error::Malformed(_))));
    }

    #[test]
    fn every_truncation_is_rejected() {
        let file = file_bytes(&header_bytes(&sample_header()), &[9; 40]);
        // Dropping only the trailing newline still leaves a valid file.
        for len in 0..file.len() - 1 {
            assert!(parse(&file[..len]).is_err(), "truncated to {len}");
        }
    }
}
