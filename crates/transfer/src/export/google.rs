//! Google Authenticator transfer QR codes (`otpauth-migration://`), rendered
//! as PNG images for a phone to scan one after another. Payloads come from
//! [`omamori_otp::migration::encode`]; accounts the format cannot express
//! (Steam, periods other than 30 s, 7/9/10 digits) are listed, not dropped.
//!
//! How much goes in one code is bounded twice: by a count
//! ([`DEFAULT_PER_CODE`], or the caller's) and by the code's size
//! ([`MAX_MODULES`]), because what makes a code hard to scan is its density,
//! and names fill a code long before the count does.

use omamori_otp::Account;
use omamori_otp::migration::{self, Unsupported};
use omamori_vault::crypto::ZeroizingWriter;
use qrcode::QrCode;
use zeroize::Zeroizing;

use super::{ExportError, qr};

/// How many accounts go in one code at most by default: Google
/// Authenticator's own maximum, 10. It is not what keeps codes scannable:
/// [`MAX_MODULES`] is, and it splits sooner whenever the data is dense.
/// Measured with long Japanese names (22 and 30 characters) the count that
/// scans reliably is 1 (two such accounts make an 89-module code); with
/// short ASCII names and 20-byte keys it is 4. A count low enough for the
/// worst names would make ten codes of ten short accounts, so the count
/// stays Google's and the size decides.
pub const DEFAULT_PER_CODE: usize = 10;

/// The largest code the export makes, in modules per side: QR version 14,
/// about 350 bytes of URI at error correction M. Measured with our own
/// scanner (`omamori-scan`; `crates/transfer/tests/google_qr_density.rs`,
/// table in docs/import-formats.md): shown 200–300 px wide (scaled down
/// bilinearly, captured 1:1 or rescaled ×1.7), codes up to 73 modules
/// decoded from every one of 22 captures; 81 modules lost captures at
/// 200–240 px, 89 modules and more lost a quarter or more. Shown smaller
/// than 200 px (under 2.5 screen pixels a module) nothing is reliable.
/// The PNGs are 8 px a module (at most 648 px).
pub const MAX_MODULES: usize = 73;

/// Pixels per QR module in the PNGs.
const SCALE: usize = 8;
/// Quiet zone around the code, in modules (the QR specification asks for 4).
const QUIET: usize = 4;

/// One export: a PNG per QR code ("1/3", "2/3", …) and what was left out.
#[derive(Debug)]
pub struct GoogleExport {
    /// PNG images, in order. They hold the secrets: wiped on drop.
    pub images: Vec<Zeroizing<Vec<u8>>>,
    /// The text of each code, in the same order.
    pub uris: Vec<Zeroizing<String>>,
    /// Accounts that could not be exported: index into the input and why.
    pub unsupported: Vec<(usize, Unsupported)>,
}

/// A random batch id for [`google_qr_codes`] (Google Authenticator uses it
/// to tell the codes of one export from another's).
pub fn random_batch_id() -> i32 {
    let mut bytes = [0u8; 4];
    crate::crypto::random(&mut bytes);
    // Positive, as Google Authenticator's own ids are.
    i32::from_le_bytes(bytes) & i32::MAX
}

/// Encodes `accounts` as transfer codes of at most `per_code` accounts, and
/// fewer where that many would make a code wider than [`MAX_MODULES`] (one
/// account always gets a code of its own, however wide). Every code of one
/// export holds the same number of accounts, the last one fewer.
/// `batch_id` ties the codes together; pass a random number.
pub fn google_qr_codes(
    accounts: &[Account],
    per_code: usize,
    batch_id: i32,
) -> Result<GoogleExport, ExportError> {
    let mut per_code = per_code.clamp(1, migration::MAX_ACCOUNTS_PER_CODE);
    let (encoded, codes) = loop {
        let encoded = migration::encode(accounts, per_code, batch_id);
        let codes: Result<Vec<QrCode>, _> = encoded
            .uris
            .iter()
            .enumerate()
            .map(|(i, uri)| qr(uri, &format!("code {}", i + 1)))
            .collect();
        match codes {
            Ok(codes) if per_code == 1 || codes.iter().all(|c| c.width() <= MAX_MODULES) => {
                break (encoded, codes);
            }
            Err(e) if per_code == 1 => return Err(e),
            _ => per_code -= 1,
        }
    };
    let images = codes.iter().map(png_of).collect::<Result<_, _>>()?;
    Ok(GoogleExport {
        images,
        uris: encoded.uris,
        unsupported: encoded.unsupported,
    })
}

/// A black-on-white PNG of the QR code of `text`.
pub fn png(text: &str, what: &str) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    png_of(&qr(text, what)?)
}

fn png_of(code: &QrCode) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let mut pixels = Zeroizing::new(vec![255u8; side * side]);
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (x, y) = ((i % modules + QUIET) * SCALE, (i / modules + QUIET) * SCALE);
        for row in y..y + SCALE {
            pixels[row * side + x..row * side + x + SCALE].fill(0);
        }
    }
    let mut out = ZeroizingWriter::with_capacity(side * side / 8);
    {
        let side = u32::try_from(side).map_err(|_| ExportError::Png("image too large".into()))?;
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| ExportError::Png(e.to_string()))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| ExportError::Png(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| ExportError::Png(e.to_string()))?;
    }
    Ok(out.into_inner())
}
