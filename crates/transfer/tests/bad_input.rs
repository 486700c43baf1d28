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
        for &format in Format::ALL {
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
