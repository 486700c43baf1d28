//! Battle.net Authenticator's Android preferences
//! (`shared_prefs/com.blizzard.messenger.authenticator_preferences.xml`).
//!
//! Upstream: layout and mask as read by Aegis's `BattleNetImporter`
//! (<https://github.com/beemdevelopment/Aegis>). The device secret and the
//! serial are "MASK"-encoded: hex bytes XORed with a fixed 56-byte key, which
//! gives ASCII hex (the secret) and ASCII text (the serial). Battle.net codes
//! are TOTP, SHA1, 8 digits, 30 s; the issuer is "Battle.net" and the account
//! the serial.
//!
//! Lost in conversion: the region and the restore code (not in this file).

use omamori_otp::Kind;

use super::android_prefs;
use crate::convert::{self, Draft, label};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::BattleNet,
    "battle-net",
    "Battle.net Authenticator",
    Encryption::Never,
);
const FORMAT: Format = DECLARATION.format;
const SECRET: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";
const SERIAL: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";

/// The fixed XOR mask of Blizzard's app (a published constant: Aegis
/// `BattleNetImporter.java`, and every tool that reads this file).
const MASK: [u8; 56] = [
    0x39, 0x8e, 0x27, 0xfc, 0x50, 0x27, 0x6a, 0x65, 0x60, 0x65, 0xb0, 0xe5, 0x25, 0xf4, 0xc0, 0x6c,
    0x04, 0xc6, 0x10, 0x75, 0x28, 0x6b, 0x8e, 0x7a, 0xed, 0xa5, 0x9d, 0xa9, 0x81, 0x3b, 0x5d, 0xd6,
    0xc8, 0x0d, 0x2f, 0xb3, 0x80, 0x68, 0x77, 0x3f, 0xa5, 0x9b, 0xa4, 0x7c, 0x17, 0xca, 0x6c, 0x64,
    0x79, 0x01, 0x5c, 0x1d, 0x5b, 0x8b, 0x8f, 0x6b,
];

/// The Battle.net importer.
pub struct BattleNet;

fn unmask(hex: &str) -> Option<String> {
    let bytes = convert::hex_decode(hex)?;
    if bytes.len() > MASK.len() {
        return None;
    }
    let text: Vec<u8> = bytes.iter().zip(MASK).map(|(b, m)| b ^ m).collect();
    String::from_utf8(text).ok()
}

impl Importer for BattleNet {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let strings = android_prefs::strings(bytes)?;
        android_prefs::find(&strings, SECRET).map(|_| Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: false,
        })
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        let strings = android_prefs::strings(bytes)
            .ok_or_else(|| ImportError::malformed(FORMAT, "not an Android preferences XML file"))?;
        let masked = android_prefs::find(&strings, SECRET)
            .ok_or_else(|| ImportError::malformed(FORMAT, "no AUTHENTICATOR_DEVICE_SECRET"))?;
        let serial = android_prefs::find(&strings, SERIAL)
            .filter(|s| !s.is_empty())
            .map(|s| unmask(s).unwrap_or_default())
            .unwrap_or_default();
        let result = unmask(masked)
            .ok_or_else(|| EntryError::Invalid("the device secret is not masked hex".into()))
            .and_then(|hex| convert::secret_hex(&hex))
            .and_then(|secret| {
                let mut draft = Draft::new(Kind::Totp, "Battle.net", &serial, secret);
                draft.digits = Some(8);
                draft.finish()
            });
        Ok(Imported {
            format: FORMAT,
            entries: vec![Entry::new(1, label("Battle.net", &serial), result)],
        })
    }
}
