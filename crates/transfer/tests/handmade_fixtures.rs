//! Hand-made fixtures for formats no public sample file exists for
//! (`tests/fixtures/handmade/`, provenance in `tests/fixtures/README.md`).
//! Each is written from the app's source by a script in `scripts/`, with
//! obviously fake keys; the accounts they must give are listed here.

use std::path::PathBuf;

use omamori_otp::{Algorithm, Kind};
use omamori_transfer::{Format, ImportError, registry};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/handmade")
            .join(name),
    )
    .unwrap()
}

/// (kind, issuer, account, base32 key, algorithm, digits, period)
type Want = (
    Kind,
    &'static str,
    &'static str,
    &'static str,
    Algorithm,
    u8,
    u32,
);

/// What `scripts/make-bitwarden-authenticator-fixture.py` put in: a
/// Japanese issuer and account, a label HTML-encoded by the app (`&`, `'`,
/// `<`, `>`), an item with no account name, SHA512/8/60 and Steam.
const BITWARDEN_AUTHENTICATOR: &[Want] = &[
    (
        Kind::Totp,
        "健保組合",
        "山田 太郎",
        "MFRGGZDFMZTWQ2LK",
        Algorithm::Sha1,
        6,
        30,
    ),
    (
        Kind::Totp,
        "AT&T",
        "o'brien <ops>",
        "ORSXG5DTMVRXEZLU",
        Algorithm::Sha256,
        8,
        30,
    ),
    (
        Kind::Totp,
        "GitHub",
        "",
        "JBSWY3DPEHPK3PXP",
        Algorithm::Sha1,
        6,
        30,
    ),
    (
        Kind::Totp,
        "Example",
        "fake@example.com",
        "GEZDGNBVGY3TQOJQ",
        Algorithm::Sha512,
        8,
        60,
    ),
    (
        Kind::Steam,
        "Steam",
        "",
        "FAKESTEAMKEY2345",
        Algorithm::Sha1,
        5,
        30,
    ),
];

fn check(imported: &omamori_transfer::Imported, want: &[Want]) {
    assert_eq!(imported.rejected().count(), 0);
    let got: Vec<Want> = imported
        .accounts()
        .zip(want)
        .map(|(a, w)| {
            assert_eq!(a.secret.to_base32().as_str(), w.3, "{}", a.issuer);
            (
                a.kind,
                w.1,
                w.2,
                w.3,
                a.algorithm,
                a.code_length(),
                a.period,
            )
        })
        .collect();
    assert_eq!(got.len(), want.len());
    let names: Vec<(&str, &str)> = imported
        .accounts()
        .map(|a| (a.issuer.as_str(), a.name.as_str()))
        .collect();
    let want_names: Vec<(&str, &str)> = want.iter().map(|w| (w.1, w.2)).collect();
    assert_eq!(names, want_names);
    assert_eq!(got, want);
}

#[test]
fn bitwarden_authenticator_json() {
    let bytes = read("bitwarden_authenticator.json");
    let detected = registry::detect(&bytes).unwrap();
    assert_eq!(detected.format, Format::BitwardenJson);
    assert!(!detected.encrypted);
    check(
        &registry::import(&bytes, None, None).unwrap(),
        BITWARDEN_AUTHENTICATOR,
    );
}

#[test]
fn bitwarden_authenticator_encrypted_json() {
    let bytes = read("bitwarden_authenticator_encrypted.json");
    let detected = registry::detect(&bytes).unwrap();
    assert_eq!(detected.format, Format::BitwardenJson);
    assert!(detected.encrypted);
    assert!(matches!(
        registry::import(&bytes, None, None),
        Err(ImportError::PasswordRequired { .. })
    ));
    assert!(matches!(
        registry::import(&bytes, None, Some("wrong")),
        Err(ImportError::Decryption { .. })
    ));
    check(
        &registry::import(&bytes, None, Some("test")).unwrap(),
        BITWARDEN_AUTHENTICATOR,
    );
}
