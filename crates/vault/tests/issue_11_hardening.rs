//! Issue 11 (hardening), the vault's half: deleted accounts go to a trash
//! that survives later saves, the vault refuses to save what it would
//! refuse to read, backups keep one generation per day, and an export can
//! never replace the vault or its backups.

use std::path::{Path, PathBuf};

use omamori_otp::{Account, AccountId, Kind, Secret};
use omamori_vault::{AccountEdit, Error, Field, KdfParams, Unlock, Vault};
use secrecy::SecretString;

const WEAK: KdfParams = KdfParams {
    memory_kib: 8,
    iterations: 1,
    lanes: 1,
};
const DAY: u64 = 86_400;
const NOW: u64 = 1_767_225_600;

fn pw(s: &str) -> SecretString {
    SecretString::from(s)
}

fn sample(n: u32) -> Account {
    Account::totp(
        format!("発行元 {n}"),
        format!("利用者{n}@example.jp"),
        Secret::from_bytes(format!("fake-test-secret-{n:04}").into_bytes()),
    )
}

fn new_vault(dir: &Path) -> (PathBuf, Vault) {
    let path = dir.join("vault.json");
    let vault = Vault::create(&path, &pw("correct horse"), WEAK).unwrap();
    (path, vault)
}

fn reopen(path: &Path) -> Vault {
    Vault::open(path, Unlock::Password(&pw("correct horse"))).unwrap()
}

#[test]
fn a_deleted_account_survives_later_saves_and_comes_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let mut hotp = sample(1);
    hotp.kind = Kind::Hotp;
    hotp.counter = 41;
    let a = vault.add(hotp, NOW).unwrap();
    let b = vault.add(sample(2), NOW).unwrap();
    vault.advance_counter(a).unwrap();
    let before = vault.account(a).unwrap().clone();

    let removed = vault.remove(a, NOW + 10).unwrap();
    assert_eq!(removed, before);
    assert_eq!(vault.accounts().len(), 1);
    assert_eq!(vault.trash().len(), 1);
    assert_eq!(vault.trash()[0].deleted, NOW + 10);
    // More saves than the numbered backups hold: the trash is in the
    // content, so no rotation loses it.
    for n in 3..10 {
        vault.add(sample(n), NOW + 20).unwrap();
    }
    vault
        .edit(
            b,
            AccountEdit {
                note: Some(Some("メモ".into())),
                ..AccountEdit::default()
            },
        )
        .unwrap();

    let mut vault = reopen(&path);
    assert_eq!(vault.trash().len(), 1);
    let restored = vault.restore(a).unwrap();
    // Id, secret, counter (its history) and creation time are all back.
    assert_eq!(restored, before);
    assert_eq!(restored.counter, 42);
    let vault = reopen(&path);
    assert!(vault.trash().is_empty());
    assert_eq!(vault.account(a), Some(&before));
    assert!(matches!(
        reopen(&path).restore(a),
        Err(Error::NotInTrash(id)) if id == a
    ));
}

#[test]
fn restoring_an_account_that_was_added_again_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut vault) = new_vault(dir.path());
    let a = vault.add(sample(1), NOW).unwrap();
    vault.remove(a, NOW).unwrap();
    let again = vault.add(sample(1), NOW).unwrap();
    assert_ne!(again, a, "the trashed account keeps its id");
    assert!(matches!(vault.restore(a), Err(Error::Duplicate(id)) if id == again));
    assert_eq!(vault.trash().len(), 1);
}

#[test]
fn the_trash_expires_after_its_retention_and_purging_needs_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let ids: Vec<AccountId> = (0..4).map(|n| vault.add(sample(n), NOW).unwrap()).collect();
    vault.set_trash_days(7).unwrap();
    assert!(matches!(
        vault.set_trash_days(0),
        Err(Error::InvalidTrashDays(0))
    ));
    vault.remove(ids[0], NOW).unwrap();
    vault.remove(ids[1], NOW + 6 * DAY).unwrap();
    assert_eq!(vault.trash().len(), 2);
    let before = std::fs::read(&path).unwrap();
    assert_eq!(vault.expire_trash(NOW + 6 * DAY).unwrap(), 0);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "nothing to expire, no save"
    );
    assert_eq!(vault.expire_trash(NOW + 7 * DAY).unwrap(), 1);
    assert_eq!(reopen(&path).trash()[0].account.id, ids[1]);

    vault.remove(ids[2], NOW + 7 * DAY).unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        vault.purge(ids[1], &pw("wrong")),
        Err(Error::DecryptionFailed)
    ));
    assert!(matches!(
        vault.empty_trash(&pw("wrong")),
        Err(Error::DecryptionFailed)
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        vault.purge(ids[1], &pw("correct horse")).unwrap().id,
        ids[1]
    );
    assert_eq!(vault.empty_trash(&pw("correct horse")).unwrap(), 1);
    let vault = reopen(&path);
    assert!(vault.trash().is_empty());
    assert_eq!(vault.trash_days(), 7);
    assert_eq!(vault.accounts().len(), 1);
}

#[test]
fn a_version_1_vault_opens_and_is_saved_as_version_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.json");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/example-v1.json"
        ),
        &path,
    )
    .unwrap();
    let mut vault = reopen(&path);
    assert_eq!(vault.accounts().len(), 1);
    assert!(vault.trash().is_empty());
    let id = vault.accounts()[0].id;
    vault.remove(id, NOW).unwrap();
    let vault = reopen(&path);
    assert_eq!(vault.trash()[0].account.id, id);
}

#[test]
fn a_field_the_reader_would_refuse_is_not_saved_and_the_file_stays_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    let id = vault.add(sample(1), NOW).unwrap();
    let before = std::fs::read(&path).unwrap();
    let backup = path.with_extension("json.1");
    let backup_before = std::fs::read(&backup).unwrap();

    let mut long = sample(2);
    long.name = "x".repeat(Field::Name.max_bytes() + 1);
    assert!(matches!(
        vault.add(long, NOW),
        Err(Error::FieldTooLong {
            field: Field::Name,
            ..
        })
    ));
    let edit = AccountEdit {
        note: Some(Some("メ".repeat(Field::Note.max_bytes()))),
        ..AccountEdit::default()
    };
    let err = vault.edit(id, edit).unwrap_err();
    assert!(matches!(
        err,
        Error::FieldTooLong {
            field: Field::Note,
            ..
        }
    ));
    assert!(err.to_string().contains("note"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        backup_before,
        "no backup was rotated"
    );
    // The handle kept its state and still saves what is within the limits.
    assert_eq!(vault.accounts().len(), 1);
    let mut longest = sample(3);
    longest.issuer = "あ".repeat(Field::Issuer.max_bytes() / 3);
    vault.add(longest, NOW).unwrap();
    assert_eq!(reopen(&path).accounts().len(), 2);
}

/// Sets the modification time of `path` to `day` (days since 1970), noon.
fn set_day(path: &Path, day: u64) {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(day * DAY + DAY / 2);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

#[test]
fn a_burst_of_saves_keeps_one_backup_per_day_for_seven_days() {
    use omamori_vault::storage::{DAILY_BACKUPS, backup_path, daily_backup_path, daily_backups};
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    // 2020-01-01 and the nine days after: one save a day, each leaving
    // the vault with one more account.
    let first_day = 18_262;
    for n in 0..10u32 {
        vault.add(sample(n), NOW).unwrap();
        set_day(&path, first_day + u64::from(n));
    }
    let state_of_day_9 = reopen(&path).accounts().to_vec();
    assert_eq!(state_of_day_9.len(), 10);
    // Then a burst of saves (the numbered backups hold only three).
    let id = vault.accounts()[0].id;
    for _ in 0..7 {
        let mut order: Vec<AccountId> = vault.accounts().iter().map(|a| a.id).collect();
        order.rotate_left(1);
        vault.reorder(&order).unwrap();
    }
    vault.remove(id, NOW).unwrap();
    for n in 1..=3 {
        // Every numbered backup is a state of the burst now.
        assert_ne!(
            reopen(&backup_path(&path, n)).accounts(),
            state_of_day_9.as_slice()
        );
    }

    let dailies = daily_backups(&path);
    assert!(dailies.len() <= DAILY_BACKUPS, "{dailies:?}");
    // The burst's own day (today, whatever the clock says) is the newest;
    // before it, the last state of each earlier day, newest first.
    let day_9 = daily_backup_path(&path, first_day + 9);
    assert_eq!(
        day_9.file_name().unwrap().to_str().unwrap(),
        "vault.json.day-2020-01-10"
    );
    let index = dailies
        .iter()
        .position(|p| *p == day_9)
        .expect("day 9 kept");
    assert_eq!(index, 1);
    let kept = Vault::open(&day_9, Unlock::Password(&pw("correct horse"))).unwrap();
    assert_eq!(kept.accounts(), state_of_day_9.as_slice());
    for (i, daily) in dailies[1..].iter().enumerate() {
        let day = first_day + 9 - i as u64;
        assert_eq!(*daily, daily_backup_path(&path, day));
        let opened = Vault::open(daily, Unlock::Password(&pw("correct horse"))).unwrap();
        assert_eq!(opened.accounts().len(), 10 - i, "the last state of its day");
    }
    // Older days were pruned.
    assert!(!daily_backup_path(&path, first_day).exists());
}

#[test]
fn an_export_never_replaces_the_vault_or_its_backups() {
    use omamori_vault::export_file::{Existing, write_private};
    use omamori_vault::storage::{backup_path, daily_backups, lock_path};
    let dir = tempfile::tempdir().unwrap();
    let (path, mut vault) = new_vault(dir.path());
    for n in 0..3 {
        vault.add(sample(n), NOW).unwrap();
    }
    let daily = daily_backups(&path)[0].clone();
    let snapshot = |p: &Path| std::fs::read(p).unwrap();
    let protected = [
        path.clone(),
        backup_path(&path, 1),
        backup_path(&path, 2),
        daily.clone(),
        lock_path(&path),
    ];
    let before: Vec<Vec<u8>> = protected.iter().map(|p| snapshot(p)).collect();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), dir.path().join("link")).unwrap();
    std::fs::hard_link(&path, dir.path().join("hardlink.json")).unwrap();
    let mut attempts = vec![
        path.clone(),
        backup_path(&path, 1),
        backup_path(&path, 3),
        backup_path(&path, 9),
        daily,
        lock_path(&path),
        dir.path().join("vault.json.tmp"),
        dir.path().join("sub/../vault.json"),
        dir.path().join("hardlink.json"),
    ];
    #[cfg(unix)]
    attempts.push(dir.path().join("link/vault.json.2"));
    for target in &attempts {
        // The app's mode: replacing is allowed (the save dialog asked).
        let err = write_private(target, b"export", Existing::Replace, &path).unwrap_err();
        assert_eq!(
            err.kind(),
            std::io::ErrorKind::InvalidInput,
            "{}",
            target.display()
        );
        assert!(err.to_string().contains("never replaces"), "{err}");
    }
    let after: Vec<Vec<u8>> = protected.iter().map(|p| snapshot(p)).collect();
    assert_eq!(before, after, "every protected file is byte-identical");
    assert!(!backup_path(&path, 9).exists());
    // Other names beside the vault are fine.
    for ok in ["vault-export.json", "vault.jsonx", "backup.omamori"] {
        write_private(&dir.path().join(ok), b"export", Existing::Replace, &path).unwrap();
    }
    reopen(&path);
}
