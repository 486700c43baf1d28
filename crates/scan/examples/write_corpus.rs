//! Writes the generated test corpus as PNG files plus `expected.tsv`
//! (file, then expected payloads separated by tabs), for inspection and for
//! `scripts/bench-scan.sh`, which runs zxing-cpp on the same images.
//!
//! `cargo run --release -p omamori-scan --example write_corpus -- OUT_DIR`

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "corpus".into()));
    std::fs::create_dir_all(&dir)?;
    let mut index = std::fs::File::create(dir.join("expected.tsv"))?;
    for (category, size, variant) in corpus::specs() {
        let case = corpus::case(category, size, variant);
        let file = format!("{}.png", case.name);
        case.image.save(dir.join(&file)).map_err(std::io::Error::other)?;
        writeln!(index, "{file}\t{}", case.expected.join("\t"))?;
    }
    Ok(())
}
