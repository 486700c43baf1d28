//! Local (block-adaptive) thresholds: which pixels count as dark.
//!
//! A global threshold fails on the pages we care about: a light QR panel on a
//! dark-mode page, uneven lighting in a phone photo, a low-contrast (2.5:1)
//! code next to black text. Like ZXing's hybrid binarizer we average each
//! 8 × 8 block and compare a pixel with the mean of the 5 × 5 blocks around
//! it, so the threshold follows the neighbourhood. Blocks with almost no
//! contrast take their neighbours' level, so the inside of a large dark
//! module stays dark instead of flipping to light.

use image::GrayImage;

const BLOCK_SHIFT: usize = 3;
const BLOCK: usize = 1 << BLOCK_SHIFT;
/// Below this spread a block is treated as flat (JPEG noise, a solid panel).
const MIN_DYNAMIC_RANGE: u8 = 24;

/// Per-block thresholds for one image.
pub(crate) struct Thresholds {
    blocks_w: usize,
    levels: Vec<u8>,
}

impl Thresholds {
    pub(crate) fn compute(img: &GrayImage) -> Self {
        let (w, h) = (img.width() as usize, img.height() as usize);
        let bw = w.div_ceil(BLOCK);
        let bh = h.div_ceil(BLOCK);
        let data = img.as_raw();
        let mut sum = vec![0u32; bw * bh];
        let mut min = vec![u8::MAX; bw * bh];
        let mut max = vec![0u8; bw * bh];
        for (y, row) in data.chunks_exact(w).enumerate() {
            let base = (y >> BLOCK_SHIFT) * bw;
            for (bx, chunk) in row.chunks(BLOCK).enumerate() {
                let i = base + bx;
                let (mut s, mut lo, mut hi) = (0u32, min[i], max[i]);
                for &v in chunk {
                    s += u32::from(v);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
                sum[i] += s;
                min[i] = lo;
                max[i] = hi;
            }
        }
        let mut avg = vec![0u8; bw * bh];
        for by in 0..bh {
            let rows = (h - by * BLOCK).min(BLOCK);
            for bx in 0..bw {
                let cols = (w - bx * BLOCK).min(BLOCK);
                let i = by * bw + bx;
                let mut a = (sum[i] / (rows * cols) as u32) as u8;
                if max[i] - min[i] <= MIN_DYNAMIC_RANGE {
                    // Flat block: assume light, unless the neighbours already
                    // seen are lighter than it, then it is part of a dark area.
                    a = min[i] / 2;
                    if by > 0 && bx > 0 {
                        let n = (u32::from(avg[i - bw])
                            + 2 * u32::from(avg[i - 1])
                            + u32::from(avg[i - bw - 1]))
                            / 4;
                        if u32::from(min[i]) < n {
                            a = n as u8;
                        }
                    }
                }
                avg[i] = a;
            }
        }
        // Mean over the 5 × 5 neighbourhood, via a summed-area table.
        let sw = bw + 1;
        let mut sat = vec![0u32; sw * (bh + 1)];
        for by in 0..bh {
            let mut row_sum = 0u32;
            for bx in 0..bw {
                row_sum += u32::from(avg[by * bw + bx]);
                sat[(by + 1) * sw + bx + 1] = sat[by * sw + bx + 1] + row_sum;
            }
        }
        let mut levels = vec![0u8; bw * bh];
        for by in 0..bh {
            let y0 = by.saturating_sub(2);
            let y1 = (by + 3).min(bh);
            for bx in 0..bw {
                let x0 = bx.saturating_sub(2);
                let x1 = (bx + 3).min(bw);
                let total = sat[y1 * sw + x1] + sat[y0 * sw + x0] - sat[y0 * sw + x1] - sat[y1 * sw + x0];
                levels[by * bw + bx] = (total / ((y1 - y0) * (x1 - x0)) as u32) as u8;
            }
        }
        Thresholds { blocks_w: bw, levels }
    }

    /// The thresholds for row `y`, one per block of [`BLOCK`] columns.
    #[inline]
    pub(crate) fn row(&self, y: usize) -> &[u8] {
        let start = (y >> BLOCK_SHIFT) * self.blocks_w;
        &self.levels[start..start + self.blocks_w]
    }

    #[inline]
    pub(crate) fn is_dark(&self, img: &[u8], width: usize, x: usize, y: usize) -> bool {
        img[y * width + x] < self.levels[(y >> BLOCK_SHIFT) * self.blocks_w + (x >> BLOCK_SHIFT)]
    }
}

/// Index of the threshold that applies to column `x`.
#[inline]
pub(crate) fn block_of(x: usize) -> usize {
    x >> BLOCK_SHIFT
}
