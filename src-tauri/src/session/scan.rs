//! What QR codes found (on the screen, in an image, on the clipboard, in a
//! dropped file): their payloads become a batch of accounts waiting for
//! "add", named by a token. `add_found` takes the token back, so it picks
//! from exactly the list the user saw; a later scan replaces the batch and
//! the old token then finds nothing.

use omamori_otp::Account;

use super::unlocked::{LockTicket, ScanBatch};
use super::views::{AccountView, FoundAccounts, FoundView};
use super::{Session, now};
use crate::activity::Event;
use crate::error::{AppError, AppResult, ErrorKind};
use omamori_vault::AddOutcome;

/// The accounts in some QR payloads, each once.
struct Read {
    accounts: Vec<Account>,
    ignored: usize,
    batch: Option<(i32, i32)>,
}

/// The same QR code seen twice (e.g. two monitors) is one account.
fn keep(account: Account, accounts: &mut Vec<Account>) {
    if !accounts.iter().any(|a| a.same_account(&account)) {
        accounts.push(account);
    }
}

fn read_payloads(payloads: &[String]) -> Read {
    let mut accounts: Vec<Account> = Vec::new();
    let mut ignored = 0;
    let mut batch = None;
    for payload in payloads {
        // The one payload router, as every other door reads QR text.
        match omamori_otp::payload::accounts(payload) {
            Ok(found) => {
                ignored += found.rejected.len();
                if let Some(b) = found.batch.filter(|b| b.size > 1) {
                    batch = Some((b.index + 1, b.size));
                }
                for account in found.accounts {
                    keep(account, &mut accounts);
                }
            }
            Err(_) => ignored += 1,
        }
    }
    Read {
        accounts,
        ignored,
        batch,
    }
}

impl Session {
    /// Reads QR payloads into a new batch of accounts waiting to be added,
    /// replacing the last one. Dropped if a lock happened since `ticket`
    /// (taken before the capture, dialog or decode began).
    pub fn found(&self, ticket: LockTicket, payloads: Vec<String>) -> AppResult<FoundAccounts> {
        let read = read_payloads(&payloads);
        let mut state = self.state();
        let token = state.new_token();
        let unlocked = state.unlocked_since(ticket)?;
        unlocked.scan = None;
        if read.accounts.is_empty() {
            return Err(AppError::new(ErrorKind::NothingFound));
        }
        let vault = &unlocked.vault;
        let accounts = read
            .accounts
            .iter()
            .enumerate()
            .map(|(index, a)| FoundView {
                index,
                issuer: a.issuer.clone(),
                account: a.name.clone(),
                kind: a.kind.as_str(),
                duplicate: vault.accounts().iter().any(|v| v.same_account(a)),
            })
            .collect();
        unlocked.scan = Some(ScanBatch {
            token,
            accounts: read.accounts,
        });
        Ok(FoundAccounts {
            token,
            accounts,
            ignored: read.ignored,
            batch: read.batch,
        })
    }

    /// Adds the chosen accounts (indices into the batch `token` names) and
    /// uses the batch up; returns the added ones with their codes.
    pub fn add_found(&self, token: u64, indices: Vec<usize>) -> AppResult<Vec<AccountView>> {
        self.with_unlocked(|unlocked| {
            let batch = unlocked
                .scan
                .take_if(|batch| batch.token == token)
                .ok_or(AppError::new(ErrorKind::ScanReplaced))?;
            let chosen: Vec<Account> = indices
                .iter()
                .filter_map(|&i| batch.accounts.get(i).cloned())
                .collect();
            let now = now();
            let vault = &mut unlocked.vault;
            let mut added = Vec::new();
            for outcome in vault.add_many(chosen, now)? {
                if let AddOutcome::Added(id) = outcome {
                    self.activity
                        .record(now, Event::AccountAdded, Some(id.to_string()));
                    if let Some(account) = vault.account(id) {
                        added.push(AccountView::new(account, now)?);
                    }
                }
            }
            if added.is_empty() {
                return Err(AppError::new(ErrorKind::Duplicate));
            }
            Ok(added)
        })
    }
}
