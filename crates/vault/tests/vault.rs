//! Vault behaviour through the public API: round trips, the vague error,
//! every single-bit tamper, bad files, backups, the lock, and keyring-slot
//! logic against the in-memory store (the real keyrings are in keyring.rs).

use std::path::{Path, PathBuf};
use std::time::Duration;

use omamori_otp::{Account, AccountId, Algorithm, Kind, Secret};
use omamori_vault::storage::{SaveLock, backup_path};
use omamori_vault::{
    AccountEdit, AddOutcome, Error, KdfParams, KeyStore, KeyringError, MemoryKeyStore, Unlock,
    Vault,
};
use secrecy::SecretString;

/// Weak parameters keep the tests fast. Legitimate: they live in the slot.
const WEAK: KdfParams = KdfParams {
    memory_kib: 8,
    iterations: 1,
    lanes: 1,
};

fn pw(s: &str) -> SecretString {
    SecretString::from(s)
}

fn fake_secret(n: u32) -> Secret {
    Secret::from_bytes(format!("fake-test-secret-{n:04}").into_bytes())
}

fn sample(n: u32) -> Account {
    let mut a = Account::totp(
        format!("発行元 {n}"),
        format!("利用者{n}@example.jp"),
        fake_secret(n),
    );
    if n % 5 == 1 {
        a.kind = Kind::Hotp;
        a.counter = u64::from(n);
    }
    if n % 7 == 2 {
        a.algorithm = Algorithm::Sha256;
        a.digits = 8;
        a.period = 60;
    }
    if n.is_multiple_of(3) {
        a.note = Some(format!("メモ「{n}」\n二行目"));
        a.group = Some("仕事".into());
    }
    a
}

fn new_vault(dir: &Path) -> (PathBuf, Vault) {
    let path = dir.join("vault.json");
    let vault = Vault::create(&path, &pw("correct horse"), WEAK).unwrap();
    (path, vault)
}

#[test]
fn fifty_accounts_round_trip_with_japanese_names() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    for n in 0..50 {
        vault.add(sample(n), 1_700_000_000 + u64::from(n)).unwrap();
    }
    let expected = vault.accounts().to_vec();
    assert_eq!(expected.len(), 50);
    assert!(expected.iter().all(|a| a.id != AccountId::UNASSIGNED));
    let reopened = Vault::open(&path, Unlock::Password(&pw("correct horse"))).unwrap();
    assert_eq!(reopened.accounts(), expected.as_slice());
    assert_eq!(reopened.accounts()[3].issuer, "発行元 3");
    assert_eq!(reopened.accounts()[3].created, 1_700_000_003);
    // The file never holds the names or secrets in clear.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("発行元") && !text.contains("example.jp"));
    assert!(!text.contains(&*fake_secret(3).to_base32()));
}

#[test]
fn wrong_password_is_vague_and_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    vault.add(sample(1), 1).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Vault::open(&path, Unlock::Password(&pw("wrong horse")))
        .err()
        .unwrap();
    assert!(matches!(err, Error::DecryptionFailed));
    assert_eq!(err.to_string(), "wrong password or damaged vault");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn every_single_bit_flip_is_rejected_without_panic_or_write() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    vault.add(sample(9), 1).unwrap();
    vault.enable_keyring(&MemoryKeyStore::new()).unwrap();
    drop(vault);
    let original = std::fs::read(&path).unwrap();
    let tampered_path = dir.path().join("tampered.json");
    let mut counts = [0usize; 3];
    for byte in 0..original.len() {
        for bit in 0..8 {
            let mut bytes = original.clone();
            bytes[byte] ^= 1 << bit;
            std::fs::write(&tampered_path, &bytes).unwrap();
            let result = Vault::open(&tampered_path, Unlock::Password(&pw("correct horse")));
            match result {
                Ok(_) => panic!("flip of bit {bit} in byte {byte} was accepted"),
                Err(Error::DecryptionFailed) => counts[0] += 1,
                Err(Error::Malformed(_)) => counts[1] += 1,
                Err(Error::UnsupportedVersion { .. } | Error::ExcessiveWork { .. }) => {
                    counts[2] += 1
                }
                Err(other) => panic!("flip of bit {bit} in byte {byte}: unexpected {other:?}"),
            }
            assert_eq!(
                std::fs::read(&tampered_path).unwrap(),
                bytes,
                "file rewritten"
            );
        }
    }
    // Both kinds of rejection must really occur: parse errors and AEAD failures.
    assert!(counts[0] > 1000 && counts[1] > 100, "{counts:?}");
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

fn write_and_open(dir: &Path, bytes: &[u8]) -> Error {
    let path = dir.join("bad.json");
    std::fs::write(&path, bytes).unwrap();
    Vault::open(&path, Unlock::Password(&pw("correct horse")))
        .err()
        .expect("bad file opened")
}

#[test]
fn bad_files_give_specific_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _vault) = new_vault(dir.path());
    let good = std::fs::read(&path).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&good).unwrap();

    assert!(matches!(
        write_and_open(dir.path(), b""),
        Error::Malformed(_)
    ));
    assert!(matches!(
        write_and_open(dir.path(), &good[..good.len() / 2]),
        Error::Malformed(_)
    ));
    assert!(matches!(
        write_and_open(dir.path(), b"hello"),
        Error::Malformed(_)
    ));
    assert!(matches!(
        write_and_open(dir.path(), b"{\"a\":[1,2,3]}"),
        Error::Malformed(_)
    ));
    assert!(matches!(
        write_and_open(dir.path(), &vec![b'['; 100_000]),
        Error::Malformed(_)
    ));
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = json.clone();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    };
    assert!(matches!(
        write_and_open(dir.path(), &edit(&|v| v["header"] = 5.into())),
        Error::Malformed(_)
    ));
    assert!(matches!(
        write_and_open(dir.path(), &edit(&|v| v["version"] = 99.into())),
        Error::UnsupportedVersion { found: 99, .. }
    ));
    // 4 GiB of memory and 10^9 passes are refused before any work: these
    // return at once instead of allocating or running for hours.
    let huge = edit(&|v| v["header"]["slots"][0]["memory_kib"] = (4u64 * 1024 * 1024).into());
    assert!(matches!(
        write_and_open(dir.path(), &huge),
        Error::ExcessiveWork {
            memory_kib: 4194304,
            ..
        }
    ));
    let slow = edit(&|v| v["header"]["slots"][0]["iterations"] = 1_000_000_000u64.into());
    assert!(matches!(
        write_and_open(dir.path(), &slow),
        Error::ExcessiveWork {
            iterations: 1_000_000_000,
            ..
        }
    ));
    assert!(matches!(
        Vault::open(&dir.path().join("missing.json"), Unlock::Password(&pw("x"))),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn operations_each_save_and_reopen_identically() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let a = vault.add(sample(1), 10).unwrap();
    let b = vault.add(sample(2), 11).unwrap();
    let c = vault.add(sample(3), 12).unwrap();
    assert!(matches!(vault.add(sample(2), 13), Err(Error::Duplicate(id)) if id == b));

    vault
        .edit(
            b,
            AccountEdit {
                issuer: Some("Pep Up".into()),
                name: Some("太郎".into()),
                note: Some(Some("家族".into())),
                group: None,
            },
        )
        .unwrap();
    vault.reorder(&[c, a, b]).unwrap();
    assert!(matches!(vault.reorder(&[c, a]), Err(Error::InvalidOrder)));
    assert!(matches!(
        vault.reorder(&[c, a, a]),
        Err(Error::InvalidOrder)
    ));
    // sample(1) is HOTP with counter 1.
    assert_eq!(vault.advance_counter(a).unwrap().counter, 2);
    assert!(matches!(
        vault.advance_counter(c),
        Err(Error::NotCounterBased(_))
    ));
    let removed = vault.remove(c, 1_700_000_000).unwrap();
    assert_eq!(removed.issuer, "発行元 3");
    assert!(matches!(
        vault.remove(c, 1_700_000_000),
        Err(Error::NoSuchAccount(_))
    ));

    let reopened = Vault::open(&path, Unlock::Password(&pw("correct horse"))).unwrap();
    let ids: Vec<_> = reopened.accounts().iter().map(|x| x.id).collect();
    assert_eq!(ids, vec![a, b]);
    assert_eq!(reopened.account(a).unwrap().counter, 2);
    let edited = reopened.account(b).unwrap();
    assert_eq!(
        (edited.issuer.as_str(), edited.name.as_str()),
        ("Pep Up", "太郎")
    );
    assert_eq!(edited.note.as_deref(), Some("家族"));
}

#[test]
fn three_previous_generations_are_kept_and_open() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    for n in 0..5 {
        vault.add(sample(n), 1).unwrap();
    }
    for (generation, expected_len) in [(1, 4), (2, 3), (3, 2)] {
        let backup = Vault::open(
            &backup_path(&path, generation),
            Unlock::Password(&pw("correct horse")),
        )
        .unwrap();
        assert_eq!(
            backup.accounts().len(),
            expected_len,
            "generation {generation}"
        );
    }
    assert!(!backup_path(&path, 4).exists());
    assert!(!omamori_vault::storage::temp_path(&path).exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for p in [
            path.clone(),
            backup_path(&path, 1),
            omamori_vault::storage::lock_path(&path),
        ] {
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", p.display());
        }
    }
}

#[test]
fn create_never_replaces_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.json");
    std::fs::write(&path, b"precious").unwrap();
    assert!(matches!(
        Vault::create(&path, &pw("x"), WEAK),
        Err(Error::AlreadyExists { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
    let weak = KdfParams {
        memory_kib: 4,
        iterations: 1,
        lanes: 1,
    };
    assert!(matches!(
        Vault::create(&dir.path().join("v2.json"), &pw("x"), weak),
        Err(Error::InvalidKdfParams { .. })
    ));
}

#[test]
fn a_held_lock_gives_a_clear_error_and_no_write() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let before = std::fs::read(&path).unwrap();
    let held = SaveLock::acquire(&path, Duration::ZERO).unwrap();
    vault.set_lock_wait(Duration::ZERO);
    let err = vault.add(sample(1), 1).err().unwrap();
    assert!(matches!(err, Error::LockHeld { .. }));
    assert!(err.to_string().contains("in use"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    drop(held);
    vault.add(sample(1), 1).unwrap();
}

#[test]
fn two_handles_merge_their_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut first) = new_vault(dir.path());
    let mut second = Vault::open(&path, Unlock::Password(&pw("correct horse"))).unwrap();
    first.add(sample(1), 1).unwrap();
    second.add(sample(2), 1).unwrap();
    // The second handle saw the first's account when it saved.
    assert_eq!(second.accounts().len(), 2);
    // A duplicate is detected against what is on disk, not a stale view.
    assert!(matches!(first.add(sample(2), 1), Err(Error::Duplicate(_))));
    // A password change elsewhere re-keys the vault: the old handle must stop.
    second
        .change_password(&pw("new horse"), WEAK, None)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(first.add(sample(3), 1), Err(Error::ChangedOnDisk)));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn password_change_rekeys_and_old_password_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    vault.add(sample(1), 1).unwrap();
    let old_copy = dir.path().join("old-copy.json");
    std::fs::copy(&path, &old_copy).unwrap();
    let stronger = KdfParams {
        memory_kib: 64,
        iterations: 2,
        lanes: 2,
    };
    assert_eq!(
        vault
            .change_password(&pw("新しいパスワード"), stronger, None)
            .unwrap(),
        None
    );
    assert!(matches!(
        Vault::open(&path, Unlock::Password(&pw("correct horse"))),
        Err(Error::DecryptionFailed)
    ));
    let reopened = Vault::open(&path, Unlock::Password(&pw("新しいパスワード"))).unwrap();
    assert_eq!(reopened.kdf_params(), stronger);
    assert_eq!(reopened.accounts(), vault.accounts());
    // The old copy still opens with the old password (as documented)...
    Vault::open(&old_copy, Unlock::Password(&pw("correct horse"))).unwrap();
}

#[test]
fn keyring_slot_opens_falls_back_and_survives_password_change() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    vault.add(sample(1), 1).unwrap();
    let store = MemoryKeyStore::new();
    assert!(matches!(
        Vault::open(&path, Unlock::Keyring(&store)),
        Err(Error::NoKeyringSlot)
    ));
    vault.enable_keyring(&store).unwrap();
    assert_eq!(vault.keyring_backend(), Some("memory"));
    assert_eq!(
        Vault::probe(&path).unwrap().keyring_backend.as_deref(),
        Some("memory")
    );
    let via_keyring = Vault::open(&path, Unlock::Keyring(&store)).unwrap();
    assert_eq!(via_keyring.accounts(), vault.accounts());

    // Another computer: the keyring has no entry → a keyring error, and the
    // password still opens the vault.
    let empty = MemoryKeyStore::new();
    assert!(matches!(
        Vault::open(&path, Unlock::Keyring(&empty)),
        Err(Error::Keyring(KeyringError::NoEntry { .. }))
    ));
    let unavailable = MemoryKeyStore::unavailable();
    assert!(matches!(
        Vault::open(&path, Unlock::Keyring(&unavailable)),
        Err(Error::Keyring(KeyringError::Unavailable { .. }))
    ));
    let wrong = MemoryKeyStore::new();
    wrong
        .set(
            "omamori",
            &format!("vault-{}", vault.vault_id()),
            &[0u8; 32],
        )
        .unwrap();
    assert!(matches!(
        Vault::open(&path, Unlock::Keyring(&wrong)),
        Err(Error::Keyring(KeyringError::WrongKey { .. }))
    ));
    Vault::open(&path, Unlock::Password(&pw("correct horse"))).unwrap();

    // Password change re-wraps the keyring slot when the key is readable...
    assert_eq!(
        vault
            .change_password(&pw("p2"), WEAK, Some(&store))
            .unwrap(),
        None
    );
    Vault::open(&path, Unlock::Keyring(&store)).unwrap();
    // ...and drops it, saying why, when it is not.
    let dropped = vault
        .change_password(&pw("p3"), WEAK, Some(&empty))
        .unwrap();
    assert!(matches!(dropped, Some(KeyringError::NoEntry { .. })));
    assert_eq!(vault.keyring_backend(), None);

    vault.enable_keyring(&store).unwrap();
    assert_eq!(
        vault.disable_keyring(&pw("p3"), Some(&store)).unwrap(),
        None
    );
    assert!(
        store
            .get("omamori", &format!("vault-{}", vault.vault_id()))
            .is_err()
    );
    assert!(matches!(
        Vault::open(&path, Unlock::Keyring(&store)),
        Err(Error::NoKeyringSlot)
    ));
    assert!(matches!(
        vault.disable_keyring(&pw("p3"), None),
        Err(Error::NoKeyringSlot)
    ));
}

/// Issue 11: turning "remember on this computer" off must revoke it. A
/// keyring key copied before (or left behind by a failed delete) unwraps
/// the old master key from an older copy of the file; that key must not
/// open the content saved by the revocation, nor any later save.
#[test]
fn issue_11_disabling_the_keyring_rotates_the_master_key() {
    use omamori_vault::{crypto, envelope};
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    vault.add(sample(1), 1).unwrap();
    let store = MemoryKeyStore::new();
    vault.enable_keyring(&store).unwrap();
    let entry = format!("vault-{}", vault.vault_id());
    let stolen = store.get("omamori", &entry).unwrap();
    let before = std::fs::read(&path).unwrap();

    // A wrong password changes nothing: slot, entry and file stay.
    assert!(matches!(
        vault.disable_keyring(&pw("wrong"), Some(&store)),
        Err(Error::DecryptionFailed)
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(vault.keyring_backend(), Some("memory"));
    assert!(store.get("omamori", &entry).is_ok());

    assert_eq!(
        vault
            .disable_keyring(&pw("correct horse"), Some(&store))
            .unwrap(),
        None
    );
    assert!(matches!(
        store.get("omamori", &entry),
        Err(KeyringError::NoEntry { .. })
    ));
    vault.add(sample(2), 2).unwrap();

    // The old master key, as the stolen keyring key yields it from the old file.
    let old = envelope::parse(&before).unwrap();
    let slot = old.header.keyring.clone().unwrap();
    let old_master = crypto::unwrap_key(
        &crypto::Key::from_slice(&stolen).unwrap(),
        &slot.nonce,
        &envelope::slot_aad("keyring", &old.header.vault_id),
        &slot.wrapped_key,
    )
    .unwrap();
    crypto::open(
        &old_master,
        &old.header.nonce,
        &old.content_aad(),
        &old.ciphertext,
    )
    .expect("the old key still opens the old copy, as documented");
    let new = envelope::parse(&std::fs::read(&path).unwrap()).unwrap();
    assert!(new.header.keyring.is_none());
    assert!(matches!(
        crypto::open(
            &old_master,
            &new.header.nonce,
            &new.content_aad(),
            &new.ciphertext
        ),
        Err(Error::DecryptionFailed)
    ));
    // The password still opens the new file, with everything in it.
    let reopened = Vault::open(&path, Unlock::Password(&pw("correct horse"))).unwrap();
    assert_eq!(reopened.accounts(), vault.accounts());
    assert_eq!(reopened.accounts().len(), 2);
}

/// Revoking still revokes when the keyring refuses to delete its entry;
/// the failure comes back for the app and the CLI to show.
#[test]
fn issue_11_a_failed_entry_delete_is_reported_and_the_slot_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    vault.enable_keyring(&MemoryKeyStore::new()).unwrap();
    let problem = vault
        .disable_keyring(&pw("correct horse"), Some(&MemoryKeyStore::unavailable()))
        .unwrap();
    assert!(matches!(problem, Some(KeyringError::Unavailable { .. })));
    assert_eq!(Vault::probe(&path).unwrap().keyring_backend, None);
}

#[test]
fn add_many_reports_each_account() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut vault) = new_vault(dir.path());
    let first = vault.add(sample(1), 1).unwrap();
    let mut invalid = sample(5);
    invalid.digits = 3;
    let outcomes = vault
        .add_many(vec![sample(1), sample(2), invalid, sample(2)], 5)
        .unwrap();
    assert_eq!(outcomes[0], AddOutcome::Duplicate(first));
    let AddOutcome::Added(second) = outcomes[1] else {
        panic!("{outcomes:?}")
    };
    assert!(matches!(outcomes[2], AddOutcome::Invalid(_)));
    assert_eq!(outcomes[3], AddOutcome::Duplicate(second));
    assert_eq!(vault.accounts().len(), 2);
}

/// The example in docs/vault-format.md is this fixture; it must keep
/// opening with its documented password.
#[test]
fn documented_example_file_opens() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/example-v1.json");
    let vault = Vault::open(&fixture, Unlock::Password(&pw("correct horse"))).unwrap();
    let account = &vault.accounts()[0];
    assert_eq!(account.issuer, "Pep Up");
    assert_eq!(account.name, "taro@example.jp");
    assert_eq!(account.secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vault-format.md"),
    )
    .unwrap();
    let fixture_text = std::fs::read_to_string(&fixture).unwrap();
    assert!(
        doc.contains(fixture_text.trim_end()),
        "doc example differs from the fixture"
    );
}

#[test]
fn restore_many_keeps_ids_and_creation_times_unless_taken() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let mut first = sample(1);
    first.id = AccountId([1; 16]);
    first.created = 1_700_000_000;
    let mut second = sample(2);
    // Taken by `first`: gets a fresh id, keeps its creation time.
    second.id = AccountId([1; 16]);
    second.created = 1_700_000_001;
    // Foreign import: no id, no time.
    let third = sample(3);
    let outcomes = vault
        .restore_many(vec![first.clone(), second, third], 1_800_000_000)
        .unwrap();
    assert_eq!(outcomes[0], AddOutcome::Added(AccountId([1; 16])));
    let reopened = Vault::open(&path, Unlock::Password(&pw("correct horse"))).unwrap();
    let accounts = reopened.accounts();
    assert_eq!(accounts[0], first);
    assert_ne!(accounts[1].id, AccountId([1; 16]));
    assert_ne!(accounts[1].id, AccountId::UNASSIGNED);
    assert_eq!(accounts[1].created, 1_700_000_001);
    assert_ne!(accounts[2].id, AccountId::UNASSIGNED);
    assert_eq!(accounts[2].created, 1_800_000_000);
    // add_many still assigns fresh ids and times.
    let mut again = sample(4);
    again.id = AccountId([4; 16]);
    again.created = 5;
    vault.add_many(vec![again], 1_900_000_000).unwrap();
    let last = vault.accounts().last().unwrap();
    assert_ne!(last.id, AccountId([4; 16]));
    assert_eq!(last.created, 1_900_000_000);
}
