//! The Omamori vault: the one encrypted file that holds every account.
//!
//! The format is specified in `docs/vault-format.md` (read it first): a JSON
//! envelope with an authenticated header of key slots, and the accounts
//! encrypted with AES-256-GCM under a random master key. The master key is
//! wrapped by a password slot (Argon2id) and optionally a keyring slot
//! (a random key kept in the OS keyring).
//!
//! Which API to use:
//!
//! - new vault → [`Vault::create`]; existing → [`Vault::open`] with
//!   [`Unlock::Password`] or [`Unlock::Keyring`] (on a keyring error, ask for
//!   the password and open again; [`Vault::probe`] tells whether a keyring
//!   slot exists without any key);
//! - changes → [`Vault::add`], [`Vault::edit`], [`Vault::remove`] (to the
//!   trash; [`Vault::restore`], [`Vault::purge`], [`Vault::empty_trash`],
//!   [`Vault::expire_trash`], [`Vault::set_trash_days`]),
//!   [`Vault::reorder`], [`Vault::advance_counter`],
//!   [`Vault::change_password`] (or [`NewPassword::derive`] then
//!   [`Vault::set_password`], to run Argon2 apart), [`Vault::enable_keyring`],
//!   [`Vault::disable_keyring`]; each is one locked, atomic save;
//! - a standalone backup file of some accounts under a password chosen for
//!   it → [`backup::write`]; reading one back → [`backup::open`];
//! - the OS keyring → [`OsKeyring`] with a [`KeyringBackend`];
//! - where the vault lives by default → [`default_vault_path`].
//!
//! The crate reads no environment variables and no clock: the caller passes
//! paths, passwords, backends and `now` (which the shells get from
//! [`clock::now`], the one function that reads the clock).
#![forbid(unsafe_code)]

pub mod backup;
pub mod clock;
pub mod content;
pub mod crypto;
pub mod envelope;
mod error;
pub mod export_file;
pub mod keystore;
pub mod private_file;
pub mod storage;
mod vault;

pub use content::{Field, Trashed};
pub use crypto::KdfParams;
pub use error::Error;
pub use keystore::{KeyStore, KeyringBackend, KeyringError, MemoryKeyStore, OsKeyring};
pub use vault::{AccountEdit, AddOutcome, NewPassword, Unlock, Vault, VaultInfo};

/// The default vault file for this user: `vault.json` in the OS data
/// directory (`~/.local/share/omamori` on Linux, `~/Library/Application
/// Support/omamori` on macOS, `%APPDATA%\omamori\data` on Windows). `None`
/// when the OS reports no home directory. This is the one function that
/// consults the environment (through `directories`); nothing calls it
/// implicitly.
pub fn default_vault_path() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "omamori").map(|d| d.data_dir().join("vault.json"))
}
