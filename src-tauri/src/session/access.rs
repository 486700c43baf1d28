//! Opening and guarding the vault: first run, unlock by password or
//! keyring, the password check before sensitive actions, changing the
//! password, the keyring slot, and revealing a setup key.
//!
//! Every Argon2 run (unlock, the re-check, deriving a new password's key)
//! happens in [`Session::password_work`] with no lock of the session held,
//! and its result is used only if no lock happened meanwhile.

use omamori_vault::{KeyStore, KeyringError, NewPassword, OsKeyring, Unlock, Vault};
use secrecy::SecretString;
use zeroize::Zeroizing;

use super::unlocked::LockTicket;
use super::views::{KeyringOutcome, KeyringSwitch, NewVault, PasswordChange};
use super::{Session, now};
use crate::activity::Event;
use crate::error::{AppError, AppResult, ErrorKind};

pub(super) fn password(text: Zeroizing<String>) -> SecretString {
    SecretString::from(text.as_str().to_owned())
}

/// Both new passwords agree and are not empty.
fn check_new(password: &Zeroizing<String>, confirm: &Zeroizing<String>) -> AppResult<()> {
    if password.is_empty() || **password != **confirm {
        return Err(AppError::new(ErrorKind::PasswordRejected));
    }
    Ok(())
}

impl Session {
    pub(super) fn store_for(&self, backend: Option<&str>) -> Option<OsKeyring> {
        let chosen = self.keyring?;
        let backend = backend.and_then(|b| b.parse().ok()).unwrap_or(chosen);
        Some(OsKeyring::new(backend))
    }

    pub(super) fn keyring_available(&self) -> bool {
        let Some(store) = self.store_for(None) else {
            return false;
        };
        // A lookup of an entry that never exists: answers NoEntry when a
        // keyring works, without writing anything into it.
        matches!(
            store.get(omamori_vault::keystore::SERVICE, "availability-probe"),
            Ok(_) | Err(KeyringError::NoEntry { .. })
        )
    }

    /// First run: a new vault with a password slot and, if asked, a keyring slot.
    pub fn create_vault(&self, request: NewVault) -> AppResult<KeyringOutcome> {
        check_new(&request.password, &request.confirm)?;
        let ticket = self.ticket();
        let mut vault = self.password_work(|| {
            Vault::create(&self.vault_path, &password(request.password), self.kdf)
        })?;
        let outcome = match (request.remember, self.store_for(None)) {
            (false, _) => KeyringOutcome::Off,
            (true, None) => KeyringOutcome::Failed,
            (true, Some(store)) => match vault.enable_keyring(&store) {
                Ok(()) => KeyringOutcome::On,
                Err(_) => KeyringOutcome::Failed,
            },
        };
        self.activity.record(now(), Event::VaultCreated, None);
        self.state().install(ticket, vault)?;
        self.idle.touch();
        Ok(outcome)
    }

    pub fn unlock_password(&self, text: Zeroizing<String>) -> AppResult<()> {
        let ticket = self.ticket();
        let opened =
            self.password_work(|| Vault::open(&self.vault_path, Unlock::Password(&password(text))));
        self.finish_unlock(ticket, opened)
    }

    /// Unlocks through the keyring slot, once per start of the app.
    pub fn unlock_keyring(&self) -> AppResult<()> {
        let ticket = {
            let mut state = self.state();
            if state.keyring_tried {
                return Err(AppError::new(ErrorKind::KeyringUnavailable));
            }
            state.keyring_tried = true;
            state.ticket()
        };
        let info = Vault::probe(&self.vault_path)?;
        let store = self
            .store_for(info.keyring_backend.as_deref())
            .filter(|_| info.keyring_backend.is_some())
            .ok_or(AppError::new(ErrorKind::KeyringUnavailable))?;
        let opened = Vault::open(&self.vault_path, Unlock::Keyring(&store));
        self.finish_unlock(ticket, opened)
    }

    fn finish_unlock(
        &self,
        ticket: LockTicket,
        opened: Result<Vault, omamori_vault::Error>,
    ) -> AppResult<()> {
        match opened {
            Ok(vault) => {
                self.state().install(ticket, vault)?;
                self.idle.touch();
                self.activity.record(now(), Event::Unlocked, None);
                Ok(())
            }
            Err(e) => {
                if matches!(e, omamori_vault::Error::DecryptionFailed) {
                    self.activity.record(now(), Event::UnlockFailed, None);
                }
                Err(e.into())
            }
        }
    }

    /// Checks a password against the vault file without changing anything.
    pub(super) fn verify_password(&self, text: Zeroizing<String>) -> AppResult<()> {
        self.password_work(|| Vault::open(&self.vault_path, Unlock::Password(&password(text))))?;
        Ok(())
    }

    /// A new password, after the current one: both Argon2 runs happen
    /// before the vault is touched; only wrapping and the save are locked.
    pub fn change_password(&self, request: PasswordChange) -> AppResult<()> {
        check_new(&request.password, &request.confirm)?;
        let ticket = self.ticket();
        self.verify_password(request.current)?;
        let new =
            self.password_work(|| NewPassword::derive(&password(request.password), self.kdf))?;
        let mut state = self.state();
        let vault = &mut state.unlocked_since(ticket)?.vault;
        let store = self.store_for(vault.keyring_backend());
        let keyring = store.as_ref().map(|s| s as &dyn KeyStore);
        vault.set_password(new, keyring)?;
        drop(state);
        self.activity.record(now(), Event::PasswordChanged, None);
        Ok(())
    }

    /// "Remember on this computer" on or off; both ask for the password
    /// (checked before the vault is touched). Off revokes: the vault is
    /// re-encrypted under a new master key, then the keyring entry is
    /// deleted; a failure to delete it comes back in `entry_left` for the
    /// UI to show (issue 11).
    pub fn set_keyring(&self, on: bool, text: Zeroizing<String>) -> AppResult<KeyringSwitch> {
        let ticket = self.ticket();
        self.verify_password(text.clone())?;
        let password = password(text);
        let mut state = self.state();
        let vault = &mut state.unlocked_since(ticket)?.vault;
        let off = |entry_left| KeyringSwitch {
            state: KeyringOutcome::Off,
            entry_left,
        };
        if on {
            let store = self
                .store_for(None)
                .ok_or(AppError::new(ErrorKind::KeyringUnavailable))?;
            vault.enable_keyring(&store)?;
            return Ok(KeyringSwitch {
                state: KeyringOutcome::On,
                entry_left: None,
            });
        }
        if vault.keyring_backend().is_none() {
            return Ok(off(None));
        }
        let store = self.store_for(vault.keyring_backend());
        // Still under the lock: the new password slot's Argon2 run happens
        // inside the vault's re-encryption.
        let problem =
            vault.disable_keyring(&password, store.as_ref().map(|s| s as &dyn KeyStore))?;
        Ok(off(problem.map(|e| e.to_string())))
    }

    /// The setup key of one account, after the password is entered again.
    /// The only place a secret goes to the webview, on the user's request.
    pub fn reveal_setup_key(
        &self,
        id: &str,
        text: Zeroizing<String>,
    ) -> AppResult<Zeroizing<String>> {
        let id = super::accounts::parse_id(id)?;
        let ticket = self.ticket();
        self.verify_password(text)?;
        let mut state = self.state();
        let vault = &state.unlocked_since(ticket)?.vault;
        let account = vault
            .account(id)
            .ok_or(AppError::new(ErrorKind::NoSuchAccount))?;
        let key = account.secret.to_base32();
        drop(state);
        self.activity
            .record(now(), Event::SetupKeyShown, Some(id.to_string()));
        Ok(key)
    }
}
