//! The real Google Authenticator export images (photos and screenshots from
//! other projects' test suites) decode to the QR text recorded beside them.

use std::path::PathBuf;

use omamori_scan::{Options, PayloadKind};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/interop/google-authenticator")
}

#[test]
fn google_authenticator_exports_decode_to_the_recorded_text() {
    let dir = fixtures();
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let mut checked = 0;
    for (path, record) in expected["files"].as_object().unwrap() {
        let Some(text) = record["qr_text"].as_str() else { continue };
        if !dir.join(path).exists() {
            continue;
        }
        let image = omamori_scan::load_image(&dir.join(path)).unwrap();
        let scan = omamori_scan::scan_with(&image, &Options::default().unbounded_time());
        assert_eq!(scan.payloads, vec![text.to_string()], "{path}");
        checked += 1;
    }
    // Five Proton images, scito's screenshot, dim13's code.
    assert_eq!(checked, 7);
}

#[test]
fn a_qr_code_that_is_not_an_otp_payload_is_returned_as_other() {
    let path = fixtures().join("scito-extract_otp_secrets/tests-data/qr_but_without_otp.png");
    let scan = omamori_scan::scan(&omamori_scan::load_image(&path).unwrap());
    assert_eq!(scan.payloads, vec!["NOT A otpauth-migration:// URL".to_string()]);
    assert_eq!(omamori_scan::classify(&scan.payloads[0]), PayloadKind::Other);
}
