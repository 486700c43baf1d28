//! Grayscale conversion and the scaled copies the front end works on.
//!
//! Everything downstream works on 8-bit luma. The conversion is written out
//! for the common RGBA/RGB layouts because it runs over every pixel of a 4K
//! frame (8 M pixels) and must cost a few milliseconds, not tens.

use image::{DynamicImage, GrayImage};

/// Luma with integer BT.601 weights; exact colour science does not matter
/// for finding dark and light modules.
#[inline]
fn luma(r: u8, g: u8, b: u8) -> u8 {
    // u16 arithmetic (max 255 × 256) lets the compiler use twice as many lanes.
    ((u16::from(r) * 77 + u16::from(g) * 150 + u16::from(b) * 29) >> 8) as u8
}

/// Converts any decoded image to 8-bit grayscale.
pub(crate) fn to_gray(image: &DynamicImage) -> GrayImage {
    match image {
        DynamicImage::ImageLuma8(g) => g.clone(),
        DynamicImage::ImageRgba8(img) => {
            rgba_to_gray(img.width(), img.height(), img.as_raw()).expect("buffer size matches")
        }
        DynamicImage::ImageRgb8(img) => {
            let data = img.as_raw().chunks_exact(3).map(|p| luma(p[0], p[1], p[2])).collect();
            GrayImage::from_raw(img.width(), img.height(), data).expect("buffer size matches")
        }
        other => other.to_luma8(),
    }
}

/// Converts a raw RGBA buffer (clipboard, screen capture) to grayscale.
/// Alpha is ignored: screenshots are opaque, and a transparent pixel's colour
/// is the best guess we have. `None` when the buffer does not match the size.
pub(crate) fn rgba_to_gray(width: u32, height: u32, rgba: &[u8]) -> Option<GrayImage> {
    let n = (width as usize).checked_mul(height as usize)?;
    if rgba.len() != n.checked_mul(4)? {
        return None;
    }
    let data = rgba.chunks_exact(4).map(|p| luma(p[0], p[1], p[2])).collect();
    GrayImage::from_raw(width, height, data)
}

/// Box-filter downscale by an integer factor (the trailing partial block is
/// dropped). Averaging keeps thin modules as gray instead of aliasing them.
pub(crate) fn downscale(src: &GrayImage, factor: u32) -> GrayImage {
    debug_assert!(factor >= 2);
    let (w, h) = (src.width() / factor, src.height() / factor);
    let sw = src.width() as usize;
    let f = factor as usize;
    let data = src.as_raw();
    let mut out = vec![0u8; w as usize * h as usize];
    let mut acc = vec![0u32; w as usize];
    let div = (f * f) as u32;
    for oy in 0..h as usize {
        acc.fill(0);
        for row in data[oy * f * sw..].chunks_exact(sw).take(f) {
            for (ox, a) in acc.iter_mut().enumerate() {
                let s = &row[ox * f..ox * f + f];
                *a += s.iter().map(|&v| u32::from(v)).sum::<u32>();
            }
        }
        for (o, a) in out[oy * w as usize..(oy + 1) * w as usize].iter_mut().zip(&acc) {
            *o = (a / div) as u8;
        }
    }
    GrayImage::from_raw(w, h, out).expect("buffer size matches")
}

/// Cuts `(x, y, w, h)` out of `src` and resamples it by `scale` (bilinear),
/// optionally inverting it so that modules are always dark on light.
pub(crate) fn crop_scaled(
    src: &GrayImage,
    (x0, y0, cw, ch): (u32, u32, u32, u32),
    scale: f32,
    invert: bool,
) -> GrayImage {
    let ow = ((cw as f32 * scale).round() as u32).max(1);
    let oh = ((ch as f32 * scale).round() as u32).max(1);
    let sw = src.width() as usize;
    let data = src.as_raw();
    let max_x = (src.width() - 1) as f32;
    let max_y = (src.height() - 1) as f32;
    let mut out = Vec::with_capacity(ow as usize * oh as usize);
    for oy in 0..oh {
        let fy = (y0 as f32 + (oy as f32 + 0.5) / scale - 0.5).clamp(0.0, max_y);
        let iy = fy as usize;
        let iy1 = (iy + 1).min(max_y as usize);
        let ty = fy - iy as f32;
        for ox in 0..ow {
            let fx = (x0 as f32 + (ox as f32 + 0.5) / scale - 0.5).clamp(0.0, max_x);
            let ix = fx as usize;
            let ix1 = (ix + 1).min(max_x as usize);
            let tx = fx - ix as f32;
            let p = |x: usize, y: usize| f32::from(data[y * sw + x]);
            let top = p(ix, iy) * (1.0 - tx) + p(ix1, iy) * tx;
            let bottom = p(ix, iy1) * (1.0 - tx) + p(ix1, iy1) * tx;
            let v = (top * (1.0 - ty) + bottom * ty + 0.5) as u8;
            out.push(if invert { 255 - v } else { v });
        }
    }
    GrayImage::from_raw(ow, oh, out).expect("buffer size matches")
}
