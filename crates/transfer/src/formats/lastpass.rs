//! LastPass Authenticator JSON exports (Android and iOS).
//!
//! Upstream: LastPass Authenticator's "Export accounts to file"; layout as
//! read by protonpass/proton-pass-common and Ente: `{version, accounts:
//! [{issuerName, originalIssuerName, userName, originalUserName, secret,
//! timeStep, digits, algorithm, isFavorite, folderData, …}], folders}`.
//! The edited `issuerName`/`userName` are used (what the person saw).
//!
//! Lost in conversion: folders and favourites, push-notification accounts
//! (LastPass's own login approvals, which have no shared secret), the
//! original (pre-edit) issuer and user names.

use omamori_otp::{Account, Kind};
use serde_json::Value;

use crate::convert::{self, Draft, label};
use crate::registry::{Declaration, Detected, Encryption, Format, Importer};
use crate::{EntryError, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::LastPass,
    "lastpass",
    "LastPass Authenticator",
    Encryption::Never,
);
const FORMAT: Format = DECLARATION.format;

/// The LastPass Authenticator importer.
pub struct LastPass;

fn is_export(value: &Value) -> bool {
    value["accounts"].as_array().is_some_and(|a| {
        a.first()
            .is_none_or(|e| e.get("issuerName").is_some() || e.get("accountID").is_some())
    }) && (value.get("deviceName").is_some() || value.get("localDeviceId").is_some())
}

impl Importer for LastPass {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        convert::detect_json(FORMAT, bytes, is_export)
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        let value = convert::parse_json(FORMAT, bytes)?;
        let accounts = value["accounts"]
            .as_array()
            .ok_or_else(|| ImportError::malformed(FORMAT, "no accounts list"))?;
        Ok(Imported::numbered(FORMAT, accounts, |item| {
            let issuer = item["issuerName"].as_str().unwrap_or_default();
            let name = item["userName"].as_str().unwrap_or_default();
            (label(issuer, name), convert_account(item))
        }))
    }
}

fn convert_account(item: &Value) -> Result<Account, EntryError> {
    if item["pushNotification"] == Value::Bool(true)
        && item["secret"].as_str().unwrap_or("").is_empty()
    {
        return Err(EntryError::UnsupportedKind("LastPass push-approval".into()));
    }
    let secret = convert::secret_base32(item["secret"].as_str().unwrap_or_default())?;
    let mut draft = Draft::new(
        Kind::Totp,
        item["issuerName"].as_str().unwrap_or_default(),
        item["userName"].as_str().unwrap_or_default(),
        secret,
    );
    draft.algorithm = convert::algorithm(item["algorithm"].as_str())?;
    draft.digits = convert::int_field(item.get("digits"), EntryError::Digits)?;
    draft.period = convert::int_field(item.get("timeStep"), EntryError::Period)?;
    draft.finish()
}
