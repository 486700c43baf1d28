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
        let mut min = vec![u8::MAX; bw * bh];
        let mut max = vec![0u8; bw * bh];
        for (y, row) in data.chunks_exact(w).enumerate() {
            let base = (y >> BLOCK_SHIFT) * bw;
            for (bx, chunk) in row.chunks(BLOCK).enumerate() {
                let i = base + bx;
                let (mut lo, mut hi) = (min[i], max[i]);
                for &v in chunk {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
                min[i] = lo;
                max[i] = hi;
            }
        }
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
                let area = |t: &[u32]| t[y1 * sw + x1] + t[y0 * sw + x0] - t[y0 * sw + x1] - t[y1 * sw + x0];
                let n = area(&sat_n);
                levels[by * bw + bx] = if n == 0 { 0 } else { (area(&sat_sum) / n) as u8 };
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

