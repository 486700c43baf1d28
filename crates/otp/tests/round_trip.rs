//! Property tests: every account survives `uri::format` → `uri::parse`, and
//! Google Authenticator payloads; arbitrary text never panics a parser.
//!
//! Normalisation the generator respects: an account name's leading spaces
//! are not significant in the Key URI format (they are dropped after the
//! `Issuer:` separator), so generated names do not start with a space.

use omamori_otp::{Account, AccountId, Algorithm, Kind, Secret, migration, uri};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Japanese, ASCII punctuation that URIs treat specially, emoji, spaces.
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9@._-]",
            "[ぁ-んァ-ン一-龥ー・（）　]",
            Just(":".to_owned()),
            Just("%".to_owned()),
            Just("&".to_owned()),
            Just("=".to_owned()),
            Just("?".to_owned()),
            Just("#".to_owned()),
            Just("+".to_owned()),
            Just("/".to_owned()),
            Just(" ".to_owned()),
            Just("🔐".to_owned()),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn account() -> impl Strategy<Value = Account> {
    (
        prop_oneof![Just(Kind::Totp), Just(Kind::Hotp), Just(Kind::Steam)],
        text(),
        text().prop_map(|name| name.trim_start_matches(' ').to_owned()),
        prop::collection::vec(any::<u8>(), 10..64),
        prop_oneof![
            Just(Algorithm::Sha1),
            Just(Algorithm::Sha256),
            Just(Algorithm::Sha512)
        ],
        6u8..=10,
        1u32..=86_400,
        any::<u64>(),
    )
        .prop_map(
            |(kind, issuer, name, key, algorithm, digits, period, counter)| {
                let mut a = Account::totp(issuer, name, Secret::from_bytes(key));
                a.kind = kind;
                match kind {
                    Kind::Totp => {
                        a.algorithm = algorithm;
                        a.digits = digits;
                        a.period = period;
                    }
                    Kind::Hotp => {
                        a.algorithm = algorithm;
                        a.digits = digits;
                        a.counter = counter;
                    }
                    Kind::Steam => {
                        a.digits = 5;
                        a.period = period;
                    }
                }
                a
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn otpauth_uri_round_trips(a in account()) {
        let text = uri::format(&a);
        let back = uri::parse(&text).map_err(|e| TestCaseError::fail(format!("{}: {e}", text.as_str())))?;
        prop_assert_eq!(&back, &a, "{}", text.as_str());
        prop_assert_eq!(back.id, AccountId::UNASSIGNED);
    }

    #[test]
    fn migration_round_trips(accounts in prop::collection::vec(account(), 0..25), batch_id in any::<i32>()) {
        let encoded = migration::encode(&accounts, 10, batch_id);
        let mut back = Vec::new();
        for text in &encoded.uris {
            back.extend(migration::decode(text).unwrap().accounts);
        }
        let mut skipped = encoded.unsupported.iter().map(|(i, _)| *i).peekable();
        let mut expected = Vec::new();
        for (i, a) in accounts.iter().enumerate() {
            if skipped.peek() == Some(&i) {
                skipped.next();
                continue;
            }
            expected.push(a.clone());
        }
        prop_assert_eq!(back.len() + encoded.unsupported.len(), accounts.len());
        prop_assert_eq!(back, expected);
    }

    #[test]
    fn uri_parser_never_panics(text in ".{0,200}") {
        let _ = uri::parse(&text);
        let _ = uri::parse(&format!("otpauth://totp/{text}"));
        let _ = uri::parse(&format!("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&{text}"));
    }

    #[test]
    fn migration_decoder_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let _ = migration::decode(&format!("otpauth-migration://offline?data={data}"));
    }
}
