//! The pixels the front end reads, as 8-bit luma, without converting the
//! whole frame first.
//!
//! A 4K RGB frame is 25 MB; converting it to a gray copy cost more than the
//! rest of the search, and a fresh 8 MB buffer per frame costs page faults
//! too. So a [`Frame`] borrows the decoded pixels (gray, RGB or RGBA) and
//! converts on demand: a row at a time for the passes that read every row,
//! a pixel at a time for the sparse reads (cross-checks, crops).

use image::{DynamicImage, GrayImage};

/// Luma with integer BT.601 weights, `(77 r + 150 g + 29 b) / 256`; exact
/// colour science does not matter for finding dark and light modules.
#[inline]
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((u16::from(r) * 77 + u16::from(g) * 150 + u16::from(b) * 29) >> 8) as u8
}

/// [`luma`] of the pixel in the low three bytes of `v` (little-endian
/// r, g, b; the top byte is ignored). One multiply does red and blue at
/// once: `r + b·2¹⁶` times `29 + 77·2¹⁶` holds `77 r + 29 b` in its upper
/// half (the lower half, `29 r`, cannot carry into it). Scalar code, but
/// about three times faster than three byte loads and three multiplies,
/// and the whole-frame passes do this for millions of pixels.
#[inline]
fn luma_word(v: u32) -> u8 {
    const RB: u32 = 29 + (77 << 16);
    let rb = ((v & 0x00FF_00FF).wrapping_mul(RB)) >> 16;
    ((rb + ((v >> 8) & 0xFF) * 150) >> 8) as u8
}

#[derive(Clone, Copy)]
enum Pixels<'a> {
    Gray(&'a [u8]),
    Rgb(&'a [u8]),
    Rgba(&'a [u8]),
}

/// A borrowed image the front end reads luma from.
#[derive(Clone, Copy)]
pub(crate) struct Frame<'a> {
    pub width: usize,
    pub height: usize,
    pixels: Pixels<'a>,
}

impl<'a> Frame<'a> {
    pub(crate) fn gray(img: &'a GrayImage) -> Self {
        Frame {
            width: img.width() as usize,
            height: img.height() as usize,
            pixels: Pixels::Gray(img.as_raw()),
        }
    }

    /// The layouts decoders and screen grabs produce; `None` for the rest
    /// (16-bit, float, gray with alpha), which the caller converts.
    pub(crate) fn from_image(img: &'a DynamicImage) -> Option<Self> {
        let pixels = match img {
            DynamicImage::ImageLuma8(g) => Pixels::Gray(g.as_raw()),
            DynamicImage::ImageRgb8(i) => Pixels::Rgb(i.as_raw()),
            DynamicImage::ImageRgba8(i) => Pixels::Rgba(i.as_raw()),
            _ => return None,
        };
        Some(Frame {
            width: img.width() as usize,
            height: img.height() as usize,
            pixels,
        })
    }

    /// A raw RGBA buffer (clipboard, screen capture). Alpha is ignored:
    /// screenshots are opaque, and a transparent pixel's colour is the best
    /// guess we have. `None` when the buffer does not match the size.
    pub(crate) fn rgba(width: u32, height: u32, rgba: &'a [u8]) -> Option<Self> {
        let n = (width as usize).checked_mul(height as usize)?;
        (rgba.len() == n.checked_mul(4)?).then_some(Frame {
            width: width as usize,
            height: height as usize,
            pixels: Pixels::Rgba(rgba),
        })
    }

    /// The pixels, when they are luma already.
    pub(crate) fn gray_pixels(&self) -> Option<&'a [u8]> {
        match self.pixels {
            Pixels::Gray(d) => Some(d),
            _ => None,
        }
    }

    // Always inlined: the cross-checks call this per pixel.
    #[inline(always)]
    pub(crate) fn luma(&self, x: usize, y: usize) -> u8 {
        let i = y * self.width + x;
        match self.pixels {
            Pixels::Gray(d) => d[i],
            Pixels::Rgb(d) => luma(d[3 * i], d[3 * i + 1], d[3 * i + 2]),
            Pixels::Rgba(d) => luma_word(u32::from_le_bytes([
                d[4 * i],
                d[4 * i + 1],
                d[4 * i + 2],
                d[4 * i + 3],
            ])),
        }
    }

    /// Row `y` as luma: borrowed when the frame is gray, else converted
    /// into `buf` (at least `width` long).
    pub(crate) fn row<'b>(&'b self, y: usize, buf: &'b mut [u8]) -> &'b [u8] {
        let w = self.width;
        let buf = &mut buf[..w];
        match self.pixels {
            Pixels::Gray(d) => return &d[y * w..(y + 1) * w],
            Pixels::Rgb(d) => {
                let src = &d[3 * y * w..3 * (y + 1) * w];
                // Four bytes from each pixel's start: its own three and the
                // next pixel's red, which `luma_word` ignores. The last
                // pixel has no fourth byte.
                let (last, rest) = buf.split_last_mut().expect("width is not zero");
                for (o, p) in rest.iter_mut().zip(src.windows(4).step_by(3)) {
                    *o = luma_word(u32::from_le_bytes([p[0], p[1], p[2], p[3]]));
                }
                let p = &src[src.len() - 3..];
                *last = luma(p[0], p[1], p[2]);
            }
            Pixels::Rgba(d) => {
                for (o, p) in buf
                    .iter_mut()
                    .zip(d[4 * y * w..4 * (y + 1) * w].chunks_exact(4))
                {
                    *o = luma_word(u32::from_le_bytes([p[0], p[1], p[2], p[3]]));
                }
            }
        }
        buf
    }
}

/// Threads for whole-frame passes. The passes are memory-bound, and a
/// second core brings its own share of bandwidth; more than four rarely pays.
pub(crate) fn threads_for(pixels: usize) -> usize {
    if pixels < 1 << 20 {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Runs the jobs (bands of a frame) in parallel and returns their results
/// in order. The last job runs on the calling thread: on a busy machine a
/// newly spawned thread can wait milliseconds for a core, so a single job
/// never spawns one.
pub(crate) fn in_parallel<T: Send, J: FnOnce() -> T + Send>(mut jobs: Vec<J>) -> Vec<T> {
    let Some(last) = jobs.pop() else {
        return Vec::new();
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs.into_iter().map(|job| s.spawn(job)).collect();
        let last = last();
        let mut out: Vec<T> = handles
            .into_iter()
            .map(|h| h.join().expect("bands do not panic"))
            .collect();
        out.push(last);
        out
    })
}

/// Box-filter downscale by 4 (the trailing partial block is dropped).
/// Averaging keeps thin modules as gray instead of aliasing them.
pub(crate) fn downscale4(src: &GrayImage) -> GrayImage {
    let (w, h) = (src.width() / 4, src.height() / 4);
    let sw = src.width() as usize;
    let mut out = vec![0u8; w as usize * h as usize];
    let mut acc = vec![0u16; sw];
    for (rows, dst) in src
        .as_raw()
        .chunks_exact(4 * sw)
        .zip(out.chunks_exact_mut(w as usize))
    {
        acc.fill(0);
        for row in rows.chunks_exact(sw) {
            for (a, &v) in acc.iter_mut().zip(row) {
                *a += u16::from(v);
            }
        }
        for (o, a) in dst.iter_mut().zip(acc.chunks_exact(4)) {
            *o = ((a[0] + a[1] + a[2] + a[3] + 8) >> 4) as u8;
        }
    }
    GrayImage::from_raw(w, h, out).expect("buffer size matches")
}

/// Cuts `(x, y, w, h)` out of `frame` and resamples it by `scale`
/// (bilinear, 8-bit fixed point), optionally inverting it so that modules
/// are always dark on light.
pub(crate) fn crop_scaled(
    frame: &Frame,
    rect: (u32, u32, u32, u32),
    scale: f32,
    invert: bool,
) -> GrayImage {
    let w = frame.width;
    match frame.pixels {
        Pixels::Gray(d) => crop_with(|i| d[i], w, frame.height, rect, scale, invert),
        Pixels::Rgb(d) => crop_with(
            |i| luma(d[3 * i], d[3 * i + 1], d[3 * i + 2]),
            w,
            frame.height,
            rect,
            scale,
            invert,
        ),
        Pixels::Rgba(d) => crop_with(
            |i| luma(d[4 * i], d[4 * i + 1], d[4 * i + 2]),
            w,
            frame.height,
            rect,
            scale,
            invert,
        ),
    }
}

/// One source coordinate per output column or row: the two neighbours and
/// the weight of the second, in 1/256.
fn taps(start: u32, out_len: u32, scale: f32, max: usize) -> Vec<(usize, usize, u32)> {
    (0..out_len)
        .map(|o| {
            let f = (start as f32 + (o as f32 + 0.5) / scale - 0.5).clamp(0.0, max as f32);
            let i = f as usize;
            (i, (i + 1).min(max), ((f - i as f32) * 256.0) as u32)
        })
        .collect()
}

fn crop_with(
    at: impl Fn(usize) -> u8,
    w: usize,
    h: usize,
    (x0, y0, cw, ch): (u32, u32, u32, u32),
    scale: f32,
    invert: bool,
) -> GrayImage {
    let ow = ((cw as f32 * scale).round() as u32).max(1);
    let oh = ((ch as f32 * scale).round() as u32).max(1);
    let xs = taps(x0, ow, scale, w - 1);
    let flip = if invert { 255 } else { 0 };
    let mut out = Vec::with_capacity(ow as usize * oh as usize);
    for (iy, iy1, ty) in taps(y0, oh, scale, h - 1) {
        let (r0, r1) = (iy * w, iy1 * w);
        for &(ix, ix1, tx) in &xs {
            let p = |i: usize| u32::from(at(i));
            let top = p(r0 + ix) * (256 - tx) + p(r0 + ix1) * tx;
            let bottom = p(r1 + ix) * (256 - tx) + p(r1 + ix1) * tx;
            let v = ((top * (256 - ty) + bottom * ty + (1 << 15)) >> 16) as u8;
            out.push(v ^ flip);
        }
    }
    GrayImage::from_raw(ow, oh, out).expect("buffer size matches")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_multiply_luma_equals_the_plain_formula_for_every_colour() {
        for r in 0..=255u8 {
            for g in 0..=255u8 {
                for b in 0..=255u8 {
                    let word = u32::from_le_bytes([r, g, b, 0xA5]);
                    assert_eq!(luma_word(word), luma(r, g, b), "{r} {g} {b}");
                }
            }
        }
    }

    #[test]
    fn rows_of_every_layout_agree() {
        let rgb = image::RgbImage::from_fn(37, 3, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 50 + x) as u8, (255 - x * 3) as u8])
        });
        let img = DynamicImage::ImageRgb8(rgb);
        let gray = img.to_luma8();
        let rgba = img.to_rgba8();
        let frames = [
            Frame::from_image(&img).unwrap(),
            Frame::rgba(37, 3, rgba.as_raw()).unwrap(),
        ];
        let mut buf = vec![0; 37];
        for frame in frames {
            for y in 0..3 {
                let expected: Vec<u8> = (0..37)
                    .map(|x| {
                        let p = img.as_rgb8().unwrap().get_pixel(x, y as u32).0;
                        luma(p[0], p[1], p[2])
                    })
                    .collect();
                assert_eq!(frame.row(y, &mut buf), &expected[..]);
                assert!((0..37).all(|x| frame.luma(x, y) == expected[x]));
            }
        }
        assert_eq!(Frame::gray(&gray).row(1, &mut buf), &gray.as_raw()[37..74]);
    }
}
