#[path = "../tests/support/corpus.rs"]
mod corpus;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let cat = corpus::Category::ALL.iter().find(|c| c.name() == a[1]).unwrap();
    let case = corpus::case(*cat, a[2].parse().unwrap(), a[3].parse().unwrap());
    case.image.save(format!("/tmp/{}.png", case.name)).unwrap();
    let n: usize = std::env::var("N").ok().map(|v| v.parse().unwrap()).unwrap_or(1);
    for _ in 1..n { omamori_scan::scan_with(&case.image, &omamori_scan::Options::default().unbounded_time()); }
    let t = std::time::Instant::now();
    let s = omamori_scan::scan_with(&case.image, &omamori_scan::Options::default().unbounded_time());
    eprintln!("{} ms {:?} ok={}", t.elapsed().as_millis(), s.payloads.len(), s.payloads == case.expected);
}
