//! In-process decode time of typical frames (generated, see
//! `tests/support/corpus.rs`): from the decoded RGB image as the CLI scans a
//! file, and from gray (the pixels zxing-cpp is given). With the feature
//! `rxing`, the same frames with rxing as the grid decoder. The side-by-side
//! comparison with rxing alone and zxing-cpp over the whole corpus is
//! `scripts/bench-scan.sh`.

#[path = "../tests/support/corpus.rs"]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use omamori_scan::Options;

const CASES: [(corpus::Category, usize, u64); 6] = [
    (corpus::Category::Light, 1, 0),
    (corpus::Category::Dark, 1, 0),
    (corpus::Category::Small2px, 1, 0),
    (corpus::Category::Multiple, 1, 2),
    (corpus::Category::Negative, 1, 2),
    (corpus::Category::Light, 0, 0),
];

fn decode(c: &mut Criterion) {
    let options = Options::default();
    let cases: Vec<_> = CASES
        .iter()
        .map(|&(category, size, variant)| corpus::case(category, size, variant))
        .collect();
    let mut group = c.benchmark_group("scan");
    group.sample_size(20);
    for case in &cases {
        assert_eq!(
            omamori_scan::scan_with(&case.image, &options).payloads,
            case.expected
        );
        group.bench_function(&case.name, |b| {
            b.iter(|| omamori_scan::scan_with(&case.image, &options))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("scan_gray");
    group.sample_size(20);
    for case in &cases {
        let gray = case.image.to_luma8();
        group.bench_function(&case.name, |b| {
            b.iter(|| omamori_scan::scan_gray(&gray, &options))
        });
    }
    group.finish();

    #[cfg(feature = "rxing")]
    {
        let options = options.clone().with_engine(omamori_scan::Engine::Rxing);
        let mut group = c.benchmark_group("scan_gray_rxing");
        group.sample_size(20);
        for case in &cases {
            let gray = case.image.to_luma8();
            assert_eq!(
                omamori_scan::scan_gray(&gray, &options).payloads,
                case.expected
            );
            group.bench_function(&case.name, |b| {
                b.iter(|| omamori_scan::scan_gray(&gray, &options))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
