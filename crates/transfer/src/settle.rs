//! The one import path: an opened vault and what an importer read go in;
//! the report (added, duplicate, rejected), one save, the vault re-opened
//! from disk and every imported account's code checked against it come out.
//! `omamori import` and the app's import both call [`settle`], so they add
//! and verify exactly alike.

use omamori_otp::{Account, AccountId};
use omamori_vault::{Unlock, Vault};

use crate::report::{ImportReport, SavedEntry};
use crate::verify::{self, VerifyReport};
use crate::{Format, Imported};

/// What an import did to the vault.
#[derive(Debug)]
pub struct Settlement {
    /// The format the file was read as.
    pub format: Format,
    /// One line per entry of the file, in file order.
    pub entries: Vec<SavedEntry>,
    /// Each account to verify (the entry as read from the file) and the id
    /// it is kept under, new or duplicate.
    pub to_verify: Vec<(Account, AccountId)>,
    /// The check against the vault re-opened from disk, when asked for.
    pub verification: Option<VerifyReport>,
}

impl Settlement {
    /// How many entries were added, skipped as duplicates and rejected.
    pub fn counts(&self) -> (usize, usize, usize) {
        crate::report::count(&self.entries)
    }
}

/// Settles `imported` into `vault` at `now`: sorts the entries against the
/// accounts kept (and earlier entries of the file), adds the new ones in
/// one save, and — with `reopen` — opens the saved file again from disk
/// with that unlock and compares every imported account's code with the
/// file's. The re-open runs the vault's key derivation (Argon2 for a
/// password): a caller holding a lock others wait on may prefer
/// `reopen: None` and [`verify_saved`] outside it.
pub fn settle(
    vault: &mut Vault,
    imported: Imported,
    now: u64,
    reopen: Option<Unlock<'_>>,
) -> Result<Settlement, omamori_vault::Error> {
    let format = imported.format;
    let report = ImportReport::new(imported, vault.accounts());
    let added: Vec<Account> = report.added().cloned().collect();
    let outcomes = vault.restore_many(added, now)?;
    let settled = report.settle(&outcomes, vault.accounts());
    let mut settlement = Settlement {
        format,
        entries: settled.entries,
        to_verify: settled.to_verify,
        verification: None,
    };
    if let Some(unlock) = reopen {
        let reopened = Vault::open(vault.path(), unlock)?;
        settlement.verification = Some(verify_saved(&settlement, &reopened, now));
    }
    Ok(settlement)
}

/// Checks a settlement against `reopened`, the vault opened again from disk.
pub fn verify_saved(settlement: &Settlement, reopened: &Vault, now: u64) -> VerifyReport {
    verify::verify_import(&settlement.to_verify, reopened.accounts(), now)
}
