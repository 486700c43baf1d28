//! Every Google Authenticator migration URL in the interop fixtures decodes
//! to the accounts its `expected.json` lists, and the negative inputs fail
//! with the error that names their problem.
//!
//! Normalisation: where a payload's `name` repeats the issuer
//! (`Issuer:account`), Omamori removes the prefix, and an issuer-less name
//! `A:b` is read like an otpauth label (issuer `A`, account `b`); the
//! fixtures store names as written, so the comparison applies the same rule
//! to the expected side.

use omamori_otp::migration::{self, MigrationError};
use omamori_otp::{Account, Kind};
use serde_json::Value;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/interop/google-authenticator"
);

fn read(name: &str) -> String {
    let path = format!("{DIR}/{name}");
    std::fs::read_to_string(&path).expect(&path)
}

fn expected_view(
    entry: &Value,
) -> (
    String,
    String,
    String,
    String,
    String,
    u64,
    Option<u64>,
    Option<u64>,
) {
    let issuer = entry["issuer"].as_str().unwrap().to_owned();
    let name = entry["name"].as_str().unwrap().to_owned();
    let (issuer, name) = if issuer.is_empty() {
        match name.split_once(':') {
            Some((i, n)) => (i.to_owned(), n.trim_start().to_owned()),
            None => (issuer, name),
        }
    } else {
        let stripped = name
            .strip_prefix(&format!("{issuer}:"))
            .map(|n| n.trim_start().to_owned());
        (issuer, stripped.unwrap_or(name))
    };
    (
        entry["type"].as_str().unwrap().to_owned(),
        issuer,
        name,
        entry["secret"].as_str().unwrap().to_owned(),
        entry["algorithm"].as_str().unwrap().to_owned(),
        entry["digits"].as_u64().unwrap(),
        entry["period"].as_u64(),
        entry["counter"].as_u64(),
    )
}

fn actual_view(
    a: &Account,
) -> (
    String,
    String,
    String,
    String,
    String,
    u64,
    Option<u64>,
    Option<u64>,
) {
    (
        a.kind.as_str().to_owned(),
        a.issuer.clone(),
        a.name.clone(),
        a.secret.to_base32().to_string(),
        a.algorithm.as_str().to_owned(),
        u64::from(a.digits),
        (a.kind != Kind::Hotp).then_some(u64::from(a.period)),
        (a.kind == Kind::Hotp).then_some(a.counter),
    )
}

fn check_url(url: &str, entries: &[Value]) {
    let batch = migration::decode(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    assert!(batch.rejected.is_empty(), "{url}: {:?}", batch.rejected);
    let got: Vec<_> = batch.accounts.iter().map(actual_view).collect();
    let want: Vec<_> = entries.iter().map(expected_view).collect();
    assert_eq!(got, want, "{url}");
}

fn expected() -> Value {
    serde_json::from_str(&read("expected.json")).unwrap()
}

#[test]
fn example_export_txt() {
    let file = "scito-extract_otp_secrets/example_export.txt";
    let record = &expected()["files"][file];
    let urls: Vec<_> = read(file)
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("otpauth-migration://"))
        .map(str::to_owned)
        .collect();
    let records = record["migration_urls"].as_array().unwrap();
    assert_eq!(urls.len(), records.len());
    let mut total = 0;
    for (url, rec) in urls.iter().zip(records) {
        assert_eq!(url, rec["url"].as_str().unwrap());
        let entries = rec["entries"].as_array().unwrap();
        check_url(url, entries);
        let batch = migration::decode(url).unwrap();
        assert_eq!(
            i64::from(batch.batch_id),
            rec["payload"]["batch_id"].as_i64().unwrap()
        );
        total += entries.len();
    }
    assert_eq!(total, 6);
}

#[test]
fn test_plus_problem_export_txt() {
    let file = "scito-extract_otp_secrets/tests-data/test_plus_problem_export.txt";
    let record = &expected()["files"][file];
    let url = read(file).trim().to_owned();
    assert!(url.contains('+'), "the fixture's point is a raw '+'");
    let rec = &record["migration_urls"][0];
    check_url(&url, rec["entries"].as_array().unwrap());
}

#[test]
fn migration_urls_from_upstream_tests_json() {
    let urls: Value =
        serde_json::from_str(&read("migration_urls_from_upstream_tests.json")).unwrap();
    let urls = urls["urls"].as_array().unwrap();
    assert_eq!(urls.len(), 6);
    for rec in urls {
        check_url(
            rec["url"].as_str().unwrap(),
            rec["entries"].as_array().unwrap(),
        );
    }
}

#[test]
fn every_migration_url_in_expected_json() {
    // Image fixtures list the URL their QR code holds: decode those texts too
    // (the images themselves are the scanner's tests).
    let all = expected();
    let mut count = 0;
    for (file, record) in all["files"].as_object().unwrap() {
        for rec in record["migration_urls"].as_array().into_iter().flatten() {
            if let (Some(url), Some(entries)) = (rec["url"].as_str(), rec["entries"].as_array()) {
                check_url(url, entries);
                count += 1;
            } else {
                panic!("{file}: record without url/entries");
            }
        }
    }
    assert!(count >= 6, "only {count} URLs found");
}

#[test]
fn test_export_wrong_data_txt() {
    let text = read("scito-extract_otp_secrets/tests-data/test_export_wrong_data.txt");
    assert_eq!(
        migration::decode(text.trim()).unwrap_err(),
        MigrationError::BadPayload
    );
}

#[test]
fn test_export_wrong_prefix_txt() {
    let text = read("scito-extract_otp_secrets/tests-data/test_export_wrong_prefix.txt");
    assert_eq!(
        migration::decode(text.trim()).unwrap_err(),
        MigrationError::WrongScheme
    );
}

#[test]
fn test_export_wrong_content_txt() {
    let text = read("scito-extract_otp_secrets/tests-data/test_export_wrong_content.txt");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        assert!(migration::decode(line).is_err(), "{line}");
    }
}
