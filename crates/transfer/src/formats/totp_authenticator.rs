//! TOTP Authenticator (com.authenticator.authservice2) encrypted backups.
//!
//! Upstream: layout as read by Aegis's `TotpAuthenticatorImporter`
//! (<https://github.com/beemdevelopment/Aegis>). The file is base64 text of
//! AES-256-CBC (zero IV) ciphertext under SHA-256(password); the plaintext
//! is a JSON object whose one key is itself JSON text: an array of
//! `{issuer, name, key, base, digits, period}` where `key` is hex when
//! `base` is 16 and base32 otherwise.
//!
//! The app's internal preferences file
//! (`shared_prefs/TOTP_Authenticator_Preferences.xml` on a rooted phone) is
//! read too: its `STATIC_TOTP_CODES_LIST` string is the same array, in
//! clear.
//!
//! Lost in conversion: icons, favourites, widgets. The app computes only
//! SHA1, 6-digit, 30-second codes whatever `digits` and `period` say, so
//! those stored values are ignored (as Aegis does); names are as the app stored them (lower case).

use omamori_otp::Kind;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::convert::{self, Draft, label};
use crate::crypto;
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::TotpAuthenticator,
    "totp-authenticator",
    "TOTP Authenticator",
    Encryption::Always,
);
const FORMAT: Format = DECLARATION.format;

/// The TOTP Authenticator importer.
pub struct TotpAuthenticator;

fn ciphertext(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?.trim();
    if text.is_empty()
        || !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=\r\n".contains(&b))
    {
        return None;
    }
    convert::base64_decode(text).filter(|c| !c.is_empty() && c.len() % 16 == 0)
}

impl Importer for TotpAuthenticator {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        if internal_list(bytes).is_some() {
            return Some(Detected {
                format: FORMAT,
                confidence: Confidence::Strong,
                encrypted: false,
            });
        }
        // Only base64 text: a weak hint, any other importer wins.
        ciphertext(bytes).map(|_| Detected {
            format: FORMAT,
            confidence: Confidence::Weak,
            encrypted: true,
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        if let Some(list) = internal_list(bytes) {
            let tokens: Value = serde_json::from_str(&list)
                .map_err(|_| ImportError::malformed(FORMAT, "the account list is not JSON"))?;
            return convert_list(&tokens);
        }
        let ciphertext = ciphertext(bytes)
            .ok_or_else(|| ImportError::malformed(FORMAT, "not base64 text of AES blocks"))?;
        let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
        let key = Zeroizing::new(crypto::sha256(password.as_bytes()));
        let plain = crypto::aes_cbc_decrypt(key.as_ref(), &[0u8; 16], &ciphertext)
            .map_err(|e| ImportError::crypto(FORMAT, e))?;
        // CBC has no authentication: a wrong password shows up here.
        let outer: Value = serde_json::from_slice(&plain)
            .map_err(|_| ImportError::Decryption { format: FORMAT })?;
        let inner = outer
            .as_object()
            .and_then(|o| o.keys().next())
            .ok_or(ImportError::Decryption { format: FORMAT })?;
        let tokens: Value = serde_json::from_str(inner)
            .map_err(|_| ImportError::malformed(FORMAT, "the account list is not JSON"))?;
        convert_list(&tokens)
    }
}

/// The `STATIC_TOTP_CODES_LIST` text of the app's preferences file.
fn internal_list(bytes: &[u8]) -> Option<String> {
    if !bytes.trim_ascii_start().starts_with(b"<") {
        return None;
    }
    let strings = super::android_prefs::strings(bytes)?;
    super::android_prefs::find(&strings, "STATIC_TOTP_CODES_LIST").map(str::to_owned)
}

fn convert_list(tokens: &Value) -> Result<Imported, ImportError> {
    {
        let tokens = tokens
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "the account list is not a list"))?;
        Ok(Imported::numbered(FORMAT, tokens, |token| {
            let issuer = token["issuer"].as_str().unwrap_or_default();
            let name = token["name"].as_str().unwrap_or_default();
            (label(issuer, name), convert_token(token))
        }))
    }
}

fn convert_token(token: &Value) -> Result<omamori_otp::Account, EntryError> {
    let key = token["key"].as_str().unwrap_or_default();
    let secret = match convert::json_int(token.get("base")) {
        Some(Ok(16)) => convert::secret_hex(key)?,
        _ => convert::secret_base32(key)?,
    };
    // The app computes SHA1, 6 digits, 30 s whatever the token says (as
    // Aegis's importer and test assume), so the stored digits and period
    // are not used.
    Draft::new(
        Kind::Totp,
        token["issuer"].as_str().unwrap_or_default(),
        token["name"].as_str().unwrap_or_default(),
        secret,
    )
    .finish()
}
