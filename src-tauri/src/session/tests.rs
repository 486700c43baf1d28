//! Session behaviour without a window: create, unlock, lock, codes, adds
//! from payloads, and that no view carries a secret.

use super::*;
use crate::activity::Event;
use export::ExportFormat;
use omamori_otp::{Account, Kind, Secret};
use std::time::Duration;
use zeroize::Zeroizing;

mod locking;
mod router;
mod transfer;

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

fn new_vault(password: &str, confirm: &str, remember: bool) -> NewVault {
    NewVault {
        password: z(password),
        confirm: z(confirm),
        remember,
    }
}

fn created(dir: &tempfile::TempDir) -> Session {
    let s = session(dir);
    assert!(matches!(
        s.create_vault(new_vault("correct horse", "correct horse", false))
            .unwrap(),
        KeyringOutcome::Off
    ));
    s
}

fn change(current: &str, password: &str, confirm: &str) -> PasswordChange {
    PasswordChange {
        current: z(current),
        password: z(password),
        confirm: z(confirm),
    }
}

/// Reads payloads as a scan that started now.
fn scan(s: &Session, payloads: Vec<String>) -> AppResult<FoundAccounts> {
    s.found(s.ticket(), payloads)
}

#[test]
fn first_run_then_lock_and_unlock_with_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let s = session(&dir);
    let status = s.status().unwrap();
    assert!(!status.vault_exists && !status.unlocked && !status.keyring_available);
    assert_eq!(
        s.create_vault(new_vault("a", "b", false)).unwrap_err().kind,
        ErrorKind::PasswordRejected
    );
    assert_eq!(
        s.create_vault(new_vault("", "", false)).unwrap_err().kind,
        ErrorKind::PasswordRejected
    );
    s.create_vault(new_vault("correct horse", "correct horse", true))
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
    let found = scan(&s, payloads).unwrap();
    assert_eq!(found.ignored, 1);
    assert_eq!(
        found.accounts.len(),
        2,
        "the same code twice is one account"
    );
    assert!(found.accounts[0].duplicate && !found.accounts[1].duplicate);
    let json = serde_json::to_string(&found).unwrap();
    assert!(!json.contains(KEY_A) && !json.contains(KEY_B));
    let added = s.add_found(found.token, vec![0, 1]).unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].issuer, "Example");
    assert_eq!(s.codes().unwrap().accounts.len(), 2);
    assert_eq!(
        s.add_found(found.token, vec![1]).unwrap_err().kind,
        ErrorKind::ScanReplaced,
        "a batch is used up by adding from it"
    );
    assert_eq!(
        scan(&s, vec!["hello".into()]).unwrap_err().kind,
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
    let found = scan(&s, payloads).unwrap();
    let names: Vec<&str> = found.accounts.iter().map(|a| a.issuer.as_str()).collect();
    assert_eq!(names, ["Pep Up", "Example"]);
    assert_eq!(s.add_found(found.token, vec![0, 1]).unwrap().len(), 2);
}

#[test]
fn lock_forgets_what_a_scan_found() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let found = scan(&s, vec![format!("otpauth://totp/A:b?secret={KEY_A}")]).unwrap();
    s.lock();
    s.unlock_password(z("correct horse")).unwrap();
    assert_eq!(
        s.add_found(found.token, vec![0]).unwrap_err().kind,
        ErrorKind::ScanReplaced
    );
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
    s.edit_account(AccountNames {
        id: a.id.clone(),
        issuer: " Pep Up ".into(),
        account: "taro".into(),
    })
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
        s.change_password(change("wrong", "new one", "new one"))
            .unwrap_err()
            .kind,
        ErrorKind::WrongPassword
    );
    assert_eq!(
        s.change_password(change("correct horse", "new one", "other"))
            .unwrap_err()
            .kind,
        ErrorKind::PasswordRejected
    );
    s.change_password(change("correct horse", "new one", "new one"))
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
    let idle = s.idle.idle_for();
    // The code list asks for fresh codes every period on its own.
    s.codes().unwrap();
    assert!(
        s.idle.idle_for() >= idle,
        "a code refresh reset the idle timer, so auto-lock never came"
    );
    s.touch();
    assert!(s.idle.idle_for() < idle);
}
