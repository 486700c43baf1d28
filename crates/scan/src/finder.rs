//! Finder-pattern search: where could QR codes be?
//!
//! Every QR code has three finder patterns, 7 × 7 modules, which any line
//! through their centre crosses as dark-light-dark-light-dark runs in the
//! ratio 1:1:3:1:1. We scan rows of a binarized image for that ratio, in both
//! polarities (light-dark-light-dark-light is an inverted, dark-mode code),
//! confirm each hit with a vertical and a diagonal cross-check, and merge hits
//! that belong to the same pattern. This is the ZXing approach; it costs one
//! pass over the pixels, so a 4K frame is searched in a few milliseconds,
//! and it tolerates rotation and moderate perspective because the ratio holds
//! along any line through the centre.

use std::time::Instant;

use crate::binarize::{Rows, Thresholds};
use crate::luma::Frame;

/// One probable finder pattern, in the coordinates of the image searched.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Finder {
    pub x: f32,
    pub y: f32,
    /// Estimated module size in pixels.
    pub module: f32,
    /// Light modules on a dark background.
    pub inverted: bool,
    /// How many scan lines confirmed it.
    pub hits: u32,
}

/// Upper bound on merged candidates per image: text-heavy pages produce some
/// false candidates, and each costs time later. Real patterns are confirmed
/// by several rows, so they win the cut.
const MAX_CANDIDATES: usize = 400;

/// Do five run lengths look like 1:1:3:1:1? Lenient, because a 2-pixel
/// module blurred by resampling comes out as runs of 1 to 3 pixels; the
/// cross-checks and, finally, the decoder's error correction reject the
/// rest.
fn ratio_ok(r: &[u32; 5]) -> bool {
    let total: u32 = r.iter().sum();
    if total < 7 {
        return false;
    }
    let m = total as f32 / 7.0;
    let outer = |v: u32| {
        let v = v as f32;
        v >= 0.35 * m && v <= 1.75 * m
    };
    let c = r[2] as f32;
    outer(r[0]) && outer(r[1]) && outer(r[3]) && outer(r[4]) && c >= 1.9 * m && c <= 4.3 * m
}

struct Grid<'a> {
    frame: &'a Frame<'a>,
    rows: &'a Rows<'a>,
    w: usize,
    h: usize,
    th: &'a Thresholds,
}

impl Grid<'_> {
    #[inline]
    fn dark(&self, x: usize, y: usize) -> bool {
        self.frame.luma(x, y) < self.th.level(x, y)
    }

    /// Walks from `(x, y)` in direction `(dx, dy)` and back, measuring the
    /// five runs centred on the start pixel, which must have colour `stone`.
    /// Returns the runs and the offset of the centre run's middle from the
    /// start, in steps along the direction. Gives up once half the centre
    /// run exceeds `limits[0]` or another run `limits[1]`.
    fn cross(
        &self,
        x: usize,
        y: usize,
        dx: isize,
        dy: isize,
        stone: bool,
        limits: [u32; 2],
    ) -> Option<([u32; 5], f32)> {
        if self.dark(x, y) != stone {
            return None;
        }
        let mut runs = [0u32; 5];
        // Forward: centre half, then runs 3 and 4.
        let mut fwd = [0u32; 3];
        let mut back = [0u32; 3];
        for (dir, out) in [(1isize, &mut fwd), (-1isize, &mut back)] {
            let (mut cx, mut cy) = (x as isize, y as isize);
            let mut idx = 0;
            let mut want = stone;
            loop {
                cx += dx * dir;
                cy += dy * dir;
                if cx < 0 || cy < 0 || cx >= self.w as isize || cy >= self.h as isize {
                    break;
                }
                let d = self.dark(cx as usize, cy as usize);
                if d != want {
                    idx += 1;
                    if idx == 3 {
                        break;
                    }
                    want = !want;
                }
                out[idx] += 1;
                if out[idx] > limits[(idx > 0) as usize] {
                    return None;
                }
            }
            if idx < 2 || out[2] == 0 {
                return None;
            }
        }
        runs[0] = back[2];
        runs[1] = back[1];
        runs[2] = back[0] + fwd[0] + 1;
        runs[3] = fwd[1];
        runs[4] = fwd[2];
        let centre = (fwd[0] as f32 - back[0] as f32) / 2.0;
        Some((runs, centre))
    }
}

/// Searches `frame` (with its thresholds) on the rows in `rows` and appends
/// the merged candidates to `out`, in this image's coordinates. Stops early
/// at `deadline` and then returns false.
pub(crate) fn search(
    frame: &Frame,
    rows: &Rows,
    th: &Thresholds,
    deadline: Option<Instant>,
    out: &mut Vec<Finder>,
) -> bool {
    let (w, h) = (frame.width, frame.height);
    let row_step = rows.step;
    let grid = Grid {
        frame,
        rows,
        w,
        h,
        th,
    };
    let threads = crate::luma::threads_for(w * h);
    let band = h.div_ceil(threads).max(1);
    let grid = &grid;
    let bands = crate::luma::in_parallel(
        (0..threads)
            .map(|t| {
                move || {
                    search_rows(
                        grid,
                        (t * band).div_ceil(row_step) * row_step,
                        ((t + 1) * band).min(h),
                        row_step,
                        deadline,
                    )
                }
            })
            .collect(),
    );
    let complete = bands.iter().all(|(_, complete)| *complete);
    let mut bands: Vec<Vec<Finder>> = bands.into_iter().map(|(found, _)| found).collect();
    // Patterns straddling a band boundary were seen by two threads. Only
    // candidates near the boundary can be such a pattern (a pattern's hits
    // lie within a few modules of its centre), and only those are compared:
    // comparing all pairs took a second on a noisy 48-megapixel frame.
    let mut found = bands.remove(0);
    for (t, later) in bands.into_iter().enumerate() {
        let boundary = ((t + 1) * band) as f32;
        let near = |f: &Finder| (f.y - boundary).abs() <= 6.0 * f.module;
        let (mut edge, mut rest): (Vec<Finder>, Vec<Finder>) = found.into_iter().partition(near);
        for f in later {
            if near(&f) {
                merge(&mut edge, f, usize::MAX);
            } else {
                rest.push(f);
            }
        }
        rest.extend(edge);
        found = rest;
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.hits));
    found.truncate(MAX_CANDIDATES);
    out.extend(found);
    complete
}

/// The row scan for rows `y0..y1`; false if it stopped at `deadline`.
fn search_rows(
    grid: &Grid,
    y0: usize,
    y1: usize,
    row_step: usize,
    deadline: Option<Instant>,
) -> (Vec<Finder>, bool) {
    let (w, th) = (grid.w, grid.th);
    let mut found = Vec::new();
    let mut bits = vec![0u8; w.div_ceil(64) * 8];
    let mut y = y0;
    let mut scanned = 0u32;
    while y < y1 {
        // A clock read every 16 rows costs nothing next to the rows.
        scanned += 1;
        if scanned.is_multiple_of(16) && deadline.is_some_and(|d| Instant::now() > d) {
            return (found, false);
        }
        let row = grid.rows.row(y);
        dark_bits(row, th.row(y), &mut bits);
        let mut runs = [0u32; 5];
        let mut count = 0usize;
        let mut run_start = 0usize;
        // Colour of the pixel before the current word's first pixel.
        let mut prev = bits[0] & 1 == 1;
        for (i, word) in bits.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(word.try_into().expect("chunks of 8"));
            // Bit k is set where pixel 64i+k differs from its left neighbour.
            let mut edges = word ^ ((word << 1) | u64::from(prev));
            prev = word >> 63 == 1;
            while edges != 0 {
                let x = i * 64 + edges.trailing_zeros() as usize;
                edges &= edges - 1;
                if x >= w {
                    break;
                }
                runs.copy_within(1.., 0);
                runs[4] = (x - run_start) as u32;
                run_start = x;
                count += 1;
                if count >= 5 && ratio_ok(&runs) {
                    // The run that just ended is the outer ring, the stone's colour.
                    let stone = bits[(x - 1) / 8] >> ((x - 1) % 8) & 1 == 1;
                    let cx = x as f32 - runs[4] as f32 - runs[3] as f32 - runs[2] as f32 / 2.0;
                    if let Some(f) = confirm(grid, cx, y, &runs, stone) {
                        merge(&mut found, f, 64);
                    }
                }
            }
        }
        y += row_step;
    }
    (found, true)
}

/// Packs one row into bits, 1 = dark, pixel `x` at bit `x % 8` of byte
/// `x / 8`; bytes past the row stay 0. Written per 8-pixel block (one
/// threshold each) so the compiler vectorises it: this loop touches every
/// pixel of the frame.
fn dark_bits(row: &[u8], thresholds: &[u8], bits: &mut [u8]) {
    bits.fill(0);
    for ((chunk, &t), out) in row.chunks(8).zip(thresholds).zip(bits.iter_mut()) {
        let mut b = 0u8;
        for (j, &v) in chunk.iter().enumerate() {
            b |= u8::from(v < t) << j;
        }
        *out = b;
    }
}

fn confirm(grid: &Grid, cx: f32, y: usize, hruns: &[u32; 5], stone: bool) -> Option<Finder> {
    let htotal: u32 = hruns.iter().sum();
    let limit = [htotal * 2; 2];
    let x = cx as usize;
    // The vertical walk is the one that runs (most of these hits are text,
    // and a vertical walk from a glyph's stroke crosses line gaps), so it
    // stops as soon as no run lengths could pass the checks below: with
    // vtotal <= 2 htotal, an outer run (<= 1.75/7 vtotal) is at most htotal/2
    // and the centre run (<= 4.3/7 vtotal) at most 1.23 htotal.
    let vlimit = [htotal * 123 / 100 + 1, htotal / 2 + 1];
    let (vruns, vc) = grid.cross(x, y, 0, 1, stone, vlimit)?;
    if !ratio_ok(&vruns) {
        return None;
    }
    let vtotal: u32 = vruns.iter().sum();
    let r = vtotal as f32 / htotal as f32;
    if !(0.5..=2.0).contains(&r) {
        return None;
    }
    let cy = y as f32 + vc;
    let yi = cy.round().clamp(0.0, (grid.h - 1) as f32) as usize;
    let (hruns2, hc) = grid.cross(x, yi, 1, 0, stone, limit)?;
    if !ratio_ok(&hruns2) {
        return None;
    }
    let cx2 = x as f32 + hc;
    let xi = cx2.round().clamp(0.0, (grid.w - 1) as f32) as usize;
    let (druns, _) = grid.cross(xi, yi, 1, 1, stone, limit)?;
    if !ratio_ok(&druns) {
        return None;
    }
    let htotal2: u32 = hruns2.iter().sum();
    Some(Finder {
        x: cx2 + 0.5,
        y: cy + 0.5,
        module: (htotal2 + vtotal) as f32 / 14.0,
        inverted: !stone,
        hits: 1,
    })
}

/// Adds `f` to `found`, or folds it into a candidate for the same pattern
/// among the last `window` ones (recent candidates are at the end; a pattern
/// spans a few module rows).
fn merge(found: &mut Vec<Finder>, f: Finder, window: usize) {
    for c in found.iter_mut().rev().take(window) {
        if c.inverted != f.inverted {
            continue;
        }
        let m = c.module.max(f.module);
        let ratio = c.module / f.module;
        if (c.x - f.x).abs() <= 1.5 * m
            && (c.y - f.y).abs() <= 1.5 * m
            && (0.6..=1.67).contains(&ratio)
        {
            let (n, k) = (c.hits as f32, f.hits as f32);
            c.x = (c.x * n + f.x * k) / (n + k);
            c.y = (c.y * n + f.y * k) / (n + k);
            c.module = (c.module * n + f.module * k) / (n + k);
            c.hits += f.hits;
            return;
        }
    }
    found.push(f);
}
