//! Proving a move lost nothing. Two checks, both pure (the caller passes
//! `now` and the accounts; nothing is read or written here):
//!
//! - [`verify_import`]: for every imported account, the code computed from
//!   the source file's entry and the code computed from the account as
//!   saved in the vault (re-opened from disk), at the same instant. "N of N
//!   verified"; an account that does not verify is flagged.
//! - [`compare_backup`]: a backup file against the vault it was made from —
//!   accounts missing from the backup, extra in it, or different (which
//!   fields, never their values), so a person can wipe the old machine
//!   knowing the backup opens and holds everything.

use omamori_otp::{Account, AccountId};

/// One imported account's check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Issuer and account name, for people; never the secret.
    pub label: String,
    /// The id the account was saved under.
    pub id: AccountId,
    pub outcome: CheckOutcome,
}

/// Whether an account's codes agree.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckOutcome {
    /// Both sides give the same code and agree in every parameter.
    Verified,
    /// The source entry and the saved account give different codes (or
    /// differ in a parameter that changes later codes).
    Mismatch { differing: Vec<&'static str> },
    /// The account is not in the re-opened vault.
    NotSaved,
    /// A code could not be computed from one side.
    NoCode(String),
}

/// The result of [`verify_import`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    pub checks: Vec<Check>,
}

impl VerifyReport {
    /// How many accounts verified.
    pub fn verified(&self) -> usize {
        self.checks
            .iter()
            .filter(|c| c.outcome == CheckOutcome::Verified)
            .count()
    }

    /// How many accounts were checked.
    pub fn total(&self) -> usize {
        self.checks.len()
    }

    /// Whether every account verified.
    pub fn all_verified(&self) -> bool {
        self.verified() == self.total()
    }

    /// The accounts that did not verify.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|c| c.outcome != CheckOutcome::Verified)
    }
}

/// The fields whose difference changes codes or what a person sees.
fn differing_fields(a: &Account, b: &Account) -> Vec<&'static str> {
    let mut out = Vec::new();
    if a.kind != b.kind {
        out.push("type");
    }
    if a.secret.expose() != b.secret.expose() {
        out.push("secret");
    }
    if a.algorithm != b.algorithm {
        out.push("algorithm");
    }
    if a.code_length() != b.code_length() {
        out.push("digits");
    }
    if a.kind != omamori_otp::Kind::Hotp && a.period != b.period {
        out.push("period");
    }
    if a.kind == omamori_otp::Kind::Hotp && a.counter != b.counter {
        out.push("counter");
    }
    if a.issuer != b.issuer {
        out.push("issuer");
    }
    if a.name != b.name {
        out.push("account");
    }
    out
}

fn check_codes(source: &Account, saved: &Account, now: u64) -> CheckOutcome {
    let codes = source
        .code_at(now)
        .and_then(|s| saved.code_at(now).map(|v| (s, v)));
    let (from_source, from_saved) = match codes {
        Ok(pair) => pair,
        Err(e) => return CheckOutcome::NoCode(e.to_string()),
    };
    let mut differing = differing_fields(source, saved);
    // Issuer and account name do not change codes; they are compared so a
    // mangled label is flagged too.
    if from_source.value != from_saved.value {
        differing.insert(0, "code");
    }
    if differing.is_empty() {
        CheckOutcome::Verified
    } else {
        CheckOutcome::Mismatch { differing }
    }
}

/// Checks imported accounts against the vault as saved. `imported` pairs
/// each source entry's account with the id it was saved under; `saved` is
/// the account list of the vault re-opened from disk after the save.
pub fn verify_import(
    imported: &[(Account, AccountId)],
    saved: &[Account],
    now: u64,
) -> VerifyReport {
    let by_id: std::collections::HashMap<AccountId, &Account> =
        saved.iter().map(|a| (a.id, a)).collect();
    let checks = imported
        .iter()
        .map(|(source, id)| {
            let outcome = match by_id.get(id).copied() {
                Some(stored) => check_codes(source, stored, now),
                None => CheckOutcome::NotSaved,
            };
            Check {
                label: omamori_otp::label(&source.issuer, &source.name),
                id: *id,
                outcome,
            }
        })
        .collect();
    VerifyReport { checks }
}

/// A backup file compared with the vault.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupComparison {
    /// Accounts of the vault found in the backup with identical fields and codes.
    pub matching: usize,
    /// Vault accounts the backup does not hold (labels).
    pub missing: Vec<String>,
    /// Backup accounts the vault does not hold (labels).
    pub extra: Vec<String>,
    /// Accounts in both that differ: label and the names of the differing
    /// fields (never their values).
    pub different: Vec<(String, Vec<&'static str>)>,
}

impl BackupComparison {
    /// Whether the backup holds exactly the vault's accounts.
    pub fn is_identical(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.different.is_empty()
    }
}

/// Compares every account of `vault` with `backup`, matching by id (a
/// backup keeps ids) and, failing that, by secret, issuer and account name.
/// Notes and groups count too: a backup should bring everything back.
pub fn compare_backup(vault: &[Account], backup: &[Account], now: u64) -> BackupComparison {
    use std::collections::HashMap;
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut used = vec![false; backup.len()];
    let mut result = BackupComparison::default();
    // Indexed by id and by (issuer, name, secret) under a per-call hash key,
    // so a hostile backup of 100,000 accounts is not 10^10 comparisons.
    let state = std::collections::hash_map::RandomState::new();
    let same_key = |a: &Account| {
        let mut hasher = state.build_hasher();
        a.issuer.hash(&mut hasher);
        a.name.hash(&mut hasher);
        a.secret.expose().hash(&mut hasher);
        hasher.finish()
    };
    let mut by_id: HashMap<AccountId, Vec<usize>> = HashMap::new();
    let mut by_same: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, b) in backup.iter().enumerate() {
        by_id.entry(b.id).or_default().push(i);
        by_same.entry(same_key(b)).or_default().push(i);
    }
    for account in vault {
        let first_unused = |candidates: Option<&Vec<usize>>, fits: &dyn Fn(&Account) -> bool| {
            candidates?
                .iter()
                .copied()
                .find(|&i| !used[i] && fits(&backup[i]))
                .map(|i| (i, &backup[i]))
        };
        let found = first_unused(by_id.get(&account.id), &|_| true).or_else(|| {
            first_unused(by_same.get(&same_key(account)), &|b| {
                b.same_account(account)
            })
        });
        let label = omamori_otp::label(&account.issuer, &account.name);
        let Some((i, copy)) = found else {
            result.missing.push(label);
            continue;
        };
        used[i] = true;
        let mut differing = match check_codes(account, copy, now) {
            CheckOutcome::Verified => Vec::new(),
            CheckOutcome::Mismatch { differing } => differing,
            _ => vec!["code"],
        };
        if account.note != copy.note {
            differing.push("note");
        }
        if account.group != copy.group {
            differing.push("group");
        }
        if differing.is_empty() {
            result.matching += 1;
        } else {
            result.different.push((label, differing));
        }
    }
    result.extra = backup
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(b, _)| omamori_otp::label(&b.issuer, &b.name))
        .collect();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use omamori_otp::{Kind, Secret};

    fn account(n: u8) -> Account {
        let mut a = Account::totp(
            format!("発行者{n}"),
            format!("user{n}@example.jp"),
            Secret::from_bytes(vec![n; 20]),
        );
        a.id = AccountId([n; 16]);
        a
    }

    const NOW: u64 = 1_767_225_600;

    #[test]
    fn identical_accounts_verify() {
        let saved = vec![account(1), account(2)];
        let imported: Vec<_> = saved.iter().map(|a| (a.clone(), a.id)).collect();
        let report = verify_import(&imported, &saved, NOW);
        assert_eq!((report.verified(), report.total()), (2, 2));
        assert!(report.all_verified());
    }

    #[test]
    fn a_changed_secret_or_missing_account_is_flagged() {
        let mut saved = vec![account(1), account(2)];
        let imported: Vec<_> = saved.iter().map(|a| (a.clone(), a.id)).collect();
        // Deliberately wrong: the saved copy has a different key.
        saved[0].secret = Secret::from_bytes(vec![0xee; 20]);
        saved.pop();
        let report = verify_import(&imported, &saved, NOW);
        assert_eq!(report.verified(), 0);
        assert!(!report.all_verified());
        assert_eq!(
            report.checks[0].outcome,
            CheckOutcome::Mismatch {
                differing: vec!["code", "secret"]
            }
        );
        assert_eq!(report.checks[1].outcome, CheckOutcome::NotSaved);
    }

    #[test]
    fn a_changed_period_is_flagged_even_when_todays_code_agrees() {
        let saved = vec![account(1)];
        let mut source = account(1);
        // At NOW (a multiple of 60) the 30 s and 60 s codes share a counter
        // only by coincidence; the field difference is flagged regardless.
        source.period = 60;
        let report = verify_import(&[(source, saved[0].id)], &saved, NOW);
        match &report.checks[0].outcome {
            CheckOutcome::Mismatch { differing } => assert!(differing.contains(&"period")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn backup_comparison_names_missing_extra_and_different_accounts() {
        let vault = vec![account(1), account(2), account(3)];
        let mut backup = vec![account(1), account(2), account(4)];
        backup[1].kind = Kind::Hotp;
        backup[0].note = Some("changed".into());
        let cmp = compare_backup(&vault, &backup, NOW);
        assert_eq!(cmp.matching, 0);
        assert_eq!(cmp.missing, vec!["発行者3 (user3@example.jp)".to_owned()]);
        assert_eq!(cmp.extra, vec!["発行者4 (user4@example.jp)".to_owned()]);
        assert_eq!(cmp.different.len(), 2);
        assert_eq!(cmp.different[0].1, vec!["note"]);
        assert!(cmp.different[1].1.contains(&"type"));
        assert!(!cmp.is_identical());
        assert!(compare_backup(&vault, &vault, NOW).is_identical());
    }
}
