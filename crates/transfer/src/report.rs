//! The import report: for each entry of an imported file, whether it would
//! be added, is a duplicate of an account already kept (same secret, issuer
//! and account name — [`Account::same_account`]) or of an earlier entry of
//! the same file, or was rejected and why. Pure: the caller passes the
//! accounts it already has and stores the `added` ones itself.

use omamori_otp::{Account, AccountId};
use omamori_vault::AddOutcome;
use omamori_vault::content::SameAccountIndex;

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
    /// Fields shortened to the vault's limits (see [`crate::Entry::capped`]).
    pub capped: Vec<omamori_vault::Field>,
}

/// Added / skipped as duplicate / rejected, for one imported file.
#[derive(Debug)]
pub struct ImportReport {
    pub entries: Vec<ReportEntry>,
}

impl ImportReport {
    /// Sorts the entries of `imported` against the accounts `existing`.
    pub fn new(imported: Imported, existing: &[Account]) -> Self {
        // Indexed: a file of 100,000 entries against a large vault is not
        // 10^10 comparisons (issue 11).
        let mut kept = SameAccountIndex::new(existing);
        let entries = imported
            .entries
            .into_iter()
            .map(|entry| {
                let outcome = match entry.result {
                    Err(e) => Outcome::Rejected(e),
                    Ok(account) => {
                        if kept.find(&account).is_some() {
                            Outcome::Duplicate(account)
                        } else {
                            kept.insert(account.clone());
                            Outcome::Added(account)
                        }
                    }
                };
                ReportEntry {
                    position: entry.position,
                    label: entry.label,
                    outcome,
                    capped: entry.capped,
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

/// What became of one entry once the added accounts were saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Stored under this id.
    Added(AccountId),
    /// Already kept (under this id when it is known).
    Duplicate(Option<AccountId>),
    /// Not stored, and why.
    Rejected(String),
}

/// One report line after saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedEntry {
    pub position: usize,
    pub label: String,
    pub saved: Saved,
    /// Fields shortened to the vault's limits (see [`crate::Entry::capped`]).
    pub capped: Vec<omamori_vault::Field>,
}

/// A report settled against the vault's save: the lines to show and the
/// accounts to verify (each source entry with the id it is kept under).
#[derive(Debug)]
pub struct Settled {
    pub entries: Vec<SavedEntry>,
    pub to_verify: Vec<(Account, AccountId)>,
}

impl Settled {
    /// How many entries were added, skipped as duplicates and rejected.
    pub fn counts(&self) -> (usize, usize, usize) {
        count(&self.entries)
    }
}

/// Added, duplicate and rejected lines among `entries`.
pub(crate) fn count(entries: &[SavedEntry]) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for e in entries {
        match e.saved {
            Saved::Added(_) => counts.0 += 1,
            Saved::Duplicate(_) => counts.1 += 1,
            Saved::Rejected(_) => counts.2 += 1,
        }
    }
    counts
}

impl ImportReport {
    /// Pairs the report with `outcomes`, what `Vault::restore_many` (or
    /// `add_many`) returned for [`ImportReport::added`], and `vault`, the
    /// accounts after the save. An entry another program added between
    /// the read and the save counts as a duplicate.
    pub fn settle(&self, outcomes: &[AddOutcome], vault: &[Account]) -> Settled {
        let mut saved = outcomes.iter();
        let kept = SameAccountIndex::new(vault);
        let mut entries = Vec::with_capacity(self.entries.len());
        let mut to_verify = Vec::new();
        for entry in &self.entries {
            let result = match &entry.outcome {
                Outcome::Added(account) => match saved.next() {
                    Some(AddOutcome::Added(id)) => {
                        to_verify.push((account.clone(), *id));
                        Saved::Added(*id)
                    }
                    Some(AddOutcome::Duplicate(id)) => {
                        to_verify.push((account.clone(), *id));
                        Saved::Duplicate(Some(*id))
                    }
                    Some(AddOutcome::Invalid(e)) => Saved::Rejected(e.to_string()),
                    _ => Saved::Rejected("not saved".to_owned()),
                },
                Outcome::Duplicate(account) => match kept.find(account) {
                    Some(kept) => {
                        to_verify.push((account.clone(), kept.id));
                        Saved::Duplicate(Some(kept.id))
                    }
                    None => Saved::Duplicate(None),
                },
                Outcome::Rejected(e) => Saved::Rejected(e.to_string()),
            };
            entries.push(SavedEntry {
                position: entry.position,
                label: entry.label.clone(),
                saved: result,
                capped: entry.capped.clone(),
            });
        }
        Settled { entries, to_verify }
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

    #[test]
    fn settling_pairs_saved_ids_and_keeps_duplicates_verifiable() {
        let mut kept = account("Pep Up");
        kept.id = AccountId([7; 16]);
        let imported = Imported {
            format: Format::OtpauthList,
            entries: vec![
                Entry::new(1, "a".into(), Ok(account("Pep Up"))),
                Entry::new(2, "b".into(), Ok(account("Other"))),
                Entry::new(3, "c".into(), Err(EntryError::MissingSecret)),
            ],
        };
        let report = ImportReport::new(imported, std::slice::from_ref(&kept));
        let new_id = AccountId([9; 16]);
        let settled = report.settle(&[AddOutcome::Added(new_id)], &[kept.clone()]);
        assert_eq!(settled.counts(), (1, 1, 1));
        assert_eq!(settled.entries[0].saved, Saved::Duplicate(Some(kept.id)));
        assert_eq!(settled.entries[1].saved, Saved::Added(new_id));
        assert!(matches!(settled.entries[2].saved, Saved::Rejected(_)));
        let ids: Vec<AccountId> = settled.to_verify.iter().map(|(_, id)| *id).collect();
        assert_eq!(ids, vec![kept.id, new_id]);
    }
}
