//! In-process decode time over the generated corpus, for
//! `scripts/bench-scan.sh` (which runs zxing-cpp on the same pixels and
//! prints everything side by side).
//!
//! `cargo run --release -p omamori-scan [--features rxing] --example bench_corpus -- OUT_DIR [REPEAT]`
//!
//! Writes `OUT_DIR/<case>.gray` (8-bit luma, the exact pixels every decoder
//! sees when timed from grayscale), `OUT_DIR/index.tsv` (case, width,
//! height, expected payloads) and `OUT_DIR/omamori.tsv`: per case and
//! decoder, whether it read exactly the expected payloads every time and
//! the median time in ms. Decoders: our front end with rqrr from the
//! decoded RGB image and from gray; with the feature `rxing`, our front end
//! with rxing (from gray) and rxing alone on the whole gray image.

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::io::Write;
use std::time::Instant;

use omamori_scan::Options;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs `decode` `repeat` times: (always exact, median ms).
fn measure(repeat: usize, expected: &[String], decode: impl Fn() -> Vec<String>) -> (bool, f64) {
    let mut times = Vec::with_capacity(repeat);
    let mut exact = true;
    for _ in 0..repeat {
        let t = Instant::now();
        let payloads = decode();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        exact &= payloads == expected;
    }
    (exact, median(times))
}

/// Our front end with rxing, then rxing alone (feature `rxing`).
#[cfg(feature = "rxing")]
fn rxing_columns(
    repeat: usize,
    expected: &[String],
    gray: &image::GrayImage,
    options: &Options,
) -> Vec<(bool, f64)> {
    let with_rxing = options.clone().with_engine(omamori_scan::Engine::Rxing);
    vec![
        measure(repeat, expected, || {
            omamori_scan::scan_gray(gray, &with_rxing).payloads
        }),
        measure(repeat, expected, || omamori_scan::rxing_whole_image(gray)),
    ]
}

#[cfg(not(feature = "rxing"))]
fn rxing_columns(_: usize, _: &[String], _: &image::GrayImage, _: &Options) -> Vec<(bool, f64)> {
    Vec::new()
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/bench-scan".into()));
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    std::fs::create_dir_all(&dir)?;
    let mut index = std::fs::File::create(dir.join("index.tsv"))?;
    let mut results = std::fs::File::create(dir.join("omamori.tsv"))?;
    let options = Options::default();
    let mut header = vec!["case", "rqrr_rgb", "rqrr_gray"];
    if cfg!(feature = "rxing") {
        header.extend(["front_rxing_gray", "rxing_alone_gray"]);
    }
    writeln!(results, "{}", header.join("\t"))?;
    for (category, size, variant) in corpus::specs() {
        let case = corpus::case(category, size, variant);
        let gray = case.image.to_luma8();
        std::fs::write(dir.join(format!("{}.gray", case.name)), gray.as_raw())?;
        writeln!(
            index,
            "{}\t{}\t{}\t{}",
            case.name,
            gray.width(),
            gray.height(),
            case.expected.join("\t")
        )?;
        let expected = &case.expected;
        let ours = [
            measure(repeat, expected, || {
                omamori_scan::scan_with(&case.image, &options).payloads
            }),
            measure(repeat, expected, || {
                omamori_scan::scan_gray(&gray, &options).payloads
            }),
        ];
        let row: Vec<(bool, f64)> = ours
            .into_iter()
            .chain(rxing_columns(repeat, expected, &gray, &options))
            .collect();
        let cells: Vec<String> = row.iter().map(|(ok, ms)| format!("{ok}/{ms:.2}")).collect();
        writeln!(results, "{}\t{}", case.name, cells.join("\t"))?;
        eprint!(".");
    }
    eprintln!();
    Ok(())
}
