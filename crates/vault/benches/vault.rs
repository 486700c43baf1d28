//! Vault performance targets (issue 3):
//! - unlock with the default Argon2id parameters (m = 64 MiB, t = 3, p = 4)
//!   to decrypted accounts: ≤ 0.5 s;
//! - unlock through the keyring slot: ≤ 50 ms (here with the in-memory
//!   store, so it measures the vault's own work; the real keyring's round
//!   trip is added by `keyring_unlock_os` when run under
//!   scripts/with-keyrings.sh, backend from OMAMORI_BENCH_KEYRING);
//! - save of a 1,000-account vault: ≤ 50 ms without fsync, and with fsync.
//!
//! Run: `cargo bench -p omamori-vault --bench vault`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use omamori_otp::{Account, Secret};
use omamori_vault::{AccountEdit, KdfParams, MemoryKeyStore, Unlock, Vault};
use secrecy::SecretString;

fn accounts(n: u32) -> Vec<Account> {
    (0..n)
        .map(|i| {
            let mut a = Account::totp(
                format!("健康保険組合 {i}"),
                format!("user{i}@example.jp"),
                Secret::from_bytes(format!("fake-bench-secret-{i:06}").into_bytes()),
            );
            a.note = Some("家族のアカウント".into());
            a
        })
        .collect()
}

fn unlock(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.json");
    let password = SecretString::from("correct horse battery staple");
    let mut vault = Vault::create(&path, &password, KdfParams::DEFAULT).unwrap();
    vault.add_many(accounts(50), 1).unwrap();
    let store = MemoryKeyStore::new();
    vault.enable_keyring(&store).unwrap();

    let mut group = c.benchmark_group("unlock");
    group.sample_size(20);
    group.bench_function("password_default_argon2id_50_accounts", |b| {
        b.iter(|| {
            let v = Vault::open(&path, Unlock::Password(&password)).unwrap();
            black_box(v.accounts().len())
        })
    });
    group.bench_function("keyring_slot_memory_store_50_accounts", |b| {
        b.iter(|| {
            let v = Vault::open(&path, Unlock::Keyring(&store)).unwrap();
            black_box(v.accounts().len())
        })
    });
    #[cfg(target_os = "linux")]
    if let Ok(name) = std::env::var("OMAMORI_BENCH_KEYRING") {
        let os = omamori_vault::OsKeyring::new(name.parse().unwrap());
        vault.enable_keyring(&os).unwrap();
        group.bench_function(format!("keyring_unlock_os_{name}"), |b| {
            b.iter(|| {
                let v = Vault::open(&path, Unlock::Keyring(&os)).unwrap();
                black_box(v.accounts().len())
            })
        });
        vault.disable_keyring(&password, Some(&os)).unwrap();
    }
    group.finish();
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.json");
    let password = SecretString::from("correct horse battery staple");
    // Weak KDF: creating is not what is measured here.
    let weak = KdfParams {
        memory_kib: 8,
        iterations: 1,
        lanes: 1,
    };
    let mut vault = Vault::create(&path, &password, weak).unwrap();
    vault.add_many(accounts(1000), 1).unwrap();
    let id = vault.accounts()[500].id;
    eprintln!(
        "1,000-account vault file: {} bytes",
        std::fs::metadata(&path).unwrap().len()
    );

    let mut group = c.benchmark_group("save_1000_accounts");
    group.sample_size(30);
    let mut n = 0u64;
    vault.set_durability_for_benchmarks(false);
    group.bench_function("without_fsync", |b| {
        b.iter(|| {
            n += 1;
            vault
                .edit(
                    id,
                    AccountEdit {
                        note: Some(Some(n.to_string())),
                        ..Default::default()
                    },
                )
                .unwrap()
        })
    });
    vault.set_durability_for_benchmarks(true);
    group.bench_function("with_fsync", |b| {
        b.iter(|| {
            n += 1;
            vault
                .edit(
                    id,
                    AccountEdit {
                        note: Some(Some(n.to_string())),
                        ..Default::default()
                    },
                )
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, unlock, save);
criterion_main!(benches);
