//! The grid decoder behind a small trait, so another engine can be measured
//! on the same front end.
//!
//! The front end hands an engine one small crop at a time, dark modules on a
//! light background, about 4–6 pixels per module. That bounds the engine's
//! work: rqrr's grouping step copies the whole image for every candidate
//! pair of capstones, which is what made it run for seconds on busy 4K
//! frames.

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

/// rqrr 0.11, the design's choice: pure Rust, a port of quirc.
pub(crate) struct Rqrr;

impl Rqrr {
    fn collect<G: rqrr::BitGrid>(grids: Vec<rqrr::Grid<G>>) -> Vec<Decoded> {
        grids
            .into_iter()
            .filter_map(|grid| {
                // Non-UTF-8 payloads are not account data; skip them.
                let (_, text) = grid.decode().ok()?;
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
        let grid = rqrr::SimpleGrid::from_func(size, |x, y| dark[y * size + x]);
        // rqrr tries the mirrored grid itself when the first reading fails.
        rqrr::Grid::new(grid).decode().ok().map(|(_, text)| text)
    }
}
