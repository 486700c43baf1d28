//! The time budget bounds the search itself, not only the decoding: once it
//! is spent, the scan stops and says so instead of reporting "nothing here".

#[path = "support/corpus.rs"]
mod corpus;

use std::time::Duration;

use omamori_scan::Options;

#[test]
fn a_spent_budget_stops_the_scan_and_says_so() {
    let case = corpus::case(corpus::Category::Light, 1, 0);
    let spent = Options::default().with_time_budget(Duration::ZERO);
    let scan = omamori_scan::scan_with(&case.image, &spent);
    assert!(scan.truncated);
    assert!(scan.payloads.is_empty());
    // The same frame with time to spare is read in full.
    let scan = omamori_scan::scan_with(&case.image, &Options::default().unbounded_time());
    assert!(!scan.truncated);
    assert_eq!(scan.payloads, case.expected);
}
