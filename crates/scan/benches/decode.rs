//! In-process decode time of typical frames (generated, see
//! `tests/support/corpus.rs`). The side-by-side comparison with zxing-cpp
//! over the whole corpus is `scripts/bench-scan.sh`.

#[path = "../tests/support/corpus.rs"]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use omamori_scan::Options;

fn decode(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("scan");
    group.sample_size(20);
    for (category, size, variant) in [
        (corpus::Category::Light, 1, 0),
        (corpus::Category::Dark, 1, 0),
        (corpus::Category::Small2px, 1, 0),
        (corpus::Category::Multiple, 1, 2),
        (corpus::Category::Negative, 1, 2),
        (corpus::Category::Light, 0, 0),
    ] {
        let case = corpus::case(category, size, variant);
        assert_eq!(
            omamori_scan::scan_with(&case.image, &options).payloads,
            case.expected
        );
        group.bench_function(&case.name, |b| {
            b.iter(|| omamori_scan::scan_with(&case.image, &options))
        });
    }
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
