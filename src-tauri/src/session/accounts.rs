//! The code list and the changes the user makes to it: codes, copying a
//! code, the next HOTP code, a typed setup key, names, order, removal, and
//! the activity list with account labels.

use std::time::Duration;

use omamori_otp::{Account, AccountId, Algorithm, Kind, Secret};
use omamori_vault::AccountEdit;
use zeroize::Zeroizing;

use super::views::{AccountNames, AccountView, ActivityView, CodesView, ManualAccount};
use super::{Session, now};
use crate::activity::{Entry, Event};
use crate::error::{AppError, AppResult, ErrorKind};

pub(super) fn parse_id(id: &str) -> AppResult<AccountId> {
    id.parse()
        .map_err(|_| AppError::new(ErrorKind::NoSuchAccount))
}

impl Session {
    pub fn codes(&self) -> AppResult<CodesView> {
        let now = now();
        self.with_vault(|vault| {
            let accounts = vault
                .accounts()
                .iter()
                .map(|a| AccountView::new(a, now))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(CodesView { now, accounts })
        })
    }

    /// Copies the account's current code to the clipboard.
    pub fn copy_code(&self, id: &str) -> AppResult<()> {
        let id = parse_id(id)?;
        let code = self.with_vault(|vault| {
            let account = vault
                .account(id)
                .ok_or(AppError::new(ErrorKind::NoSuchAccount))?;
            Ok(Zeroizing::new(account.code_at(now())?.value))
        })?;
        let seconds = self.settings_guard().clipboard_clear_seconds;
        let clear_after = (seconds > 0).then(|| Duration::from_secs(u64::from(seconds)));
        self.clipboard.copy(code, clear_after)?;
        self.activity
            .record(now(), Event::CodeCopied, Some(id.to_string()));
        Ok(())
    }

    /// HOTP: advances the counter (one save) and returns the new code.
    pub fn next_hotp(&self, id: &str) -> AppResult<AccountView> {
        let id = parse_id(id)?;
        self.with_vault(|vault| AccountView::new(&vault.advance_counter(id)?, now()))
    }

    /// Adds an account from a typed setup key; returns it with its code.
    pub fn add_manual(&self, form: ManualAccount) -> AppResult<AccountView> {
        let secret = Secret::from_setup_key(&form.key)?;
        let mut account = Account::totp(form.issuer.trim(), form.account.trim(), secret);
        account.kind = match form.kind.as_str() {
            "hotp" => Kind::Hotp,
            "steam" => Kind::Steam,
            _ => Kind::Totp,
        };
        account.algorithm = form
            .algorithm
            .parse::<Algorithm>()
            .map_err(|e| AppError::with_detail(ErrorKind::InvalidAccount, e.to_string()))?;
        account.digits = form.digits;
        account.period = form.period;
        if account.kind == Kind::Steam {
            account.digits = 5;
        }
        self.with_vault(|vault| {
            let id = vault.add(account, now())?;
            self.activity
                .record(now(), Event::AccountAdded, Some(id.to_string()));
            let added = vault.account(id).ok_or(AppError::new(ErrorKind::Other))?;
            AccountView::new(added, now())
        })
    }

    pub fn edit_account(&self, names: AccountNames) -> AppResult<()> {
        let id = parse_id(&names.id)?;
        let edit = AccountEdit {
            issuer: Some(names.issuer.trim().to_owned()),
            name: Some(names.account.trim().to_owned()),
            ..AccountEdit::default()
        };
        self.with_vault(|vault| Ok(vault.edit(id, edit)?))
    }

    pub fn remove_account(&self, id: &str) -> AppResult<()> {
        let id = parse_id(id)?;
        self.with_vault(|vault| {
            vault.remove(id, now())?;
            self.activity
                .record(now(), Event::AccountRemoved, Some(id.to_string()));
            Ok(())
        })
    }

    /// Moves an account one place up (`-1`) or down (`+1`).
    pub fn move_account(&self, id: &str, delta: i32) -> AppResult<()> {
        let id = parse_id(id)?;
        self.with_vault(|vault| {
            let mut order: Vec<AccountId> = vault.accounts().iter().map(|a| a.id).collect();
            let from = order
                .iter()
                .position(|x| *x == id)
                .ok_or(AppError::new(ErrorKind::NoSuchAccount))?;
            let to = (from as i64 + i64::from(delta)).clamp(0, order.len() as i64 - 1) as usize;
            if to != from {
                let moved = order.remove(from);
                order.insert(to, moved);
                vault.reorder(&order)?;
            }
            Ok(())
        })
    }

    /// The activity list, newest first, with account labels while unlocked.
    pub fn activity(&self) -> AppResult<Vec<ActivityView>> {
        let entries = self.activity.entries();
        self.with_vault(|vault| {
            Ok(entries
                .into_iter()
                .map(|Entry { at, event, account }| ActivityView {
                    at,
                    event,
                    label: account
                        .and_then(|id| id.parse::<AccountId>().ok())
                        .and_then(|id| vault.account(id))
                        .map(Account::label),
                })
                .collect())
        })
    }
}
