//! Hostile and broken input: truncated files, wrong passwords, files of the
//! wrong format and key-derivation parameters far beyond what any app writes
//! give clear per-file errors, never a panic or unbounded work.

use std::path::PathBuf;

use omamori_transfer::{Format, ImportError, registry};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/interop")
            .join(path),
    )
    .unwrap()
}

/// (file, its format, its password)
const FILES: &[(&str, Format, Option<&str>)] = &[
    (
        "aegis/aegis/aegis_encrypted.json",
        Format::Aegis,
        Some("test"),
    ),
    ("aegis/aegis/aegis_plain.json", Format::Aegis, None),
    ("aegis/aegis/plain.txt", Format::OtpauthList, None),
    (
        "2fas/aegis/2fas_authenticator_encrypted_v4.2fas",
        Format::TwoFas,
        Some("test"),
    ),
    (
        "2fas/aegis/2fas_authenticator_plain_v4.2fas",
        Format::TwoFas,
        None,
    ),
    (
        "andotp/aegis/andotp_encrypted.bin",
        Format::AndOtp,
        Some("test"),
    ),
    (
        "andotp/aegis/andotp_encrypted_old.bin",
        Format::AndOtp,
        Some("test"),
    ),
    ("andotp/aegis/andotp_plain.json", Format::AndOtp, None),
    (
        "authy/aegis/authy_encrypted.xml",
        Format::Authy,
        Some("testtest"),
    ),
    (
        "battle-net/aegis/battle_net_authenticator.xml",
        Format::BattleNet,
        None,
    ),
    ("bitwarden/aegis/bitwarden.csv", Format::BitwardenCsv, None),
    (
        "bitwarden/keepassxc/bitwarden_encrypted_export.json",
        Format::BitwardenJson,
        Some("a"),
    ),
    ("duo/aegis/duo.json", Format::Duo, None),
    (
        "ente-auth/protonpass-proton-pass-common/encrypted.lowcomplexity.txt",
        Format::EnteEncrypted,
        Some("password"),
    ),
    (
        "freeotp-plus/aegis/freeotp_plus.json",
        Format::FreeOtpPlus,
        None,
    ),
    (
        "google-authenticator/scito-extract_otp_secrets/example_export.txt",
        Format::GoogleMigration,
        None,
    ),
    (
        "lastpass/protonpass-proton-pass-common/lastpass.json",
        Format::LastPass,
        None,
    ),
    (
        "proton-authenticator/ente/proton_authenticator_backup_encrypted_1231246.json",
        Format::ProtonAuthenticator,
        Some("1231246"),
    ),
    ("steam/aegis/steam.json", Format::Steam, None),
    (
        "stratum/aegis/stratum_encrypted_legacy.bin",
        Format::Stratum,
        Some("test"),
    ),
    ("stratum/aegis/stratum_plain.json", Format::Stratum, None),
    (
        "google-authenticator/aegis/google_authenticator.sqlite",
        Format::GoogleAuthenticatorDb,
        None,
    ),
    (
        "microsoft-authenticator/aegis/microsoft_authenticator.sqlite",
        Format::MicrosoftAuthenticator,
        None,
    ),
    ("stratum/aegis/stratum_internal.db", Format::StratumDb, None),
    ("freeotp/aegis/freeotp.xml", Format::FreeOtp, None),
    (
        "freeotp/aegis/freeotp_v2_api34.xml",
        Format::FreeOtp2,
        Some("test"),
    ),
    (
        "freeotp/aegis/freeotp_v2_api23.xml",
        Format::FreeOtp2,
        Some("test"),
    ),
    (
        "totp-authenticator/aegis/totp_authenticator_internal.xml",
        Format::TotpAuthenticator,
        None,
    ),
    (
        "totp-authenticator/aegis/totp_authenticator.bin",
        Format::TotpAuthenticator,
        Some("Testtest1"),
    ),
];

#[test]
fn truncated_files_fail_cleanly() {
    for (path, format, password) in FILES {
        let bytes = read(path);
        for cut in [0, 1, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            match registry::import(&bytes[..cut], Some(*format), *password) {
                Err(e) => assert!(!e.to_string().is_empty(), "{path}"),
                // Line- and row-based formats keep what precedes the cut.
                Ok(imported) => assert!(
                    imported.entries.len() <= 30,
                    "{path} cut at {cut}: {} entries",
                    imported.entries.len()
                ),
            }
        }
    }
}

#[test]
fn wrong_passwords_give_the_vague_decryption_error() {
    for (path, format, password) in FILES {
        if password.is_none() {
            continue;
        }
        let err =
            registry::import(&read(path), Some(*format), Some("not the password")).unwrap_err();
        assert!(
            matches!(err, ImportError::Decryption { .. }),
            "{path}: {err}"
        );
        assert!(err.to_string().contains("wrong password"), "{err}");
    }
}

#[test]
fn every_importer_survives_every_other_format() {
    for (path, _, password) in FILES {
        let bytes = read(path);
        for format in Format::all() {
            // Must not panic; the result itself does not matter.
            let _ = registry::import(&bytes, Some(format), *password);
        }
    }
}

#[test]
fn unknown_bytes_are_not_detected() {
    assert!(matches!(
        registry::detect(b"\x00\x01\x02 not an export"),
        Err(ImportError::UnknownFormat)
    ));
    assert!(matches!(
        registry::detect(b"{}"),
        Err(ImportError::UnknownFormat)
    ));
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = vec![b' '; omamori_transfer::MAX_INPUT_BYTES + 1];
    assert!(matches!(
        registry::import(&big, Some(Format::Aegis), None),
        Err(ImportError::TooLarge { .. })
    ));
}

fn excessive(result: Result<omamori_transfer::Imported, ImportError>) {
    match result {
        Err(e @ ImportError::ExcessiveWork { .. }) => {
            assert!(e.to_string().contains("beyond the limit"), "{e}");
        }
        other => panic!("expected ExcessiveWork, got {other:?}"),
    }
}

#[test]
fn hostile_aegis_scrypt_parameters_are_refused() {
    let text = String::from_utf8(read("aegis/aegis/aegis_encrypted.json")).unwrap();
    let hostile = text.replace("\"n\": 32768", "\"n\": 1073741824");
    assert_ne!(text, hostile);
    excessive(registry::import(hostile.as_bytes(), None, Some("test")));
    let hostile = text.replace("\"r\": 8", "\"r\": 4096");
    excessive(registry::import(hostile.as_bytes(), None, Some("test")));
}

#[test]
fn hostile_ente_argon2_parameters_are_refused() {
    let path = "ente-auth/protonpass-proton-pass-common/encrypted.lowcomplexity.txt";
    let mut value: serde_json::Value = serde_json::from_slice(&read(path)).unwrap();
    value["kdfParams"]["memLimit"] = serde_json::json!(4u64 << 30);
    excessive(registry::import(
        value.to_string().as_bytes(),
        None,
        Some("password"),
    ));
    value["kdfParams"]["memLimit"] = serde_json::json!(256u64 << 20);
    value["kdfParams"]["opsLimit"] = serde_json::json!(1000);
    excessive(registry::import(
        value.to_string().as_bytes(),
        None,
        Some("password"),
    ));
}

#[test]
fn hostile_bitwarden_kdf_parameters_are_refused() {
    let path = "bitwarden/keepassxc/bitwarden_encrypted_export.json";
    let mut value: serde_json::Value = serde_json::from_slice(&read(path)).unwrap();
    value["kdfIterations"] = serde_json::json!(4_000_000_000u64);
    excessive(registry::import(
        value.to_string().as_bytes(),
        None,
        Some("a"),
    ));
    let path = "bitwarden/keepassxc/bitwarden_encrypted_argon2id_export.json";
    let mut value: serde_json::Value = serde_json::from_slice(&read(path)).unwrap();
    value["kdfMemory"] = serde_json::json!(8192);
    excessive(registry::import(
        value.to_string().as_bytes(),
        None,
        Some("a"),
    ));
}

#[test]
fn one_bad_entry_does_not_abort_the_import() {
    let text = "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\n\
                otpauth://totp/B:b?secret=NOT*BASE32\n\
                otpauth://totp/C:c?secret=JBSWY3DPEHPK3PXP&digits=99\n\
                otpauth://totp/D:d?secret=GEZDGNBVGY3TQOJQ\n";
    let imported = registry::import(text.as_bytes(), None, None).unwrap();
    assert_eq!(imported.accounts().count(), 2);
    let rejected: Vec<_> = imported.rejected().map(|(e, _)| e.position).collect();
    assert_eq!(rejected, vec![2, 3]);
}

/// An SQLite database built here: `schema` then `rows`, as file bytes.
fn sqlite_bytes(schema: &str) -> Vec<u8> {
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch(schema).unwrap();
    db.serialize("main").unwrap().to_vec()
}

#[test]
fn hostile_sqlite_databases_are_refused_without_unbounded_work() {
    // A view in place of the table could run any query (here: an endless
    // recursive one); only real tables are read.
    let view = sqlite_bytes(
        "CREATE TABLE t(x); CREATE VIEW accounts AS \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) \
         SELECT 'a' AS email, 'JBSWY3DPEHPK3PXP' AS secret, 0 AS counter, 0 AS type, \
         '' AS issuer, i AS _id FROM n;",
    );
    let err = registry::import(&view, Some(Format::GoogleAuthenticatorDb), None).unwrap_err();
    assert!(err.to_string().contains("no \"accounts\" table"), "{err}");
    // Wrong shape: the table exists without the columns.
    let wrong = sqlite_bytes("CREATE TABLE accounts(x);");
    assert!(matches!(
        registry::import(&wrong, Some(Format::GoogleAuthenticatorDb), None),
        Err(ImportError::Malformed { .. })
    ));
    // Every kind of damage inside the file is an error or fewer entries,
    // never a panic.
    let bytes = read("google-authenticator/aegis/google_authenticator.sqlite");
    for at in (0..bytes.len()).step_by(bytes.len() / 97) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x5a;
        let _ = registry::import(&damaged, Some(Format::GoogleAuthenticatorDb), None);
    }
    // A bad row is one rejected entry.
    let bad_row = sqlite_bytes(
        "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT, secret TEXT, \
         counter INTEGER, type INTEGER, issuer TEXT, original_name TEXT); \
         INSERT INTO accounts VALUES (1, 'Pep Up:taro', 'JBSWY3DPEHPK3PXP', 0, 0, 'Pep Up', ''); \
         INSERT INTO accounts VALUES (2, 'x', 'not base32!', 0, 0, '', ''); \
         INSERT INTO accounts VALUES (3, 'y', 'JBSWY3DPEHPK3PXP', -5, 1, '', '');",
    );
    let imported = registry::import(&bad_row, None, None).unwrap();
    assert_eq!(imported.format, Format::GoogleAuthenticatorDb);
    let accounts: Vec<_> = imported.accounts().collect();
    assert_eq!(accounts.len(), 1);
    assert_eq!(
        (accounts[0].issuer.as_str(), accounts[0].name.as_str()),
        ("Pep Up", "taro")
    );
    assert_eq!(imported.rejected().count(), 2);
}

/// A FreeOTP 2 backup taken apart: the serialization header up to the map
/// size, and the map's entries (the fixtures hold only plain strings).
fn freeotp2_entries(path: &str) -> (Vec<u8>, Vec<(String, String)>) {
    let bytes = read(path);
    let block = bytes
        .windows(2)
        .position(|w| w == [0x77, 0x08])
        .expect("block data");
    let prefix = bytes[..block + 6].to_vec();
    let mut at = block + 10;
    let mut strings = Vec::new();
    while bytes[at] == 0x74 {
        let len = usize::from(u16::from_be_bytes([bytes[at + 1], bytes[at + 2]]));
        strings.push(String::from_utf8(bytes[at + 3..at + 3 + len].to_vec()).unwrap());
        at += 3 + len;
    }
    assert_eq!(&bytes[at..], [0x78], "{path}: only strings expected");
    let mut entries = Vec::new();
    let mut it = strings.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        entries.push((k, v));
    }
    (prefix, entries)
}

/// Serializes the entries back behind `prefix` (long strings as
/// `TC_LONGSTRING`, as Java does beyond 65,535 bytes).
fn freeotp2_file(prefix: &[u8], entries: &[(String, String)]) -> Vec<u8> {
    let mut out = prefix.to_vec();
    out.extend_from_slice(&(entries.len() as i32).to_be_bytes());
    for (k, v) in entries {
        for s in [k, v] {
            match u16::try_from(s.len()) {
                Ok(len) => {
                    out.push(0x74);
                    out.extend_from_slice(&len.to_be_bytes());
                }
                Err(_) => {
                    out.push(0x7C);
                    out.extend_from_slice(&(s.len() as u64).to_be_bytes());
                }
            }
            out.extend_from_slice(s.as_bytes());
        }
    }
    out.push(0x78);
    out
}

/// The fixture with its `masterKey` JSON changed by `edit`.
fn freeotp2_with_master_key(edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let (prefix, mut entries) = freeotp2_entries("freeotp/aegis/freeotp_v2_api34.xml");
    let (_, master) = entries.iter_mut().find(|(k, _)| k == "masterKey").unwrap();
    let mut value: serde_json::Value = serde_json::from_str(master).unwrap();
    edit(&mut value);
    *master = value.to_string();
    freeotp2_file(&prefix, &entries)
}

fn freeotp2_import(bytes: &[u8]) -> Result<omamori_transfer::Imported, ImportError> {
    registry::import(bytes, None, Some("test"))
}

#[test]
fn freeotp2_rebuilt_fixture_still_imports() {
    // The test helpers themselves: taking the file apart and putting it
    // back together gives the same bytes and the same six accounts.
    let path = "freeotp/aegis/freeotp_v2_api34.xml";
    let (prefix, entries) = freeotp2_entries(path);
    assert_eq!(freeotp2_file(&prefix, &entries), read(path));
    let imported = freeotp2_import(&freeotp2_with_master_key(|_| {})).unwrap();
    assert_eq!(imported.format, Format::FreeOtp2);
    assert_eq!(imported.accounts().count(), 6);
}

#[test]
fn hostile_freeotp2_iteration_counts_are_refused_before_any_work() {
    // Beyond FreeOTP's own 100,000 by far, though within the general
    // PBKDF2 limit, and beyond every limit.
    for iterations in [2_000_000u64, 4_000_000_000, u64::MAX] {
        excessive(freeotp2_import(&freeotp2_with_master_key(|v| {
            v["mIterations"] = serde_json::json!(iterations);
        })));
    }
    for bad in [
        serde_json::json!(0),
        serde_json::json!(-1),
        serde_json::json!("100000"),
        serde_json::json!(null),
    ] {
        let err = freeotp2_import(&freeotp2_with_master_key(|v| {
            v["mIterations"] = bad.clone();
        }))
        .unwrap_err();
        assert!(matches!(err, ImportError::Malformed { .. }), "{bad}: {err}");
    }
}

#[test]
fn hostile_freeotp2_key_parameters_are_refused() {
    let err = |edit: &dyn Fn(&mut serde_json::Value)| {
        freeotp2_import(&freeotp2_with_master_key(edit)).unwrap_err()
    };
    // An unknown key derivation, a salt FreeOTP never writes.
    let e = err(&|v| v["mAlgorithm"] = serde_json::json!("PBKDF2withHmacMD5"));
    assert!(matches!(e, ImportError::Unsupported { .. }), "{e}");
    let e = err(&|v| v["mSalt"] = serde_json::json!(vec![1; 16]));
    assert!(matches!(e, ImportError::Unsupported { .. }), "{e}");
    let e = err(&|v| v["mSalt"] = serde_json::json!(vec![1; 100_000]));
    assert!(matches!(e, ImportError::Unsupported { .. }), "{e}");
    let e = err(&|v| v["mSalt"] = serde_json::json!(vec![1000; 32]));
    assert!(matches!(e, ImportError::Malformed { .. }), "{e}");
    // Bad GCM parameters: a nonce of the wrong length, a length field
    // beyond the bytes, a 12-byte tag, not DER at all.
    for parameters in [
        serde_json::json!([48, 9, 4, 4, 1, 2, 3, 4, 2, 1, 16]),
        serde_json::json!([48, 17, 4, 120, 1, 2, 3]),
        serde_json::json!([
            48, 17, 4, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 2, 1, 12
        ]),
        serde_json::json!([]),
        serde_json::json!("MBEEDA=="),
    ] {
        let e = err(&|v| v["mEncryptedKey"]["mParameters"] = parameters.clone());
        assert!(
            matches!(e, ImportError::Malformed { .. }),
            "{parameters}: {e}"
        );
    }
    // Another cipher; a ciphertext too short to hold a tag.
    let e = err(&|v| v["mEncryptedKey"]["mCipher"] = serde_json::json!("AES/CBC/PKCS5Padding"));
    assert!(matches!(e, ImportError::Malformed { .. }), "{e}");
    let e = err(&|v| v["mEncryptedKey"]["mCipherText"] = serde_json::json!([1, 2, 3]));
    assert!(matches!(e, ImportError::Decryption { .. }), "{e}");
    // A different additional data: the master key does not open.
    let e = err(&|v| v["mEncryptedKey"]["mToken"] = serde_json::json!("DES"));
    assert!(matches!(e, ImportError::Decryption { .. }), "{e}");
}

#[test]
fn hostile_freeotp2_structures_are_refused() {
    let (prefix, entries) = freeotp2_entries("freeotp/aegis/freeotp_v2_api34.xml");
    let malformed = |bytes: &[u8]| {
        let e = freeotp2_import(bytes).unwrap_err();
        assert!(matches!(e, ImportError::Malformed { .. }), "{e}");
    };
    // JSON nested far deeper than serde_json's limit, in a long string.
    let mut deep = entries.clone();
    deep.iter_mut().find(|(k, _)| k == "masterKey").unwrap().1 =
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    malformed(&freeotp2_file(&prefix, &deep));
    // No master key at all.
    let without: Vec<_> = entries
        .iter()
        .filter(|(k, _)| k != "masterKey")
        .cloned()
        .collect();
    malformed(&freeotp2_file(&prefix, &without));
    // A map claiming two billion entries; a long string claiming 2^63
    // bytes; a size field of −1.
    let mut huge = prefix.clone();
    huge.extend_from_slice(&i32::MAX.to_be_bytes());
    huge.extend_from_slice(&[0x74, 0, 1, b'k', 0x74, 0, 1, b'v', 0x78]);
    malformed(&huge);
    let mut long = prefix.clone();
    long.extend_from_slice(&1i32.to_be_bytes());
    long.push(0x7C);
    long.extend_from_slice(&(1u64 << 63).to_be_bytes());
    long.extend_from_slice(&[0; 32]);
    malformed(&long);
    let mut negative = prefix.clone();
    negative.extend_from_slice(&(-1i32).to_be_bytes());
    negative.push(0x78);
    malformed(&negative);
    // Nested objects instead of strings: nothing recurses.
    let mut nested = prefix.clone();
    nested.extend_from_slice(&1i32.to_be_bytes());
    for _ in 0..10_000 {
        nested.extend_from_slice(&[0x73, 0x72]);
    }
    malformed(&nested);
}

#[test]
fn freeotp2_bad_tokens_are_rejected_one_by_one() {
    let (prefix, mut entries) = freeotp2_entries("freeotp/aegis/freeotp_v2_api34.xml");
    // Damage one token's encrypted key, drop another's details and a third's
    // key: three rejected entries, three accounts.
    let keys: Vec<String> = entries
        .iter()
        .filter(|(k, v)| k != "masterKey" && !k.ends_with("-token") && v.contains("mCipher"))
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(keys.len(), 6);
    let value = &mut entries.iter_mut().find(|(k, _)| *k == keys[0]).unwrap().1;
    let mut outer: serde_json::Value = serde_json::from_str(value).unwrap();
    let mut inner: serde_json::Value =
        serde_json::from_str(outer["key"].as_str().unwrap()).unwrap();
    inner["mCipherText"][0] = serde_json::json!(inner["mCipherText"][0].as_i64().unwrap() ^ 1);
    outer["key"] = serde_json::json!(inner.to_string());
    *value = outer.to_string();
    let details = format!("{}-token", keys[1]);
    entries.retain(|(k, _)| *k != details && *k != keys[2]);
    let imported = freeotp2_import(&freeotp2_file(&prefix, &entries)).unwrap();
    assert_eq!(imported.accounts().count(), 3);
    let reasons: Vec<String> = imported.rejected().map(|(_, e)| e.to_string()).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("damaged")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("details")), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("no secret")),
        "{reasons:?}"
    );
}

#[test]
fn freeotp2_maps_with_the_most_entries_take_linear_work() {
    // 200,001 entries (the cap): the master key and 100,000 tokens whose
    // key and details look each other up. With a linear lookup that would
    // be 2·10^10 string comparisons, not a moment.
    let (prefix, entries) = freeotp2_entries("freeotp/aegis/freeotp_v2_api34.xml");
    let master = entries.iter().find(|(k, _)| k == "masterKey").unwrap();
    let mut many = vec![master.clone()];
    for i in 0..100_000 {
        many.push((format!("{i}"), r#"{"key":"damaged"}"#.to_owned()));
        many.push((format!("{i}-token"), "{}".to_owned()));
    }
    let imported = freeotp2_import(&freeotp2_file(&prefix, &many)).unwrap();
    assert_eq!(imported.entries.len(), 100_000);
    assert_eq!(imported.accounts().count(), 0);
    // One entry more is beyond the map's cap.
    many.push(("x".into(), "y".into()));
    let e = freeotp2_import(&freeotp2_file(&prefix, &many)).unwrap_err();
    assert!(e.to_string().contains("200002 entries"), "{e}");
    // 100,001 orphaned details are within the map's cap but are more
    // entries than any file may hold: refused by the registry's one limit.
    let mut orphans = vec![master.clone()];
    orphans.extend((0..=100_000).map(|i| (format!("{i}-token"), "{}".to_owned())));
    let e = freeotp2_import(&freeotp2_file(&prefix, &orphans)).unwrap_err();
    assert!(e.to_string().contains("more than 100000 entries"), "{e}");
}
