//! Issue 11: a file someone sends you can neither exhaust the machine nor
//! make the vault unreadable. Each test is a hostile file that used to run
//! for minutes (or store a 400 MB label) and must now fail at once with a
//! typed error. No test measures time: each asserts the refusal itself,
//! which happens before the expensive work.

use omamori_transfer::{Format, ImportError, registry};

/// An SQLite database built here from `schema`, as file bytes.
fn sqlite_bytes(schema: &str) -> Vec<u8> {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch(schema).unwrap();
    db.serialize("main").unwrap().to_vec()
}

/// Google Authenticator's `accounts` table, with `email` as given.
fn google_db(email_column: &str, rows: &str) -> Vec<u8> {
    sqlite_bytes(&format!(
        "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, {email_column}, secret TEXT, \
         counter INTEGER, type INTEGER, issuer TEXT, original_name TEXT); {rows}"
    ))
}

#[test]
fn issue_11_sqlite_bomb_generated_column_is_refused_at_once() {
    // The reproduced attack: ~8 KiB, and each row's email is 300 MB.
    let bomb = google_db(
        "email TEXT GENERATED ALWAYS AS (printf('%.*c', 300000000, 'x'))",
        "INSERT INTO accounts (_id, secret, counter, type, issuer, original_name) \
         VALUES (1, 'JBSWY3DPEHPK3PXP', 0, 0, 'Pep Up', '');",
    );
    assert!(bomb.len() < 16 * 1024);
    let detected = registry::detect(&bomb).unwrap();
    assert_eq!(detected.format, Format::GoogleAuthenticatorDb);
    let err = registry::import(&bomb, None, None).unwrap_err();
    assert!(
        matches!(err, ImportError::Unsupported { .. }),
        "refused for its generated column: {err}"
    );
    assert!(err.to_string().contains("generated"), "{err}");
    // STORED generated columns are refused the same way (their value is in
    // the file, but no authenticator app writes one).
    let stored = google_db(
        "email TEXT GENERATED ALWAYS AS ('a') STORED",
        "INSERT INTO accounts (_id, secret, counter, type, issuer, original_name) \
         VALUES (1, 'JBSWY3DPEHPK3PXP', 0, 0, '', '');",
    );
    assert!(matches!(
        registry::import(&stored, Some(Format::GoogleAuthenticatorDb), None),
        Err(ImportError::Unsupported { .. })
    ));
}

#[test]
fn issue_11_sqlite_values_over_the_length_limit_are_excessive_work() {
    // A plain stored value far larger than any authenticator writes: SQLite
    // refuses to load it (SQLITE_LIMIT_LENGTH) instead of allocating it.
    let big = google_db(
        "email TEXT",
        "INSERT INTO accounts VALUES (1, printf('%.*c', 1000000, 'x'), \
         'JBSWY3DPEHPK3PXP', 0, 0, 'Pep Up', '');",
    );
    let err = registry::import(&big, Some(Format::GoogleAuthenticatorDb), None).unwrap_err();
    assert!(matches!(err, ImportError::ExcessiveWork { .. }), "{err}");
    // The real fixtures still import under the limits.
    for (path, format) in [
        (
            "google-authenticator/aegis/google_authenticator.sqlite",
            Format::GoogleAuthenticatorDb,
        ),
        (
            "microsoft-authenticator/aegis/microsoft_authenticator.sqlite",
            Format::MicrosoftAuthenticator,
        ),
        ("stratum/aegis/stratum_internal.db", Format::StratumDb),
    ] {
        let bytes = std::fs::read(format!(
            "{}/../../tests/fixtures/interop/{path}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let imported = registry::import(&bytes, Some(format), None).unwrap();
        assert!(imported.accounts().count() > 0, "{path}");
    }
}

/// An encrypted Aegis vault with `slots` password slots of scrypt N, r, p
/// whose keys open nothing (the content is never reached).
fn aegis_with_slots(slots: usize, n: u64, r: u64, p: u64) -> Vec<u8> {
    let slot = serde_json::json!({
        "type": 1, "uuid": "00000000-0000-0000-0000-000000000000",
        "key": "00".repeat(32), "key_params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)},
        "n": n, "r": r, "p": p, "salt": "11".repeat(32), "repaired": true,
    });
    serde_json::to_vec(&serde_json::json!({
        "version": 1,
        "header": {
            "slots": vec![slot; slots],
            "params": {"nonce": "00".repeat(12), "tag": "00".repeat(16)},
        },
        "db": "AAAA",
    }))
    .unwrap()
}

#[test]
fn issue_11_heavy_aegis_file_fails_before_deriving_any_key() {
    // 16 slots, each N·r·p = 2^24 (2 GiB of scrypt mixing, seconds each):
    // allowed per slot before, so a wrong or right password cost minutes.
    let heavy = aegis_with_slots(16, 1 << 16, 8, 32);
    let err = registry::import(&heavy, Some(Format::Aegis), Some("password")).unwrap_err();
    match &err {
        ImportError::ExcessiveWork { format, .. } => assert_eq!(*format, Format::Aegis),
        other => panic!("expected excessive work, got {other}"),
    }
}

#[test]
fn issue_11_many_aegis_slots_share_one_budget() {
    // Each slot is within the per-slot bound (N=2^17, r=8: 128 MiB, four
    // times Aegis' own), but sixteen of them exceed the file's budget:
    // the import stops after two derivations instead of running sixteen.
    let many = aegis_with_slots(16, 1 << 17, 8, 1);
    let err = registry::import(&many, Some(Format::Aegis), Some("password")).unwrap_err();
    assert!(matches!(err, ImportError::ExcessiveWork { .. }), "{err}");
    assert!(err.to_string().contains("whole file"), "{err}");
    // One slot like it is a wrong password, as for a real file.
    let one = aegis_with_slots(1, 1 << 15, 8, 1);
    assert!(matches!(
        registry::import(&one, Some(Format::Aegis), Some("password")),
        Err(ImportError::Decryption { .. })
    ));
}

#[test]
fn issue_11_every_importer_caps_each_field_and_says_so() {
    use omamori_vault::Field;
    use omamori_vault::content::{Content, check};
    let long = "長".repeat(100_000); // 300,000 bytes
    // A URI list (one importer) and an Aegis file (another): the cap is
    // applied where every importer's entries are made, not per format.
    // URIs are at most 16 KiB: an issuer of 3,000 bytes fits.
    let uri = format!(
        "otpauth://totp/taro?secret=JBSWY3DPEHPK3PXP&issuer={}",
        "長".repeat(1000)
    );
    let aegis = serde_json::json!({
        "version": 1, "header": {"slots": null, "params": null},
        "db": {"version": 2, "entries": [{
            "type": "totp", "name": "taro", "issuer": "Pep Up", "note": long, "group": long,
            "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 6, "period": 30},
        }]},
    });
    for (bytes, capped) in [
        (uri.into_bytes(), vec![Field::Issuer]),
        (
            serde_json::to_vec(&aegis).unwrap(),
            vec![Field::Note, Field::Group],
        ),
    ] {
        let imported = registry::import(&bytes, None, None).unwrap();
        let entry = &imported.entries[0];
        assert_eq!(entry.capped, capped, "{:?}", imported.format);
        assert!(entry.label.chars().count() <= omamori_transfer::MAX_LABEL_CHARS + 1);
        let account = entry.result.as_ref().unwrap();
        for field in &capped {
            let value = field.of(account).unwrap();
            assert!(value.len() <= field.max_bytes() && value.len() > field.max_bytes() - 3);
            assert!(
                value.chars().all(|c| c == '長'),
                "cut at a character boundary"
            );
        }
        // What the import hands on is exactly what the vault can store.
        let accounts: Vec<_> = imported.into_accounts();
        let mut content = Content::of_accounts(accounts);
        for (i, a) in content.accounts.iter_mut().enumerate() {
            a.id = omamori_otp::AccountId([i as u8 + 1; 16]);
        }
        check(&content).unwrap();
    }
}

#[test]
fn issue_11_fuzz_otpauth_uri_accounts_the_vault_keeps_always_export_and_read_back() {
    use omamori_otp::uri;
    use omamori_vault::content::{cap_fields, oversized_field};
    // Found by the fuzz campaign: a 5 KiB URI whose kilobytes of
    // non-ASCII issuer format (percent-encoded, ×3) to 20 KiB, more than a
    // URI may be, so an export of it could not be imported again.
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/fuzz/otpauth_uri-formats-too-long.txt"
    ))
    .unwrap();
    let mut account = uri::parse(std::str::from_utf8(&text).unwrap()).unwrap();
    assert!(uri::parse(&uri::format(&account)).is_err());
    // The vault does not keep such an account; what it keeps (capped, as
    // every importer caps) round-trips.
    assert!(oversized_field(&account).is_some());
    assert!(!cap_fields(&mut account).is_empty());
    let again = uri::parse(&uri::format(&account)).unwrap();
    assert_eq!(
        (&again.issuer, &again.secret),
        (&account.issuer, &account.secret)
    );
    // The worst case the vault allows: every field at its limit, all
    // three-byte characters.
    let mut widest = account.clone();
    widest.issuer = "長".repeat(341);
    widest.name = "長".repeat(341);
    assert!(oversized_field(&widest).is_none());
    let list = omamori_transfer::export::uri_list::uri_list(std::slice::from_ref(&widest));
    let imported = registry::import(list.as_bytes(), Some(Format::OtpauthList), None).unwrap();
    let back = imported.accounts().next().expect("read back");
    assert_eq!((&back.issuer, &back.name), (&widest.issuer, &widest.name));
}
