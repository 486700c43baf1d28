//! Code generation speed: what one tick of the app costs for a large vault.
//! Target (issue 2): a 1,000-account vault's codes for one tick in < 1 ms.
//!
//! Run: `cargo bench -p omamori-otp --bench codes`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use omamori_otp::{Account, Algorithm, Kind, Secret};

fn vault(size: usize) -> Vec<Account> {
    (0..size)
        .map(|i| {
            let key: Vec<u8> = (0..20).map(|j| (i * 31 + j * 7) as u8).collect();
            let mut a = Account::totp(
                format!("発行元 {i}"),
                format!("user{i}@example.jp"),
                Secret::from_bytes(key),
            );
            // A realistic mix: mostly SHA1 TOTP, some SHA256/512, a few Steam.
            match i % 20 {
                0 => a.algorithm = Algorithm::Sha256,
                1 => a.algorithm = Algorithm::Sha512,
                2 => a.kind = Kind::Steam,
                _ => {}
            }
            a
        })
        .collect()
}

fn codes(c: &mut Criterion) {
    let now = 1_763_700_000;
    let one = vault(1);
    c.bench_function("one TOTP code (SHA1)", |b| {
        b.iter(|| black_box(&one[0]).code_at(black_box(now)).unwrap())
    });
    let accounts = vault(1000);
    c.bench_function("1000 accounts: current code (one tick)", |b| {
        b.iter(|| {
            for a in black_box(&accounts) {
                black_box(a.code_at(now).unwrap());
            }
        })
    });
    c.bench_function("1000 accounts: current + next code", |b| {
        b.iter(|| {
            for a in black_box(&accounts) {
                black_box(a.code_at(now).unwrap());
                black_box(a.next_code_at(now).unwrap());
            }
        })
    });
}

criterion_group!(benches, codes);
criterion_main!(benches);
