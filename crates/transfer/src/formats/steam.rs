//! Steam Guard files: the Steam mobile app's `Steamguard-<steamid>` and
//! Steam Desktop Authenticator's `.maFile`.
//!
//! Upstream: Jessecar96/SteamDesktopAuthenticator `SteamGuardAccount.cs`
//! (<https://github.com/Jessecar96/SteamDesktopAuthenticator>) and the
//! Android app's layout as read by Aegis's `SteamImporter`: one account
//! object, or `{accounts: {id: account}}`, with `shared_secret` (base64)
//! and `account_name`. The issuer is "Steam".
//!
//! Lost in conversion: `identity_secret` (trade confirmations),
//! `revocation_code`, serial number, session data. Keep the original file if
//! you need to confirm trades or revoke the authenticator.

use omamori_otp::{Account, Kind};
use serde_json::Value;

use crate::convert::{self, Draft, label};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, EntryError, ImportError, Imported};

const DECLARATION: Declaration =
    Declaration::new(Format::Steam, "steam", "Steam guard", Encryption::Never);
const FORMAT: Format = DECLARATION.format;

/// The Steam guard file importer.
pub struct Steam;

fn accounts(value: &Value) -> Option<Vec<&Value>> {
    if value["shared_secret"].is_string() {
        return Some(vec![value]);
    }
    let map = value["accounts"].as_object()?;
    let list: Vec<&Value> = map.values().collect();
    list.iter()
        .all(|a| a["shared_secret"].is_string())
        .then_some(list)
}

impl Importer for Steam {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let value = convert::parse_json(FORMAT, bytes).ok()?;
        accounts(&value)
            .filter(|a| !a.is_empty())
            .map(|_| Detected {
                format: FORMAT,
                confidence: Confidence::Strong,
                encrypted: false,
            })
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        let value = convert::parse_json(FORMAT, bytes)?;
        let list = accounts(&value)
            .ok_or_else(|| ImportError::malformed(FORMAT, "no shared_secret (maFiles encrypted by Steam Desktop Authenticator must be decrypted there first)"))?;
        let entries = list
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let name = item["account_name"].as_str().unwrap_or_default();
                Entry::new(i + 1, label("Steam", name), convert_account(item))
            })
            .collect();
        Ok(Imported {
            format: FORMAT,
            entries,
        })
    }
}

fn convert_account(item: &Value) -> Result<Account, EntryError> {
    let bytes = item["shared_secret"]
        .as_str()
        .and_then(convert::base64_decode)
        .ok_or_else(|| EntryError::Invalid("shared_secret is not base64".into()))?;
    let secret = convert::secret_bytes(bytes)?;
    let name = item["account_name"].as_str().unwrap_or_default();
    Draft::new(Kind::Steam, "Steam", name, secret).finish()
}
