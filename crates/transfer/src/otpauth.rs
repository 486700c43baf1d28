//! QR text inside files: the importers' side of the one payload router,
//! [`omamori_otp::payload::accounts`]. A line of an otpauth list, a Google
//! transfer line, or an otpauth URI stored in a JSON field (Bitwarden,
//! Proton) is read by exactly the rules a scanned QR code is; this module
//! only turns the router's answer into report [`Entry`]s.

use omamori_otp::migration;
use omamori_otp::payload::{self, PayloadError, PayloadKind};
use omamori_otp::uri::UriError;
use omamori_otp::{Account, label};

use crate::{Entry, EntryError};

/// Parses one otpauth URI held in a field of a file.
pub(crate) fn parse(text: &str) -> Result<Account, EntryError> {
    match payload::accounts(text) {
        Ok(found) if found.kind == PayloadKind::Otpauth => found
            .accounts
            .into_iter()
            .next()
            .ok_or(EntryError::MissingSecret),
        Ok(_) => Err(EntryError::Invalid(
            "a Google Authenticator transfer URI where one account was expected".into(),
        )),
        Err(e) => Err(entry_error(e)),
    }
}

/// Whether a line is QR text at all (`otpauth://` or `otpauth-migration://`).
pub(crate) fn is_payload(line: &str) -> bool {
    payload::classify(line) != PayloadKind::Other
}

/// Whether a line is a Google Authenticator transfer URI.
pub(crate) fn is_migration(line: &str) -> bool {
    payload::classify(line) == PayloadKind::OtpauthMigration
}

/// The report entries of one line of a text file (line `number` from 1):
/// one for an otpauth URI, one per account of a transfer batch (rejected
/// accounts keep their place), one rejected entry for a line that does
/// not read.
pub(crate) fn line_entries(number: usize, line: &str) -> Vec<Entry> {
    let at = format!("line {number}");
    let found = match payload::accounts(line) {
        Ok(found) => found,
        Err(PayloadError::NotAnAccount) => {
            let why = format!("line {number} is not an otpauth:// URI");
            return vec![Entry::new(number, at, Err(EntryError::Invalid(why)))];
        }
        Err(e @ (PayloadError::Migration(_) | PayloadError::EmptyBatch)) => {
            let why = format!("line {number}: {e}");
            return vec![Entry::new(number, at, Err(EntryError::Invalid(why)))];
        }
        Err(e) => return vec![Entry::new(number, at, Err(entry_error(e)))],
    };
    let mut entries: Vec<Entry> = found
        .accounts
        .into_iter()
        .map(|a| Entry::new(number, label(&a.issuer, &a.name), Ok(a)))
        .collect();
    // Rejected positions count all accounts of the payload; put each back
    // where it was so the report keeps file order.
    for (index, reason) in found.rejected {
        let entry = Entry::new(
            number,
            format!("line {number}, account {}", index + 1),
            Err(batch_entry_error(reason)),
        );
        entries.insert(index.min(entries.len()), entry);
    }
    entries
}

fn batch_entry_error(error: migration::EntryError) -> EntryError {
    EntryError::Invalid(error.to_string())
}

fn entry_error(error: PayloadError) -> EntryError {
    match error {
        PayloadError::Uri(UriError::Secret(e)) => EntryError::Secret(e),
        PayloadError::Uri(UriError::MissingSecret) => EntryError::MissingSecret,
        PayloadError::Uri(UriError::Algorithm(e)) => EntryError::UnsupportedAlgorithm(e.0),
        other => EntryError::Invalid(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_lines_use_the_router() {
        // Ente writes `null` for absent parameters; the router ignores it.
        let account =
            parse("otpauth://totp/A:b?secret=JBSWY3DP&algorithm=null&digits=null&period=null")
                .unwrap();
        assert_eq!((account.digits, account.period), (6, 30));
        assert_eq!(
            parse("otpauth://totp/A?issuer=x").unwrap_err(),
            EntryError::MissingSecret
        );
        assert!(matches!(
            parse("otpauth://totp/A?secret=JBSWY3DP&algorithm=MD5").unwrap_err(),
            EntryError::UnsupportedAlgorithm(_)
        ));
        let entries = line_entries(3, "https://example.com");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].label, "line 3");
        assert!(entries[0].result.is_err());
    }
}
