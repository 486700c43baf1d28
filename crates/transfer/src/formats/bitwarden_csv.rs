//! Bitwarden CSV exports (individual vault): header row, then one row per
//! item; `login_totp` holds an otpauth URI, `steam://SECRET` or a bare
//! secret, read as in [`super::bitwarden_json`].
//!
//! Upstream: Bitwarden's CSV format
//! (<https://bitwarden.com/help/condition-bitwarden-import/>). Rows may have
//! more fields than the header and blank lines between rows; both are
//! tolerated. Bitwarden Authenticator writes the short header
//! `folder,favorite,type,name,login_uri,login_totp` and rows with three
//! more fields (issuer, period, digits; bitwarden/android
//! `AuthenticatorRepositoryImpl.toCsvFormat`); its otpauth labels are
//! HTML-encoded as in its JSON export, and are undone the same way.
//!
//! Lost in conversion: everything but the TOTP (see the JSON importer).

use crate::convert::label;
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::BitwardenCsv,
    "bitwarden-csv",
    "Bitwarden CSV",
    Encryption::Never,
);
const FORMAT: Format = DECLARATION.format;

/// The Bitwarden CSV importer.
pub struct BitwardenCsv;

fn header(bytes: &[u8]) -> Option<Vec<String>> {
    let first = bytes.split(|&b| b == b'\n').next()?;
    let first = std::str::from_utf8(first).ok()?;
    let first = first.trim_start_matches('\u{feff}').trim();
    let columns: Vec<String> = first.split(',').map(|c| c.trim().to_owned()).collect();
    columns.iter().any(|c| c == "login_totp").then_some(columns)
}

impl Importer for BitwardenCsv {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        header(bytes).map(|_| Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: false,
        })
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        let columns =
            header(bytes).ok_or_else(|| ImportError::malformed(FORMAT, "no login_totp column"))?;
        let index = |name: &str| columns.iter().position(|c| c == name);
        let totp_at = index("login_totp").expect("header() only accepts headers with login_totp");
        let name_at = index("name");
        let user_at = index("login_username");
        // Only Bitwarden Authenticator's header lacks the login columns.
        let from_authenticator = user_at.is_none() && index("login_password").is_none();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes);
        let mut entries = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record
                .map_err(|e| ImportError::malformed(FORMAT, format!("row {}: {e}", i + 2)))?;
            let field = |at: Option<usize>| at.and_then(|at| record.get(at)).unwrap_or_default();
            let totp = field(Some(totp_at));
            if totp.trim().is_empty() {
                continue;
            }
            let (name, username) = (field(name_at), field(user_at));
            let result =
                super::bitwarden_json::convert_totp(totp, name, username, from_authenticator);
            let entry_label = match &result {
                Ok(a) => label(&a.issuer, &a.name),
                Err(_) => label(name, username),
            };
            let row = record.position().map_or(i + 2, |p| p.line() as usize);
            entries.push(Entry::new(row, entry_label, result));
        }
        Ok(Imported {
            format: FORMAT,
            entries,
        })
    }
}
