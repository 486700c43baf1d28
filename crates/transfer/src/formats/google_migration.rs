//! Google Authenticator's "Transfer accounts" export: `otpauth-migration://`
//! URIs (the text of its QR codes), one per line, as QR scanners and tools
//! such as extract_otp_secrets write them.
//!
//! Upstream: the `MigrationPayload` protobuf, reverse-engineered by
//! dim13/otpauth and scito/extract_otp_secrets; each line goes through the
//! payload router, [`omamori_otp::payload::accounts`], as a scanned code does.
//!
//! Lost in conversion: nothing the format carries (it has no period — 30 s is
//! implied — no icons, notes or groups). The issuer prefix Google repeats in
//! the name (`Issuer:account`) is removed from the name.

use super::otpauth_list::{detect_lines, import_lines};
use crate::otpauth::is_migration;
use crate::registry::{Declaration, Detected, Encryption, Format, Importer};
use crate::{ImportError, Imported};

/// The Google Authenticator transfer importer.
pub struct GoogleMigration;

const DECLARATION: Declaration = Declaration::new(
    Format::GoogleMigration,
    "google",
    "Google Authenticator transfer",
    Encryption::Never,
);

impl Importer for GoogleMigration {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        detect_lines(Format::GoogleMigration, bytes, is_migration)
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        import_lines(
            Format::GoogleMigration,
            bytes,
            is_migration,
            "no line is an otpauth-migration:// URI",
        )
    }
}
