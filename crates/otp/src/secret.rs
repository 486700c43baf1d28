//! The shared secret of an account, and setup keys: the RFC 4648 base32 text
//! a service shows under its QR code (セットアップキー) for people to type.
//!
//! A [`Secret`] wipes its bytes when dropped, prints as `Secret(<redacted>)`,
//! and cannot be serialized by accident: the only way out as text is
//! [`Secret::to_base32`] or the [`serde_exposed`] module, which storage and
//! export code name on purpose in a `#[serde(with = ...)]` attribute.

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

/// The fewest key bits a typed setup key may carry. RFC 4226 asks for 128
/// and recommends 160; real services issue 10-byte keys, so 80 is accepted.
pub const MIN_SETUP_KEY_BITS: usize = 80;

/// The most key bytes accepted from any source. HMAC keys longer than the
/// hash block are hashed anyway; this only bounds hostile input.
pub const MAX_SECRET_BYTES: usize = 1024;

const BASE32_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A shared HOTP/TOTP key. Zeroized on drop; `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wraps raw key bytes (the caller's buffer moves in and is wiped later).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }

    /// Parses a setup key typed by a person: base32, case-insensitive,
    /// spaces and hyphens ignored, `=` padding optional, at least
    /// [`MIN_SETUP_KEY_BITS`] of key.
    pub fn from_setup_key(text: &str) -> Result<Self, SetupKeyError> {
        let secret = Self::from_base32(text)?;
        if secret.len() * 8 < MIN_SETUP_KEY_BITS {
            return Err(SetupKeyError::TooShort {
                bits: secret.len() * 8,
            });
        }
        Ok(secret)
    }

    /// Parses base32 like [`Secret::from_setup_key`] but accepts any
    /// non-empty key; for files written by other apps, which sometimes hold
    /// short keys (Steam test accounts, old services) that still work.
    pub fn from_base32(text: &str) -> Result<Self, SetupKeyError> {
        let bytes = decode_base32(text)?;
        if bytes.is_empty() {
            return Err(SetupKeyError::Empty);
        }
        if bytes.len() > MAX_SECRET_BYTES {
            return Err(SetupKeyError::TooLong { bytes: bytes.len() });
        }
        Ok(Secret(bytes))
    }

    /// The raw key, for computing codes and for storage code.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The key as upper-case base32 without padding, the form otpauth URIs
    /// and setup keys use. Wiped when the returned value is dropped.
    pub fn to_base32(&self) -> Zeroizing<String> {
        encode_base32(&self.0)
    }

    /// Key length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the key is empty (never true for a parsed key).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Why a setup key (or a `secret=` value) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupKeyError {
    /// Nothing but spaces, hyphens or padding.
    #[error("the setup key is empty")]
    Empty,
    /// A character outside A–Z and 2–7. `position` counts characters from 1
    /// in the text as given, so it matches what the person sees. The
    /// message names the position only: an error message ends up in
    /// terminals, logs and reports, and must never carry a character of a
    /// key (issue 11); `character` is there for a UI that highlights the
    /// person's own input.
    #[error("character {position} of the setup key is not a base32 letter (A–Z, 2–7)")]
    InvalidCharacter { character: char, position: usize },
    /// A `=` followed by something other than more padding.
    #[error(
        "character {position} of the setup key comes after '=' padding, which may only end a key"
    )]
    MisplacedPadding { position: usize },
    /// A number of base32 characters no encoder produces (1, 3 or 6 more than
    /// a multiple of 8): a character was probably missed or typed twice.
    #[error(
        "the setup key has {characters} characters, which no valid key has; check for a missing or extra character"
    )]
    InvalidLength { characters: usize },
    /// Fewer than [`MIN_SETUP_KEY_BITS`] of key.
    #[error("the setup key holds only {bits} bits; at least 80 are needed")]
    TooShort { bits: usize },
    /// More than [`MAX_SECRET_BYTES`].
    #[error("the setup key is {bytes} bytes long, more than the 1024 accepted")]
    TooLong { bytes: usize },
}

fn decode_base32(text: &str) -> Result<Zeroizing<Vec<u8>>, SetupKeyError> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() * 5 / 8 + 1));
    let mut buffer: u64 = 0;
    let mut bits = 0u32;
    let mut characters = 0usize;
    let mut padding_at: Option<usize> = None;
    for (index, c) in text.chars().enumerate() {
        let position = index + 1;
        if c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r' {
            continue;
        }
        if c == '=' {
            padding_at.get_or_insert(position);
            continue;
        }
        if padding_at.is_some() {
            return Err(SetupKeyError::MisplacedPadding { position });
        }
        let value = match c.to_ascii_uppercase() {
            u @ 'A'..='Z' => u as u64 - 'A' as u64,
            d @ '2'..='7' => d as u64 - '2' as u64 + 26,
            _ => {
                return Err(SetupKeyError::InvalidCharacter {
                    character: c,
                    position,
                });
            }
        };
        characters += 1;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
        if out.len() > MAX_SECRET_BYTES {
            return Err(SetupKeyError::TooLong {
                bytes: characters * 5 / 8,
            });
        }
    }
    buffer.zeroize();
    if matches!(characters % 8, 1 | 3 | 6) {
        return Err(SetupKeyError::InvalidLength { characters });
    }
    Ok(out)
}

fn encode_base32(bytes: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(bytes.len().div_ceil(5) * 8));
    let mut buffer: u64 = 0;
    let mut bits = 0u32;
    for &byte in bytes {
        buffer = (buffer << 8) | u64::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32_ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(BASE32_ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    buffer.zeroize();
    out
}

/// The one named way to put a [`Secret`] into a serialized record, as
/// unpadded base32: `#[serde(with = "omamori_otp::serde_exposed")]`.
/// Only the vault's encrypted content and deliberate exports use it.
pub mod serde_exposed {
    use serde::{Deserialize, Deserializer, Serializer};
    use zeroize::Zeroizing;

    use super::Secret;

    /// Writes the secret as unpadded upper-case base32.
    pub fn serialize<S: Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&secret.to_base32())
    }

    /// Reads a secret written by [`serialize`] (any valid base32).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        let text = Zeroizing::new(String::deserialize(deserializer)?);
        Secret::from_base32(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_rfc4648_vectors() {
        let cases: &[(&str, &[u8])] = &[
            ("MY======", b"f"),
            ("MZXQ====", b"fo"),
            ("MZXW6===", b"foo"),
            ("MZXW6YQ=", b"foob"),
            ("MZXW6YTB", b"fooba"),
            ("MZXW6YTBOI======", b"foobar"),
        ];
        for (text, bytes) in cases {
            assert_eq!(decode_base32(text).unwrap().as_slice(), *bytes, "{text}");
            let unpadded = text.trim_end_matches('=');
            assert_eq!(encode_base32(bytes).as_str(), unpadded);
        }
    }

    #[test]
    fn setup_key_forgives_case_spaces_and_hyphens() {
        let typed = "jbsw y3dp-ehpk 3pxp jbsw y3dp";
        let clean = Secret::from_setup_key("JBSWY3DPEHPK3PXPJBSWY3DP").unwrap();
        assert_eq!(Secret::from_setup_key(typed).unwrap(), clean);
    }

    #[test]
    fn setup_key_error_names_character_and_position() {
        let err = Secret::from_setup_key("JBSWY3DP EHPK3PX1").unwrap_err();
        assert_eq!(
            err,
            SetupKeyError::InvalidCharacter {
                character: '1',
                position: 17
            }
        );
        assert!(err.to_string().contains("character 17"));
        let err = Secret::from_setup_key("ｊBSWY3DPEHPK3PXP").unwrap_err();
        assert_eq!(
            err,
            SetupKeyError::InvalidCharacter {
                character: 'ｊ',
                position: 1
            }
        );
    }

    #[test]
    fn setup_key_needs_80_bits() {
        assert_eq!(
            Secret::from_setup_key("JBSWY3DPEHPK3PXPA").unwrap_err(),
            SetupKeyError::InvalidLength { characters: 17 }
        );
        assert_eq!(
            Secret::from_setup_key("JBSWY3DPEHPK3PX").unwrap_err(),
            SetupKeyError::TooShort { bits: 72 }
        );
        assert_eq!(
            Secret::from_setup_key("JBSWY3DPEHPK3").unwrap_err(),
            SetupKeyError::TooShort { bits: 64 }
        );
        assert_eq!(
            Secret::from_setup_key("JBSWY3DPEHPK3PXP").unwrap().len(),
            10
        );
        assert_eq!(Secret::from_base32("STEAMKEY").unwrap().len(), 5);
    }

    #[test]
    fn padding_only_at_the_end() {
        assert_eq!(
            Secret::from_base32("MZ=XW6YTB").unwrap_err(),
            SetupKeyError::MisplacedPadding { position: 4 }
        );
        assert_eq!(
            Secret::from_base32("====").unwrap_err(),
            SetupKeyError::Empty
        );
    }

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::from_bytes(b"super secret".to_vec());
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    }
}
