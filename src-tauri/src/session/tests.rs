//! Session behaviour without a window: create, unlock, lock, codes, adds
//! from payloads, and that no view carries a secret.

use super::*;

/// Obviously fake setup keys.
const KEY_A: &str = "JBSWY3DPEHPK3PXP";
const KEY_B: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn weak_kdf() -> KdfParams {
    KdfParams {
        memory_kib: 64,
        iterations: 1,
        lanes: 1,
    }
}

fn session(dir: &tempfile::TempDir) -> Session {
    Session::new(dir.path().join("vault.json"), None, weak_kdf())
}

fn z(s: &str) -> Zeroizing<String> {
    Zeroizing::new(s.to_owned())
}

fn manual(issuer: &str, account: &str, key: &str) -> ManualAccount {
    ManualAccount {
        issuer: issuer.into(),
        account: account.into(),
        key: z(key),
        kind: "totp".into(),
        algorithm: "SHA1".into(),
        digits: 6,
        period: 30,
    }
}

fn created(dir: &tempfile::TempDir) -> Session {
    let s = session(dir);
    assert!(matches!(
        s.create_vault(z("correct horse"), z("correct horse"), false)
            .unwrap(),
        KeyringOutcome::Off
    ));
    s
}

#[test]
fn first_run_then_lock_and_unlock_with_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let s = session(&dir);
    let status = s.status().unwrap();
    assert!(!status.vault_exists && !status.unlocked && !status.keyring_available);
    assert_eq!(
        s.create_vault(z("a"), z("b"), false).unwrap_err().kind,
        ErrorKind::PasswordRejected
    );
    assert_eq!(
        s.create_vault(z(""), z(""), false).unwrap_err().kind,
        ErrorKind::PasswordRejected
    );
    s.create_vault(z("correct horse"), z("correct horse"), true)
        .unwrap();
    assert!(s.status().unwrap().unlocked);
    assert!(s.lock());
    assert!(!s.lock(), "locking twice reports nothing new");
    assert_eq!(s.codes().unwrap_err().kind, ErrorKind::Locked);
    assert_eq!(
        s.unlock_password(z("wrong horse")).unwrap_err().kind,
        ErrorKind::WrongPassword
    );
    s.unlock_password(z("correct horse")).unwrap();
    assert!(s.codes().unwrap().accounts.is_empty());
    let events: Vec<Event> = s.activity().unwrap().into_iter().map(|e| e.event).collect();
    assert_eq!(
        events,
        [
            Event::Unlocked,
            Event::UnlockFailed,
            Event::Locked,
            Event::VaultCreated
        ]
    );
}

#[test]
fn a_typed_key_gives_the_same_code_as_the_otp_crate_and_no_secret_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let view = s
        .add_manual(manual("Pep Up", "taro@example.jp", "jbsw y3dp ehpk 3pxp"))
        .unwrap();
    let reference = Account::totp("", "", Secret::from_setup_key(KEY_A).unwrap());
    let now = now();
    let expected = reference.code_at(now).unwrap();
    let window = expected.window.unwrap();
    // The view was made within the same second or the next one.
    if view.valid_from == Some(window.valid_from) {
        assert_eq!(view.code, expected.value);
    }
    assert_eq!(view.digits, 6);
    assert_eq!(view.valid_until.unwrap() - view.valid_from.unwrap(), 30);
    assert!(view.next_code.is_some());
    let json = serde_json::to_string(&s.codes().unwrap()).unwrap();
    assert!(json.contains("Pep Up"));
    assert!(!json.contains(KEY_A) && !json.to_lowercase().contains("secret"));
    assert_eq!(
        s.add_manual(manual("Pep Up", "taro@example.jp", KEY_A))
            .unwrap_err()
            .kind,
        ErrorKind::Duplicate
    );
    assert_eq!(
        s.add_manual(manual("X", "y", "JBSWY3DP1"))
            .unwrap_err()
            .kind,
        ErrorKind::InvalidKey
    );
    let mut bad_digits = manual("X", "y", KEY_B);
    bad_digits.digits = 4;
    assert_eq!(
        s.add_manual(bad_digits).unwrap_err().kind,
        ErrorKind::InvalidAccount
    );
}

#[test]
fn scan_payloads_become_pending_accounts_and_secrets_stay_behind() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    s.add_manual(manual("Pep Up", "taro@example.jp", KEY_A))
        .unwrap();
    let payloads = vec![
        format!("otpauth://totp/Pep%20Up:taro@example.jp?secret={KEY_A}&issuer=Pep%20Up"),
        format!("otpauth://totp/Example:hanako?secret={KEY_B}&issuer=Example"),
        format!("otpauth://totp/Example:hanako?secret={KEY_B}&issuer=Example"),
        "https://example.jp/not-an-account".to_owned(),
    ];
    let found = s.found(payloads).unwrap();
    assert_eq!(found.ignored, 1);
    assert_eq!(
        found.accounts.len(),
        2,
        "the same code twice is one account"
    );
    assert!(found.accounts[0].duplicate && !found.accounts[1].duplicate);
    let json = serde_json::to_string(&found).unwrap();
    assert!(!json.contains(KEY_A) && !json.contains(KEY_B));
    let added = s.add_found(vec![0, 1]).unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].issuer, "Example");
    assert_eq!(s.codes().unwrap().accounts.len(), 2);
    assert_eq!(
        s.add_found(vec![1]).unwrap_err().kind,
        ErrorKind::Duplicate,
        "pending is cleared after adding"
    );
    assert_eq!(
        s.found(vec!["hello".into()]).unwrap_err().kind,
        ErrorKind::NothingFound
    );
}

#[test]
fn a_migration_batch_lists_every_account() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let accounts = vec![
        Account::totp("Pep Up", "taro", Secret::from_setup_key(KEY_A).unwrap()),
        Account::totp("Example", "hanako", Secret::from_setup_key(KEY_B).unwrap()),
    ];
    let encoded = omamori_otp::migration::encode(&accounts, 10, 7);
    let payloads = encoded.uris.iter().map(|u| u.to_string()).collect();
    let found = s.found(payloads).unwrap();
    let names: Vec<&str> = found.accounts.iter().map(|a| a.issuer.as_str()).collect();
    assert_eq!(names, ["Pep Up", "Example"]);
    assert_eq!(s.add_found(vec![0, 1]).unwrap().len(), 2);
}

#[test]
fn lock_forgets_what_a_scan_found() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    s.found(vec![format!("otpauth://totp/A:b?secret={KEY_A}")])
        .unwrap();
    s.lock();
    s.unlock_password(z("correct horse")).unwrap();
    assert_eq!(s.add_found(vec![0]).unwrap_err().kind, ErrorKind::Duplicate);
    assert!(s.codes().unwrap().accounts.is_empty());
}

#[test]
fn reorder_edit_remove_and_reveal() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let a = s.add_manual(manual("A", "1", KEY_A)).unwrap();
    let b = s.add_manual(manual("B", "2", KEY_B)).unwrap();
    s.move_account(&b.id, -1).unwrap();
    s.move_account(&b.id, -1).unwrap();
    let order: Vec<String> = s
        .codes()
        .unwrap()
        .accounts
        .into_iter()
        .map(|v| v.issuer)
        .collect();
    assert_eq!(order, ["B", "A"]);
    s.edit_account(&a.id, " Pep Up ".into(), "taro".into())
        .unwrap();
    assert_eq!(s.codes().unwrap().accounts[1].issuer, "Pep Up");
    assert_eq!(
        s.reveal_setup_key(&a.id, z("nope")).unwrap_err().kind,
        ErrorKind::WrongPassword
    );
    assert_eq!(
        &*s.reveal_setup_key(&a.id, z("correct horse")).unwrap(),
        KEY_A
    );
    s.remove_account(&a.id).unwrap();
    assert_eq!(s.codes().unwrap().accounts.len(), 1);
    assert_eq!(
        s.remove_account(&a.id).unwrap_err().kind,
        ErrorKind::NoSuchAccount
    );
    let labels: Vec<Option<String>> = s.activity().unwrap().into_iter().map(|e| e.label).collect();
    assert!(labels.contains(&Some("B (2)".to_owned())));
}

#[test]
fn change_password_needs_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    assert_eq!(
        s.change_password(z("wrong"), z("new one"), z("new one"))
            .unwrap_err()
            .kind,
        ErrorKind::WrongPassword
    );
    assert_eq!(
        s.change_password(z("correct horse"), z("new one"), z("other"))
            .unwrap_err()
            .kind,
        ErrorKind::PasswordRejected
    );
    s.change_password(z("correct horse"), z("new one"), z("new one"))
        .unwrap();
    s.lock();
    assert_eq!(
        s.unlock_password(z("correct horse")).unwrap_err().kind,
        ErrorKind::WrongPassword
    );
    s.unlock_password(z("new one")).unwrap();
}

#[test]
fn hotp_next_advances_the_counter() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let mut form = manual("Counter", "c", KEY_A);
    form.kind = "hotp".into();
    let first = s.add_manual(form).unwrap();
    assert!(first.valid_until.is_none() && first.next_code.is_none());
    let second = s.next_hotp(&first.id).unwrap();
    let mut reference = Account::totp("", "", Secret::from_setup_key(KEY_A).unwrap());
    reference.kind = Kind::Hotp;
    reference.counter = 1;
    assert_eq!(second.code, reference.code_at(0).unwrap().value);
}

#[test]
fn settings_are_saved_beside_the_vault_and_idle_needs_a_limit() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let mut settings = s.settings();
    settings.auto_lock_minutes = 0;
    settings.clipboard_clear_seconds = 5;
    s.save_settings(settings.clone()).unwrap();
    assert!(!s.idle_expired());
    let again = session(&dir);
    assert_eq!(again.settings(), settings);
}

#[test]
fn refreshing_the_codes_is_not_activity_but_input_is() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    s.add_manual(manual("Pep Up", "taro@example.jp", KEY_A))
        .unwrap();
    std::thread::sleep(Duration::from_millis(30));
    let idle = s.idle_for();
    // The code list asks for fresh codes every period on its own.
    s.codes().unwrap();
    assert!(
        s.idle_for() >= idle,
        "a code refresh reset the idle timer, so auto-lock never came"
    );
    s.touch();
    assert!(s.idle_for() < idle);
}

// ---- backup & move ----

fn with_two_accounts(dir: &tempfile::TempDir) -> Session {
    let s = created(dir);
    s.add_manual(manual("Pep Up", "taro@example.jp", KEY_A))
        .unwrap();
    let mut steam = manual("Steam", "taro", KEY_B);
    steam.kind = "steam".into();
    s.add_manual(steam).unwrap();
    s
}

#[test]
fn a_backup_export_asks_passwords_writes_0600_and_checks_back() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_two_accounts(&dir);
    let backup = |vault: &str, file: &str, again: &str| {
        s.prepare_export(ExportFormat::Backup, z(vault), z(file), z(again), false)
    };
    assert_eq!(
        backup("correct horse", "file pw", "other")
            .err()
            .unwrap()
            .kind,
        ErrorKind::PasswordRejected
    );
    assert_eq!(
        backup("wrong horse", "file pw", "file pw")
            .err()
            .unwrap()
            .kind,
        ErrorKind::WrongPassword
    );
    assert_eq!(
        s.check_backup(z("file pw")).unwrap_err().kind,
        ErrorKind::NoBackup
    );
    let prepared = backup("correct horse", "file pw", "file pw").unwrap();
    let path = dir.path().join("moving.omamori");
    let done = s.write_export(prepared, &path).unwrap();
    assert_eq!((done.count, done.checkable), (2, true));
    assert_eq!(done.file_name, "moving.omamori");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(
        s.check_backup(z("wrong")).unwrap_err().kind,
        ErrorKind::WrongPassword
    );
    let check = s.check_backup(z("file pw")).unwrap();
    assert_eq!((check.matching, check.total), (2, 2));
    assert!(check.missing.is_empty() && check.extra.is_empty() && check.different.is_empty());
    // A changed vault no longer matches the backup, and the check says which.
    let id = s.codes().unwrap().accounts[0].id.clone();
    s.remove_account(&id).unwrap();
    let check = s.check_backup(z("file pw")).unwrap();
    assert_eq!((check.matching, check.total), (1, 1));
    assert_eq!(check.extra, vec!["Pep Up (taro@example.jp)".to_owned()]);
    let events: Vec<Event> = s.activity().unwrap().into_iter().map(|e| e.event).collect();
    assert!(events.contains(&Event::Exported));
}

#[test]
fn plain_exports_need_the_acknowledgement() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_two_accounts(&dir);
    for format in [ExportFormat::Uri, ExportFormat::Html] {
        let refused = s.prepare_export(format, z("correct horse"), z(""), z(""), false);
        assert_eq!(refused.err().unwrap().kind, ErrorKind::NotConfirmed);
    }
    let prepared = s
        .prepare_export(ExportFormat::Uri, z("correct horse"), z(""), z(""), true)
        .unwrap();
    let path = dir.path().join("list.txt");
    let done = s.write_export(prepared, &path).unwrap();
    assert!(!done.checkable);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.starts_with("otpauth://"));
}

#[test]
fn google_codes_list_what_the_format_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_two_accounts(&dir);
    assert_eq!(
        s.export_google(z("wrong")).err().unwrap().kind,
        ErrorKind::WrongPassword
    );
    let codes = s.export_google(z("correct horse")).unwrap();
    assert_eq!(codes.images.len(), 1);
    assert!(codes.images[0].starts_with("data:image/png;base64,"));
    assert_eq!(codes.count, 1);
    assert_eq!(codes.unsupported.len(), 1);
    assert_eq!(codes.unsupported[0].label, "Steam (taro)");
    assert_eq!(codes.unsupported[0].reason, "steam");
}

#[test]
fn importing_a_backup_asks_its_password_reports_and_verifies() {
    let old = tempfile::tempdir().unwrap();
    let s = with_two_accounts(&old);
    let prepared = s
        .prepare_export(
            ExportFormat::Backup,
            z("correct horse"),
            z("file pw"),
            z("file pw"),
            false,
        )
        .unwrap();
    let file = old.path().join("moving.omamori");
    s.write_export(prepared, &file).unwrap();

    let new = tempfile::tempdir().unwrap();
    let fresh = created(&new);
    fresh
        .add_manual(manual("Pep Up", "taro@example.jp", KEY_A))
        .unwrap();
    let checked = fresh.verify_vault_password(z("correct horse")).unwrap();
    fresh.import_read(&file, checked).unwrap();
    match fresh.import_pending(None).unwrap() {
        ImportStep::NeedsPassword { format } => assert!(!format.is_empty()),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fresh.import_pending(Some(z("wrong"))).unwrap_err().kind,
        ErrorKind::WrongPassword
    );
    let report = match fresh.import_pending(Some(z("file pw"))).unwrap() {
        ImportStep::Done(report) => report,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (report.added, report.duplicates, report.rejected),
        (1, 1, 0)
    );
    assert_eq!((report.verified, report.checked), (2, 2));
    assert!(report.not_verified.is_empty());
    assert_eq!(fresh.codes().unwrap().accounts.len(), 2);
    // The file was used up: nothing stays pending.
    assert_eq!(
        fresh.import_pending(Some(z("file pw"))).unwrap_err().kind,
        ErrorKind::NothingFound
    );
}

#[test]
fn an_unknown_file_is_refused_and_a_lock_drops_a_pending_import() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "shopping list: milk, eggs").unwrap();
    assert_eq!(
        s.verify_vault_password(z("wrong")).err().unwrap().kind,
        ErrorKind::WrongPassword
    );
    let checked = || s.verify_vault_password(z("correct horse")).unwrap();
    s.import_read(&junk, checked()).unwrap();
    assert_eq!(
        s.import_pending(None).unwrap_err().kind,
        ErrorKind::UnknownFormat
    );
    s.import_read(&junk, checked()).unwrap();
    s.lock();
    s.unlock_password(z("correct horse")).unwrap();
    assert_eq!(
        s.import_pending(None).unwrap_err().kind,
        ErrorKind::NothingFound
    );
}
