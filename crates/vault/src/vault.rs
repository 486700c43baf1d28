//! The unlocked vault: open with a password or the keyring, read the
//! accounts, and change them one saved operation at a time.
//!
//! Every change is a transaction: take the save lock, re-read the file (if
//! another program saved meanwhile, decrypt its content with this vault's
//! master key and apply the change on top), write atomically, release. So
//! the lock is held for milliseconds, and two programs changing the vault at
//! once never lose each other's changes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use omamori_otp::{Account, AccountId, CodeError, Kind};
use secrecy::SecretString;

use crate::Error;
use crate::content::{self, Content, SameAccountIndex, Trashed};
use crate::crypto::{self, KdfParams, Key, SALT_LEN};
use crate::envelope::{self, Envelope, Header, KeyringSlot, PasswordSlot};
use crate::keystore::{KeyStore, KeyringError, SERVICE};
use crate::storage::{self, DEFAULT_LOCK_WAIT, Durability, SaveLock};

/// How to unlock a vault.
#[derive(Clone, Copy)]
pub enum Unlock<'a> {
    /// Through the password slot.
    Password(&'a SecretString),
    /// Through the keyring slot, with the key read from this store.
    Keyring(&'a dyn KeyStore),
}

/// Changes to an account's descriptive fields; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountEdit {
    pub issuer: Option<String>,
    pub name: Option<String>,
    /// `Some(None)` clears the note.
    pub note: Option<Option<String>>,
    /// `Some(None)` clears the group.
    pub group: Option<Option<String>>,
}

/// What happened to one account of [`Vault::add_many`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AddOutcome {
    Added(AccountId),
    /// Already stored under this id (same secret, issuer and account name).
    Duplicate(AccountId),
    Invalid(CodeError),
}

/// An unlocked vault. Holds the master key (wiped on drop) and the
/// decrypted accounts; `Debug` is not implemented, so neither can be printed.
pub struct Vault {
    path: PathBuf,
    header: Header,
    master: Key,
    content: Content,
    fingerprint: [u8; 32],
    lock_wait: Duration,
    durability: Durability,
}

/// A new password's slot key, derived (the Argon2id work) before the vault
/// is touched, so a caller can run the slow part without holding whatever
/// guards its open [`Vault`]; [`Vault::set_password`] then only wraps and
/// saves. No `Debug`: it holds a key.
pub struct NewPassword {
    params: KdfParams,
    salt: Vec<u8>,
    key: Key,
}

impl NewPassword {
    /// Derives the slot key of `password` under a fresh random salt
    /// (parameters beyond the read bounds are refused before any work).
    pub fn derive(password: &SecretString, params: KdfParams) -> Result<NewPassword, Error> {
        let mut salt = vec![0u8; SALT_LEN];
        crypto::fill_random(&mut salt)?;
        let key = crypto::derive_password_key(password, &salt, &params)?;
        Ok(NewPassword { params, salt, key })
    }
}

pub(crate) fn password_slot(
    master: &Key,
    vault_id: &AccountId,
    password: &SecretString,
    params: KdfParams,
) -> Result<PasswordSlot, Error> {
    wrap_password_slot(master, vault_id, NewPassword::derive(password, params)?)
}

fn wrap_password_slot(
    master: &Key,
    vault_id: &AccountId,
    new: NewPassword,
) -> Result<PasswordSlot, Error> {
    let nonce = crypto::random_nonce()?;
    let wrapped = crypto::wrap_key(
        &new.key,
        &nonce,
        &envelope::slot_aad("password", vault_id),
        master,
    );
    Ok(PasswordSlot {
        params: new.params,
        salt: new.salt,
        nonce,
        wrapped_key: wrapped
            .as_slice()
            .try_into()
            .expect("a wrapped 32-byte key is 48 bytes"),
    })
}

fn keyring_slot(
    master: &Key,
    vault_id: &AccountId,
    keyring_key: &Key,
    backend: &str,
) -> Result<KeyringSlot, Error> {
    let nonce = crypto::random_nonce()?;
    let wrapped = crypto::wrap_key(
        keyring_key,
        &nonce,
        &envelope::slot_aad("keyring", vault_id),
        master,
    );
    Ok(KeyringSlot {
        backend: backend.to_owned(),
        service: SERVICE.to_owned(),
        entry: entry_name(vault_id),
        nonce,
        wrapped_key: wrapped
            .as_slice()
            .try_into()
            .expect("a wrapped 32-byte key is 48 bytes"),
    })
}

/// The keyring entry (user) name of a vault.
fn entry_name(vault_id: &AccountId) -> String {
    format!("vault-{vault_id}")
}

pub(crate) fn unwrap_password(header: &Header, password: &SecretString) -> Result<Key, Error> {
    let slot = &header.password;
    let slot_key = crypto::derive_password_key(password, &slot.salt, &slot.params)?;
    crypto::unwrap_key(
        &slot_key,
        &slot.nonce,
        &envelope::slot_aad("password", &header.vault_id),
        &slot.wrapped_key,
    )
}

fn keyring_key(slot: &KeyringSlot, store: &dyn KeyStore) -> Result<Key, KeyringError> {
    let secret = store.get(&slot.service, &slot.entry)?;
    Key::from_slice(&secret).ok_or_else(|| KeyringError::WrongKey {
        backend: store.backend().to_owned(),
    })
}

fn unwrap_keyring(header: &Header, store: &dyn KeyStore) -> Result<Key, Error> {
    let slot = header.keyring.as_ref().ok_or(Error::NoKeyringSlot)?;
    let key = keyring_key(slot, store)?;
    crypto::unwrap_key(
        &key,
        &slot.nonce,
        &envelope::slot_aad("keyring", &header.vault_id),
        &slot.wrapped_key,
    )
    .map_err(|_| {
        Error::Keyring(KeyringError::WrongKey {
            backend: store.backend().to_owned(),
        })
    })
}

fn decrypt(envelope: &Envelope, master: &Key) -> Result<Content, Error> {
    let plain = crypto::open(
        master,
        &envelope.header.nonce,
        &envelope.content_aad(),
        &envelope.ciphertext,
    )?;
    content::decode(&plain)
}

pub(crate) fn random_id() -> Result<AccountId, Error> {
    let mut id = [0u8; 16];
    crypto::fill_random(&mut id)?;
    Ok(AccountId(id))
}

impl Vault {
    /// Creates a new vault at `path` with a password slot, refusing to
    /// replace any existing file. `params` must be within the read bounds
    /// ([`KdfParams::check_readable`]), so the vault can always be opened.
    pub fn create(path: &Path, password: &SecretString, params: KdfParams) -> Result<Vault, Error> {
        params.check_writable()?;
        storage::ensure_dir(path)?;
        let lock = SaveLock::acquire(path, DEFAULT_LOCK_WAIT)?;
        if path.symlink_metadata().is_ok() {
            return Err(Error::AlreadyExists {
                path: path.to_owned(),
            });
        }
        let master = Key::random()?;
        let vault_id = random_id()?;
        let header = Header {
            vault_id,
            password: password_slot(&master, &vault_id, password, params)?,
            keyring: None,
            nonce: [0; crypto::NONCE_LEN],
        };
        let mut vault = Vault {
            path: path.to_owned(),
            header: header.clone(),
            master,
            content: Content::default(),
            fingerprint: [0; 32],
            lock_wait: DEFAULT_LOCK_WAIT,
            durability: Durability::Fsync,
        };
        vault.commit(&lock, header, Content::default(), None)?;
        Ok(vault)
    }

    /// Opens the vault at `path`. Opening never writes anything.
    ///
    /// With [`Unlock::Keyring`], keyring problems come back as
    /// [`Error::Keyring`] (or [`Error::NoKeyringSlot`]); the caller then
    /// asks for the password and calls `open` again with it.
    pub fn open(path: &Path, unlock: Unlock<'_>) -> Result<Vault, Error> {
        let bytes = storage::read(path)?;
        let envelope = envelope::parse(&bytes)?;
        let master = match unlock {
            Unlock::Password(password) => unwrap_password(&envelope.header, password)?,
            Unlock::Keyring(store) => unwrap_keyring(&envelope.header, store)?,
        };
        let content = decrypt(&envelope, &master)?;
        Ok(Vault {
            path: path.to_owned(),
            header: envelope.header,
            master,
            content,
            fingerprint: crypto::fingerprint(&bytes),
            lock_wait: DEFAULT_LOCK_WAIT,
            durability: Durability::Fsync,
        })
    }

    /// Reads only the header of a vault file, without any key: whether it
    /// has a keyring slot, and in which backend. For deciding how to unlock.
    pub fn probe(path: &Path) -> Result<VaultInfo, Error> {
        let envelope = envelope::parse(&storage::read(path)?)?;
        Ok(VaultInfo {
            vault_id: envelope.header.vault_id,
            kdf: envelope.header.password.params,
            keyring_backend: envelope.header.keyring.map(|k| k.backend),
        })
    }

    /// The file this vault lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The accounts in the user's order.
    pub fn accounts(&self) -> &[Account] {
        &self.content.accounts
    }

    /// One account by id.
    pub fn account(&self, id: AccountId) -> Option<&Account> {
        self.content.accounts.iter().find(|a| a.id == id)
    }

    /// The deleted accounts still in the trash, oldest deletion first.
    pub fn trash(&self) -> &[Trashed] {
        &self.content.trash
    }

    /// How many days a deleted account stays in the trash.
    pub fn trash_days(&self) -> u32 {
        self.content.trash_days
    }

    /// The random id of this vault (names its keyring entry).
    pub fn vault_id(&self) -> AccountId {
        self.header.vault_id
    }

    /// The password slot's Argon2id parameters.
    pub fn kdf_params(&self) -> KdfParams {
        self.header.password.params
    }

    /// The backend name of the keyring slot, if there is one.
    pub fn keyring_backend(&self) -> Option<&str> {
        self.header.keyring.as_ref().map(|k| k.backend.as_str())
    }

    /// How long a save waits for another program's save (default 5 s).
    pub fn set_lock_wait(&mut self, wait: Duration) {
        self.lock_wait = wait;
    }

    /// Benchmarks only: skip fsync to measure the rest of a save.
    #[doc(hidden)]
    pub fn set_durability_for_benchmarks(&mut self, fsync: bool) {
        self.durability = if fsync {
            Durability::Fsync
        } else {
            Durability::NoFsync
        };
    }

    /// Adds an account: assigns a random id and `created = now`. Refuses a
    /// duplicate (same secret, issuer and account name) with
    /// [`Error::Duplicate`]. One save.
    pub fn add(&mut self, account: Account, now: u64) -> Result<AccountId, Error> {
        account.validate()?;
        match self.add_many(vec![account], now)?.pop() {
            Some(AddOutcome::Added(id)) => Ok(id),
            Some(AddOutcome::Duplicate(id)) => Err(Error::Duplicate(id)),
            Some(AddOutcome::Invalid(e)) => Err(Error::InvalidAccount(e)),
            None => unreachable!("add_many returns one outcome per account"),
        }
    }

    /// Adds several accounts in one save (imports), skipping duplicates and
    /// invalid accounts; one outcome per input, in order.
    pub fn add_many(&mut self, new: Vec<Account>, now: u64) -> Result<Vec<AddOutcome>, Error> {
        self.add_accounts(new, now, false)
    }

    /// Like [`Vault::add_many`], but keeps each account's id (when it is
    /// assigned and not already taken in this vault) and creation time (when
    /// set), so accounts restored from an Omamori backup are identical to
    /// the vault they came from. Accounts from foreign formats have neither,
    /// and get a random id and `created = now` as with `add_many`.
    pub fn restore_many(&mut self, new: Vec<Account>, now: u64) -> Result<Vec<AddOutcome>, Error> {
        self.add_accounts(new, now, true)
    }

    fn add_accounts(
        &mut self,
        new: Vec<Account>,
        now: u64,
        keep_identity: bool,
    ) -> Result<Vec<AddOutcome>, Error> {
        self.transact(|_, content| {
            let mut outcomes = Vec::with_capacity(new.len());
            // Indexed, so an import of 100,000 accounts is not 10^10
            // comparisons (issue 11).
            let mut kept = SameAccountIndex::new(&content.accounts);
            // Ids are unique across the list and the trash, so a deleted
            // account can always be restored under its own id.
            let mut ids: HashSet<AccountId> = content.all_accounts().map(|a| a.id).collect();
            for mut account in new {
                if let Err(e) = account.validate() {
                    outcomes.push(AddOutcome::Invalid(e));
                    continue;
                }
                if let Some(existing) = kept.find(&account) {
                    outcomes.push(AddOutcome::Duplicate(existing.id));
                    continue;
                }
                let taken = |id: AccountId| id == AccountId::UNASSIGNED || ids.contains(&id);
                let mut id = account.id;
                if !keep_identity || taken(id) {
                    id = random_id()?;
                    while taken(id) {
                        id = random_id()?;
                    }
                }
                account.id = id;
                if !keep_identity || account.created == 0 {
                    account.created = now;
                }
                ids.insert(id);
                kept.insert(account.clone());
                content.accounts.push(account);
                outcomes.push(AddOutcome::Added(id));
            }
            Ok(outcomes)
        })
    }

    /// Changes issuer, account name, note or group. One save.
    pub fn edit(&mut self, id: AccountId, edit: AccountEdit) -> Result<(), Error> {
        self.transact(|_, content| {
            let account = content
                .accounts
                .iter_mut()
                .find(|a| a.id == id)
                .ok_or(Error::NoSuchAccount(id))?;
            if let Some(issuer) = edit.issuer {
                account.issuer = issuer;
            }
            if let Some(name) = edit.name {
                account.name = name;
            }
            if let Some(note) = edit.note {
                account.note = note;
            }
            if let Some(group) = edit.group {
                account.group = group;
            }
            Ok(())
        })
    }

    /// Deletes an account: moves it to the trash, stamped `now`, where it
    /// stays [`Vault::trash_days`] days and can be brought back with
    /// [`Vault::restore`]. Returns it. Trash entries past their retention
    /// are dropped in the same save. One save.
    pub fn remove(&mut self, id: AccountId, now: u64) -> Result<Account, Error> {
        self.transact(|_, content| {
            let index = content
                .accounts
                .iter()
                .position(|a| a.id == id)
                .ok_or(Error::NoSuchAccount(id))?;
            let account = content.accounts.remove(index);
            content.trash.push(Trashed {
                account: account.clone(),
                deleted: now,
            });
            content.expire_trash(now);
            Ok(account)
        })
    }

    /// Brings a deleted account back from the trash, with its id, secret,
    /// counter and creation time, at the end of the list. Refuses with
    /// [`Error::Duplicate`] when the same account was added again since
    /// (it then stays in the trash). One save.
    pub fn restore(&mut self, id: AccountId) -> Result<Account, Error> {
        self.transact(|_, content| {
            let index = content
                .trash
                .iter()
                .position(|t| t.account.id == id)
                .ok_or(Error::NotInTrash(id))?;
            let account = &content.trash[index].account;
            if let Some(existing) = content.accounts.iter().find(|a| a.same_account(account)) {
                return Err(Error::Duplicate(existing.id));
            }
            let restored = content.trash.remove(index).account;
            content.accounts.push(restored.clone());
            Ok(restored)
        })
    }

    /// Deletes one account from the trash for good, after checking the
    /// vault password (a wrong one is [`Error::DecryptionFailed`]). The
    /// previous saves in the numbered and daily backups still hold it until
    /// they rotate out. One save.
    pub fn purge(&mut self, id: AccountId, password: &SecretString) -> Result<Account, Error> {
        self.check_password(password)?;
        self.transact(|_, content| {
            let index = content
                .trash
                .iter()
                .position(|t| t.account.id == id)
                .ok_or(Error::NotInTrash(id))?;
            Ok(content.trash.remove(index).account)
        })
    }

    /// Empties the trash for good after checking the vault password;
    /// returns how many accounts were deleted. One save (none when the
    /// trash is already empty).
    pub fn empty_trash(&mut self, password: &SecretString) -> Result<usize, Error> {
        self.check_password(password)?;
        if self.content.trash.is_empty() {
            return Ok(0);
        }
        self.transact(|_, content| Ok(std::mem::take(&mut content.trash).len()))
    }

    /// Drops the trash entries past their retention at `now`; returns how
    /// many. Saves only when there was something to drop (so a caller may
    /// run it after every unlock).
    pub fn expire_trash(&mut self, now: u64) -> Result<usize, Error> {
        let mut probe = self.content.clone();
        if probe.expire_trash(now) == 0 {
            return Ok(0);
        }
        self.transact(|_, content| Ok(content.expire_trash(now)))
    }

    /// Sets how many days (1 to 3650) deleted accounts stay in the trash.
    /// Entries already older than the new retention go at the next save
    /// that passes a time ([`Vault::remove`], [`Vault::expire_trash`]).
    /// One save.
    pub fn set_trash_days(&mut self, days: u32) -> Result<(), Error> {
        if !(1..=content::MAX_TRASH_DAYS).contains(&days) {
            return Err(Error::InvalidTrashDays(days));
        }
        self.transact(|_, content| {
            content.trash_days = days;
            Ok(())
        })
    }

    /// Whether `password` opens this vault's password slot (one key
    /// derivation); a wrong one is [`Error::DecryptionFailed`].
    pub fn check_password(&self, password: &SecretString) -> Result<(), Error> {
        unwrap_password(&self.header, password).map(drop)
    }

    /// Puts the accounts in the given order, which must list every id
    /// exactly once. One save.
    pub fn reorder(&mut self, order: &[AccountId]) -> Result<(), Error> {
        self.transact(|_, content| {
            let accounts = &mut content.accounts;
            if order.len() != accounts.len() {
                return Err(Error::InvalidOrder);
            }
            let mut reordered = Vec::with_capacity(order.len());
            for id in order {
                let index = accounts
                    .iter()
                    .position(|a| a.id == *id)
                    .ok_or(Error::InvalidOrder)?;
                reordered.push(accounts.swap_remove(index));
            }
            *accounts = reordered;
            Ok(())
        })
    }

    /// Advances an HOTP account's counter by one and returns the updated
    /// account (whose `code_at` is the new code). One save.
    pub fn advance_counter(&mut self, id: AccountId) -> Result<Account, Error> {
        self.transact(|_, content| {
            let account = content
                .accounts
                .iter_mut()
                .find(|a| a.id == id)
                .ok_or(Error::NoSuchAccount(id))?;
            if account.kind != Kind::Hotp {
                return Err(Error::NotCounterBased(id));
            }
            account.counter = account.counter.wrapping_add(1);
            Ok(account.clone())
        })
    }

    /// Sets a new password (and KDF parameters) under a new master key, so
    /// old copies of the file and the old password cannot open later
    /// versions. A keyring slot is re-wrapped when `keyring` can give its
    /// key; otherwise it is dropped and the reason returned. One save.
    pub fn change_password(
        &mut self,
        new_password: &SecretString,
        params: KdfParams,
        keyring: Option<&dyn KeyStore>,
    ) -> Result<Option<KeyringError>, Error> {
        params.check_writable()?;
        self.set_password(NewPassword::derive(new_password, params)?, keyring)
    }

    /// [`Vault::change_password`] with the Argon2id work already done by
    /// [`NewPassword::derive`]: only wrapping and the save happen here.
    pub fn set_password(
        &mut self,
        new_password: NewPassword,
        keyring: Option<&dyn KeyStore>,
    ) -> Result<Option<KeyringError>, Error> {
        let lock = SaveLock::acquire(&self.path, self.lock_wait)?;
        self.refresh()?;
        let master = Key::random()?;
        let mut header = self.header.clone();
        header.password = wrap_password_slot(&master, &header.vault_id, new_password)?;
        let mut dropped = None;
        if let Some(slot) = header.keyring.take() {
            let key = match keyring {
                Some(store) => keyring_key(&slot, store),
                None => Err(KeyringError::Unavailable {
                    backend: slot.backend.clone(),
                    detail: "not offered".into(),
                }),
            };
            match key {
                Ok(key) => {
                    header.keyring = Some(keyring_slot(
                        &master,
                        &header.vault_id,
                        &key,
                        &slot.backend,
                    )?)
                }
                Err(e) => dropped = Some(e),
            }
        }
        let content = self.content.clone();
        self.commit(&lock, header, content, Some(master))?;
        Ok(dropped)
    }

    /// Adds (or replaces) the keyring slot: a new random key is stored in
    /// `store` first, then the slot is saved. One save.
    pub fn enable_keyring(&mut self, store: &dyn KeyStore) -> Result<(), Error> {
        let lock = SaveLock::acquire(&self.path, self.lock_wait)?;
        self.refresh()?;
        let keyring_key = Key::random()?;
        let mut header = self.header.clone();
        let slot = keyring_slot(
            &self.master,
            &header.vault_id,
            &keyring_key,
            store.backend(),
        )?;
        store.set(&slot.service, &slot.entry, keyring_key.expose())?;
        header.keyring = Some(slot);
        let content = self.content.clone();
        self.commit(&lock, header, content, None)
    }

    /// Revokes "remember on this computer": checks `password`, removes the
    /// keyring slot and re-encrypts everything under a **new master key**
    /// (re-wrapped in the password slot), in one save; then deletes the
    /// slot's entry from `store` if given. So a keyring key copied before
    /// (or an entry that could not be deleted) opens only older copies of
    /// the file, never this one or any later one.
    ///
    /// A wrong password is [`Error::DecryptionFailed`] and changes nothing.
    /// The slot is gone even when deleting the entry fails; that failure
    /// is returned for the caller to show. A missing entry is not a failure.
    ///
    /// Should a vault one day carry several keyring slots (one per
    /// computer), the rotation would drop them all, since only each
    /// computer's keyring can re-wrap its own slot; this method would then
    /// take the slot to revoke and report the others it dropped.
    pub fn disable_keyring(
        &mut self,
        password: &SecretString,
        store: Option<&dyn KeyStore>,
    ) -> Result<Option<KeyringError>, Error> {
        let lock = SaveLock::acquire(&self.path, self.lock_wait)?;
        self.refresh()?;
        let mut header = self.header.clone();
        let slot = header.keyring.take().ok_or(Error::NoKeyringSlot)?;
        // The password slot keeps its salt and parameters: the same slot
        // key (one Argon2 run, which also checks the password) wraps the
        // new master key under a fresh nonce.
        let aad = envelope::slot_aad("password", &header.vault_id);
        let slot_key =
            crypto::derive_password_key(password, &header.password.salt, &header.password.params)?;
        crypto::unwrap_key(
            &slot_key,
            &header.password.nonce,
            &aad,
            &header.password.wrapped_key,
        )?;
        let master = Key::random()?;
        header.password.nonce = crypto::random_nonce()?;
        header.password.wrapped_key =
            crypto::wrap_key(&slot_key, &header.password.nonce, &aad, &master)
                .as_slice()
                .try_into()
                .expect("a wrapped 32-byte key is 48 bytes");
        let content = self.content.clone();
        self.commit(&lock, header, content, Some(master))?;
        drop(lock);
        let Some(store) = store else {
            return Ok(None);
        };
        match store.delete(&slot.service, &slot.entry) {
            Ok(()) | Err(KeyringError::NoEntry { .. }) => Ok(None),
            Err(e) => Ok(Some(e)),
        }
    }

    fn transact<R>(
        &mut self,
        op: impl FnOnce(&mut Header, &mut Content) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let lock = SaveLock::acquire(&self.path, self.lock_wait)?;
        self.refresh()?;
        let mut header = self.header.clone();
        let mut content = self.content.clone();
        let result = op(&mut header, &mut content)?;
        self.commit(&lock, header, content, None)?;
        Ok(result)
    }

    /// Under the lock: if another program saved since we read, adopt its
    /// header and accounts (they must decrypt with our master key).
    fn refresh(&mut self) -> Result<(), Error> {
        let bytes = match storage::read(&self.path) {
            Ok(bytes) => bytes,
            Err(Error::NotFound { .. }) => return Err(Error::ChangedOnDisk),
            Err(e) => return Err(e),
        };
        let fingerprint = crypto::fingerprint(&bytes);
        if fingerprint == self.fingerprint {
            return Ok(());
        }
        let envelope = envelope::parse(&bytes).map_err(|_| Error::ChangedOnDisk)?;
        let content = match decrypt(&envelope, &self.master) {
            Ok(content) => content,
            Err(Error::DecryptionFailed) => return Err(Error::ChangedOnDisk),
            Err(e) => return Err(e),
        };
        self.header = envelope.header;
        self.content = content;
        self.fingerprint = fingerprint;
        Ok(())
    }

    /// Encrypts and writes; only on success does `self` take the new state.
    /// Content the reader would refuse (a field too long, too many
    /// accounts, a file over the size limit) is refused here, before
    /// anything is written, so the file on disk stays as it was.
    fn commit(
        &mut self,
        lock: &SaveLock,
        mut header: Header,
        content: Content,
        new_master: Option<Key>,
    ) -> Result<(), Error> {
        content::check(&content)?;
        header.nonce = crypto::random_nonce()?;
        let header_raw = envelope::header_bytes(&header);
        let plain = content::encode(&content);
        let master = new_master.as_ref().unwrap_or(&self.master);
        let ciphertext = crypto::seal(
            master,
            &header.nonce,
            &envelope::aad_for(&header_raw),
            &plain,
        );
        let bytes = envelope::file_bytes(&header_raw, &ciphertext);
        if bytes.len() as u64 > envelope::MAX_FILE_BYTES {
            return Err(Error::ContentTooLarge(format!(
                "the vault file would be {} bytes, more than the {} a vault may be",
                bytes.len(),
                envelope::MAX_FILE_BYTES
            )));
        }
        storage::write_atomic(&self.path, &bytes, self.durability, lock)?;
        self.header = header;
        self.content = content;
        self.fingerprint = crypto::fingerprint(&bytes);
        if let Some(master) = new_master {
            self.master = master;
        }
        Ok(())
    }
}

/// What a vault's header says, readable without a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultInfo {
    pub vault_id: AccountId,
    pub kdf: KdfParams,
    /// The keyring slot's backend name, if the vault has a keyring slot.
    pub keyring_backend: Option<String>,
}
