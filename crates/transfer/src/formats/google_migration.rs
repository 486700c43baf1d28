//! Google Authenticator's "Transfer accounts" export: `otpauth-migration://`
//! URIs (the text of its QR codes), one per line, as QR scanners and tools
//! such as extract_otp_secrets write them.
//!
//! Upstream: the `MigrationPayload` protobuf, reverse-engineered by
//! dim13/otpauth and scito/extract_otp_secrets; decoding is
//! [`omamori_otp::migration::decode`].
//!
//! Lost in conversion: nothing the format carries (it has no period — 30 s is
//! implied — no icons, notes or groups). The issuer prefix Google repeats in
//! the name (`Issuer:account`) is removed from the name.

use omamori_otp::migration;

use super::otpauth_list::{is_migration, lines};
use crate::convert::label;
use crate::registry::{Confidence, Detected, Format, Importer, check_size};
use crate::{Entry, EntryError, ImportError, Imported};

/// The Google Authenticator transfer importer.
pub struct GoogleMigration;

/// The entries of one `otpauth-migration://` line; a line that does not
/// decode is one rejected entry.
pub(crate) fn decode_line(number: usize, line: &str) -> Vec<Entry> {
    match migration::decode(line) {
        Err(e) => vec![Entry::new(
            number,
            format!("line {number}"),
            Err(EntryError::Invalid(format!("line {number}: {e}"))),
        )],
        Ok(batch) => {
            let mut entries: Vec<(usize, Entry)> = batch
                .accounts
                .into_iter()
                .map(|a| (label(&a.issuer, &a.name), a))
                .enumerate()
                .map(|(i, (l, a))| (i, Entry::new(number, l, Ok(a))))
                .collect();
            // Rejected positions count all accounts of the payload; put each
            // back where it was so the report keeps file order.
            for (index, reason) in batch.rejected {
                let entry = Entry::new(
                    number,
                    format!("line {number}, account {}", index + 1),
                    Err(EntryError::Invalid(reason.to_string())),
                );
                let at = index.min(entries.len());
                entries.insert(at, (index, entry));
            }
            entries.into_iter().map(|(_, e)| e).collect()
        }
    }
}

impl Importer for GoogleMigration {
    fn format(&self) -> Format {
        Format::GoogleMigration
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let lines = lines(Format::GoogleMigration, bytes).ok()?;
        let found = lines.iter().filter(|(_, l)| is_migration(l)).count();
        (found > 0).then_some(Detected {
            format: Format::GoogleMigration,
            confidence: if found == lines.len() {
                Confidence::Strong
            } else {
                Confidence::Weak
            },
            encrypted: false,
        })
    }

    fn import(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        check_size(bytes)?;
        let lines = lines(Format::GoogleMigration, bytes)?;
        if !lines.iter().any(|(_, l)| is_migration(l)) {
            return Err(ImportError::malformed(
                Format::GoogleMigration,
                "no line is an otpauth-migration:// URI",
            ));
        }
        let mut entries = Vec::new();
        for (number, line) in lines {
            if is_migration(line) {
                entries.extend(decode_line(number, line));
            } else {
                entries.push(Entry::new(
                    number,
                    format!("line {number}"),
                    Err(EntryError::Invalid(format!(
                        "line {number} is not an otpauth-migration:// URI"
                    ))),
                ));
            }
        }
        Ok(Imported {
            format: Format::GoogleMigration,
            entries,
        })
    }
}
