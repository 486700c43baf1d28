//! In-process decode time over the generated corpus, for
//! `scripts/bench-scan.sh` (which runs zxing-cpp on the same pixels and
//! prints both side by side).
//!
//! `cargo run --release -p omamori-scan --example bench_corpus -- OUT_DIR [REPEAT]`
//!
//! Writes `OUT_DIR/<case>.gray` (8-bit luma, the exact pixels both decoders
//! see when timed from grayscale), `OUT_DIR/index.tsv` (case, width, height,
//! expected payloads) and `OUT_DIR/omamori.tsv` (case, correct, median ms
//! from RGB, median ms from gray).

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::io::Write;
use std::time::Instant;

use omamori_scan::Options;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/bench-scan".into()));
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    std::fs::create_dir_all(&dir)?;
    let mut index = std::fs::File::create(dir.join("index.tsv"))?;
    let mut results = std::fs::File::create(dir.join("omamori.tsv"))?;
    let options = Options::default();
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
        let mut from_rgb = Vec::new();
        let mut from_gray = Vec::new();
        let mut correct = true;
        for _ in 0..repeat {
            let t = Instant::now();
            let scan = omamori_scan::scan_with(&case.image, &options);
            from_rgb.push(t.elapsed().as_secs_f64() * 1e3);
            correct &= scan.payloads == case.expected;
            let t = Instant::now();
            let scan = omamori_scan::scan_gray(&gray, &options);
            from_gray.push(t.elapsed().as_secs_f64() * 1e3);
            correct &= scan.payloads == case.expected;
        }
        writeln!(
            results,
            "{}\t{}\t{:.2}\t{:.2}",
            case.name,
            correct,
            median(from_rgb),
            median(from_gray)
        )?;
        eprint!(".");
    }
    eprintln!();
    Ok(())
}
