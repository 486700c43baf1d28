//! Deterministic test corpus: settings-page-like screenshots with QR codes.
//!
//! Shared by the decode-rate tests (`tests/corpus.rs`), the benchmark
//! (`benches/decode.rs`) and the corpus writer (`examples/write_corpus.rs`,
//! which feeds the zxing-cpp comparison). Every image is drawn from a seed:
//! no fonts (text is imitated by word-shaped blocks, which is what a
//! binarizer sees anyway), no files, no clock, no randomness from the OS.
//! Secrets in the payloads are obviously fake.
#![allow(dead_code)]

use image::{DynamicImage, ImageEncoder, Rgb, RgbImage};
use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp_into};
use qrcode::{Color, EcLevel, QrCode};

/// What a case exercises; the tests report a decode rate per category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Light,
    Dark,
    Hidpi4k,
    Small2px,
    Resampled2px,
    Rotated,
    Jpeg,
    LowContrast,
    Multiple,
    Photo,
    Japanese,
    Migration,
    BusyDesktop,
    /// No QR code at all: must give nothing.
    Negative,
}

impl Category {
    pub const ALL: [Category; 14] = [
        Category::Light,
        Category::Dark,
        Category::Hidpi4k,
        Category::Small2px,
        Category::Resampled2px,
        Category::Rotated,
        Category::Jpeg,
        Category::LowContrast,
        Category::Multiple,
        Category::Photo,
        Category::Japanese,
        Category::Migration,
        Category::BusyDesktop,
        Category::Negative,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Light => "light",
            Category::Dark => "dark",
            Category::Hidpi4k => "hidpi4k",
            Category::Small2px => "small2px",
            Category::Resampled2px => "resampled2px",
            Category::Rotated => "rotated",
            Category::Jpeg => "jpeg",
            Category::LowContrast => "lowcontrast",
            Category::Multiple => "multiple",
            Category::Photo => "photo",
            Category::Japanese => "japanese",
            Category::Migration => "migration",
            Category::BusyDesktop => "busydesktop",
            Category::Negative => "negative",
        }
    }
}

/// One generated image and the payloads it must give, in reading order.
pub struct Case {
    pub name: String,
    pub category: Category,
    pub image: DynamicImage,
    pub expected: Vec<String>,
}

/// Variants per category and screen size.
pub const VARIANTS: u64 = 3;

/// The whole corpus, lazily: `(category, size index, variant)` for every case.
pub fn specs() -> Vec<(Category, usize, u64)> {
    let mut v = Vec::new();
    for c in Category::ALL {
        for size in 0..2 {
            for variant in 0..VARIANTS {
                v.push((c, size, variant));
            }
        }
    }
    v
}

/// Screen sizes: Full HD and 4K.
pub const SIZES: [(u32, u32); 2] = [(1920, 1080), (3840, 2160)];

/// splitmix64: tiny, deterministic, good enough for layout jitter.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

// ---------------------------------------------------------------- payloads

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A fake secret: deterministic bytes, clearly not from a real account.
fn fake_secret(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| rng.next() as u8).collect()
}

pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(B32[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(B32[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

const ISSUERS: [&str; 5] = ["PepUp", "Example", "KenpoPortal", "TestBank", "Mail"];

pub fn otpauth(rng: &mut Rng) -> String {
    let issuer = ISSUERS[rng.range(0, 4) as usize];
    let user = format!("member{}@example.jp", rng.range(100, 999));
    let secret = base32(&fake_secret(rng, 20));
    format!(
        "otpauth://totp/{issuer}:{}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period=30",
        pct(&user)
    )
}

const JA_ISSUERS: [&str; 3] = ["ペップアップ", "健康保険組合", "テスト銀行"];
const JA_NAMES: [&str; 3] = ["山田太郎", "やまだ はなこ", "テスト利用者"];

/// Japanese labels, percent-encoded (what sites emit) or raw UTF-8 (what
/// some generators put in byte mode).
pub fn otpauth_japanese(rng: &mut Rng, raw: bool) -> String {
    let issuer = JA_ISSUERS[rng.range(0, 2) as usize];
    let name = JA_NAMES[rng.range(0, 2) as usize];
    let secret = base32(&fake_secret(rng, 20));
    if raw {
        format!("otpauth://totp/{issuer}:{name}?secret={secret}&issuer={issuer}")
    } else {
        format!(
            "otpauth://totp/{}:{}?secret={secret}&issuer={}",
            pct(issuer),
            pct(name),
            pct(issuer)
        )
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn field_bytes(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    varint(out, (field << 3) | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn field_varint(out: &mut Vec<u8>, field: u64, v: u64) {
    varint(out, field << 3);
    varint(out, v);
}

fn base64_std(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A Google Authenticator transfer QR payload with `accounts` fake TOTP
/// accounts (valid protobuf, percent-encoded base64).
pub fn migration(rng: &mut Rng, accounts: usize, batch_size: u64, batch_index: u64) -> String {
    let mut msg = Vec::new();
    for i in 0..accounts {
        let mut p = Vec::new();
        field_bytes(&mut p, 1, &fake_secret(rng, 10));
        let name = if i % 3 == 2 {
            format!("テスト{i}@example.jp")
        } else {
            format!("member{i}@example.jp")
        };
        field_bytes(&mut p, 2, name.as_bytes());
        field_bytes(&mut p, 3, ISSUERS[i % ISSUERS.len()].as_bytes());
        field_varint(&mut p, 4, 1);
        field_varint(&mut p, 5, 1);
        field_varint(&mut p, 6, 2);
        field_bytes(&mut msg, 1, &p);
    }
    field_varint(&mut msg, 2, 1);
    field_varint(&mut msg, 3, batch_size);
    field_varint(&mut msg, 4, batch_index);
    field_varint(&mut msg, 5, 1_076_589_581);
    format!("otpauth-migration://offline?data={}", pct(&base64_std(&msg)))
}

// ---------------------------------------------------------------- drawing

#[derive(Clone, Copy)]
pub struct Theme {
    pub bg: [u8; 3],
    pub panel: [u8; 3],
    pub text: [u8; 3],
    pub muted: [u8; 3],
    pub accent: [u8; 3],
    pub bar: [u8; 3],
}

pub const LIGHT: Theme = Theme {
    bg: [245, 246, 248],
    panel: [255, 255, 255],
    text: [33, 37, 41],
    muted: [120, 126, 134],
    accent: [0, 122, 204],
    bar: [230, 233, 237],
};

pub const DARK: Theme = Theme {
    bg: [30, 31, 34],
    panel: [43, 45, 49],
    text: [220, 222, 225],
    muted: [140, 144, 150],
    accent: [88, 166, 255],
    bar: [24, 25, 27],
};

pub fn fill(img: &mut RgbImage, x: i64, y: i64, w: i64, h: i64, c: [u8; 3]) {
    let (iw, ih) = (img.width() as i64, img.height() as i64);
    let (x0, y0) = (x.max(0), y.max(0));
    let (x1, y1) = ((x + w).min(iw), (y + h).min(ih));
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    let stride = iw as usize * 3;
    let buf: &mut [u8] = img;
    for yy in y0..y1 {
        let row = &mut buf[yy as usize * stride..(yy as usize + 1) * stride];
        for px in row[x0 as usize * 3..x1 as usize * 3].chunks_exact_mut(3) {
            px.copy_from_slice(&c);
        }
    }
}

/// A line of "words": blocks the height of lowercase letters.
fn text_line(img: &mut RgbImage, rng: &mut Rng, x: i64, y: i64, width: i64, size: i64, c: [u8; 3], cjk: bool) {
    let mut cx = x;
    while cx < x + width {
        if cjk {
            // Square-ish glyphs with inner strokes, like kanji.
            let g = size;
            fill(img, cx, y, g - 2, 2.max(size / 8), c);
            fill(img, cx + g / 3, y, 2.max(size / 8), g - 2, c);
            fill(img, cx, y + g / 2, g - 2, 2.max(size / 8), c);
            if rng.range(0, 1) == 0 {
                fill(img, cx, y, 2.max(size / 8), g - 2, c);
            }
            cx += g + size / 6;
        } else {
            let w = (rng.range(2, 9) as i64) * size / 2;
            let w = w.min(x + width - cx);
            fill(img, cx, y + size / 4, w, size * 3 / 4, c);
            // Ascenders: some letters stick out.
            for _ in 0..(w / size).max(1) {
                let ax = cx + rng.range(0, w.max(1) as u32) as i64;
                fill(img, ax, y, (size / 6).max(1), size / 4, c);
            }
            cx += w + size / 2;
        }
    }
}

fn paragraph(img: &mut RgbImage, rng: &mut Rng, x: i64, y: i64, width: i64, lines: u32, size: i64, c: [u8; 3]) -> i64 {
    let mut yy = y;
    for i in 0..lines {
        let w = if i + 1 == lines { width * rng.range(30, 90) as i64 / 100 } else { width };
        let cjk = rng.range(0, 2) == 0;
        text_line(img, rng, x, yy, w, size, c, cjk);
        yy += size * 2;
    }
    yy
}

fn button(img: &mut RgbImage, rng: &mut Rng, x: i64, y: i64, ui: i64, t: &Theme, primary: bool) -> i64 {
    let w = (90 + rng.range(0, 80) as i64) * ui;
    let h = 36 * ui;
    let (bg, fg) = if primary { (t.accent, [255, 255, 255]) } else { (t.bar, t.text) };
    fill(img, x, y, w, h, bg);
    text_line(img, rng, x + 16 * ui, y + 11 * ui, w - 32 * ui, 14 * ui, fg, primary);
    w
}

/// A settings page ("設定 > 2段階認証") with `patches` (QR codes with their
/// quiet zone) placed side by side in a card. Returns the page.
pub fn settings_page(w: u32, h: u32, ui: i64, t: &Theme, rng: &mut Rng, patches: &[RgbImage]) -> RgbImage {
    let mut img = RgbImage::from_pixel(w, h, Rgb(t.bg));
    let (w, h) = (w as i64, h as i64);
    // Browser chrome and site header.
    fill(&mut img, 0, 0, w, 40 * ui, t.bar);
    fill(&mut img, 120 * ui, 8 * ui, w / 2, 24 * ui, t.panel);
    text_line(&mut img, rng, 130 * ui, 14 * ui, w / 3, 12 * ui, t.muted, false);
    fill(&mut img, 0, 40 * ui, w, 56 * ui, t.accent);
    text_line(&mut img, rng, 24 * ui, 58 * ui, 160 * ui, 18 * ui, [255, 255, 255], true);
    // Sidebar menu.
    let side = 240 * ui;
    fill(&mut img, 0, 96 * ui, side, h, t.panel);
    let mut y = 120 * ui;
    while y < h - 40 * ui {
        let (len, cjk) = ((120 + rng.range(0, 60) as i64) * ui, rng.range(0, 1) == 0);
        text_line(&mut img, rng, 24 * ui, y, len, 14 * ui, t.text, cjk);
        y += 40 * ui;
    }
    // Main column: title, explanation, the card with the code(s), setup key, buttons.
    let x = side + 48 * ui;
    let col = w - x - 48 * ui;
    text_line(&mut img, rng, x, 128 * ui, 260 * ui, 28 * ui, t.text, true);
    let mut y = paragraph(&mut img, rng, x, 184 * ui, col, 3, 14 * ui, t.muted);
    let pw: i64 = patches.iter().map(|p| p.width() as i64 + 32 * ui).sum::<i64>();
    let ph: i64 = patches.iter().map(|p| p.height() as i64).max().unwrap_or(0);
    let card_h = (ph + 48 * ui).max(200 * ui);
    fill(&mut img, x, y + 16 * ui, col, card_h, t.panel);
    let mut px = x + 24 * ui;
    for p in patches {
        let py = y + 16 * ui + (card_h - p.height() as i64) / 2;
        image::imageops::overlay(&mut img, p, px, py);
        px += p.width() as i64 + 32 * ui;
    }
    // Setup key and instructions beside the code.
    let tx = x + 24 * ui + pw;
    if tx + 200 * ui < x + col {
        let mut ty = y + 48 * ui;
        ty = paragraph(&mut img, rng, tx, ty, (x + col - tx - 24 * ui).min(520 * ui), 2, 14 * ui, t.text);
        fill(&mut img, tx, ty + 8 * ui, 360 * ui, 32 * ui, t.bar);
        text_line(&mut img, rng, tx + 12 * ui, ty + 18 * ui, 330 * ui, 12 * ui, t.text, false);
    }
    y += 16 * ui + card_h + 24 * ui;
    y = paragraph(&mut img, rng, x, y, col, 2, 14 * ui, t.muted);
    fill(&mut img, x, y + 8 * ui, 240 * ui, 36 * ui, t.panel);
    let bx = x + 260 * ui;
    let bw = button(&mut img, rng, bx, y + 8 * ui, ui, t, true);
    button(&mut img, rng, bx + bw + 16 * ui, y + 8 * ui, ui, t, false);
    paragraph(&mut img, rng, x, y + 80 * ui, col, ((h - y - 120 * ui) / (28 * ui)).clamp(0, 12) as u32, 14 * ui, t.muted);
    img
}

/// A QR code drawn with `module` pixels per module (integer), colours
/// `fg` on `bg`, with a 4-module quiet zone.
pub fn qr_patch(payload: &str, module: u32, fg: [u8; 3], bg: [u8; 3]) -> RgbImage {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).expect("payload fits a QR code");
    let n = code.width() as u32;
    let quiet = 4;
    let side = (n + 2 * quiet) * module;
    let mut img = RgbImage::from_pixel(side, side, Rgb(bg));
    let colors = code.to_colors();
    for y in 0..n {
        for x in 0..n {
            if colors[(y * n + x) as usize] == Color::Dark {
                fill(&mut img, ((x + quiet) * module) as i64, ((y + quiet) * module) as i64, module as i64, module as i64, fg);
            }
        }
    }
    img
}

/// A QR code at a fractional module size, resampled from a sharp 4 px
/// rendering with a bilinear filter (what browser and OS scaling do).
pub fn qr_patch_resampled(payload: &str, module: f32, fg: [u8; 3], bg: [u8; 3]) -> RgbImage {
    let sharp = qr_patch(payload, 4, fg, bg);
    let side = (sharp.width() as f32 * module / 4.0).round() as u32;
    image::imageops::resize(&sharp, side, side, image::imageops::FilterType::Triangle)
}

/// Rotates a patch by `degrees` without clipping, filling with `bg`.
pub fn rotate_patch(p: &RgbImage, degrees: f32, bg: [u8; 3]) -> RgbImage {
    imageproc::geometric_transformations::rotate_about_center_no_crop(
        p,
        degrees.to_radians(),
        Interpolation::Bilinear,
        Border::Constant(Rgb(bg)),
    )
}

fn invert(c: [u8; 3]) -> [u8; 3] {
    [255 - c[0], 255 - c[1], 255 - c[2]]
}

pub fn jpeg(img: &RgbImage, quality: u8) -> RgbImage {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .expect("in-memory JPEG encoding");
    image::load_from_memory(&bytes).expect("our own JPEG").to_rgb8()
}

/// A phone photo of a monitor showing `screen`: perspective, a dim
/// background, uneven lighting, sensor noise, blur, then JPEG.
pub fn photo(screen: &RgbImage, rng: &mut Rng, out_w: u32, out_h: u32) -> RgbImage {
    let (sw, sh) = (screen.width() as f32, screen.height() as f32);
    let (ow, oh) = (out_w as f32, out_h as f32);
    let j = |rng: &mut Rng, s: f32| (rng.unit() - 0.5) * s;
    let to = [
        (ow * 0.06 + j(rng, ow * 0.06), oh * 0.08 + j(rng, oh * 0.06)),
        (ow * 0.94 + j(rng, ow * 0.06), oh * 0.03 + j(rng, oh * 0.04)),
        (ow * 0.97 + j(rng, ow * 0.04), oh * 0.96 + j(rng, oh * 0.04)),
        (ow * 0.03 + j(rng, ow * 0.04), oh * 0.90 + j(rng, oh * 0.06)),
    ];
    let from = [(0.0, 0.0), (sw, 0.0), (sw, sh), (0.0, sh)];
    let proj = Projection::from_control_points(from, to).expect("non-degenerate quad");
    let mut out = RgbImage::from_pixel(out_w, out_h, Rgb([40, 36, 34]));
    warp_into(screen, proj, Interpolation::Bilinear, Border::Constant(Rgb([40, 36, 34])), &mut out);
    let mut out = imageproc::filter::gaussian_blur_f32(&out, 0.9);
    // Light falls off towards one corner; noise on top.
    let (lx, ly) = (rng.unit() * ow, rng.unit() * oh);
    let diag = (ow * ow + oh * oh).sqrt();
    for (x, y, p) in out.enumerate_pixels_mut() {
        let d = ((x as f32 - lx).powi(2) + (y as f32 - ly).powi(2)).sqrt() / diag;
        let gain = 1.0 - 0.35 * d;
        let noise = (rng.next() % 13) as f32 - 6.0;
        for c in p.0.iter_mut() {
            *c = (f32::from(*c) * gain + noise).clamp(0.0, 255.0) as u8;
        }
    }
    jpeg(&out, 82)
}

// ---------------------------------------------------------------- cases

/// Renders one case.
pub fn case(category: Category, size: usize, variant: u64) -> Case {
    let seed = (category as u64) << 32 | (size as u64) << 16 | variant;
    let mut rng = Rng::new(seed);
    let (w, h) = SIZES[size];
    // UI scale: 4K screens usually run at 200 %.
    let ui = if size == 1 && variant != 2 { 2 } else { 1 };
    let name = format!("{}-{}x{}-{}", category.name(), w, h, variant);
    let mut expected = Vec::new();
    let light = LIGHT;
    let white = [255, 255, 255];
    let black = [0, 0, 0];
    let image: RgbImage = match category {
        Category::Light => {
            let p = otpauth(&mut rng);
            let m = rng.range(3, 6) * ui as u32;
            let patch = qr_patch(&p, m, black, white);
            expected.push(p);
            settings_page(w, h, ui, &light, &mut rng, &[patch])
        }
        Category::Dark => {
            let p = otpauth(&mut rng);
            let m = rng.range(3, 6) * ui as u32;
            // Dark mode: the code inverted (light modules on the panel), or
            // a normal code on a white tile, or light modules on pure black.
            let patch = match variant {
                0 => qr_patch(&p, m, DARK.text, DARK.panel),
                1 => qr_patch(&p, m, black, white),
                _ => qr_patch(&p, m, white, black),
            };
            expected.push(p);
            settings_page(w, h, ui, &DARK, &mut rng, &[patch])
        }
        Category::Hidpi4k => {
            let p = otpauth(&mut rng);
            let m = [8, 10, 6][variant as usize] * if size == 0 { 1 } else { 2 } / 2;
            let patch = qr_patch(&p, m, black, white);
            expected.push(p);
            let (w, h) = SIZES[1];
            settings_page(w, h, 2, &light, &mut rng, &[patch])
        }
        Category::Small2px => {
            let p = otpauth(&mut rng);
            let theme = if variant == 1 { DARK } else { LIGHT };
            let patch = if variant == 1 { qr_patch(&p, 2, DARK.text, DARK.panel) } else { qr_patch(&p, 2, black, white) };
            expected.push(p);
            settings_page(w, h, 1, &theme, &mut rng, &[patch])
        }
        Category::Resampled2px => {
            let p = otpauth(&mut rng);
            let m = [2.0, 2.25, 2.5][variant as usize];
            let theme = if variant == 2 { DARK } else { LIGHT };
            let patch = if variant == 2 {
                qr_patch_resampled(&p, m, DARK.text, DARK.panel)
            } else {
                qr_patch_resampled(&p, m, black, white)
            };
            expected.push(p);
            settings_page(w, h, 1, &theme, &mut rng, &[patch])
        }
        Category::Rotated => {
            let p = otpauth(&mut rng);
            let deg = [30.0, -17.0, 8.0][variant as usize] * if size == 0 { 1.0 } else { -1.0 };
            let m = rng.range(3, 5) * ui as u32;
            let patch = rotate_patch(&qr_patch(&p, m, black, white), deg, light.panel);
            expected.push(p);
            settings_page(w, h, ui, &light, &mut rng, &[patch])
        }
        Category::Jpeg => {
            let p = otpauth(&mut rng);
            let m = rng.range(3, 4) * ui as u32;
            let theme = if variant == 1 { DARK } else { LIGHT };
            let patch = if variant == 1 { qr_patch(&p, m, DARK.text, DARK.panel) } else { qr_patch(&p, m, black, white) };
            expected.push(p);
            let page = settings_page(w, h, ui, &theme, &mut rng, &[patch]);
            jpeg(&page, [60, 40, 75][variant as usize])
        }
        Category::LowContrast => {
            let p = otpauth(&mut rng);
            let m = rng.range(3, 5) * ui as u32;
            // About 2.5:1 (WCAG contrast ratio).
            let (theme, patch) = match variant {
                0 => (LIGHT, qr_patch(&p, m, [150, 150, 150], [250, 250, 250])),
                1 => (DARK, qr_patch(&p, m, [112, 116, 122], [43, 45, 49])),
                _ => (LIGHT, qr_patch(&p, m, [120, 140, 190], [235, 238, 244])),
            };
            expected.push(p);
            settings_page(w, h, ui, &theme, &mut rng, &[patch])
        }
        Category::Multiple => {
            let n = [2, 3, 4][variant as usize];
            let m = if size == 0 { 3 } else { 5 };
            let theme = if variant == 1 { DARK } else { LIGHT };
            let patches: Vec<RgbImage> = (0..n)
                .map(|i| {
                    let p = migration(&mut rng, 3, n, i);
                    let patch = if variant == 1 { qr_patch(&p, m, DARK.text, DARK.panel) } else { qr_patch(&p, m, black, white) };
                    expected.push(p);
                    patch
                })
                .collect();
            settings_page(w, h, 1, &theme, &mut rng, &patches)
        }
        Category::Photo => {
            let p = otpauth(&mut rng);
            let theme = if variant == 1 { DARK } else { LIGHT };
            let patch = if variant == 1 { qr_patch(&p, 6, DARK.text, DARK.panel) } else { qr_patch(&p, 6, black, white) };
            expected.push(p);
            let screen = settings_page(1920, 1080, 1, &theme, &mut rng, &[patch]);
            let (pw, ph) = if size == 0 { (1600, 1200) } else { (3000, 2250) };
            photo(&screen, &mut rng, pw, ph)
        }
        Category::Japanese => {
            let p = otpauth_japanese(&mut rng, variant == 1);
            let m = rng.range(3, 5) * ui as u32;
            let theme = if variant == 2 { DARK } else { LIGHT };
            let patch = if variant == 2 { qr_patch(&p, m, DARK.text, DARK.panel) } else { qr_patch(&p, m, black, white) };
            expected.push(p);
            settings_page(w, h, ui, &theme, &mut rng, &[patch])
        }
        Category::Migration => {
            // One full transfer QR of 10 accounts (Google Authenticator's batch limit).
            let p = migration(&mut rng, 10, 1, 0);
            let m = [3, 2, 4][variant as usize] * ui as u32;
            let theme = if variant == 1 { DARK } else { LIGHT };
            let patch = if variant == 1 { qr_patch(&p, m, DARK.text, DARK.panel) } else { qr_patch(&p, m, black, white) };
            expected.push(p);
            settings_page(w, h, ui, &theme, &mut rng, &[patch])
        }
        Category::BusyDesktop => {
            let p = otpauth(&mut rng);
            let m = rng.range(3, 5) * ui as u32;
            let mut img = busy_desktop(w, h, &mut rng);
            let patch = qr_patch(&p, m, black, white);
            let x = rng.range(100, w - patch.width() - 100) as i64;
            let y = rng.range(100, h - patch.height() - 100) as i64;
            image::imageops::overlay(&mut img, &patch, x, y);
            expected.push(p);
            img
        }
        Category::Negative => match variant {
            0 => {
                let code = barcode(&mut rng, 3 * ui as u32);
                settings_page(w, h, ui, &light, &mut rng, &[code])
            }
            1 => {
                let mut img = busy_desktop(w, h, &mut rng);
                let check = checkerboard(6 * ui as u32, 40);
                image::imageops::overlay(&mut img, &check, 200, 200);
                img
            }
            _ => {
                let noise = noise_patch(&mut rng, 240 * ui as u32);
                settings_page(w, h, ui, &DARK, &mut rng, &[noise])
            }
        },
    };
    Case { name, category, image: DynamicImage::ImageRgb8(image), expected }
}

/// A dark desktop: wallpaper gradient, windows with text, icons.
pub fn busy_desktop(w: u32, h: u32, rng: &mut Rng) -> RgbImage {
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        let t = (x + y) as f32 / (w + h) as f32;
        Rgb([(20.0 + 40.0 * t) as u8, (24.0 + 20.0 * t) as u8, (48.0 + 60.0 * (1.0 - t)) as u8])
    });
    for _ in 0..14 {
        let ww = rng.range(w / 6, w / 3) as i64;
        let wh = rng.range(h / 6, h / 3) as i64;
        let x = rng.range(0, w - ww as u32) as i64;
        let y = rng.range(0, h - wh as u32) as i64;
        let theme = if rng.range(0, 2) == 0 { LIGHT } else { DARK };
        fill(&mut img, x, y, ww, wh, theme.panel);
        fill(&mut img, x, y, ww, 28, theme.bar);
        paragraph(&mut img, rng, x + 12, y + 40, ww - 24, ((wh - 50) / 28).max(0) as u32, 13, theme.text);
    }
    for i in 0..12 {
        let c = [rng.range(60, 250) as u8, rng.range(60, 250) as u8, rng.range(60, 250) as u8];
        fill(&mut img, 16, 16 + i * 80, 48, 48, c);
    }
    img
}

/// A 1D barcode (not a QR code).
fn barcode(rng: &mut Rng, unit: u32) -> RgbImage {
    let mut img = RgbImage::from_pixel(unit * 120, unit * 50, Rgb([255, 255, 255]));
    let mut x = unit * 10;
    while x < unit * 110 {
        let bw = unit * rng.range(1, 4);
        fill(&mut img, x as i64, (unit * 5) as i64, bw as i64, (unit * 40) as i64, [0, 0, 0]);
        x += bw + unit * rng.range(1, 3);
    }
    img
}

fn checkerboard(cell: u32, cells: u32) -> RgbImage {
    RgbImage::from_fn(cell * cells, cell * cells, |x, y| {
        if (x / cell + y / cell) % 2 == 0 { Rgb([0, 0, 0]) } else { Rgb([255, 255, 255]) }
    })
}

fn noise_patch(rng: &mut Rng, side: u32) -> RgbImage {
    let cell = 4;
    let mut img = RgbImage::new(side, side);
    for y in (0..side).step_by(cell) {
        for x in (0..side).step_by(cell) {
            let v = if rng.next() & 1 == 0 { 0 } else { 255 };
            fill(&mut img, x as i64, y as i64, cell as i64, cell as i64, [v, v, v]);
        }
    }
    img
}
