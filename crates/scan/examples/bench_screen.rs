//! Screen capture + decode, in process, as `omamori scan --screen` does it:
//! capture every monitor with xcap, scan each capture's RGBA pixels.
//!
//! `cargo run --release -p omamori-scan --features screen --example bench_screen -- [RUNS]`
//!
//! Prints one line per run (capture, decode and total ms, payloads found);
//! `scripts/bench-scan.sh` runs it under a 3840 × 2160 Xvfb screen showing
//! a corpus screenshot.

use std::time::Instant;

use omamori_scan::Options;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let options = Options::default();
    for run in 1..=runs {
        let start = Instant::now();
        let captures = match omamori_scan::screen::capture_all() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("capture failed: {e}");
                std::process::exit(1);
            }
        };
        let captured = start.elapsed();
        let mut found = 0;
        let mut sizes = Vec::new();
        for capture in &captures {
            let (w, h) = capture.image.dimensions();
            sizes.push(format!("{w}x{h}"));
            let scan = omamori_scan::scan_rgba(w, h, capture.image.as_raw(), &options)
                .expect("xcap returns whole RGBA frames");
            found += scan.payloads.len();
        }
        let total = start.elapsed();
        println!(
            "run {run}: screens {} capture_ms={:.1} decode_ms={:.1} total_ms={:.1} payloads={found}",
            sizes.join(","),
            captured.as_secs_f64() * 1e3,
            (total - captured).as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3,
        );
    }
}
