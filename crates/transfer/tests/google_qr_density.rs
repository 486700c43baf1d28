//! How much one Google Authenticator transfer code can carry and still be
//! read when it is shown small: the measurement behind
//! [`google::MAX_MODULES`] and [`google::DEFAULT_PER_CODE`].
//!
//! Codes are rendered exactly as the export writes them (PNG, 8 px a
//! module, 4-module quiet zone), then shown as a screen would: scaled down
//! to 200–300 px with a bilinear (triangle) filter, the way browsers and
//! image viewers shrink a picture, and captured as is or rescaled ×1.7 with
//! Catmull-Rom (a HiDPI screenshot or a camera frame). Each capture is
//! decoded with `omamori-scan` and must give back the exact payload.
//! Deterministic: no noise, no time budget.
//!
//! The two `#[ignore]`d tests are the measurements themselves (minutes):
//! `cargo nextest run -p omamori-transfer --run-ignored only --no-capture
//! -E 'binary(google_qr_density)'` prints their tables (recorded in
//! docs/import-formats.md).

use image::imageops::{self, FilterType};
use image::{DynamicImage, GrayImage};
use omamori_otp::{Account, Algorithm, Secret, migration};
use omamori_transfer::export::google;

/// The export's pixels per module and quiet zone (see export/google.rs).
const SCALE: u32 = 8;
const QUIET: u32 = 4;
/// How a shown code is captured: as is, or resampled.
const CAPTURED_AT: [f32; 2] = [1.0, 1.7];

/// `count` accounts with long Japanese names (22 and 30 characters, three
/// UTF-8 bytes each) and `secret_len`-byte keys: the worst realistic case.
fn japanese_accounts(count: usize, secret_len: usize) -> Vec<Account> {
    (0..count)
        .map(|i| {
            let mut account = Account::totp(
                format!("全国健康保険協会けんぽ東京支部ペップアップ{i}"),
                format!("やまだ・たろう（山田太郎）{i}@れい.example.co.jp"),
                Secret::from_bytes((0..secret_len).map(|b| (b * 7 + i) as u8).collect()),
            );
            account.algorithm = if secret_len > 20 {
                Algorithm::Sha256
            } else {
                Algorithm::Sha1
            };
            account
        })
        .collect()
}

/// `count` accounts with short ASCII names and 20-byte keys.
fn short_accounts(count: usize) -> Vec<Account> {
    (0..count)
        .map(|i| {
            Account::totp(
                "GitHub",
                format!("user{i}@example.com"),
                Secret::from_bytes((0..20).map(|b| (b * 3 + i) as u8).collect()),
            )
        })
        .collect()
}

/// The code shown `shown` px wide, captured at `factor`.
fn capture(png: &[u8], shown: u32, factor: f32) -> DynamicImage {
    let full: GrayImage = image::load_from_memory(png).unwrap().to_luma8();
    let on_screen = imageops::resize(&full, shown, shown, FilterType::Triangle);
    let side = (shown as f32 * factor).round() as u32;
    let captured = if side == shown {
        on_screen
    } else {
        imageops::resize(&on_screen, side, side, FilterType::CatmullRom)
    };
    DynamicImage::ImageLuma8(captured)
}

fn decodes(png: &[u8], uri: &str, shown: u32, factor: f32) -> bool {
    let options = omamori_scan::Options::default().unbounded_time();
    let found = omamori_scan::scan_with(&capture(png, shown, factor), &options);
    found.payloads.iter().any(|p| p == uri)
}

fn modules(png: &[u8]) -> u32 {
    image::load_from_memory(png).unwrap().width() / SCALE - 2 * QUIET
}

/// Exports `accounts` with the default count and checks the codes: none
/// wider than `MAX_MODULES`, every account back once, and the first two
/// codes (a set's codes are all about the same size) decoded from at least
/// 11 of 12 captures shown 200–300 px wide. Not all 12: even small codes
/// miss the odd capture (measured: a 65-module code at 250 px captured
/// 1:1), while codes one size up the cap miss a quarter. Returns the
/// number of codes.
fn export_decodes_when_shown_small(accounts: &[Account]) -> usize {
    let export = google::google_qr_codes(accounts, google::DEFAULT_PER_CODE, 7).unwrap();
    assert!(export.unsupported.is_empty());
    for png in &export.images {
        assert!(modules(png) as usize <= google::MAX_MODULES);
    }
    for (png, uri) in export.images.iter().zip(&export.uris).take(2) {
        let mut decoded = 0;
        for shown in (200..=300).step_by(20) {
            for factor in CAPTURED_AT {
                decoded += usize::from(decodes(png, uri, shown, factor));
            }
        }
        assert!(
            decoded >= 11,
            "a {}-module code decoded from {decoded} of 12 captures",
            modules(png)
        );
    }
    let text: String = export
        .uris
        .iter()
        .map(|u| format!("{}\n", u.as_str()))
        .collect();
    let back = omamori_transfer::registry::import(text.as_bytes(), None, None).unwrap();
    assert_eq!(back.accounts().count(), accounts.len());
    export.images.len()
}

#[test]
fn long_japanese_names_are_split_into_codes_that_scan_when_shown_small() {
    // Ten accounts at the default count would make a code of 177 modules
    // (20-byte keys) or no code at all (32-byte keys: beyond version 40).
    for secret_len in [20, 32] {
        let codes = export_decodes_when_shown_small(&japanese_accounts(10, secret_len));
        assert_eq!(codes, 10, "{secret_len}-byte keys: one account a code");
    }
}

#[test]
fn short_names_still_share_codes() {
    // The size cap must not split more than density requires: four short
    // accounts fit a 73-module code.
    assert_eq!(export_decodes_when_shown_small(&short_accounts(10)), 3);
}

#[test]
fn one_account_too_wide_for_the_cap_still_gets_its_code() {
    let mut long = short_accounts(1);
    long[0].name = "長".repeat(200);
    let export = google::google_qr_codes(&long, google::DEFAULT_PER_CODE, 7).unwrap();
    assert_eq!(export.images.len(), 1);
    assert!(modules(&export.images[0]) as usize > google::MAX_MODULES);
}

/// The table: codes of 1..=10 long-named accounts as one code each (the
/// count alone, no size cap), decoded at 200–300 px.
#[test]
#[ignore = "a measurement (minutes): run with --run-ignored only --no-capture"]
fn measure_accounts_per_code() {
    const SHOWN_AT: [u32; 4] = [200, 240, 270, 300];
    let mut header = String::from("| accounts | key bytes | URI bytes | modules |");
    for shown in SHOWN_AT {
        for factor in CAPTURED_AT {
            header.push_str(&format!(" {shown} px ×{factor} |"));
        }
    }
    println!("{header}");
    for secret_len in [20, 32] {
        for count in 1..=10 {
            let encoded = migration::encode(&japanese_accounts(count, secret_len), count, 1);
            assert_eq!(encoded.uris.len(), 1);
            let uri = encoded.uris[0].as_str();
            let mut line = format!("| {count} | {secret_len} | {} |", uri.len());
            let Ok(png) = google::png(uri, "measure") else {
                println!("{line} does not fit a QR code |");
                continue;
            };
            let m = modules(&png);
            line.push_str(&format!(" {m} |"));
            for shown in SHOWN_AT {
                for factor in CAPTURED_AT {
                    let px = shown as f32 / (m + 2 * QUIET) as f32;
                    let ok = decodes(&png, uri, shown, factor);
                    line.push_str(&format!(" {} ({px:.1}) |", if ok { "yes" } else { "no" }));
                }
            }
            println!("{line}");
        }
    }
}

/// The sweep behind `MAX_MODULES`: one code of each size the export can
/// make (1..=10 short accounts, 1..=4 long-named ones), each shown at every
/// width from 200 to 300 px in 10 px steps and captured both ways.
#[test]
#[ignore = "a measurement (minutes): run with --run-ignored only --no-capture"]
fn measure_by_code_size() {
    println!("| modules | URI bytes | decoded, 200–240 px | decoded, 250–300 px |");
    let mut sets: Vec<Vec<Account>> = (1..=10).map(short_accounts).collect();
    for count in 1..=4 {
        sets.push(japanese_accounts(count, 20));
        sets.push(japanese_accounts(count, 32));
    }
    for accounts in sets {
        let encoded = migration::encode(&accounts, accounts.len(), 1);
        let uri = encoded.uris[0].as_str();
        let png = google::png(uri, "measure").unwrap();
        let (mut small, mut large) = (0, 0);
        for shown in (200..=300).step_by(10) {
            for factor in CAPTURED_AT {
                if decodes(&png, uri, shown, factor) {
                    *if shown < 250 { &mut small } else { &mut large } += 1;
                }
            }
        }
        println!(
            "| {} | {} | {small}/10 | {large}/12 |",
            modules(&png),
            uri.len()
        );
    }
}
