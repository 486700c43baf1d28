//! Decode rate per category over the generated corpus: every category must
//! decode 100 %, the negatives must give nothing.

#[path = "support/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;

use corpus::Category;
use omamori_scan::Options;

#[test]
fn every_category_decodes_and_negatives_stay_empty() {
    let failures = check_corpus(&Options::default().unbounded_time());
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

/// The same corpus through the same front end with rxing as the grid
/// decoder (the engine comparison in `scripts/bench-scan.sh`). Every code
/// is found and read, but rxing (like ZXing and zxing-cpp) turns the two
/// raw-UTF-8 Japanese payloads into other text: the `qrcode` crate put
/// some of their UTF-8 bytes into Kanji-mode segments (they happen to be
/// valid Shift_JIS pairs), which rqrr gives back as the original bytes and
/// ZXing decodes as Shift_JIS characters.
#[cfg(feature = "rxing")]
#[test]
fn with_rxing_as_the_engine_only_the_kanji_mode_payloads_differ() {
    let failures = check_corpus(
        &Options::default()
            .unbounded_time()
            .with_engine(omamori_scan::Engine::Rxing),
    );
    let names: Vec<&str> = failures
        .iter()
        .map(|f| f.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        ["japanese-1920x1080-1", "japanese-3840x2160-1"],
        "failures:\n{}",
        failures.join("\n")
    );
}

/// Scans the whole corpus (or `CORPUS_ONLY=<category>`), prints the rate
/// per category and returns the cases not read exactly.
fn check_corpus(options: &Options) -> Vec<String> {
    let only = std::env::var("CORPUS_ONLY").ok();
    let mut rates: BTreeMap<Category, (u32, u32)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (category, size, variant) in corpus::specs() {
        if only.as_deref().is_some_and(|o| o != category.name()) {
            continue;
        }
        let case = corpus::case(category, size, variant);
        let scan = omamori_scan::scan_with(&case.image, options);
        let ok = scan.payloads == case.expected;
        let entry = rates.entry(category).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
        } else {
            // The payloads are generated (fake secrets); showing them makes
            // a wrong reading (an encoding guess, a dropped code) obvious.
            failures.push(format!(
                "{}: got {:?}, expected {:?}",
                case.name, scan.payloads, case.expected
            ));
        }
    }
    for (c, (ok, n)) in &rates {
        eprintln!("{:<14} {ok}/{n}", c.name());
    }
    failures
}
