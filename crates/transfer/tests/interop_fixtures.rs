//! Every in-scope file of `tests/fixtures/interop/` decodes to the entries
//! its folder's `expected.json` lists (one test per file, named after it).
//!
//! Fields compared, normalised: type, issuer, name, secret (base32),
//! algorithm, digits (Steam: 5), period (not for HOTP), counter (HOTP).
//! Deliberate differences from the literal `expected.json` values:
//!
//! - **Issuer prefix in the name.** Where a file repeats the issuer in the
//!   account name (`Issuer:account`, Google Authenticator's habit, and old
//!   andOTP labels), Omamori keeps only the account part; both sides are
//!   compared with an `Issuer:` prefix stripped from the name.
//! - **Rejected entries.** Entries whose secret is not valid base32
//!   (`secret_valid_base32: false`), whose algorithm is not SHA1/256/512
//!   (2FAS's SHA384), or that the fixture marks as a negative case (digits or
//!   period 0) must come back as per-entry errors, not accounts.
//! - **Not established.** `null` issuer/name means the fixture does not
//!   establish it; for Bitwarden bare secrets and `steam://` the issuer must
//!   be the item's name and the account its username (our documented rule).

use std::path::PathBuf;

use omamori_otp::{Account, Kind, Secret};
use omamori_transfer::{Format, ImportError, registry};
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/interop")
}

#[derive(Debug, Clone, PartialEq)]
struct Norm {
    kind: String,
    issuer: Option<String>,
    name: Option<String>,
    secret: String,
    algorithm: String,
    digits: u64,
    period: Option<u64>,
    counter: Option<u64>,
}

fn strip_issuer(issuer: Option<&str>, name: Option<String>) -> Option<String> {
    let name = name?;
    match issuer {
        Some(issuer) if !issuer.is_empty() => Some(
            name.strip_prefix(issuer)
                .and_then(|r| r.strip_prefix(':'))
                .map(|r| r.trim_start().to_owned())
                .unwrap_or(name),
        ),
        _ => Some(name),
    }
}

fn from_account(a: &Account) -> Norm {
    let hotp = a.kind == Kind::Hotp;
    Norm {
        kind: a.kind.as_str().to_owned(),
        issuer: Some(a.issuer.clone()),
        name: strip_issuer(Some(&a.issuer), Some(a.name.clone())),
        secret: a.secret.to_base32().to_string(),
        algorithm: a.algorithm.as_str().to_owned(),
        digits: u64::from(a.code_length()),
        period: (!hotp).then_some(u64::from(a.period)),
        counter: hotp.then_some(a.counter),
    }
}

/// The expected account, or `None` when the entry must be rejected.
fn from_expected(e: &Value, negative_file: bool) -> Option<Norm> {
    let algorithm = e["algorithm"].as_str().unwrap().to_owned();
    if negative_file
        || e["secret_valid_base32"] == Value::Bool(false)
        || !["SHA1", "SHA256", "SHA512"].contains(&algorithm.as_str())
    {
        return None;
    }
    let kind = e["type"].as_str().unwrap().to_owned();
    let mut issuer = e["issuer"].as_str().map(str::to_owned);
    let mut name = e["name"].as_str().map(str::to_owned);
    let bare_bitwarden = e["login_totp_as_stored"]
        .as_str()
        .is_some_and(|t| !t.starts_with("otpauth://"));
    if bare_bitwarden {
        issuer = e["bitwarden_item_name"].as_str().map(str::to_owned);
        name = Some(
            e["bitwarden_username"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    } else if e.get("twofas_name").is_some() && name.is_none() {
        name = Some(String::new());
    }
    let name = strip_issuer(issuer.as_deref(), name);
    let hotp = kind == "hotp";
    Some(Norm {
        kind,
        issuer,
        name,
        // Canonical base32 of the key bytes: "SOMESECRET" and "SOMESECREQ"
        // are the same key (the last character's unused bits differ).
        secret: Secret::from_base32(e["secret"].as_str().unwrap())
            .expect("expected secret decodes")
            .to_base32()
            .to_string(),
        algorithm,
        digits: e["digits"].as_u64().unwrap(),
        period: if hotp { None } else { e["period"].as_u64() },
        counter: if hotp { e["counter"].as_u64() } else { None },
    })
}

fn matches(expected: &Norm, actual: &Norm) -> bool {
    expected.kind == actual.kind
        && expected.secret == actual.secret
        && expected.algorithm == actual.algorithm
        && expected.digits == actual.digits
        && expected.period == actual.period
        && expected.counter == actual.counter
        && ((expected.issuer.is_none() || expected.issuer == actual.issuer)
            && (expected.name.is_none() || expected.name == actual.name)
            || split_by_migration(expected, actual))
}

/// `omamori_otp::migration` reads a name "X: y" that has no issuer as issuer
/// X and account y (Google's own habit of prefixing the issuer); fixtures
/// keep such names whole. Same text, split differently: accepted.
fn split_by_migration(expected: &Norm, actual: &Norm) -> bool {
    let (Some(issuer), Some(name), Some(a_issuer), Some(a_name)) = (
        &expected.issuer,
        &expected.name,
        &actual.issuer,
        &actual.name,
    ) else {
        return false;
    };
    issuer.is_empty()
        && !a_issuer.is_empty()
        && name
            .strip_prefix(a_issuer.as_str())
            .and_then(|r| r.strip_prefix(':'))
            .is_some_and(|r| r.trim_start() == a_name)
}

fn check(folder: &str, file: &str, format: Format) {
    let expected_doc: Value = serde_json::from_slice(
        &std::fs::read(fixtures().join(folder).join("expected.json")).unwrap(),
    )
    .unwrap();
    let record = &expected_doc["files"][file];
    assert!(
        record.is_object(),
        "{file} is not in {folder}/expected.json"
    );
    let bytes = std::fs::read(fixtures().join(folder).join(file)).unwrap();
    let password = record["password"].as_str();
    let status = record["expected_status"].as_str().unwrap_or_default();
    let negative = status.contains("negative case");
    let entries = record["entries"].as_array().unwrap();

    if negative && entries.is_empty() {
        // Nothing in it: the import fails, or yields no account.
        match registry::import(&bytes, Some(format), password) {
            Err(e) => assert!(!e.to_string().is_empty()),
            Ok(imported) => {
                assert_eq!(imported.accounts().count(), 0, "{file} yielded accounts");
                assert!(imported.rejected().count() > 0, "{file}: no error reported");
            }
        }
        return;
    }

    // Old andOTP encrypted backups are nonce‖ciphertext with no header:
    // nothing to detect, the format must be named.
    let detectable = file != "aegis/andotp_encrypted_old.bin";
    if detectable {
        let detected = registry::detect(&bytes).expect("format detected");
        assert_eq!(
            detected.format, format,
            "{file} detected as {:?}",
            detected.format
        );
        assert_eq!(
            detected.encrypted,
            password.is_some(),
            "{file}: encrypted flag"
        );
    } else {
        assert!(
            registry::detect(&bytes).is_err(),
            "{file} is not detectable"
        );
    }
    if password.is_some() {
        assert!(matches!(
            registry::import(&bytes, Some(format), None),
            Err(ImportError::PasswordRequired { .. })
        ));
    }

    let imported = registry::import(&bytes, Some(format), password).expect("import");
    let mut actual: Vec<Norm> = imported.accounts().map(from_account).collect();
    let rejected: Vec<String> = imported
        .rejected()
        .map(|(entry, err)| format!("{}: {err}", entry.label))
        .collect();
    let wanted: Vec<Option<Norm>> = entries.iter().map(|e| from_expected(e, negative)).collect();
    let want_rejected = wanted.iter().filter(|w| w.is_none()).count();
    for want in wanted.iter().flatten() {
        let at = actual.iter().position(|a| matches(want, a)).unwrap_or_else(|| {
            panic!("{file}: no imported account matches {want:?}\nimported: {actual:?}\nrejected: {rejected:?}")
        });
        actual.remove(at);
    }
    assert!(actual.is_empty(), "{file}: unexpected accounts {actual:#?}");
    assert_eq!(
        rejected.len(),
        want_rejected,
        "{file}: rejected entries {rejected:?}"
    );
}

macro_rules! fixture {
    ($name:ident, $folder:literal, $file:literal, $format:expr) => {
        #[test]
        fn $name() {
            check($folder, $file, $format);
        }
    };
}

fixture!(
    f_2fas_aegis_2fas_authenticator_json,
    "2fas",
    "aegis/2fas_authenticator.json",
    Format::TwoFas
);
fixture!(
    f_2fas_aegis_2fas_authenticator_encrypted_2fas,
    "2fas",
    "aegis/2fas_authenticator_encrypted.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_aegis_2fas_authenticator_encrypted_v3_2fas,
    "2fas",
    "aegis/2fas_authenticator_encrypted_v3.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_aegis_2fas_authenticator_encrypted_v4_2fas,
    "2fas",
    "aegis/2fas_authenticator_encrypted_v4.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_aegis_2fas_authenticator_plain_2fas,
    "2fas",
    "aegis/2fas_authenticator_plain.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_aegis_2fas_authenticator_plain_v3_2fas,
    "2fas",
    "aegis/2fas_authenticator_plain_v3.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_aegis_2fas_authenticator_plain_v4_2fas,
    "2fas",
    "aegis/2fas_authenticator_plain_v4.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_protonpass_decrypted_2fas,
    "2fas",
    "protonpass-proton-pass-common/decrypted.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_protonpass_decrypted_ios_2fas,
    "2fas",
    "protonpass-proton-pass-common/decrypted_ios.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_protonpass_decrypted_with_hotp_2fas,
    "2fas",
    "protonpass-proton-pass-common/decrypted_with_hotp.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_protonpass_decrypted_with_hotp_and_unsupported_algorithms_2fas,
    "2fas",
    "protonpass-proton-pass-common/decrypted_with_hotp_and_unsupported_algorithms.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_protonpass_decrypted_with_hotp_missing_period_2fas,
    "2fas",
    "protonpass-proton-pass-common/decrypted_with_hotp_missing_period.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_protonpass_decrypted_with_manual_entries_2fas,
    "2fas",
    "protonpass-proton-pass-common/decrypted_with_manual_entries.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_protonpass_decrypted_with_missing_fields_2fas,
    "2fas",
    "protonpass-proton-pass-common/decrypted_with_missing_fields.2fas",
    Format::TwoFas
);
fixture!(
    f_2fas_protonpass_encrypted_2fas,
    "2fas",
    "protonpass-proton-pass-common/encrypted.2fas",
    Format::TwoFas
);
fixture!(
    aegis_aegis_aegis_encrypted_json,
    "aegis",
    "aegis/aegis_encrypted.json",
    Format::Aegis
);
fixture!(
    aegis_aegis_aegis_plain_json,
    "aegis",
    "aegis/aegis_plain.json",
    Format::Aegis
);
fixture!(
    aegis_aegis_aegis_plain_grouped_v2_json,
    "aegis",
    "aegis/aegis_plain_grouped_v2.json",
    Format::Aegis
);
fixture!(
    aegis_aegis_plain_txt,
    "aegis",
    "aegis/plain.txt",
    Format::OtpauthList
);
fixture!(
    aegis_protonpass_aegis_json_encrypted_test_json,
    "aegis",
    "protonpass-proton-pass-common/aegis-json-encrypted-test.json",
    Format::Aegis
);
fixture!(
    aegis_protonpass_aegis_json_unencrypted_hotp_json,
    "aegis",
    "protonpass-proton-pass-common/aegis-json-unencrypted-hotp.json",
    Format::Aegis
);
fixture!(
    aegis_protonpass_aegis_json_unencrypted_with_bad_period_digits_json,
    "aegis",
    "protonpass-proton-pass-common/aegis-json-unencrypted-with-bad-period-digits.json",
    Format::Aegis
);
fixture!(
    aegis_protonpass_aegis_json_unencrypted_with_missing_fields_json,
    "aegis",
    "protonpass-proton-pass-common/aegis-json-unencrypted-with-missing-fields.json",
    Format::Aegis
);
fixture!(
    aegis_protonpass_aegis_json_unencrypted_json,
    "aegis",
    "protonpass-proton-pass-common/aegis-json-unencrypted.json",
    Format::Aegis
);
fixture!(
    aegis_protonpass_aegis_txt_txt,
    "aegis",
    "protonpass-proton-pass-common/aegis-txt.txt",
    Format::OtpauthList
);
fixture!(
    andotp_aegis_andotp_encrypted_bin,
    "andotp",
    "aegis/andotp_encrypted.bin",
    Format::AndOtp
);
fixture!(
    andotp_aegis_andotp_encrypted_old_bin,
    "andotp",
    "aegis/andotp_encrypted_old.bin",
    Format::AndOtp
);
fixture!(
    andotp_aegis_andotp_plain_json,
    "andotp",
    "aegis/andotp_plain.json",
    Format::AndOtp
);
fixture!(
    authy_aegis_authy_encrypted_xml,
    "authy",
    "aegis/authy_encrypted.xml",
    Format::Authy
);
fixture!(
    authy_aegis_authy_plain_xml,
    "authy",
    "aegis/authy_plain.xml",
    Format::Authy
);
fixture!(
    battle_net_aegis_battle_net_authenticator_xml,
    "battle-net",
    "aegis/battle_net_authenticator.xml",
    Format::BattleNet
);
fixture!(
    bitwarden_aegis_bitwarden_csv,
    "bitwarden",
    "aegis/bitwarden.csv",
    Format::BitwardenCsv
);
fixture!(
    bitwarden_aegis_bitwarden_json,
    "bitwarden",
    "aegis/bitwarden.json",
    Format::BitwardenJson
);
fixture!(
    bitwarden_keepassxc_bitwarden_encrypted_argon2id_export_json,
    "bitwarden",
    "keepassxc/bitwarden_encrypted_argon2id_export.json",
    Format::BitwardenJson
);
fixture!(
    bitwarden_keepassxc_bitwarden_encrypted_export_json,
    "bitwarden",
    "keepassxc/bitwarden_encrypted_export.json",
    Format::BitwardenJson
);
fixture!(
    bitwarden_keepassxc_bitwarden_export_json,
    "bitwarden",
    "keepassxc/bitwarden_export.json",
    Format::BitwardenJson
);
fixture!(
    bitwarden_protonpass_bitwarden_csv,
    "bitwarden",
    "protonpass-proton-pass-common/bitwarden.csv",
    Format::BitwardenCsv
);
fixture!(
    bitwarden_protonpass_bitwarden_json,
    "bitwarden",
    "protonpass-proton-pass-common/bitwarden.json",
    Format::BitwardenJson
);
fixture!(
    bitwarden_protonpass_bitwarden_app_json,
    "bitwarden",
    "protonpass-proton-pass-common/bitwarden_app.json",
    Format::BitwardenJson
);
fixture!(
    bitwarden_protonpass_bitwarden_sample_csv,
    "bitwarden",
    "protonpass-proton-pass-common/bitwarden_sample.csv",
    Format::BitwardenCsv
);
fixture!(duo_aegis_duo_json, "duo", "aegis/duo.json", Format::Duo);
fixture!(
    ente_auth_aegis_ente_auth_txt,
    "ente-auth",
    "aegis/ente_auth.txt",
    Format::OtpauthList
);
fixture!(
    ente_auth_protonpass_encrypted_lowcomplexity_txt,
    "ente-auth",
    "protonpass-proton-pass-common/encrypted.lowcomplexity.txt",
    Format::EnteEncrypted
);
fixture!(
    ente_auth_protonpass_encrypted_nominalcomplexity_txt,
    "ente-auth",
    "protonpass-proton-pass-common/encrypted.nominalcomplexity.txt",
    Format::EnteEncrypted
);
fixture!(
    ente_auth_protonpass_encrypted_decrypted_txt,
    "ente-auth",
    "protonpass-proton-pass-common/encrypted_decrypted.txt",
    Format::OtpauthList
);
fixture!(
    ente_auth_protonpass_plain_txt,
    "ente-auth",
    "protonpass-proton-pass-common/plain.txt",
    Format::OtpauthList
);
fixture!(
    ente_auth_protonpass_plain_20_entries_txt,
    "ente-auth",
    "protonpass-proton-pass-common/plain_20_entries.txt",
    Format::OtpauthList
);
fixture!(
    ente_auth_protonpass_plain_with_hotp_txt,
    "ente-auth",
    "protonpass-proton-pass-common/plain_with_hotp.txt",
    Format::OtpauthList
);
fixture!(
    ente_auth_protonpass_plain_with_missing_fields_txt,
    "ente-auth",
    "protonpass-proton-pass-common/plain_with_missing_fields.txt",
    Format::OtpauthList
);
fixture!(
    ente_auth_protonpass_plain_with_steam_and_hotp_txt,
    "ente-auth",
    "protonpass-proton-pass-common/plain_with_steam_and_hotp.txt",
    Format::OtpauthList
);
fixture!(
    freeotp_aegis_freeotp_xml,
    "freeotp",
    "aegis/freeotp.xml",
    Format::FreeOtp
);
fixture!(
    freeotp_aegis_freeotp_v2_api23_xml,
    "freeotp",
    "aegis/freeotp_v2_api23.xml",
    Format::FreeOtp2
);
fixture!(
    freeotp_aegis_freeotp_v2_api25_xml,
    "freeotp",
    "aegis/freeotp_v2_api25.xml",
    Format::FreeOtp2
);
fixture!(
    freeotp_aegis_freeotp_v2_api27_xml,
    "freeotp",
    "aegis/freeotp_v2_api27.xml",
    Format::FreeOtp2
);
fixture!(
    freeotp_aegis_freeotp_v2_api34_xml,
    "freeotp",
    "aegis/freeotp_v2_api34.xml",
    Format::FreeOtp2
);
fixture!(
    freeotp_aegis_freeotp_v2_null_algo_xml,
    "freeotp",
    "aegis/freeotp_v2_null_algo.xml",
    Format::FreeOtp2
);
fixture!(
    freeotp_plus_aegis_freeotp_plus_internal_xml,
    "freeotp-plus",
    "aegis/freeotp_plus_internal.xml",
    Format::FreeOtp
);
fixture!(
    totp_authenticator_aegis_totp_authenticator_internal_xml,
    "totp-authenticator",
    "aegis/totp_authenticator_internal.xml",
    Format::TotpAuthenticator
);
fixture!(
    freeotp_plus_aegis_freeotp_plus_json,
    "freeotp-plus",
    "aegis/freeotp_plus.json",
    Format::FreeOtpPlus
);
fixture!(
    google_authenticator_aegis_google_authenticator_sqlite,
    "google-authenticator",
    "aegis/google_authenticator.sqlite",
    Format::GoogleAuthenticatorDb
);
fixture!(
    microsoft_authenticator_aegis_microsoft_authenticator_sqlite,
    "microsoft-authenticator",
    "aegis/microsoft_authenticator.sqlite",
    Format::MicrosoftAuthenticator
);
fixture!(
    stratum_aegis_stratum_internal_db,
    "stratum",
    "aegis/stratum_internal.db",
    Format::StratumDb
);
fixture!(
    google_authenticator_scito_example_export_txt,
    "google-authenticator",
    "scito-extract_otp_secrets/example_export.txt",
    Format::GoogleMigration
);
fixture!(
    google_authenticator_scito_test_export_wrong_content_txt,
    "google-authenticator",
    "scito-extract_otp_secrets/tests-data/test_export_wrong_content.txt",
    Format::GoogleMigration
);
fixture!(
    google_authenticator_scito_test_export_wrong_data_txt,
    "google-authenticator",
    "scito-extract_otp_secrets/tests-data/test_export_wrong_data.txt",
    Format::GoogleMigration
);
fixture!(
    google_authenticator_scito_test_export_wrong_prefix_txt,
    "google-authenticator",
    "scito-extract_otp_secrets/tests-data/test_export_wrong_prefix.txt",
    Format::GoogleMigration
);
fixture!(
    google_authenticator_scito_test_plus_problem_export_txt,
    "google-authenticator",
    "scito-extract_otp_secrets/tests-data/test_plus_problem_export.txt",
    Format::GoogleMigration
);
fixture!(
    lastpass_protonpass_lastpass_json,
    "lastpass",
    "protonpass-proton-pass-common/lastpass.json",
    Format::LastPass
);
fixture!(
    lastpass_protonpass_lastpass_ios_export_json,
    "lastpass",
    "protonpass-proton-pass-common/lastpass_ios_export.json",
    Format::LastPass
);
fixture!(
    lastpass_protonpass_lastpass_missing_fields_json,
    "lastpass",
    "protonpass-proton-pass-common/lastpass_missing_fields.json",
    Format::LastPass
);
fixture!(
    proton_authenticator_aegis_proton_authenticator_json,
    "proton-authenticator",
    "aegis/proton_authenticator.json",
    Format::ProtonAuthenticator
);
fixture!(
    proton_authenticator_ente_proton_authenticator_backup_json,
    "proton-authenticator",
    "ente/proton_authenticator_backup.json",
    Format::ProtonAuthenticator
);
fixture!(
    proton_authenticator_ente_proton_authenticator_backup_encrypted_1231246_json,
    "proton-authenticator",
    "ente/proton_authenticator_backup_encrypted_1231246.json",
    Format::ProtonAuthenticator
);
fixture!(
    steam_aegis_steam_json,
    "steam",
    "aegis/steam.json",
    Format::Steam
);
fixture!(
    steam_aegis_steam_old_json,
    "steam",
    "aegis/steam_old.json",
    Format::Steam
);
fixture!(
    stratum_aegis_stratum_encrypted_bin,
    "stratum",
    "aegis/stratum_encrypted.bin",
    Format::Stratum
);
fixture!(
    stratum_aegis_stratum_encrypted_legacy_bin,
    "stratum",
    "aegis/stratum_encrypted_legacy.bin",
    Format::Stratum
);
fixture!(
    stratum_aegis_stratum_plain_json,
    "stratum",
    "aegis/stratum_plain.json",
    Format::Stratum
);
fixture!(
    totp_authenticator_aegis_totp_authenticator_bin,
    "totp-authenticator",
    "aegis/totp_authenticator.bin",
    Format::TotpAuthenticator
);

/// The otpauth-migration URLs restated from upstream tests decode to their
/// listed entries.
#[test]
fn google_authenticator_migration_urls_from_upstream_tests_json() {
    let doc: Value = serde_json::from_slice(
        &std::fs::read(
            fixtures().join("google-authenticator/migration_urls_from_upstream_tests.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let urls = doc["urls"].as_array().unwrap();
    assert!(!urls.is_empty());
    for case in urls {
        let url = case["url"].as_str().unwrap();
        let imported = registry::import(url.as_bytes(), None, None).expect(url);
        assert_eq!(imported.format, Format::GoogleMigration);
        let mut actual: Vec<Norm> = imported.accounts().map(from_account).collect();
        for e in case["entries"].as_array().unwrap() {
            let Some(want) = from_expected(e, false) else {
                continue;
            };
            let at = actual
                .iter()
                .position(|a| matches(&want, a))
                .unwrap_or_else(|| panic!("{url}: no match for {want:#?} in {actual:#?}"));
            actual.remove(at);
        }
        assert!(actual.is_empty(), "{url}: unexpected {actual:#?}");
    }
}

/// extract_otp_secrets' `-u` output (an otpauth list) is the same six
/// accounts as the migration export it was made from.
#[test]
fn google_authenticator_scito_url_list_output_txt() {
    let folder = fixtures().join("google-authenticator");
    let from_list = registry::import(
        &std::fs::read(folder.join("scito-extract_otp_secrets/tests-data/url_list_output.txt"))
            .unwrap(),
        None,
        None,
    )
    .unwrap();
    assert_eq!(from_list.format, Format::OtpauthList);
    let from_migration = registry::import(
        &std::fs::read(folder.join("scito-extract_otp_secrets/example_export.txt")).unwrap(),
        None,
        None,
    )
    .unwrap();
    let a: Vec<Norm> = from_list.accounts().map(from_account).collect();
    let b: Vec<Norm> = from_migration.accounts().map(from_account).collect();
    assert_eq!(a.len(), 6);
    assert_eq!(a, b);
}
