//! Malformed URIs, migration data and setup keys: each gives the error that
//! names its problem (users paste these from web pages and screenshots).

use omamori_otp::SetupKeyError;
use omamori_otp::migration::{self, MigrationError};
use omamori_otp::uri::{self, UriError};

const KEY: &str = "JBSWY3DPEHPK3PXP";

fn uri_err(text: &str) -> UriError {
    match uri::parse(text) {
        Ok(a) => panic!("{text:?} parsed as {a:?}"),
        Err(e) => e,
    }
}

/// A URI and the check its error must pass.
type Case = (String, fn(&UriError) -> bool);

/// What `uri::parse` alone says of text the router would not hand it, and
/// of the encodings; the rules every door shares are rows of `rules.rs`.
#[test]
fn malformed_uris() {
    let long = format!("otpauth://totp/{}?secret={KEY}", "a".repeat(20_000));
    let cases: Vec<Case> = vec![
        ("".into(), |e| matches!(e, UriError::Empty)),
        ("   ".into(), |e| matches!(e, UriError::Empty)),
        (long, |e| matches!(e, UriError::TooLong(_))),
        ("http://totp/x?secret=JBSWY3DPEHPK3PXP".into(), |e| {
            matches!(e, UriError::WrongScheme)
        }),
        ("otpauth:/totp/x?secret=JBSWY3DPEHPK3PXP".into(), |e| {
            matches!(e, UriError::WrongScheme)
        }),
        ("otpauth-migration://offline?data=AAAA".into(), |e| {
            matches!(e, UriError::MigrationUri)
        }),
        (
            format!("otpauth:///x?secret={KEY}"),
            |e| matches!(e, UriError::UnknownType(t) if t.is_empty()),
        ),
        ("otpauth://totp/x?secret=JBSWY3DP1HPK3PXP".into(), |e| {
            matches!(
                e,
                UriError::Secret(SetupKeyError::InvalidCharacter {
                    character: '1',
                    position: 9,
                    ..
                })
            )
        }),
        (format!("otpauth://totp/x?secret={KEY}&digits=-6"), |e| {
            matches!(e, UriError::Digits(_))
        }),
        (
            format!("otpauth://totp/x?secret={KEY}&period=99999999999"),
            |e| matches!(e, UriError::Period(_)),
        ),
        (format!("otpauth://hotp/x?secret={KEY}&counter=1e3"), |e| {
            matches!(e, UriError::Counter(_))
        }),
        (
            format!("otpauth://hotp/x?secret={KEY}&counter=99999999999999999999"),
            |e| matches!(e, UriError::Counter(_)),
        ),
        (format!("otpauth://totp/%FF%FE?secret={KEY}"), |e| {
            matches!(e, UriError::BadPercentEncoding("label"))
        }),
        (
            format!("otpauth://totp/x?secret={KEY}&issuer=%E5%81"),
            |e| matches!(e, UriError::BadPercentEncoding("issuer")),
        ),
        ("otpauth://totp/x?secret=JBSW%3".into(), |e| {
            matches!(e, UriError::BadPercentEncoding("secret"))
        }),
        (format!("otpauth://totp/x?secret={KEY}&digits=%"), |e| {
            matches!(e, UriError::BadPercentEncoding("digits"))
        }),
    ];
    for (text, check) in &cases {
        let error = uri_err(text);
        assert!(check(&error), "{text:?} gave {error:?}");
        assert!(
            !error.to_string().contains(KEY),
            "error message leaks the key: {error}"
        );
    }
}

#[test]
fn malformed_migration_data() {
    let cases: &[(&str, MigrationError)] = &[
        ("otpauth://offline?data=CjEK", MigrationError::WrongScheme),
        ("otpauth-migration://offline", MigrationError::MissingData),
        (
            "otpauth-migration://offline?data=",
            MigrationError::MissingData,
        ),
        (
            "otpauth-migration://offline?foo=bar",
            MigrationError::MissingData,
        ),
        (
            "otpauth-migration://offline?data=%ZZ",
            MigrationError::BadPercentEncoding,
        ),
        (
            "otpauth-migration://offline?data=%FF%FE",
            MigrationError::BadPercentEncoding,
        ),
        (
            "otpauth-migration://offline?data=!!!!",
            MigrationError::BadBase64,
        ),
        (
            "otpauth-migration://offline?data=XXXX",
            MigrationError::BadPayload,
        ),
        // A valid URL cut short in the middle of its first account.
        (
            "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6",
            MigrationError::BadPayload,
        ),
        // Random bytes that are valid base64.
        (
            "otpauth-migration://offline?data=%2F%2F%2F%2F%2F%2F%2F%2F",
            MigrationError::BadPayload,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(migration::decode(text).unwrap_err(), *expected, "{text:?}");
    }
}
