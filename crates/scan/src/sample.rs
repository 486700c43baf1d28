//! Reading the module grid ourselves, so the engine only decodes bits.
//!
//! Given the three finder centres of a region, in a crop binarized by our
//! thresholds, we refine the centres, measure the module size along the
//! code's own axes (so rotation does not inflate it), derive the grid size,
//! look for the bottom-right alignment pattern, and sample one pixel per
//! module through an affine or a perspective transform. This is ZXing's
//! detector in small. It replaces rqrr's own grid fitting, which nudges a
//! perspective 80 times over hundreds of cells and costs ~8 ms per code
//! even on a perfect screenshot; sampling costs a few hundred microseconds.
//! When it fails (a strongly warped photo, a damaged finder), the caller
//! falls back to the engine's own detection.

use crate::engine::{Decoded, GridDecoder};

/// A crop binarized for sampling: `dark[y * w + x]`.
pub(crate) struct Bitmap<'a> {
    pub w: usize,
    pub h: usize,
    pub dark: &'a [bool],
}

impl Bitmap<'_> {
    #[inline]
    fn at(&self, x: f32, y: f32) -> Option<bool> {
        if x < 0.0 || y < 0.0 {
            return None;
        }
        let (xi, yi) = (x as usize, y as usize);
        (xi < self.w && yi < self.h).then(|| self.dark[yi * self.w + xi])
    }
}

type P = (f32, f32);

fn sub(a: P, b: P) -> P {
    (a.0 - b.0, a.1 - b.1)
}

fn len(a: P) -> f32 {
    a.0.hypot(a.1)
}

/// Tries to decode the code whose finder centres are roughly `tr`, `tl`,
/// `bl` (top-right, the corner, bottom-left; a mirrored code swaps `tr` and
/// `bl`, which the engine tolerates). Corners come back in crop coordinates.
pub(crate) fn decode(
    engine: &dyn GridDecoder,
    bm: &Bitmap,
    [tr, tl, bl]: [P; 3],
    module: f32,
) -> Option<Decoded> {
    let tl = refine(bm, tl, module)?;
    let tr = refine(bm, tr, module)?;
    let bl = refine(bm, bl, module)?;
    let m = module_size(bm, tl, tr, bl)?;
    let est = (len(sub(tr, tl)) + len(sub(bl, tl))) / 2.0 / m + 7.0;
    // Valid sizes are 4v + 17; try the nearest, then its neighbours when the
    // estimate sits between them.
    let mut sizes: Vec<usize> = (1..=40usize)
        .map(|v| 4 * v + 17)
        .filter(|&s| (s as f32 - est).abs() < 4.5)
        .collect();
    sizes.sort_by(|a, b| (*a as f32 - est).abs().total_cmp(&(*b as f32 - est).abs()));
    let mut grid = Vec::new();
    for size in sizes.into_iter().take(2) {
        let affine = Transform::affine(tl, tr, bl, size);
        let mut transforms = vec![affine];
        if size > 21
            && let Some(ap) = alignment(bm, &affine, size, m)
            && let Some(t) = Transform::perspective(tl, tr, bl, ap, size)
        {
            transforms.push(t);
        }
        for t in transforms {
            if !t.sample(bm, size, &mut grid) {
                continue;
            }
            if let Some(text) = engine.decode_grid(size, &grid) {
                let s = size as f32;
                let corners = [(0.0, 0.0), (s, 0.0), (s, s), (0.0, s)].map(|(u, v)| t.map(u, v));
                return Some(Decoded { text, corners });
            }
        }
    }
    None
}

/// The centre of the finder near `p`: the middle of the runs through it,
/// horizontally, then vertically, then horizontally again (as ZXing's
/// cross-check). Starts from nearby dark pixels if `p` misses the stone.
fn refine(bm: &Bitmap, p: P, module: f32) -> Option<P> {
    let r = module * 0.75;
    [(0.0, 0.0), (r, 0.0), (-r, 0.0), (0.0, r), (0.0, -r)]
        .into_iter()
        .find_map(|(dx, dy)| {
            let start = (p.0 + dx, p.1 + dy);
            if bm.at(start.0, start.1) != Some(true) {
                return None;
            }
            let x = centre_along(bm, start, (1.0, 0.0), module)?;
            let y = centre_along(bm, (x, start.1), (0.0, 1.0), module)?;
            let x = centre_along(bm, (x, y), (1.0, 0.0), module)?;
            Some((x, y))
        })
}

/// Middle of the dark run through `p` along `dir`, if the run is about as
/// wide as a finder's stone (3 modules).
fn centre_along(bm: &Bitmap, p: P, dir: P, module: f32) -> Option<f32> {
    let limit = (module * 6.0) as usize + 4;
    let run = |sign: f32| {
        (1..limit).find(|&t| {
            let t = t as f32 * sign;
            bm.at(p.0 + dir.0 * t, p.1 + dir.1 * t) != Some(true)
        })
    };
    let (fwd, back) = (run(1.0)?, run(-1.0)?);
    let width = (fwd + back - 1) as f32;
    if width < module * 1.5 || width > module * 5.0 {
        return None;
    }
    // Pixel centres: the run covers offsets -back+1 ..= fwd-1.
    let mid = (fwd as f32 - back as f32) / 2.0;
    Some(if dir.0 != 0.0 { p.0 + mid } else { p.1 + mid })
}

/// Length of the finder pattern through `p` along `dir` (a unit vector):
/// from the centre to the outer edge of the dark ring, both ways. A finder
/// is 7 modules across in every direction parallel to its sides.
fn finder_extent(bm: &Bitmap, p: P, dir: P, limit: usize) -> Option<f32> {
    let half = |sign: f32| {
        let mut colour = true;
        let mut changes = 0;
        for t in 1..limit {
            let t = t as f32 * sign;
            let d = bm.at(p.0 + dir.0 * t, p.1 + dir.1 * t)?;
            if d != colour {
                changes += 1;
                colour = d;
                if changes == 3 {
                    return Some(t.abs());
                }
            }
        }
        None
    };
    Some(half(1.0)? + half(-1.0)? - 1.0)
}

/// Module size along the code's axes, averaged over the three finders.
fn module_size(bm: &Bitmap, tl: P, tr: P, bl: P) -> Option<f32> {
    let unit = |v: P| {
        let l = len(v);
        (v.0 / l, v.1 / l)
    };
    let (x, y) = (unit(sub(tr, tl)), unit(sub(bl, tl)));
    let limit = (len(sub(tr, tl)).max(len(sub(bl, tl))) / 2.0) as usize + 2;
    let mut sum = 0.0;
    let mut n = 0.0;
    for (p, d) in [(tl, x), (tl, y), (tr, x), (tr, y), (bl, x), (bl, y)] {
        if let Some(e) = finder_extent(bm, p, d, limit) {
            sum += e / 7.0;
            n += 1.0;
        }
    }
    (n >= 2.0).then(|| sum / n)
}

/// The alignment pattern nearest to where the affine grid puts it: a dark
/// module ringed by light, found as a light-dark-light run of about one
/// module each way, horizontally and vertically.
fn alignment(bm: &Bitmap, affine: &Transform, size: usize, m: f32) -> Option<P> {
    let s = size as f32;
    let (px, py) = affine.map(s - 6.5, s - 6.5);
    let reach = (m * 4.0).max(4.0);
    let (x0, x1) = ((px - reach).max(1.0) as usize, (px + reach) as usize);
    let (y0, y1) = ((py - reach).max(1.0) as usize, (py + reach) as usize);
    let (x1, y1) = (
        x1.min(bm.w.saturating_sub(2)),
        y1.min(bm.h.saturating_sub(2)),
    );
    let mut best: Option<(f32, P)> = None;
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (fx, fy) = (x as f32, y as f32);
            if bm.at(fx, fy) != Some(true) || bm.at(fx - 1.0, fy) != Some(false) {
                continue;
            }
            let Some(cx) = dot_centre(bm, (fx, fy), (1.0, 0.0), m) else {
                continue;
            };
            let Some(cy) = dot_centre(bm, (cx, fy), (0.0, 1.0), m) else {
                continue;
            };
            let d = (cx - px).hypot(cy - py);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, (cx, cy)));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// Centre of a one-module dark dot through `p` along `dir`, with light of
/// about a module on both sides.
fn dot_centre(bm: &Bitmap, p: P, dir: P, m: f32) -> Option<f32> {
    let limit = (m * 2.5) as usize + 2;
    let walk = |sign: f32| -> Option<(usize, usize)> {
        let mut t = 1;
        while t < limit
            && bm.at(
                p.0 + dir.0 * (t as f32) * sign,
                p.1 + dir.1 * (t as f32) * sign,
            )?
        {
            t += 1;
        }
        let dark = t;
        while t < limit
            && !bm.at(
                p.0 + dir.0 * (t as f32) * sign,
                p.1 + dir.1 * (t as f32) * sign,
            )?
        {
            t += 1;
        }
        (t < limit).then_some((dark, t - dark))
    };
    let (fd, fl) = walk(1.0)?;
    let (bd, bl) = walk(-1.0)?;
    let dot = (fd + bd - 1) as f32;
    let ok = |v: f32| v >= 0.4 * m && v <= 1.8 * m;
    if !(ok(dot) && ok(fl as f32) && ok(bl as f32)) {
        return None;
    }
    let mid = (fd as f32 - bd as f32) / 2.0;
    Some(if dir.0 != 0.0 { p.0 + mid } else { p.1 + mid })
}

/// Module coordinates `(u, v)` (the code's top-left corner at 0, modules one
/// unit wide) to crop pixels: `x = (a u + b v + c) / (g u + h v + 1)`.
#[derive(Clone, Copy, Debug)]
struct Transform([f64; 8]);

impl Transform {
    /// From the three finder centres, which sit 3.5 modules in from their
    /// corners.
    fn affine(tl: P, tr: P, bl: P, size: usize) -> Self {
        let d = (size - 7) as f64;
        let (ax, ay) = (f64::from(tr.0 - tl.0) / d, f64::from(tr.1 - tl.1) / d);
        let (bx, by) = (f64::from(bl.0 - tl.0) / d, f64::from(bl.1 - tl.1) / d);
        let cx = f64::from(tl.0) - 3.5 * (ax + bx);
        let cy = f64::from(tl.1) - 3.5 * (ay + by);
        Transform([ax, bx, cx, ay, by, cy, 0.0, 0.0])
    }

    /// From the finder centres and the bottom-right alignment pattern's
    /// centre (6.5 modules in from that corner): solves the 8 × 8 system.
    fn perspective(tl: P, tr: P, bl: P, ap: P, size: usize) -> Option<Self> {
        let s = size as f64;
        let pairs = [
            ((3.5, 3.5), tl),
            ((s - 3.5, 3.5), tr),
            ((3.5, s - 3.5), bl),
            ((s - 6.5, s - 6.5), ap),
        ];
        let mut m = [[0f64; 9]; 8];
        for (i, ((u, v), (x, y))) in pairs.into_iter().enumerate() {
            let (x, y) = (f64::from(x), f64::from(y));
            m[2 * i] = [u, v, 1.0, 0.0, 0.0, 0.0, -u * x, -v * x, x];
            m[2 * i + 1] = [0.0, 0.0, 0.0, u, v, 1.0, -u * y, -v * y, y];
        }
        for col in 0..8 {
            let pivot = (col..8).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
            if m[pivot][col].abs() < 1e-9 {
                return None;
            }
            m.swap(col, pivot);
            let pivot_row = m[col];
            for (r, row) in m.iter_mut().enumerate() {
                if r != col {
                    let f = row[col] / pivot_row[col];
                    for (x, p) in row.iter_mut().zip(pivot_row).skip(col) {
                        *x -= f * p;
                    }
                }
            }
        }
        Some(Transform(std::array::from_fn(|i| m[i][8] / m[i][i])))
    }

    #[inline]
    fn map(&self, u: f32, v: f32) -> P {
        let [a, b, c, d, e, f, g, h] = self.0;
        let (u, v) = (f64::from(u), f64::from(v));
        let w = g * u + h * v + 1.0;
        (
            ((a * u + b * v + c) / w) as f32,
            ((d * u + e * v + f) / w) as f32,
        )
    }

    /// One sample per module centre into `grid` (`grid[y * size + x]`);
    /// false if the grid reaches outside the crop.
    fn sample(&self, bm: &Bitmap, size: usize, grid: &mut Vec<bool>) -> bool {
        grid.clear();
        for y in 0..size {
            for x in 0..size {
                let (px, py) = self.map(x as f32 + 0.5, y as f32 + 0.5);
                match bm.at(px, py) {
                    Some(d) => grid.push(d),
                    None => return false,
                }
            }
        }
        true
    }
}
