//! From finder candidates to regions worth decoding.
//!
//! Three finder patterns of one code share a module size and polarity, and
//! sit at the corners of a right angle whose legs span 14 to 170 modules. We
//! score every such triple (on a capped list of candidates) and return the
//! plausible ones best first. A region is the code's estimated square plus a
//! margin, in full-resolution pixels. Perspective and rotation loosen the
//! geometry, so the tests are lenient; a wrong region only costs one bounded
//! decode attempt.

use crate::finder::Finder;

/// Candidates considered for triples (the best confirmed ones): bounds the
/// O(n³) enumeration at ~10 k triples.
const MAX_FINDERS: usize = 40;

/// A square-ish area that probably holds one QR code.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Region {
    /// The three finder centres: `a`, the corner `b`, `c`.
    pub points: [(f32, f32); 3],
    pub module: f32,
    pub inverted: bool,
    /// Lower is better.
    pub score: f32,
}

impl Region {
    /// Bounding box `(x0, y0, x1, y1)` of the code plus `margin_modules` of
    /// quiet zone around it.
    pub(crate) fn bounds(&self, margin_modules: f32) -> (f32, f32, f32, f32) {
        let [a, b, c] = self.points;
        let d = (a.0 + c.0 - b.0, a.1 + c.1 - b.1);
        let xs = [a.0, b.0, c.0, d.0];
        let ys = [a.1, b.1, c.1, d.1];
        let m = self.module * margin_modules;
        let x0 = xs.iter().copied().fold(f32::MAX, f32::min) - m;
        let x1 = xs.iter().copied().fold(f32::MIN, f32::max) + m;
        let y0 = ys.iter().copied().fold(f32::MAX, f32::min) - m;
        let y1 = ys.iter().copied().fold(f32::MIN, f32::max) + m;
        (x0, y0, x1, y1)
    }

    pub(crate) fn centre(&self) -> (f32, f32) {
        let [a, _, c] = self.points;
        ((a.0 + c.0) / 2.0, (a.1 + c.1) / 2.0)
    }
}

fn dist(p: (f32, f32), q: (f32, f32)) -> f32 {
    ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt()
}

/// All plausible triples among `finders`, best first.
pub(crate) fn triples(finders: &[Finder]) -> Vec<Region> {
    let mut list: Vec<Finder> = finders.to_vec();
    // Stable order for equal hits keeps the result deterministic.
    list.sort_by(|a, b| b.hits.cmp(&a.hits).then(a.y.total_cmp(&b.y)).then(a.x.total_cmp(&b.x)));
    list.truncate(MAX_FINDERS);
    let n = list.len();
    let mut out = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let (fi, fj) = (list[i], list[j]);
            if fi.inverted != fj.inverted || !similar(fi.module, fj.module) {
                continue;
            }
            for fk in &list[j + 1..] {
                if fk.inverted != fi.inverted || !similar(fi.module, fk.module) || !similar(fj.module, fk.module) {
                    continue;
                }
                if let Some(r) = triple(fi, fj, *fk) {
                    out.push(r);
                }
            }
        }
    }
    out.sort_by(|a, b| a.score.total_cmp(&b.score));
    out
}

fn similar(a: f32, b: f32) -> bool {
    let r = a / b;
    (0.5..=2.0).contains(&r)
}

fn triple(p: Finder, q: Finder, r: Finder) -> Option<Region> {
    let pts = [(p.x, p.y), (q.x, q.y), (r.x, r.y)];
    let d = [dist(pts[1], pts[2]), dist(pts[0], pts[2]), dist(pts[0], pts[1])];
    // The corner is opposite the longest side.
    let corner = (0..3).max_by(|&i, &j| d[i].total_cmp(&d[j])).expect("three sides");
    let b = pts[corner];
    let a = pts[(corner + 1) % 3];
    let c = pts[(corner + 2) % 3];
    let (ab, cb) = (dist(a, b), dist(c, b));
    let module = (p.module + q.module + r.module) / 3.0;
    let legs = ab.min(cb) / ab.max(cb);
    if legs < 0.55 {
        return None;
    }
    let cos = ((a.0 - b.0) * (c.0 - b.0) + (a.1 - b.1) * (c.1 - b.1)) / (ab * cb);
    if cos.abs() > 0.45 {
        return None;
    }
    // Finder centres of a version-1 code are 14 modules apart; version 40, 170.
    // Rotation inflates the module estimate by up to 1/cos 45°.
    let span = (ab + cb) / 2.0 / module;
    if !(9.0..=185.0).contains(&span) {
        return None;
    }
    let sizes = [p.module, q.module, r.module];
    let max = sizes.iter().copied().fold(f32::MIN, f32::max);
    let min = sizes.iter().copied().fold(f32::MAX, f32::min);
    let score = (1.0 - legs) * 2.0 + cos.abs() + (max / min - 1.0);
    // Orient so that a → b → c is clockwise in image coordinates; not needed
    // by the decoder, but it keeps the region description canonical.
    let cross = (a.0 - b.0) * (c.1 - b.1) - (a.1 - b.1) * (c.0 - b.0);
    let (a, c) = if cross < 0.0 { (c, a) } else { (a, c) };
    Some(Region {
        points: [a, b, c],
        module,
        inverted: p.inverted,
        score,
    })
}
