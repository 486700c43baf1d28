//! Decode rate per category over the generated corpus: every category must
//! decode 100 %, the negatives must give nothing.

#[path = "support/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;

use corpus::Category;
use omamori_scan::Options;

#[test]
fn every_category_decodes_and_negatives_stay_empty() {
    let options = Options::default().unbounded_time();
    let only = std::env::var("CORPUS_ONLY").ok();
    let mut rates: BTreeMap<Category, (u32, u32)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (category, size, variant) in corpus::specs() {
        if only.as_deref().is_some_and(|o| o != category.name()) {
            continue;
        }
        let case = corpus::case(category, size, variant);
        let scan = omamori_scan::scan_with(&case.image, &options);
        let ok = scan.payloads == case.expected;
        let entry = rates.entry(category).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
        } else {
            failures.push(format!("{}: got {} payload(s), expected {}", case.name, scan.payloads.len(), case.expected.len()));
        }
    }
    for (c, (ok, n)) in &rates {
        eprintln!("{:<14} {ok}/{n}", c.name());
    }
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}
