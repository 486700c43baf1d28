//! The shared secret of an account, and setup keys: the RFC 4648 base32 text
//! a service shows under its QR code (セットアップキー) for people to type.
//!
//! The rules a setup key is read by (the same for a typed key and for the
//! `secret=` of a URI; `docs/otpauth-rules.md` gives the reasons):
//!
//! - Unicode NFKC first, so full-width letters, digits and spaces typed with
//!   a Japanese IME (`ＧＥＺＤ　ＧＮＢＶ`) read as ASCII;
//! - white space, hyphens and dashes (also `ー`) only separate groups;
//! - letters in any case; `=` padding optional, and only at the end;
//! - 1, 3 or 6 letters past a multiple of 8 is refused (no encoder writes
//!   that: a letter is missing or doubled);
//! - at most [`MAX_SECRET_BYTES`]; a *typed* key also needs at least
//!   [`MIN_SETUP_KEY_BITS`], because a short typed key is nearly always an
//!   incomplete one.
//!
//! A [`Secret`] wipes its bytes when dropped, prints as `Secret(<redacted>)`,
//! and cannot be serialized by accident: the only way out as text is
//! [`Secret::to_base32`] or the [`serde_exposed`] module, which storage and
//! export code name on purpose in a `#[serde(with = ...)]` attribute.

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

use crate::input;

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

    /// Parses a setup key typed by a person: base32 read by the module's
    /// rules (full-width forms, any case, separators ignored, `=` padding
    /// optional), at least [`MIN_SETUP_KEY_BITS`] of key.
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
    /// non-empty key: for keys a machine copied (a QR code, another app's
    /// file), where a short key is the issuer's choice, not a typing slip,
    /// and refusing it would leave the person without codes.
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

/// Why a setup key (or a `secret=` value) was refused. Each variant carries
/// what a person needs to find the mistake as data (a position, the one
/// offending character, a [`KeyHint`]), so the app can say it in its own
/// words; `Display` is the English sentence the CLI prints. No variant
/// holds more of the key than the single character that is wrong.
///
/// Positions count the *letters* of the key from 1: spaces, hyphens and
/// other separators are not counted, so the 8th letter is 8 however the
/// key was grouped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SetupKeyError {
    /// Nothing but spaces, hyphens or padding.
    #[error("the setup key is empty")]
    Empty,
    /// A character outside A–Z and 2–7 (after full-width forms are read as
    /// ASCII), with a hint when it is a usual confusion (0 for O…). The
    /// message and the serialised form name the position and the hint
    /// only: an error message ends up in terminals, logs and reports, and
    /// must never carry a character of a key (issue 11); `character` is
    /// there for a UI that highlights the person's own input.
    #[error("letter {position} of the setup key is not used in setup keys (A–Z, 2–7){}", hint_text(*.hint))]
    InvalidCharacter {
        #[serde(skip)]
        character: char,
        position: usize,
        hint: Option<KeyHint>,
    },
    /// A `=` followed by something other than more padding.
    #[error("letter {position} of the setup key comes after '=' padding, which may only end a key")]
    MisplacedPadding { position: usize },
    /// A number of base32 letters no encoder produces (1, 3 or 6 more than
    /// a multiple of 8): a letter was probably missed or typed twice.
    #[error(
        "the setup key has {characters} letters, which no valid key has; check for a missing or extra letter"
    )]
    InvalidLength { characters: usize },
    /// Fewer than [`MIN_SETUP_KEY_BITS`] of key in a typed setup key.
    #[error("the setup key holds only {bits} bits; at least 80 are needed")]
    TooShort { bits: usize },
    /// More than [`MAX_SECRET_BYTES`].
    #[error("the setup key is {bytes} bytes long, more than the 1024 accepted")]
    TooLong { bytes: usize },
}

/// The letters a character that base32 does not use was probably meant to
/// be. Base32 (RFC 4648) leaves out 0, 1 and 8 precisely because they look
/// like O, I/L and B; people copying a key by eye type them anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyHint {
    /// `0` (zero): the letter O.
    LetterO,
    /// `1` (one): the letter I or L.
    LetterIOrL,
    /// `8` (eight): the letter B.
    LetterB,
}

impl KeyHint {
    /// The hint for a character, if it is a usual confusion.
    pub fn for_character(c: char) -> Option<KeyHint> {
        match c {
            '0' => Some(KeyHint::LetterO),
            '1' => Some(KeyHint::LetterIOrL),
            '8' => Some(KeyHint::LetterB),
            _ => None,
        }
    }

    /// The letters meant, in the order to suggest them.
    pub fn letters(self) -> &'static [char] {
        match self {
            KeyHint::LetterO => &['O'],
            KeyHint::LetterIOrL => &['I', 'L'],
            KeyHint::LetterB => &['B'],
        }
    }
}

/// Serialised as the list of letters meant (`["I","L"]`), which a UI puts
/// in its own sentence.
impl serde::Serialize for KeyHint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.letters())
    }
}

/// The message's hint for a usual confusion. It is the same for 0, 1 and 8
/// and names no letter for the position: "probably the letter O" would be
/// a character of the key, and messages end up in terminals, logs and
/// reports (issue 11). The letters themselves are in the error's `hint`,
/// for a UI that shows them beside the person's own input.
fn hint_text(hint: Option<KeyHint>) -> &'static str {
    match hint {
        Some(_) => "; the digits 0, 1 and 8 are usually a misread letter O, I or L, or B",
        None => "",
    }
}

/// Decodes base32 as the module documentation describes: NFKC first (so
/// full-width text reads as ASCII), separators skipped, any case, `=`
/// padding only at the end.
fn decode_base32(text: &str) -> Result<Zeroizing<Vec<u8>>, SetupKeyError> {
    let text = input::nfkc_secret(text);
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() * 5 / 8 + 1));
    let mut buffer: u64 = 0;
    let mut bits = 0u32;
    let mut characters = 0usize;
    // Letters and padding seen so far: the position people count.
    let mut position = 0usize;
    let mut padded = false;
    for c in text.chars() {
        if input::is_separator(c) {
            continue;
        }
        position += 1;
        if c == '=' {
            padded = true;
            continue;
        }
        if padded {
            return Err(SetupKeyError::MisplacedPadding { position });
        }
        let value = match c.to_ascii_uppercase() {
            u @ 'A'..='Z' => u as u64 - 'A' as u64,
            d @ '2'..='7' => d as u64 - '2' as u64 + 26,
            _ => {
                return Err(SetupKeyError::InvalidCharacter {
                    character: c,
                    position,
                    hint: KeyHint::for_character(c),
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
    fn debug_is_redacted() {
        let secret = Secret::from_bytes(b"super secret".to_vec());
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    }
}
