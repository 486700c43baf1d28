//! What a lock and concurrent commands may and may not see: scan batches
//! named by tokens, Argon2 outside the session's lock, and work that
//! outlived a lock (a native dialog, an unlock in progress) dropping its
//! result.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use super::*;

/// Stops every password computation of `s` until released: returns the
/// receiver of "entered" and the sender of "go on".
fn gate(s: &Session) -> (Receiver<()>, Sender<()>) {
    let (entered_tx, entered_rx) = channel();
    let (release_tx, release_rx) = channel::<()>();
    let entered_tx = Mutex::new(entered_tx);
    let release_rx = Mutex::new(release_rx);
    *s.kdf_gate.lock().unwrap() = Some(Arc::new(move || {
        entered_tx.lock().unwrap().send(()).unwrap();
        release_rx.lock().unwrap().recv().unwrap();
    }));
    (entered_rx, release_tx)
}

#[test]
fn add_found_picks_only_from_the_scan_its_token_names() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let first = scan(&s, vec![format!("otpauth://totp/A:a?secret={KEY_A}")]).unwrap();
    let second = scan(&s, vec![format!("otpauth://totp/B:b?secret={KEY_B}")]).unwrap();
    assert_ne!(first.token, second.token);
    assert_eq!(
        s.add_found(first.token, vec![0]).unwrap_err().kind,
        ErrorKind::ScanReplaced,
        "index 0 of the replaced list must not add index 0 of the new one"
    );
    assert!(s.codes().unwrap().accounts.is_empty());
    let added = s.add_found(second.token, vec![0]).unwrap();
    assert_eq!(added[0].issuer, "B");
    // A scan that finds nothing still replaces the list before it.
    let third = scan(&s, vec![format!("otpauth://totp/C:c?secret={KEY_A}")]).unwrap();
    scan(&s, vec!["no account here".into()]).unwrap_err();
    assert_eq!(
        s.add_found(third.token, vec![0]).unwrap_err().kind,
        ErrorKind::ScanReplaced
    );
}

#[test]
fn codes_and_touch_do_not_wait_for_a_password_change() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    s.add_manual(manual("Pep Up", "taro", KEY_A)).unwrap();
    let (entered, release) = gate(&s);
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| s.change_password(change("correct horse", "new", "new")));
        // Two Argon2 runs: the check of the current password, the new key.
        let mut seen = Vec::new();
        for _ in 0..2 {
            entered.recv().unwrap();
            let free = s.state.try_lock().is_ok();
            // Only asked when free: asking a held lock would hang the test.
            let codes = free.then(|| s.codes().map(|c| c.accounts.len()).map_err(|e| e.kind));
            s.touch();
            seen.push((free, codes));
            release.send(()).unwrap();
        }
        worker.join().unwrap().unwrap();
        assert_eq!(seen, [(true, Some(Ok(1))), (true, Some(Ok(1)))]);
    });
    *s.kdf_gate.lock().unwrap() = None;
    s.lock();
    s.unlock_password(z("new")).unwrap();
}

#[test]
fn a_lock_during_an_unlock_keeps_the_vault_locked() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    s.lock();
    let (entered, release) = gate(&s);
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| s.unlock_password(z("correct horse")));
        entered.recv().unwrap();
        // Meanwhile the session answers at once, and the screen locks.
        let free = s.state.try_lock().is_ok();
        let codes = free.then(|| s.codes().unwrap_err().kind);
        s.touch();
        s.lock();
        release.send(()).unwrap();
        assert_eq!(worker.join().unwrap().unwrap_err().kind, ErrorKind::Locked);
        assert_eq!(codes, Some(ErrorKind::Locked));
    });
    *s.kdf_gate.lock().unwrap() = None;
    assert!(!s.status().unwrap().unlocked);
}

#[test]
fn a_lock_while_the_save_dialog_is_open_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    s.add_manual(manual("Pep Up", "taro", KEY_A)).unwrap();
    let path = dir.path().join("list.txt");
    for unlock_again in [false, true] {
        if !s.status().unwrap().unlocked {
            s.unlock_password(z("correct horse")).unwrap();
        }
        let prepared = s
            .prepare_export(ExportRequest {
                format: ExportFormat::Uri,
                password: z("correct horse"),
                file_password: z(""),
                file_confirm: z(""),
                acknowledged: true,
                title: String::new(),
            })
            .unwrap();
        // The save dialog is open; the screen locks (and maybe the user
        // unlocks again before answering the dialog).
        s.lock();
        if unlock_again {
            s.unlock_password(z("correct horse")).unwrap();
        }
        assert_eq!(
            s.write_export(prepared, &path).unwrap_err().kind,
            ErrorKind::Locked
        );
        assert!(!path.exists());
    }
}

#[test]
fn a_lock_while_an_open_dialog_is_open_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = created(&dir);
    let file = dir.path().join("list.txt");
    std::fs::write(&file, format!("otpauth://totp/A:a?secret={KEY_A}\n")).unwrap();
    // Import: the vault password was checked before the dialog opened.
    let checked = s.verify_vault_password(z("correct horse")).unwrap();
    // Open image: the ticket is taken before the dialog.
    let ticket = s.ticket();
    s.lock();
    s.unlock_password(z("correct horse")).unwrap();
    assert_eq!(
        s.import_read(&file, checked).unwrap_err().kind,
        ErrorKind::Locked
    );
    assert_eq!(
        s.import_pending(None).unwrap_err().kind,
        ErrorKind::NothingFound,
        "no import was stored"
    );
    let payloads = vec![format!("otpauth://totp/A:a?secret={KEY_A}")];
    assert_eq!(
        s.found(ticket, payloads).unwrap_err().kind,
        ErrorKind::Locked
    );
    assert!(s.state().unlocked().unwrap().scan.is_none());
    // Without a lock in between, the same steps work.
    let checked = s.verify_vault_password(z("correct horse")).unwrap();
    s.import_read(&file, checked).unwrap();
    assert!(matches!(s.import_pending(None), Ok(ImportStep::Done(_))));
}
