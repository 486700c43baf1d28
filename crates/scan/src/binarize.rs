//! Local (block-adaptive) thresholds: which pixels count as dark.
//!
//! A global threshold fails on the pages we care about: a light QR panel on a
//! dark-mode page, uneven lighting in a phone photo, a low-contrast (2.5:1)
//! code next to black text. As in ZXing's hybrid binarizer we measure each
//! 8 × 8 block and compare a pixel with a level pooled over the 5 × 5 blocks
//! around it, so the threshold follows the neighbourhood. Unlike ZXing, flat
//! blocks do not count as white paper: dark-mode pages are mostly flat and
//! dark.

use image::GrayImage;

use crate::luma::Frame;

const BLOCK_SHIFT: usize = 3;
const BLOCK: usize = 1 << BLOCK_SHIFT;
/// Below this spread a block is treated as flat (JPEG noise, a solid panel).
const MIN_DYNAMIC_RANGE: u8 = 24;

/// Per-block thresholds for one image.
pub(crate) struct Thresholds {
    blocks_w: usize,
    levels: Vec<u8>,
}

/// What one pass over a whole frame yields.
pub(crate) struct Survey<'a> {
    pub thresholds: Thresholds,
    /// The frame reduced by 4 (box filter), for the search of large modules.
    pub small: GrayImage,
    /// The rows the pass read, as luma, for the finder search.
    pub rows: Rows<'a>,
}

/// Every `step`-th row of a frame as luma: borrowed from a gray frame,
/// else converted once by [`survey`] and kept, so the search does not read
/// (and convert) 3 or 4 bytes per pixel a second time.
pub(crate) struct Rows<'a> {
    frame: &'a Frame<'a>,
    pub step: usize,
    converted: Vec<u8>,
}

impl<'a> Rows<'a> {
    /// Every row of a gray frame.
    pub(crate) fn gray(frame: &'a Frame<'a>) -> Self {
        assert!(
            frame.gray_pixels().is_some(),
            "only gray frames have rows to borrow"
        );
        Rows {
            frame,
            step: 1,
            converted: Vec::new(),
        }
    }

    /// Row `y`, a multiple of `step`.
    pub(crate) fn row(&self, y: usize) -> &[u8] {
        let w = self.frame.width;
        match self.frame.gray_pixels() {
            Some(d) => &d[y * w..(y + 1) * w],
            None => &self.converted[y / self.step * w..][..w],
        }
    }
}

/// One pass over a whole frame: the thresholds, the ×4 reduction and the
/// rows as luma. Reading every pixel once, converting and reducing in the
/// same loop, is what keeps a 4K frame cheap.
///
/// With `row_step` 2 only even rows are read: block statistics from 4 of
/// every 8 rows, and each reduced pixel averages a 4 × 2 sample. The finder
/// search at that step reads only those rows too.
pub(crate) fn survey<'a>(frame: &'a Frame<'a>, row_step: usize) -> Survey<'a> {
    let (w, h) = (frame.width, frame.height);
    let (bw, bh) = (w.div_ceil(BLOCK), h.div_ceil(BLOCK));
    let (sw, sh) = (w / 4, h / 4);
    let mut min = vec![u8::MAX; bw * bh];
    let mut max = vec![0u8; bw * bh];
    let mut small = vec![0u8; sw * sh];
    let keep = frame.gray_pixels().is_none();
    let mut converted = if keep {
        vec![0u8; h.div_ceil(row_step) * w]
    } else {
        Vec::new()
    };
    let threads = crate::luma::threads_for(w * h);
    let per = bh.div_ceil(threads).max(1);
    let mut jobs = Vec::new();
    let mut small_rest = &mut small[..];
    let mut kept_rest = &mut converted[..];
    for (t, (min, max)) in min
        .chunks_mut(per * bw)
        .zip(max.chunks_mut(per * bw))
        .enumerate()
    {
        let k0 = t * per;
        // Block row k holds reduced rows 2k and 2k + 1.
        let rows = (2 * per).min(small_rest.len() / sw.max(1));
        let (small, rest) = small_rest.split_at_mut(rows * sw);
        small_rest = rest;
        let rows = (per * BLOCK / row_step).min(kept_rest.len() / w);
        let (kept, rest) = kept_rest.split_at_mut(rows * w);
        kept_rest = rest;
        let band = Band {
            k0,
            min,
            max,
            small: Some((small, 2 * k0)),
            kept,
        };
        jobs.push(move || block_stats(frame, row_step, band));
    }
    crate::luma::in_parallel(jobs);
    Survey {
        thresholds: Thresholds::from_stats(bw, bh, &min, &max),
        small: GrayImage::from_raw(sw as u32, sh as u32, small).expect("buffer size matches"),
        rows: Rows {
            frame,
            step: row_step,
            converted,
        },
    }
}

/// One thread's share of [`survey`]: block rows from `k0`, as many as `min`
/// holds.
struct Band<'s> {
    k0: usize,
    min: &'s mut [u8],
    max: &'s mut [u8],
    /// The ×4 reduction of these rows, and the index of its first row.
    small: Option<(&'s mut [u8], usize)>,
    /// Where the converted rows go (empty: do not keep them).
    kept: &'s mut [u8],
}

/// Min and max of each block of a band, and its ×4 reduction and rows.
fn block_stats(frame: &Frame, row_step: usize, band: Band) {
    let Band {
        k0,
        min,
        max,
        mut small,
        kept,
    } = band;
    let (w, h) = (frame.width, frame.height);
    let bw = w.div_ceil(BLOCK);
    let sw = w / 4;
    let mut buf = vec![0u8; if kept.is_empty() { w } else { 0 }];
    let mut col_min = vec![u8::MAX; w];
    let mut col_max = vec![0u8; w];
    let mut acc = vec![0u16; w];
    // Samples per reduced pixel: 4 columns × the rows read of 4.
    let shift = if row_step == 2 { 3 } else { 4 };
    for (k, (bmin, bmax)) in min.chunks_mut(bw).zip(max.chunks_mut(bw)).enumerate() {
        let k = k0 + k;
        col_min.fill(u8::MAX);
        col_max.fill(0);
        for y in (k * BLOCK..((k + 1) * BLOCK).min(h)).step_by(row_step) {
            let dst = if kept.is_empty() {
                &mut buf[..]
            } else {
                let i = (y - k0 * BLOCK) / row_step;
                &mut kept[i * w..(i + 1) * w]
            };
            let row = frame.row(y, dst);
            // Column-wise first: straight loops over bytes vectorise well.
            for ((lo, hi), &v) in col_min.iter_mut().zip(col_max.iter_mut()).zip(row) {
                *lo = (*lo).min(v);
                *hi = (*hi).max(v);
            }
            if let Some((small, s0)) = small.as_mut() {
                for (a, &v) in acc.iter_mut().zip(row) {
                    *a += u16::from(v);
                }
                if y % 4 + row_step == 4 {
                    let r = y / 4 - *s0;
                    if let Some(dst) = small.get_mut(r * sw..(r + 1) * sw) {
                        for (o, a) in dst.iter_mut().zip(acc.chunks_exact(4)) {
                            *o = ((a[0] + a[1] + a[2] + a[3] + (1 << (shift - 1))) >> shift) as u8;
                        }
                    }
                    acc.fill(0);
                }
            }
        }
        for (((lo, hi), cmin), cmax) in bmin
            .iter_mut()
            .zip(bmax.iter_mut())
            .zip(col_min.chunks(BLOCK))
            .zip(col_max.chunks(BLOCK))
        {
            *lo = cmin.iter().copied().fold(u8::MAX, u8::min);
            *hi = cmax.iter().copied().fold(0, u8::max);
        }
    }
}

impl Thresholds {
    /// Thresholds of a small image (a crop, a reduced frame), every row.
    pub(crate) fn compute(img: &GrayImage) -> Self {
        let frame = Frame::gray(img);
        let (bw, bh) = (frame.width.div_ceil(BLOCK), frame.height.div_ceil(BLOCK));
        let mut min = vec![u8::MAX; bw * bh];
        let mut max = vec![0u8; bw * bh];
        let band = Band {
            k0: 0,
            min: &mut min,
            max: &mut max,
            small: None,
            kept: &mut [],
        };
        block_stats(&frame, 1, band);
        Self::from_stats(bw, bh, &min, &max)
    }

    fn from_stats(bw: usize, bh: usize, min: &[u8], max: &[u8]) -> Self {
        // Each block with contrast votes the midpoint of its range; flat
        // blocks (inside a large module, a plain panel) abstain, whatever
        // their brightness, so a dark-mode page is not mistaken for light
        // paper. The threshold is the mean vote over the 5 × 5 blocks around;
        // with no vote at all the area is uniform and its colour irrelevant.
        let sw = bw + 1;
        let mut sat_sum = vec![0u32; sw * (bh + 1)];
        let mut sat_n = vec![0u32; sw * (bh + 1)];
        for by in 0..bh {
            let (mut row_sum, mut row_n) = (0u32, 0u32);
            for bx in 0..bw {
                let i = by * bw + bx;
                if max[i] - min[i] > MIN_DYNAMIC_RANGE {
                    row_sum += (u32::from(min[i]) + u32::from(max[i])) / 2;
                    row_n += 1;
                }
                let o = (by + 1) * sw + bx + 1;
                sat_sum[o] = sat_sum[by * sw + bx + 1] + row_sum;
                sat_n[o] = sat_n[by * sw + bx + 1] + row_n;
            }
        }
        let mut levels = vec![0u8; bw * bh];
        for by in 0..bh {
            let y0 = by.saturating_sub(2);
            let y1 = (by + 3).min(bh);
            for bx in 0..bw {
                let x0 = bx.saturating_sub(2);
                let x1 = (bx + 3).min(bw);
                let area = |t: &[u32]| {
                    t[y1 * sw + x1] + t[y0 * sw + x0] - t[y0 * sw + x1] - t[y1 * sw + x0]
                };
                let n = area(&sat_n);
                levels[by * bw + bx] = area(&sat_sum).checked_div(n).unwrap_or(0) as u8;
            }
        }
        Thresholds {
            blocks_w: bw,
            levels,
        }
    }

    /// The thresholds for row `y`, one per block of [`BLOCK`] columns.
    #[inline]
    pub(crate) fn row(&self, y: usize) -> &[u8] {
        let start = (y >> BLOCK_SHIFT) * self.blocks_w;
        &self.levels[start..start + self.blocks_w]
    }

    #[inline]
    pub(crate) fn level(&self, x: usize, y: usize) -> u8 {
        self.levels[(y >> BLOCK_SHIFT) * self.blocks_w + (x >> BLOCK_SHIFT)]
    }

    #[inline]
    pub(crate) fn is_dark(&self, img: &[u8], width: usize, x: usize, y: usize) -> bool {
        img[y * width + x] < self.level(x, y)
    }
}
