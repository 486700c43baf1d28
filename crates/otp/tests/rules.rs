//! The one rule set, tested once as tables: what the payload router makes
//! of every row of `tests/fixtures/rules/otpauth-rules.txt` (QR text), and
//! what a typed setup key gives (`SETUP_KEYS` below). The CLI's doors are
//! checked against the same QR table in `crates/cli/tests/doors.rs`.

use omamori_otp::migration::MigrationError;
use omamori_otp::payload::{self, PayloadError};
use omamori_otp::uri::UriError;
use omamori_otp::{KeyHint, Secret, SetupKeyError};

/// The moment the table's codes are for.
const AT: u64 = 1_257_894_000;

const TABLE: &str = include_str!("../../../tests/fixtures/rules/otpauth-rules.txt");

/// Each row: the text and the verdict, in file order.
fn rows() -> Vec<(&'static str, &'static str)> {
    TABLE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.rsplit_once(" => ")
                .unwrap_or_else(|| panic!("no ' => ' in {l:?}"))
        })
        .collect()
}

/// The table's name for an error.
fn id(error: &PayloadError) -> &'static str {
    match error {
        PayloadError::NotAnAccount => "not-an-account",
        PayloadError::EmptyBatch => "empty-batch",
        PayloadError::Migration(_) => "migration",
        PayloadError::Uri(e) => match e {
            UriError::Secret(SetupKeyError::InvalidCharacter { .. }) => "key-character",
            UriError::Secret(SetupKeyError::InvalidLength { .. }) => "key-length",
            UriError::Secret(SetupKeyError::MisplacedPadding { .. }) => "key-padding",
            UriError::Secret(SetupKeyError::Empty) => "key-empty",
            UriError::MissingSecret => "missing-secret",
            UriError::Digits(_) => "digits",
            UriError::Period(_) => "period",
            UriError::Algorithm(_) => "algorithm",
            UriError::Counter(_) => "counter",
            UriError::UnknownType(_) => "type",
            UriError::BadPercentEncoding(_) => "encoding",
            _ => "other",
        },
        _ => "other",
    }
}

/// What the router says of `text`, in the table's words.
fn verdict(text: &str) -> String {
    match payload::accounts(text) {
        Err(e) => format!("error {}", id(&e)),
        Ok(found) => {
            assert!(found.rejected.is_empty(), "{text}: {:?}", found.rejected);
            let accounts: Vec<String> = found
                .accounts
                .iter()
                .map(|a| format!("{} {}", a.code_at(AT).unwrap().value, a.label()))
                .collect();
            format!("ok {}", accounts.join(" ; "))
        }
    }
}

#[test]
fn every_qr_text_gets_its_verdict() {
    let rows = rows();
    assert!(rows.len() >= 60, "the table lost rows: {}", rows.len());
    let wrong: Vec<String> = rows
        .iter()
        .filter_map(|(text, expected)| {
            let got = verdict(text);
            (got != *expected).then(|| format!("{text}\n  expected {expected}\n  got      {got}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn errors_never_echo_the_key() {
    for (text, expected) in rows() {
        if let Err(e) = payload::accounts(text)
            && expected.starts_with("error")
        {
            let message = e.to_string();
            assert!(!message.contains("JBSWY3DP"), "{text}: {message}");
        }
    }
    assert!(matches!(
        payload::accounts("otpauth-migration://offline?data=%ZZ"),
        Err(PayloadError::Migration(MigrationError::BadPercentEncoding))
    ));
}

/// Typed setup keys: what people type into the add form or `--key`.
const SETUP_KEYS: &[(&str, Result<usize, SetupKeyError>)] = &[
    // Accepted, with the key's length in bytes.
    ("JBSWY3DPEHPK3PXP", Ok(10)),
    ("jbsw y3dp-ehpk 3pxp", Ok(10)),
    ("JBSWY3DPEHPK3PXP======", Ok(10)),
    ("ＪＢＳＷ　Ｙ３ＤＰ　ＥＨＰＫ　３ＰＸＰ", Ok(10)),
    ("ｊｂｓｗーｙ３ｄｐーｅｈｐｋー３ｐｘｐ", Ok(10)),
    ("JBSW\u{A0}Y3DP\tEHPK\n3PXP", Ok(10)),
    ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Ok(20)),
    // Refused.
    ("", Err(SetupKeyError::Empty)),
    (" - ー　", Err(SetupKeyError::Empty)),
    ("====", Err(SetupKeyError::Empty)),
    // Positions count letters, not the spaces between groups.
    (
        "JBSW Y3D0 EHPK 3PXP",
        Err(SetupKeyError::InvalidCharacter {
            character: '0',
            position: 8,
            hint: Some(KeyHint::LetterO),
        }),
    ),
    (
        "ＪＢＳＷ　Ｙ３ＤＰ　ＥＨＰＫ　３ＰＸ１",
        Err(SetupKeyError::InvalidCharacter {
            character: '1',
            position: 16,
            hint: Some(KeyHint::LetterIOrL),
        }),
    ),
    (
        "JBSWY3DPEHPK3PX8",
        Err(SetupKeyError::InvalidCharacter {
            character: '8',
            position: 16,
            hint: Some(KeyHint::LetterB),
        }),
    ),
    (
        "JBSW.Y3DPEHPK3PXP",
        Err(SetupKeyError::InvalidCharacter {
            character: '.',
            position: 5,
            hint: None,
        }),
    ),
    (
        "認証JBSWY3DPEHPK3PXP",
        Err(SetupKeyError::InvalidCharacter {
            character: '認',
            position: 1,
            hint: None,
        }),
    ),
    (
        "JBSWY3DPEHPK3PXPAB9",
        Err(SetupKeyError::InvalidCharacter {
            character: '9',
            position: 19,
            hint: None,
        }),
    ),
    (
        "JBSW Y3DP = EHPK",
        Err(SetupKeyError::MisplacedPadding { position: 10 }),
    ),
    (
        "JBSWY3DPEHPK3PXPA",
        Err(SetupKeyError::InvalidLength { characters: 17 }),
    ),
    // A typed key needs 80 bits; the same text in a QR code does not.
    ("JBSWY3DPEHPK3PX", Err(SetupKeyError::TooShort { bits: 72 })),
    ("JBSWY3DPEHPK3", Err(SetupKeyError::TooShort { bits: 64 })),
    ("JBSWY3DP", Err(SetupKeyError::TooShort { bits: 40 })),
];

#[test]
fn typed_setup_keys() {
    for (text, expected) in SETUP_KEYS {
        let got = Secret::from_setup_key(text).map(|s| s.len());
        assert_eq!(&got, expected, "{text:?}");
    }
    let huge = "A".repeat(4000);
    assert!(matches!(
        Secret::from_setup_key(&huge),
        Err(SetupKeyError::TooLong { .. })
    ));
}

#[test]
fn key_errors_are_data_for_the_ui() {
    let error = Secret::from_setup_key("JBSW Y3D1").unwrap_err();
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        serde_json::json!({
            "problem": "invalid_character",
            "position": 8,
            "hint": ["I", "L"],
        })
    );
    // The message never holds a character of the key (issue 11): not the
    // one typed, nor the letter it probably stands for (that is in `hint`).
    assert_eq!(
        error.to_string(),
        "letter 8 of the setup key is not used in setup keys (A–Z, 2–7); the digits 0, 1 and 8 are usually a misread letter O, I or L, or B"
    );
    assert_eq!(
        serde_json::to_value(SetupKeyError::TooShort { bits: 40 }).unwrap(),
        serde_json::json!({"problem": "too_short", "bits": 40})
    );
}
