//! The grid decoder behind a small trait, so another engine can be measured
//! on the same front end.
//!
//! Mostly the engine gets a module grid we sampled ([`crate::sample`]) and
//! only reads format, error correction and payload. When sampling fails,
//! it gets one small crop at a time, dark modules on a light background,
//! about 4–6 pixels per module, and finds the code itself. That bounds the
//! engine's work: rqrr's grouping step copies the whole image for every
//! candidate pair of capstones, which is what made it run for seconds on
//! busy 4K frames, and its grid fitting costs ~8 ms per code even on a
//! clean crop.

use image::GrayImage;

/// A payload found in a crop, with its corners in crop coordinates.
#[derive(Clone, Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub corners: [(f32, f32); 4],
}

/// Decodes every QR code in a (small) crop.
pub(crate) trait GridDecoder {
    /// Lets the engine binarize `crop` itself.
    fn decode_gray(&self, crop: &GrayImage) -> Vec<Decoded>;
    /// Uses our binarization: `dark[y * width + x]`.
    fn decode_bitmap(&self, width: usize, height: usize, dark: &[bool]) -> Vec<Decoded>;
    /// Decodes a sampled module grid, `dark[y * size + x]` (top-left finder
    /// at the origin; a mirrored grid should be tried too).
    fn decode_grid(&self, size: usize, dark: &[bool]) -> Option<String>;
}

/// rqrr 0.11, the design's choice: pure Rust, a port of quirc. rqrr finds
/// codes in crops when our sampling fails; turning grids into text is ours
/// ([`crate::qr`]: ECIs, Kanji mode, the encoding guess).
pub(crate) struct Rqrr;

impl Rqrr {
    fn collect<G: rqrr::BitGrid>(grids: Vec<rqrr::Grid<G>>) -> Vec<Decoded> {
        grids
            .into_iter()
            .filter_map(|grid| {
                // rqrr found and sampled the grid; the text is ours.
                let g = &grid.grid;
                let text = crate::qr::decode_grid(g.size(), &|x, y| g.bit(y, x))?;
                let corners = grid.bounds.map(|p| (p.x as f32, p.y as f32));
                Some(Decoded { text, corners })
            })
            .collect()
    }
}

impl GridDecoder for Rqrr {
    fn decode_gray(&self, crop: &GrayImage) -> Vec<Decoded> {
        let w = crop.width() as usize;
        let data = crop.as_raw();
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(w, crop.height() as usize, |x, y| {
                data[y * w + x]
            });
        Self::collect(prepared.detect_grids())
    }

    fn decode_bitmap(&self, width: usize, height: usize, dark: &[bool]) -> Vec<Decoded> {
        let mut prepared =
            rqrr::PreparedImage::prepare_from_bitmap(width, height, |x, y| dark[y * width + x]);
        Self::collect(prepared.detect_grids())
    }

    fn decode_grid(&self, size: usize, dark: &[bool]) -> Option<String> {
        // Tries the mirrored grid too when the first reading fails.
        crate::qr::decode_grid(size, &|x, y| dark[y * size + x])
    }
}

/// rxing 0.9 (a Rust port of ZXing and zxing-cpp), only to measure it
/// against rqrr on the same front end (feature `rxing`).
#[cfg(feature = "rxing")]
pub(crate) struct Rxing;

#[cfg(feature = "rxing")]
impl Rxing {
    /// rxing's port of zxing-cpp's QR reader over a whole gray image: every
    /// code it finds.
    pub(crate) fn read(gray: &[u8], width: usize, height: usize) -> Vec<Decoded> {
        use rxing::multi::MultipleBarcodeReader;
        let Ok(source) = rxing::Luma8Source::new_with_slice(gray, width as u32, height as u32)
        else {
            return Vec::new();
        };
        let mut bitmap = rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(source));
        let hints = rxing::DecodeHints {
            TryHarder: Some(true),
            ..Default::default()
        };
        let Ok(results) =
            rxing::qrcode::cpp_port::QrReader.decode_multiple_with_hints(&mut bitmap, &hints)
        else {
            return Vec::new();
        };
        results
            .into_iter()
            .map(|r| {
                let pts = r.getPoints();
                let corners = if pts.len() == 4 {
                    std::array::from_fn(|i| (pts[i].x, pts[i].y))
                } else {
                    // Only some points: their bounding box will do.
                    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
                    for p in pts {
                        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
                    }
                    [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                };
                Decoded {
                    text: r.getText().to_string(),
                    corners,
                }
            })
            .collect()
    }
}

#[cfg(feature = "rxing")]
impl GridDecoder for Rxing {
    fn decode_gray(&self, crop: &GrayImage) -> Vec<Decoded> {
        Self::read(crop.as_raw(), crop.width() as usize, crop.height() as usize)
    }

    fn decode_bitmap(&self, width: usize, height: usize, dark: &[bool]) -> Vec<Decoded> {
        let gray: Vec<u8> = dark.iter().map(|&d| if d { 0 } else { 255 }).collect();
        Self::read(&gray, width, height)
    }

    fn decode_grid(&self, size: usize, dark: &[bool]) -> Option<String> {
        let mut bits = rxing::common::BitMatrix::with_single_dimension(size as u32).ok()?;
        for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
            bits.set((i % size) as u32, (i / size) as u32);
        }
        // Byte segments without an ECI are UTF-8 for us (otpauth URIs, as
        // rqrr reads them); left to guess, ZXing may take them for
        // Shift_JIS. Tries the mirrored reading itself, like rqrr.
        let hints = rxing::DecodeHints {
            CharacterSet: Some("UTF-8".into()),
            ..Default::default()
        };
        let result =
            rxing::qrcode::decoder::qrcode_decoder::decode_bitmatrix_with_hints(&bits, &hints)
                .ok()?;
        Some(result.getText().to_string())
    }
}
