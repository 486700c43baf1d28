//! Google Authenticator transfer QR codes (`otpauth-migration://`), rendered
//! as PNG images for a phone to scan one after another. Payloads come from
//! [`omamori_otp::migration::encode`]; accounts the format cannot express
//! (Steam, periods other than 30 s, 7/9/10 digits) are listed, not dropped.

use omamori_otp::Account;
use omamori_otp::migration::{self, Unsupported};
use zeroize::Zeroizing;

use super::{ExportError, qr};

/// How many accounts go in one code by default: Google Authenticator's own
/// maximum is 10; fewer make less dense codes that scan more easily.
pub const DEFAULT_PER_CODE: usize = 10;

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

/// Encodes `accounts` as transfer codes of at most `per_code` accounts.
/// `batch_id` ties the codes together; pass a random number.
pub fn google_qr_codes(
    accounts: &[Account],
    per_code: usize,
    batch_id: i32,
) -> Result<GoogleExport, ExportError> {
    let encoded = migration::encode(accounts, per_code, batch_id);
    let images = encoded
        .uris
        .iter()
        .enumerate()
        .map(|(i, uri)| png(uri, &format!("code {}", i + 1)))
        .collect::<Result<_, _>>()?;
    Ok(GoogleExport {
        images,
        uris: encoded.uris,
        unsupported: encoded.unsupported,
    })
}

/// A black-on-white PNG of the QR code of `text`.
pub fn png(text: &str, what: &str) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let code = qr(text, what)?;
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
    let mut out = Zeroizing::new(Vec::new());
    {
        let side = u32::try_from(side).map_err(|_| ExportError::Png("image too large".into()))?;
        let mut encoder = png::Encoder::new(&mut *out, side, side);
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
    Ok(out)
}
