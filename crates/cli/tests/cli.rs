//! The stateless commands as a user runs them: `omamori code` on the RFC
//! vectors, `omamori parse` on every Google Authenticator fixture URL, and
//! malformed input giving one plain line on stderr and exit status 1.

use std::process::{Command, Output};

mod support;

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/interop");

fn omamori(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_omamori"));
    cmd.args(args);
    support::with_stdin(cmd, stdin)
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{FIXTURES}/{path}")).unwrap()).unwrap()
}

#[test]
fn code_matches_every_rfc_vector() {
    let vectors = json("rfc-vectors.json");
    for v in vectors["vectors"].as_array().unwrap() {
        let key = v["secret_base32"].as_str().unwrap();
        let digits = v["digits"].as_u64().unwrap().to_string();
        let algorithm = v["algorithm"].as_str().unwrap();
        let mut args = vec![
            "code",
            "--key",
            key,
            "--digits",
            &digits,
            "--algorithm",
            algorithm,
        ];
        let (counter, time);
        if v["type"] == "hotp" {
            counter = v["counter"].as_u64().unwrap().to_string();
            args.extend(["--counter", &counter]);
        } else {
            time = v["time"].as_u64().unwrap().to_string();
            args.extend(["--at", &time]);
        }
        let out = omamori(&args, None);
        assert!(out.status.success(), "{args:?}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().trim(),
            v["expected"],
            "{args:?}"
        );
    }
}

#[test]
fn code_steam_vector() {
    let out = omamori(
        &[
            "code",
            "--steam",
            "--key",
            "63BEDWCQZKTQWPESARIERL5DTTQFCJTK",
            "--at",
            "1511200714",
        ],
        None,
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "9P3VP\n");
}

/// Reduces an account to the fields the fixtures list, with the name rule
/// documented in `crates/otp/tests/google_authenticator.rs`.
fn normalise(entry: &Value) -> Value {
    let issuer = entry["issuer"].as_str().unwrap();
    let name = entry["name"]
        .as_str()
        .or(entry["account"].as_str())
        .unwrap();
    let (issuer, name) = match (issuer, name.split_once(':')) {
        ("", Some((i, n))) => (i.to_owned(), n.trim_start().to_owned()),
        (i, _) => {
            let n = name.strip_prefix(&format!("{i}:")).map(str::trim_start);
            (i.to_owned(), n.unwrap_or(name).to_owned())
        }
    };
    serde_json::json!({
        "type": entry["type"], "issuer": issuer, "account": name, "secret": entry["secret"],
        "algorithm": entry["algorithm"], "digits": entry["digits"], "period": entry["period"],
        "counter": entry["counter"],
    })
}

#[test]
fn parse_decodes_every_google_authenticator_fixture() {
    let expected = json("google-authenticator/expected.json");
    let upstream = json("google-authenticator/migration_urls_from_upstream_tests.json");
    let records = expected["files"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|r| r["migration_urls"].as_array().cloned().unwrap_or_default())
        .chain(upstream["urls"].as_array().unwrap().iter().cloned());
    let mut urls = 0;
    for record in records {
        let url = record["url"].as_str().unwrap();
        let out = omamori(&["parse", url], None);
        assert!(
            out.status.success(),
            "{url}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| normalise(&serde_json::from_str(l).unwrap()))
            .collect();
        let want: Vec<Value> = record["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(normalise)
            .collect();
        assert_eq!(got, want, "{url}");
        urls += 1;
    }
    assert!(urls >= 12, "{urls}");
}

#[test]
fn parse_reads_a_file_of_urls_from_stdin() {
    let text = std::fs::read_to_string(format!(
        "{FIXTURES}/google-authenticator/scito-extract_otp_secrets/example_export.txt"
    ))
    .unwrap();
    let out = omamori(&["parse", "-"], Some(&text));
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 6);
}

#[test]
fn malformed_input_gives_one_line_and_exit_1() {
    let cases = [
        ("otpauth://totp/x", "secret parameter is missing"),
        (
            "otpauth://totp/x?secret=JBSWY3DP0HPK3PXP",
            "letter 9 of the setup key is not used in setup keys (A–Z, 2–7); the digits 0, 1 and 8 are usually",
        ),
        (
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=abc",
            "digits",
        ),
        (
            "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
            "period",
        ),
        (
            "https://example.jp",
            "holds no otpauth:// or otpauth-migration:// URI",
        ),
        (
            "otpauth-migration://offline?data=XXXX",
            "damaged or incomplete",
        ),
        (
            "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6",
            "damaged or incomplete",
        ),
        ("", "empty"),
    ];
    for (input, needle) in cases {
        let out = omamori(&["parse", input], None);
        assert_eq!(out.status.code(), Some(1), "{input}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{input}: {stderr}");
        assert!(stderr.starts_with("omamori: "), "{stderr}");
        assert!(stderr.contains(needle), "{input}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let out = omamori(&["code", "--key", "JBSWY3DP"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("at least 80")
    );
}
