//! Backup, export and import through the session.

use super::*;

fn export(format: ExportFormat, vault: &str, file: &str, again: &str, ack: bool) -> ExportRequest {
    ExportRequest {
        format,
        password: z(vault),
        file_password: z(file),
        file_confirm: z(again),
        acknowledged: ack,
        title: String::new(),
    }
}

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
        s.prepare_export(export(ExportFormat::Backup, vault, file, again, false))
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
        let refused = s.prepare_export(export(format, "correct horse", "", "", false));
        assert_eq!(refused.err().unwrap().kind, ErrorKind::NotConfirmed);
    }
    let prepared = s
        .prepare_export(export(ExportFormat::Uri, "correct horse", "", "", true))
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
        .prepare_export(export(
            ExportFormat::Backup,
            "correct horse",
            "file pw",
            "file pw",
            false,
        ))
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
