//! `omamori scan` as a user runs it: the real Google Authenticator export
//! images, `--json` agreeing with `omamori parse`, and the failure lines.

use std::process::{Command, Output};

const GA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/interop/google-authenticator"
);

fn omamori(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_omamori"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn prints_each_payload_on_its_own_line_and_nothing_else() {
    let a = format!("{GA}/dim13-otpauth/example_otpauth_qr.png");
    let b = format!("{GA}/protonpass-proton-pass-common/GoogleAuthImportScreenshotCropped.jpg");
    let out = omamori(&["scan", &a, &b]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "otpauth://totp/Example:alice@google.com?issuer=Example&period=30&secret=JBSWY3DPEHPK3PXP\n\
         otpauth-migration://offline?data=Cj8KFFRoaXNTaG91bGRCcmVhazEyMzQ1EgxTaG91bGREaWZmZXIgASgBMAJCEzAxYmUxNTE3NTM5NzE2MDE1MDkQAhgBIAA%3D\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn json_is_what_parse_prints_for_the_same_text() {
    let image = format!("{GA}/scito-extract_otp_secrets/example_export.png");
    let scanned = omamori(&["scan", &image]);
    let payload = text(&scanned.stdout);
    let json = omamori(&["scan", "--json", &image]);
    let parsed = omamori(&["parse", payload.trim()]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    assert_eq!(json.stdout, parsed.stdout);
    assert_eq!(text(&json.stdout).lines().count(), 3);
}

#[test]
fn timing_goes_to_stderr() {
    let image = format!("{GA}/dim13-otpauth/example_otpauth_qr.png");
    let out = omamori(&["scan", "--timing", &image]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).starts_with("decode_ms="),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout).lines().count(), 1);
}

#[test]
fn no_qr_code_is_exit_1_with_one_line() {
    let dir = std::env::temp_dir().join(format!("omamori-scan-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let blank = dir.join("blank.png");
    image::GrayImage::from_pixel(300, 200, image::Luma([240]))
        .save(&blank)
        .unwrap();
    let out = omamori(&["scan", blank.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert!(err.starts_with("omamori: no QR code found"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn a_file_that_is_not_an_image_is_named() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let out = omamori(&["scan", path]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("Cargo.toml: not an image"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn a_qr_code_without_an_account_fails_json_but_still_scans() {
    let image = format!("{GA}/scito-extract_otp_secrets/tests-data/qr_but_without_otp.png");
    let plain = omamori(&["scan", &image]);
    assert!(plain.status.success());
    assert_eq!(text(&plain.stdout), "NOT A otpauth-migration:// URL\n");
    let json = omamori(&["scan", "--json", &image]);
    assert_eq!(json.status.code(), Some(1));
    assert!(text(&json.stderr).contains("no otpauth:// or otpauth-migration:// URI"));
}

#[test]
fn add_puts_every_account_of_a_transfer_qr_code_in_the_vault_once() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault.json");
    let password = dir.path().join("pw");
    std::fs::write(&password, "correct horse 電池\n").unwrap();
    let (vault, password) = (vault.to_str().unwrap(), password.to_str().unwrap());
    let common = [
        "--vault",
        vault,
        "--password-file",
        password,
        "--keyring",
        "off",
    ];
    let weak_kdf = [
        "--kdf-memory-kib",
        "8192",
        "--kdf-iterations",
        "1",
        "--kdf-lanes",
        "1",
    ];
    let init: Vec<&str> = ["init", "--no-keyring"]
        .iter()
        .chain(&common)
        .chain(&weak_kdf)
        .copied()
        .collect();
    assert!(omamori(&init).status.success());

    let image = format!("{GA}/scito-extract_otp_secrets/example_export.png");
    let add: Vec<&str> = ["scan", image.as_str(), "--add"]
        .iter()
        .chain(&common)
        .copied()
        .collect();
    let first = omamori(&add);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let first = text(&first.stdout);
    assert_eq!(
        first.lines().filter(|l| l.starts_with("added ")).count(),
        3,
        "{first}"
    );
    assert!(
        first.contains("Test1 (test1@example1.com): code "),
        "{first}"
    );

    let again = text(&omamori(&add).stdout);
    assert_eq!(
        again
            .lines()
            .filter(|l| l.starts_with("already in the vault as "))
            .count(),
        3,
        "{again}"
    );

    let list: Vec<&str> = ["list", "--json"].iter().chain(&common).copied().collect();
    let listed: serde_json::Value = serde_json::from_slice(&omamori(&list).stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3);
}
