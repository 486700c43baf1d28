//! The session's state behind its one lock. Everything a lock must wipe
//! lives in one value, [`Unlocked`] — the open vault (master key and every
//! decrypted secret), the accounts of the last scan, an import file
//! waiting for its password — so a lock is `take()` of that value and
//! nothing can survive it by being forgotten.
//!
//! Work that runs outside the lock (Argon2, a native file dialog) holds a
//! [`LockTicket`] taken before it started; its result is kept only if no
//! lock happened meanwhile ([`State::unlocked_since`]), even when the vault
//! was unlocked again in between.

use std::path::PathBuf;

use omamori_otp::Account;
use omamori_vault::Vault;

use super::import::PendingImport;
use crate::error::{AppError, AppResult, ErrorKind};

/// What exists only while the vault is unlocked; dropped as a whole on lock.
pub(super) struct Unlocked {
    pub vault: Vault,
    /// Accounts from the last scan, waiting for "add"; secrets stay here.
    pub scan: Option<ScanBatch>,
    /// An import file waiting for its password.
    pub import: Option<PendingImport>,
}

/// The accounts one scan found, named by the token the UI got with them.
pub(super) struct ScanBatch {
    pub token: u64,
    pub accounts: Vec<Account>,
}

/// Which lock period some work started in. No lock may happen between
/// taking it and using its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockTicket(u64);

/// Everything behind the session's lock.
pub(super) struct State {
    unlocked: Option<Unlocked>,
    /// How many locks happened; a [`LockTicket`] is this count.
    locks: u64,
    /// Whether this run already tried the keyring (auto-unlock happens once
    /// per start, never after the user locked).
    pub keyring_tried: bool,
    /// The backup written last, for "check this backup" (a path, no secret).
    pub last_backup: Option<PathBuf>,
    /// The token of the next scan batch; never reused within a run.
    next_token: u64,
}

impl State {
    pub(super) fn new() -> State {
        State {
            unlocked: None,
            locks: 0,
            keyring_tried: false,
            last_backup: None,
            next_token: 1,
        }
    }

    pub(super) fn is_unlocked(&self) -> bool {
        self.unlocked.is_some()
    }

    pub(super) fn ticket(&self) -> LockTicket {
        LockTicket(self.locks)
    }

    pub(super) fn unlocked(&mut self) -> AppResult<&mut Unlocked> {
        self.unlocked
            .as_mut()
            .ok_or(AppError::new(ErrorKind::Locked))
    }

    /// The unlocked state, if no lock happened since `ticket` was taken.
    pub(super) fn unlocked_since(&mut self, ticket: LockTicket) -> AppResult<&mut Unlocked> {
        if ticket != self.ticket() {
            return Err(AppError::new(ErrorKind::Locked));
        }
        self.unlocked()
    }

    /// Opens the session with `vault`, unless a lock happened since
    /// `ticket` (then the vault is dropped here and `Locked` returned).
    pub(super) fn install(&mut self, ticket: LockTicket, vault: Vault) -> AppResult<()> {
        if ticket != self.ticket() {
            return Err(AppError::new(ErrorKind::Locked));
        }
        self.keyring_tried = true;
        self.unlocked = Some(Unlocked {
            vault,
            scan: None,
            import: None,
        });
        Ok(())
    }

    /// Drops the unlocked state as a whole and ends the current lock
    /// period. Returns whether it was unlocked.
    pub(super) fn lock(&mut self) -> bool {
        self.locks += 1;
        self.keyring_tried = true;
        self.unlocked.take().is_some()
    }

    pub(super) fn new_token(&mut self) -> u64 {
        let token = self.next_token;
        self.next_token += 1;
        token
    }
}
