//! The import report: for each entry of an imported file, whether it would
//! be added, is a duplicate of an account already kept (same secret, issuer
//! and account name — [`Account::same_account`]) or of an earlier entry of
//! the same file, or was rejected and why. Pure: the caller passes the
//! accounts it already has and stores the `added` ones itself.

use omamori_otp::Account;

use crate::{EntryError, Imported};

/// One entry's fate.
#[derive(Debug)]
pub enum Outcome {
    /// New: the caller should store this account.
    Added(Account),
    /// Already present (in the vault or earlier in the file): skipped.
    Duplicate(Account),
    /// Could not be read.
    Rejected(EntryError),
}

/// A line of the report.
#[derive(Debug)]
pub struct ReportEntry {
    /// Position in the file (see [`crate::Entry::position`]).
    pub position: usize,
    /// Issuer and account, for people; never the secret.
    pub label: String,
    pub outcome: Outcome,
}

/// Added / skipped as duplicate / rejected, for one imported file.
#[derive(Debug)]
pub struct ImportReport {
    pub entries: Vec<ReportEntry>,
}

impl ImportReport {
    /// Sorts the entries of `imported` against the accounts `existing`.
    pub fn new(imported: Imported, existing: &[Account]) -> Self {
        let mut added: Vec<Account> = Vec::new();
        let entries = imported
            .entries
            .into_iter()
            .map(|entry| {
                let outcome = match entry.result {
                    Err(e) => Outcome::Rejected(e),
                    Ok(account) => {
                        let duplicate = existing
                            .iter()
                            .chain(added.iter())
                            .any(|kept| kept.same_account(&account));
                        if duplicate {
                            Outcome::Duplicate(account)
                        } else {
                            added.push(account.clone());
                            Outcome::Added(account)
                        }
                    }
                };
                ReportEntry {
                    position: entry.position,
                    label: entry.label,
                    outcome,
                }
            })
            .collect();
        ImportReport { entries }
    }

    /// The accounts to store, in file order.
    pub fn added(&self) -> impl Iterator<Item = &Account> {
        self.entries.iter().filter_map(|e| match &e.outcome {
            Outcome::Added(a) => Some(a),
            _ => None,
        })
    }

    /// How many entries were added, skipped as duplicates and rejected.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for e in &self.entries {
            match e.outcome {
                Outcome::Added(_) => counts.0 += 1,
                Outcome::Duplicate(_) => counts.1 += 1,
                Outcome::Rejected(_) => counts.2 += 1,
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Entry, Format};
    use omamori_otp::Secret;

    fn account(issuer: &str) -> Account {
        Account::totp(
            issuer,
            "太郎",
            Secret::from_bytes(b"12345678901234567890".to_vec()),
        )
    }

    #[test]
    fn duplicates_of_vault_and_of_the_file_are_skipped() {
        let imported = Imported {
            format: Format::OtpauthList,
            entries: vec![
                Entry::new(1, "a".into(), Ok(account("Pep Up"))),
                Entry::new(2, "b".into(), Ok(account("Other"))),
                Entry::new(3, "c".into(), Ok(account("Other"))),
                Entry::new(4, "d".into(), Err(EntryError::MissingSecret)),
            ],
        };
        let report = ImportReport::new(imported, &[account("Pep Up")]);
        assert_eq!(report.counts(), (1, 2, 1));
        assert_eq!(report.added().next().unwrap().issuer, "Other");
    }
}
