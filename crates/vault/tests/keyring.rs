//! The keyring slot against REAL OS keyrings (no mock): the Linux kernel
//! keyutils backend and Secret Service served by a real gnome-keyring-daemon.
//!
//! Run through the wrapper, which provides both and sets
//! OMAMORI_KEYRING_TESTS=1 (then these tests must pass, never skip):
//!
//!     scripts/with-keyrings.sh cargo test -p omamori-vault --test keyring
//!
//! Without the wrapper they are ignored (a build script reads the variable).
#![cfg(target_os = "linux")]

use omamori_otp::{Account, Secret};
use omamori_vault::{
    Error, KdfParams, KeyStore, KeyringBackend, KeyringError, OsKeyring, Unlock, Vault,
};
use secrecy::SecretString;

const WEAK: KdfParams = KdfParams {
    memory_kib: 8,
    iterations: 1,
    lanes: 1,
};

fn pw() -> SecretString {
    SecretString::from("correct horse")
}

fn exercise(backend: KeyringBackend) {
    let store = OsKeyring::new(backend);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.json");
    let mut vault = Vault::create(&path, &pw(), WEAK).unwrap();
    vault
        .add(
            Account::totp(
                "鍵束",
                backend.name(),
                Secret::from_bytes(b"fake-keyring-secret".to_vec()),
            ),
            1,
        )
        .unwrap();
    let entry = format!("vault-{}", vault.vault_id());

    // Before enabling: a real lookup of a missing entry is a NoEntry, not a failure to run.
    assert!(matches!(
        store.get("omamori", &entry),
        Err(KeyringError::NoEntry { .. })
    ));
    vault.enable_keyring(&store).unwrap();
    assert_eq!(vault.keyring_backend(), Some(backend.name()));
    assert_eq!(store.get("omamori", &entry).unwrap().len(), 32);

    let via_keyring = Vault::open(&path, Unlock::Keyring(&store)).unwrap();
    assert_eq!(via_keyring.accounts(), vault.accounts());

    // A password change keeps the keyring slot working (re-wrapped).
    assert_eq!(
        vault.change_password(&pw(), WEAK, Some(&store)).unwrap(),
        None
    );
    Vault::open(&path, Unlock::Keyring(&store)).unwrap();

    // A wrong key in the keyring is reported, and the password still opens.
    store.set("omamori", &entry, &[7u8; 32]).unwrap();
    assert!(matches!(
        Vault::open(&path, Unlock::Keyring(&store)),
        Err(Error::Keyring(KeyringError::WrongKey { .. }))
    ));
    Vault::open(&path, Unlock::Password(&pw())).unwrap();

    // Re-enable (fresh key), then disable: the entry is deleted.
    vault.enable_keyring(&store).unwrap();
    Vault::open(&path, Unlock::Keyring(&store)).unwrap();
    assert_eq!(vault.disable_keyring(&pw(), Some(&store)).unwrap(), None);
    assert!(matches!(
        store.get("omamori", &entry),
        Err(KeyringError::NoEntry { .. })
    ));
    assert!(matches!(
        Vault::open(&path, Unlock::Keyring(&store)),
        Err(Error::NoKeyringSlot)
    ));

    // Entry deleted behind the vault's back: a normal NoEntry, password works.
    vault.enable_keyring(&store).unwrap();
    store.delete("omamori", &entry).unwrap();
    assert!(matches!(
        Vault::open(&path, Unlock::Keyring(&store)),
        Err(Error::Keyring(KeyringError::NoEntry { .. }))
    ));
    Vault::open(&path, Unlock::Password(&pw())).unwrap();
}

#[test]
#[cfg_attr(
    not(omamori_keyring_tests),
    ignore = "needs a real keyutils session: scripts/with-keyrings.sh cargo test -p omamori-vault --test keyring"
)]
fn keyutils_backend_stores_and_unlocks() {
    exercise(KeyringBackend::Keyutils);
}

#[test]
#[cfg_attr(
    not(omamori_keyring_tests),
    ignore = "needs a real Secret Service: scripts/with-keyrings.sh cargo test -p omamori-vault --test keyring"
)]
fn secret_service_backend_stores_and_unlocks() {
    exercise(KeyringBackend::SecretService);
}
