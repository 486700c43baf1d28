//! The published HOTP/TOTP vectors (RFC 4226 Appendix D, RFC 6238 Appendix
//! B) and the codes other apps' tests assert (Steam, dim13), from
//! `tests/fixtures/interop/`.

use omamori_otp::{Account, Algorithm, Kind, Secret, code};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/interop/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect(&path)).expect(&path)
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn rfc_vectors() {
    let vectors = fixture("rfc-vectors.json");
    let vectors = vectors["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 28, "{} vectors", vectors.len());
    for v in vectors {
        let key = hex(v["secret_hex"].as_str().unwrap());
        let algorithm: Algorithm = v["algorithm"].as_str().unwrap().parse().unwrap();
        let digits = v["digits"].as_u64().unwrap() as u8;
        let expected = v["expected"].as_str().unwrap();
        // Through the setup-key path too, so base32 decoding is covered.
        let from_base32 = Secret::from_base32(v["secret_base32"].as_str().unwrap()).unwrap();
        assert_eq!(from_base32.expose(), key.as_slice());
        let got = match v["type"].as_str().unwrap() {
            "hotp" => {
                let counter = v["counter"].as_u64().unwrap();
                if let Some(t) = v["truncated_decimal"].as_u64() {
                    assert_eq!(
                        u64::from(code::truncated_value(algorithm, &key, counter)),
                        t
                    );
                }
                code::hotp(algorithm, &key, counter, digits).unwrap()
            }
            "totp" => {
                let time = v["time"].as_u64().unwrap();
                let period = v["period"].as_u64().unwrap() as u32;
                code::totp(algorithm, &key, digits, period, time)
                    .unwrap()
                    .value
            }
            other => panic!("unknown vector type {other}"),
        };
        assert_eq!(got, expected, "{v}");
    }
}

#[test]
fn app_code_vectors() {
    let vectors = fixture("code-vectors-from-app-tests.json");
    for v in vectors["vectors"].as_array().unwrap() {
        let secret = Secret::from_base32(v["secret"].as_str().unwrap()).unwrap();
        let mut account = Account::totp("", "", secret);
        account.kind = match v["type"].as_str().unwrap() {
            "steam" => Kind::Steam,
            "totp" => Kind::Totp,
            other => panic!("unknown vector type {other}"),
        };
        account.period = v["period"].as_u64().unwrap() as u32;
        let time = v["time"].as_u64().unwrap();
        assert_eq!(
            account.code_at(time).unwrap().value,
            v["expected"].as_str().unwrap(),
            "{v}"
        );
    }
}
