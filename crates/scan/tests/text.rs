//! Text decoding like the best readers: byte mode as UTF-8 when it is
//! UTF-8, ECIs honoured, Kanji mode as Shift_JIS, mixed segments joined,
//! Shift_JIS in byte mode without an ECI guessed as ZXing does. Each case
//! comes from two encoders: the `qrcode` crate here, segment by segment,
//! and segno (fixtures in `tests/fixtures/text`, made by `make.py` there).

use image::{DynamicImage, GrayImage, Luma};
use omamori_scan::Options;
use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

const SECRET: &str = "JBSWY3DPEHPK3PXP";

fn ja_uri() -> String {
    format!("otpauth://totp/ペップアップ健保:山田太郎?secret={SECRET}&issuer=ペップアップ健保")
}

fn latin_uri() -> String {
    format!("otpauth://totp/Café:Müller?secret={SECRET}&issuer=Café")
}

fn sjis(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(s);
    assert!(!unmappable);
    bytes.into_owned()
}

/// 4 px per module, 4-module quiet zone, black on white.
fn render(code: &QrCode) -> DynamicImage {
    let n = code.width() as u32;
    let colors = code.to_colors();
    let side = (n + 8) * 4;
    let img = GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / 4).wrapping_sub(4), (y / 4).wrapping_sub(4));
        let dark = mx < n && my < n && colors[(my * n + mx) as usize] == Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    });
    DynamicImage::ImageLuma8(img)
}

/// A code built segment by segment with the `qrcode` crate, in the smallest
/// version that holds it.
fn built(push: impl Fn(&mut Bits)) -> QrCode {
    for v in 1..=40 {
        let mut bits = Bits::new(Version::Normal(v));
        push(&mut bits);
        if bits.push_terminator(EcLevel::M).is_ok()
            && let Ok(code) = QrCode::with_bits(bits, EcLevel::M)
        {
            return code;
        }
    }
    panic!("does not fit a QR code");
}

fn read(img: &DynamicImage) -> Vec<String> {
    omamori_scan::scan_with(img, &Options::default().unbounded_time()).payloads
}

#[test]
fn raw_utf8_japanese_in_byte_mode_without_eci_is_read_as_utf8() {
    let uri = ja_uri();
    let code = built(|b| b.push_byte_data(uri.as_bytes()).unwrap());
    assert_eq!(read(&render(&code)), [uri]);
}

#[test]
fn utf8_bytes_the_qrcode_crate_put_in_kanji_segments_stay_utf8() {
    // The crate's optimiser takes UTF-8 byte pairs that look like Shift_JIS
    // for Kanji characters; the whole code is still valid UTF-8.
    let uri = ja_uri();
    let code = QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M).unwrap();
    assert_eq!(read(&render(&code)), [uri]);
}

#[test]
fn a_utf8_eci_is_honoured() {
    let uri = ja_uri();
    let code = built(|b| {
        b.push_eci_designator(26).unwrap();
        b.push_byte_data(uri.as_bytes()).unwrap();
    });
    assert_eq!(read(&render(&code)), [uri]);
}

#[test]
fn a_shift_jis_eci_is_honoured() {
    let uri = ja_uri();
    let code = built(|b| {
        b.push_eci_designator(20).unwrap();
        b.push_byte_data(&sjis(&uri)).unwrap();
    });
    assert_eq!(read(&render(&code)), [uri]);
}

#[test]
fn shift_jis_in_byte_mode_without_eci_is_guessed() {
    let uri = ja_uri();
    let code = built(|b| b.push_byte_data(&sjis(&uri)).unwrap());
    assert_eq!(read(&render(&code)), [uri]);
}

#[test]
fn kanji_mode_is_shift_jis() {
    let code = built(|b| b.push_kanji_data(&sjis("山田太郎")).unwrap());
    assert_eq!(read(&render(&code)), ["山田太郎"]);
}

#[test]
fn mixed_segments_are_joined_in_order() {
    let code = built(|b| {
        b.push_alphanumeric_data(b"OTPAUTH://TOTP/").unwrap();
        b.push_kanji_data(&sjis("山田太郎")).unwrap();
        b.push_byte_data(format!("?secret={SECRET}&digits=").as_bytes())
            .unwrap();
        b.push_numeric_data(b"6").unwrap();
    });
    assert_eq!(
        read(&render(&code)),
        [format!("OTPAUTH://TOTP/山田太郎?secret={SECRET}&digits=6")]
    );
}

#[test]
fn an_eci_switch_changes_the_charset_of_the_bytes_after_it() {
    let code = built(|b| {
        b.push_eci_designator(26).unwrap();
        b.push_byte_data("ペップアップ:".as_bytes()).unwrap();
        b.push_eci_designator(20).unwrap();
        b.push_byte_data(&sjis("山田太郎")).unwrap();
        b.push_eci_designator(3).unwrap();
        b.push_byte_data(b" M\xfcller").unwrap();
    });
    assert_eq!(read(&render(&code)), ["ペップアップ:山田太郎 Müller"]);
}

#[test]
fn latin1_with_and_without_eci() {
    let uri = latin_uri();
    let latin1: Vec<u8> = uri.chars().map(|c| c as u32 as u8).collect();
    let with = built(|b| {
        b.push_eci_designator(3).unwrap();
        b.push_byte_data(&latin1).unwrap();
    });
    let without = built(|b| b.push_byte_data(&latin1).unwrap());
    assert_eq!(read(&render(&with)), std::slice::from_ref(&uri));
    assert_eq!(read(&render(&without)), [uri]);
}

#[test]
fn segno_fixtures_read_as_recorded() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let cases = expected.as_object().unwrap();
    for (name, record) in cases {
        let img = omamori_scan::load_image(&dir.join(format!("{name}.png"))).unwrap();
        let want = record["text"].as_str().unwrap();
        assert_eq!(read(&img), [want], "{name}");
    }
    // UTF-8 with and without ECI, segno's default, Shift_JIS with and
    // without ECI, Kanji, mixed, Latin-1 with and without ECI.
    assert_eq!(cases.len(), 9);
}
