//! Turning untrusted image bytes into pixels, with bounded memory.
//!
//! Screenshots, pasted images and dropped files are hostile input: a PNG can
//! claim 50,000 × 50,000 pixels in a few bytes, or inflate a small file into
//! gigabytes. We read the header first, refuse anything above
//! [`MAX_PIXELS`] / [`MAX_SIDE`] before allocating, and decode under
//! `image::Limits` so a decoder that lies about its needs is stopped too.

use std::io::{Cursor, Read};
use std::path::Path;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::ScanError;

/// Longest side we accept, in pixels (a 16K-wide multi-monitor capture fits).
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels we accept in one image: 48 MP (an 8K screen is 33 MP).
pub const MAX_PIXELS: u64 = 48_000_000;
/// Most bytes a decoder may allocate (48 MP × RGBA fits, with room for the
/// decoder's own buffers).
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// Largest file we read. A legitimate 48 MP PNG is far smaller; anything
/// larger is not a screenshot.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The formats we decode; everything else is refused by name.
const ACCEPTED: [ImageFormat; 5] = [
    ImageFormat::Png,
    ImageFormat::Jpeg,
    ImageFormat::Bmp,
    ImageFormat::WebP,
    ImageFormat::Gif,
];

/// Decodes an image held in memory (clipboard, drag and drop, a file's
/// contents). The format is recognised from the bytes, never from a name.
/// Animated GIF and WebP give their first frame.
pub fn decode_image(bytes: &[u8]) -> Result<DynamicImage, ScanError> {
    let format = image::guess_format(bytes).map_err(|_| ScanError::NotAnImage)?;
    if !ACCEPTED.contains(&format) {
        return Err(ScanError::UnsupportedFormat(format_name(format)));
    }
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| map_error(format, e))?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(ScanError::TooLarge { width, height });
    }
    if width == 0 || height == 0 {
        return Err(ScanError::Corrupt {
            format: format_name(format),
            detail: "the image has no pixels".into(),
        });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    reader.decode().map_err(|e| map_error(format, e))
}

/// Reads and decodes an image file (at most [`MAX_FILE_BYTES`]).
pub fn load_image(path: &Path) -> Result<DynamicImage, ScanError> {
    let file = std::fs::File::open(path).map_err(ScanError::Io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ScanError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ScanError::FileTooLarge {
            limit: MAX_FILE_BYTES,
        });
    }
    decode_image(&bytes)
}

fn format_name(format: ImageFormat) -> &'static str {
    format.extensions_str().first().copied().unwrap_or("unknown")
}

fn map_error(format: ImageFormat, error: image::ImageError) -> ScanError {
    use image::ImageError as E;
    let format = format_name(format);
    match error {
        E::Limits(_) => ScanError::TooBig,
        E::Unsupported(e) => ScanError::Corrupt {
            format,
            detail: format!("unsupported variant: {e}"),
        },
        E::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            ScanError::Truncated { format }
        }
        E::Decoding(e) if is_eof(&e) => ScanError::Truncated { format },
        other => ScanError::Corrupt {
            format,
            detail: other.to_string(),
        },
    }
}

/// Decoders report a file cut short in several ways; the user needs to know
/// it is incomplete, not that the format is "invalid".
fn is_eof(error: &image::error::DecodingError) -> bool {
    let text = error.to_string().to_ascii_lowercase();
    text.contains("eof") || text.contains("end of file") || text.contains("unexpected end")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }

    /// A PNG whose header claims `w × h` 8-bit gray pixels, with `idat` as
    /// its (short) compressed body.
    fn png_header_only(w: u32, h: u32, idat: &[u8]) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", idat);
        chunk(&mut png, b"IEND", &[]);
        png
    }

    fn small_png() -> Vec<u8> {
        let img = image::GrayImage::from_pixel(40, 30, image::Luma([200]));
        let mut bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        bytes
    }

    #[test]
    fn a_50000_square_header_is_refused_before_decoding() {
        let png = png_header_only(50_000, 50_000, &[0x78, 0x9c]);
        match decode_image(&png) {
            Err(ScanError::TooLarge { width: 50_000, height: 50_000 }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_decompression_bomb_is_refused_by_pixel_count() {
        // 16384 × 16384 is within the per-side limit but is 268 M pixels;
        // the few-byte body would inflate to 268 MB.
        let png = png_header_only(16_384, 16_384, &[0x78, 0x9c, 0x63, 0x00, 0x00]);
        assert!(png.len() < 100);
        assert!(matches!(decode_image(&png), Err(ScanError::TooLarge { .. })));
    }

    #[test]
    fn a_truncated_png_says_so() {
        let png = small_png();
        let cut = &png[..png.len() - 20];
        match decode_image(cut) {
            Err(ScanError::Truncated { format: "png" }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_corrupt_png_is_an_error_not_a_panic() {
        let mut png = small_png();
        let n = png.len();
        for b in &mut png[40..n - 12] {
            *b ^= 0x5a;
        }
        assert!(matches!(
            decode_image(&png),
            Err(ScanError::Corrupt { .. } | ScanError::Truncated { .. })
        ));
    }

    #[test]
    fn text_is_not_an_image() {
        assert!(matches!(decode_image(b"otpauth://totp/x?secret=AAAA"), Err(ScanError::NotAnImage)));
        assert!(matches!(decode_image(b""), Err(ScanError::NotAnImage)));
    }

    #[test]
    fn formats_we_do_not_accept_are_named() {
        // A TIFF header.
        assert!(matches!(
            decode_image(b"II*\0\x08\0\0\0\0\0\0\0"),
            Err(ScanError::UnsupportedFormat("tif" | "tiff"))
        ));
    }

    #[test]
    fn a_zero_sized_image_is_corrupt() {
        let png = png_header_only(0, 10, &[0x78, 0x9c]);
        assert!(matches!(decode_image(&png), Err(ScanError::Corrupt { .. } | ScanError::TooLarge { .. })));
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        assert!(matches!(
            load_image(Path::new("/nonexistent/omamori/shot.png")),
            Err(ScanError::Io(_))
        ));
    }
}
