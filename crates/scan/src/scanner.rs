//! The pipeline: one pass over the frame (thresholds, ×4 reduction, rows as
//! luma) → finder search at full resolution and on a small pyramid →
//! candidate regions → bounded decode of each crop at a normalised scale.
//!
//! Work is bounded in three ways so that no image can keep us busy for
//! seconds: a fixed number of regions per image, a size cap on every crop
//! handed to the engine, and an optional time budget checked between crops
//! (the engine cannot be interrupted, but no single crop can take long).

use std::time::{Duration, Instant};

use image::{DynamicImage, GrayImage};

use crate::binarize::{self, Rows, Thresholds};
use crate::engine::{Decoded, GridDecoder, Rqrr};
use crate::finder::{self, Finder};
use crate::locate::{self, Region};
use crate::luma::{self, Frame};
use crate::sample;

/// How much work one image may cost.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Options {
    /// Most candidate regions decoded per image.
    pub max_regions: usize,
    /// Stop searching and trying further regions after this long (measured
    /// with a monotonic clock, checked every few rows and between regions;
    /// one region's decode is not interrupted). Only bounds effort: when it
    /// runs out, the scan says so in [`Scan::truncated`].
    pub time_budget: Option<Duration>,
    /// What decodes the grids the front end finds.
    pub engine: Engine,
}

/// The grid decoder behind the front end. rqrr is the engine; the feature
/// `rxing` adds rxing, to measure it on the same front end
/// (`scripts/bench-scan.sh`), not to ship it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Engine {
    #[default]
    Rqrr,
    #[cfg(feature = "rxing")]
    Rxing,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_regions: 48,
            time_budget: Some(Duration::from_millis(800)),
            engine: Engine::default(),
        }
    }
}

impl Options {
    /// Without a time budget: results then depend only on the image (tests,
    /// benchmarks comparing work done).
    pub fn unbounded_time(mut self) -> Self {
        self.time_budget = None;
        self
    }

    /// Sets the time budget.
    pub fn with_time_budget(mut self, budget: Duration) -> Self {
        self.time_budget = Some(budget);
        self
    }

    /// Sets the grid decoder.
    pub fn with_engine(mut self, engine: Engine) -> Self {
        self.engine = engine;
        self
    }
}

/// What one scan found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Scan {
    /// Every distinct payload, in reading order (top to bottom, then left to
    /// right).
    pub payloads: Vec<String>,
    /// True when the region cap or the time budget stopped the search early;
    /// a code may have been missed.
    pub truncated: bool,
}

/// Pixels per module we resample crops to: enough for rqrr's capstone
/// flood fill to keep the one-module rings apart.
const TARGET_MODULE: f32 = 5.0;
/// Longest side of a crop handed to the engine (version 40 at 5 px/module
/// plus margin is ~ 1000 px).
const MAX_CROP_SIDE: f32 = 1100.0;
/// Quiet zone kept around a region, in modules (finder centres sit 3.5
/// modules inside the code, rotation pushes corners out further).
const MARGIN_MODULES: f32 = 7.0;

/// Finds every QR payload in a decoded image.
pub fn scan(image: &DynamicImage) -> Scan {
    scan_with(image, &Options::default())
}

/// [`scan`] with explicit effort bounds.
pub fn scan_with(image: &DynamicImage, options: &Options) -> Scan {
    match Frame::from_image(image) {
        Some(frame) => scan_frame(&frame, options),
        None => scan_gray(&image.to_luma8(), options),
    }
}

/// Scans a raw RGBA buffer (a screen capture or clipboard image) without
/// copying it into a `DynamicImage` first. `None` when `rgba` does not hold
/// `width × height × 4` bytes.
pub fn scan_rgba(width: u32, height: u32, rgba: &[u8], options: &Options) -> Option<Scan> {
    Frame::rgba(width, height, rgba).map(|f| scan_frame(&f, options))
}

/// Scans an 8-bit grayscale image.
pub fn scan_gray(gray: &GrayImage, options: &Options) -> Scan {
    scan_frame(&Frame::gray(gray), options)
}

fn scan_frame(frame: &Frame, options: &Options) -> Scan {
    let start = Instant::now();
    // The smallest code is 21 modules across.
    if frame.width < 21 || frame.height < 21 {
        return Scan::default();
    }
    let deadline = options.time_budget.map(|b| start + b);
    let (finders, complete) = find_all(frame, deadline);
    let regions = locate::triples(&finders);
    let engine: &dyn GridDecoder = match options.engine {
        Engine::Rqrr => &Rqrr,
        #[cfg(feature = "rxing")]
        Engine::Rxing => &crate::engine::Rxing,
    };
    let mut found: Vec<(Decoded, f32)> = Vec::new();
    let mut truncated = !complete;
    let mut tried = 0;
    for region in &regions {
        if covered(region, &found) {
            continue;
        }
        if tried == options.max_regions || options.time_budget.is_some_and(|b| start.elapsed() > b)
        {
            truncated = true;
            break;
        }
        tried += 1;
        for d in decode_region(engine, frame, region) {
            if !found
                .iter()
                .any(|(f, _)| f.text == d.text && overlaps(&f.corners, &d.corners))
            {
                found.push((d, region.module));
            }
        }
    }
    Scan {
        payloads: reading_order(found),
        truncated,
    }
}

/// rxing's own QR reader (its port of zxing-cpp's) over a whole gray
/// image, no front end of ours: the third column of the engine comparison.
/// Like zxing-cpp's `try_invert`, it retries the inverted image when the
/// first pass finds nothing. Payloads in reading order.
#[cfg(feature = "rxing")]
pub fn rxing_whole_image(gray: &GrayImage) -> Vec<String> {
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    let mut found = crate::engine::Rxing::read(gray.as_raw(), w, h);
    if found.is_empty() {
        let mut inverted = gray.clone();
        image::imageops::invert(&mut inverted);
        found = crate::engine::Rxing::read(inverted.as_raw(), w, h);
    }
    reading_order(found.into_iter().map(|d| (d, 0.0)).collect())
}

/// Finder candidates in full-resolution coordinates, from ×4 and ×16
/// reductions (large modules, whose 3-module centre is wider than the
/// binarizer's neighbourhood) and from the full image (modules of 2–10 px).
/// The reductions go first: they cost a few percent of the full-resolution
/// search, so a deadline that stops that search still leaves their
/// candidates. False when the deadline stopped the search.
fn find_all(frame: &Frame, deadline: Option<Instant>) -> (Vec<Finder>, bool) {
    let mut finders = Vec::new();
    // On frames of 1440 lines and more, every other row still crosses the
    // 3-module centre of a 2 px/module finder three times.
    let step = if frame.height >= 1440 { 2 } else { 1 };
    let survey = binarize::survey(frame, step);
    let mut small = survey.small;
    let mut factor = 4.0f32;
    let mut complete = true;
    while complete && small.width().min(small.height()) >= 48 {
        let th = Thresholds::compute(&small);
        let mut at_level = Vec::new();
        let level = Frame::gray(&small);
        complete = finder::search(&level, &Rows::gray(&level), &th, deadline, &mut at_level);
        finders.extend(at_level.into_iter().map(|f| Finder {
            x: f.x * factor,
            y: f.y * factor,
            module: f.module * factor,
            ..f
        }));
        if factor >= 16.0 {
            break;
        }
        small = luma::downscale4(&small);
        factor *= 4.0;
    }
    complete = complete
        && finder::search(
            frame,
            &survey.rows,
            &survey.thresholds,
            deadline,
            &mut finders,
        );
    (finders, complete)
}

/// Does this region lean on a code already decoded? Its centre, or any of
/// its finders, inside a decoded code means it is that code again or a
/// wrong triple mixing finders of neighbouring codes (an export batch shows
/// several side by side); either way decoding it is wasted work.
fn covered(region: &Region, found: &[(Decoded, f32)]) -> bool {
    let (x, y) = region.centre();
    found.iter().any(|(d, _)| {
        inside(&d.corners, x, y) || region.points.iter().any(|p| inside(&d.corners, p.0, p.1))
    })
}

fn inside(quad: &[(f32, f32); 4], x: f32, y: f32) -> bool {
    let (x0, x1) = quad.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
        (lo.min(p.0), hi.max(p.0))
    });
    let (y0, y1) = quad.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
        (lo.min(p.1), hi.max(p.1))
    });
    x >= x0 && x <= x1 && y >= y0 && y <= y1
}

fn overlaps(a: &[(f32, f32); 4], b: &[(f32, f32); 4]) -> bool {
    let cx = b.iter().map(|p| p.0).sum::<f32>() / 4.0;
    let cy = b.iter().map(|p| p.1).sum::<f32>() / 4.0;
    inside(a, cx, cy)
}

/// Crops the region at full resolution, normalises scale and polarity, and
/// decodes it: first by sampling the grid ourselves (fast, see
/// [`crate::sample`]), then with the engine's own detection on the crop,
/// thresholded by the engine and by us, at a few scales. Returned corners
/// are in full-image coordinates.
fn decode_region(engine: &dyn GridDecoder, frame: &Frame, region: &Region) -> Vec<Decoded> {
    let (x0, y0, x1, y1) = region.bounds(MARGIN_MODULES);
    let x0 = x0.max(0.0).floor() as u32;
    let y0 = y0.max(0.0).floor() as u32;
    let x1 = (x1.ceil() as u32).min(frame.width as u32);
    let y1 = (y1.ceil() as u32).min(frame.height as u32);
    if x1 <= x0 + 8 || y1 <= y0 + 8 {
        return Vec::new();
    }
    let (cw, ch) = (x1 - x0, y1 - y0);
    let scale_for = |target: f32, snap: bool| {
        let mut scale = target / region.module;
        // Near 1:1, resampling only blurs.
        if snap && (0.8..=1.6).contains(&scale) {
            scale = 1.0;
        }
        scale.min(MAX_CROP_SIDE / cw.max(ch) as f32)
    };
    let to_full = |mut out: Vec<Decoded>, scale: f32| {
        for d in &mut out {
            for p in &mut d.corners {
                *p = (x0 as f32 + p.0 / scale, y0 as f32 + p.1 / scale);
            }
        }
        out
    };

    let scale = scale_for(TARGET_MODULE, true);
    let crop = luma::crop_scaled(frame, (x0, y0, cw, ch), scale, region.inverted);
    let th = Thresholds::compute(&crop);
    let w = crop.width() as usize;
    let data = crop.as_raw();
    let dark: Vec<bool> = (0..data.len())
        .map(|i| th.is_dark(data, w, i % w, i / w))
        .collect();
    let bitmap = sample::Bitmap {
        w,
        h: crop.height() as usize,
        dark: &dark,
    };
    let points = region
        .points
        .map(|(x, y)| ((x - x0 as f32) * scale, (y - y0 as f32) * scale));
    if let Some(d) = sample::decode(engine, &bitmap, points, region.module * scale) {
        return to_full(vec![d], scale);
    }
    // rqrr's capstone and timing checks are sensitive to the exact module
    // size and phase; when one resampling fails, a slightly different one
    // often succeeds. Our own thresholds help on low contrast.
    let out = engine.decode_gray(&crop);
    if !out.is_empty() {
        return to_full(out, scale);
    }
    let out = engine.decode_bitmap(w, bitmap.h, &dark);
    if !out.is_empty() {
        return to_full(out, scale);
    }
    for target in [4.0, 6.5] {
        let scale = scale_for(target, false);
        let crop = luma::crop_scaled(frame, (x0, y0, cw, ch), scale, region.inverted);
        let out = engine.decode_gray(&crop);
        if !out.is_empty() {
            return to_full(out, scale);
        }
    }
    Vec::new()
}

/// Distinct payloads, ordered top to bottom in rows, left to right within a
/// row: codes whose centres are within half a code's height share a row.
fn reading_order(mut found: Vec<(Decoded, f32)>) -> Vec<String> {
    let centre = |d: &Decoded| {
        let x = d.corners.iter().map(|p| p.0).sum::<f32>() / 4.0;
        let y = d.corners.iter().map(|p| p.1).sum::<f32>() / 4.0;
        let h = d.corners.iter().map(|p| p.1).fold(f32::MIN, f32::max)
            - d.corners.iter().map(|p| p.1).fold(f32::MAX, f32::min);
        (x, y, h)
    };
    found.sort_by(|a, b| centre(&a.0).1.total_cmp(&centre(&b.0).1));
    let mut rows: Vec<Vec<(f32, f32, String)>> = Vec::new();
    let mut row_top = f32::MIN;
    let mut row_h = 0.0;
    for (d, _) in found {
        let (x, y, h) = centre(&d);
        if rows.is_empty() || y - row_top > row_h / 2.0 {
            rows.push(Vec::new());
            row_top = y;
            row_h = h;
        }
        rows.last_mut().expect("pushed above").push((x, y, d.text));
    }
    let mut out: Vec<String> = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
        for (_, _, text) in row {
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}
