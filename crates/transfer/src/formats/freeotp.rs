//! FreeOTP 1.x's token store (`shared_prefs/tokens.xml`), which FreeOTP+
//! also uses internally.
//!
//! Upstream: freeotp/freeotp-android 1.x `TokenPersistence.java` (and
//! helloworld1/FreeOTPPlus, which kept it), as read by Aegis's
//! `FreeOtpImporter`: an Android preferences `<map>` whose `<string>`
//! elements are named `issuer:label` and hold one token as JSON text —
//! the same token object as the FreeOTP+ JSON export (secret as signed
//! bytes) — plus a `tokenOrder` string that is not a token.
//!
//! Lost in conversion: token order and images. The HOTP counter is kept as
//! stored (FreeOTP stores the counter of the next code).

use serde_json::Value;

use super::android_prefs;
use super::freeotp_plus::{convert_token, issuer};
use crate::convert::label;
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, ImportError, Imported};

const DECLARATION: Declaration =
    Declaration::new(Format::FreeOtp, "freeotp", "FreeOTP", Encryption::Never);
const FORMAT: Format = DECLARATION.format;

/// The FreeOTP 1.x / FreeOTP+ internal token store importer.
pub struct FreeOtp;

/// The token JSON values of the file, in file order.
fn tokens(strings: &[(String, String)]) -> Vec<Value> {
    strings
        .iter()
        .filter(|(name, _)| name != "tokenOrder")
        .filter_map(|(_, text)| serde_json::from_str::<Value>(text).ok())
        .filter(|token| token.get("secret").is_some())
        .collect()
}

impl Importer for FreeOtp {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let strings = android_prefs::strings(bytes)?;
        (!tokens(&strings).is_empty()).then_some(Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: false,
        })
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        let strings = android_prefs::strings(bytes)
            .ok_or_else(|| ImportError::malformed(FORMAT, "not an Android preferences file"))?;
        let entries = tokens(&strings)
            .iter()
            .enumerate()
            .map(|(i, token)| {
                let name = token["label"].as_str().unwrap_or_default();
                Entry::new(i + 1, label(issuer(token), name), convert_token(token))
            })
            .collect();
        Ok(Imported {
            format: FORMAT,
            entries,
        })
    }
}
