//! Crash safety and concurrency with real processes. Each test re-runs this
//! test binary as its child (selected by an environment variable), so the
//! child is the real library doing real saves.
//!
//! No assertion depends on timing: kill moments are random, and whatever
//! moment a kill lands on, the vault must hold the old or the new content.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use omamori_otp::{Account, Secret};
use omamori_vault::storage::{backup_path, backup_staging_path, lock_path, temp_path};
use omamori_vault::{AccountEdit, KdfParams, Unlock, Vault};
use secrecy::SecretString;

const WEAK: KdfParams = KdfParams {
    memory_kib: 8,
    iterations: 1,
    lanes: 1,
};
const CHILD_ENV: &str = "OMAMORI_TEST_CHILD";
const VAULT_ENV: &str = "OMAMORI_TEST_VAULT";

fn pw() -> SecretString {
    SecretString::from("correct horse")
}

fn spawn_child(test: &str, role: &str, vault: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, role)
        .env(VAULT_ENV, vault)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// If this process is a child, do the child's work and exit.
fn run_child_if_asked() {
    let Ok(role) = std::env::var(CHILD_ENV) else {
        return;
    };
    let path = PathBuf::from(std::env::var(VAULT_ENV).unwrap());
    let mut vault = Vault::open(&path, Unlock::Password(&pw())).unwrap();
    match role.as_str() {
        "saver" => {
            // Saves an ever-increasing number in the note, announcing each
            // number after its save returned.
            let id = vault.accounts()[0].id;
            let mut n: u64 = vault.accounts()[0].note.as_ref().unwrap().parse().unwrap();
            loop {
                n += 1;
                // Vary the size, so a torn write would show as a length mix.
                let padding = "x".repeat((n % 97) as usize * 10);
                vault
                    .edit(
                        id,
                        AccountEdit {
                            note: Some(Some(n.to_string())),
                            name: Some(padding),
                            ..AccountEdit::default()
                        },
                    )
                    .unwrap();
                println!("{n}");
            }
        }
        adder => {
            vault.set_lock_wait(Duration::from_secs(60));
            for i in 0..25 {
                let secret = Secret::from_bytes(format!("fake-{adder}-{i:03}-secret").into_bytes());
                vault
                    .add(Account::totp(adder, format!("account {i}"), secret), 1)
                    .unwrap();
            }
        }
    }
    std::process::exit(0);
}

/// A small deterministic generator for kill delays (no clock as a seed, so
/// runs are reproducible apart from the OS scheduler).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn stray_files(dir: &Path, vault: &Path) -> Vec<String> {
    let allowed: Vec<PathBuf> = vec![
        vault.to_owned(),
        lock_path(vault),
        temp_path(vault),
        backup_staging_path(vault),
        backup_path(vault, 1),
        backup_path(vault, 2),
        backup_path(vault, 3),
    ];
    // The daily backups (at most seven, each a whole vault) are expected.
    let dailies = omamori_vault::storage::daily_backups(vault);
    assert!(dailies.len() <= omamori_vault::storage::DAILY_BACKUPS);
    for daily in &dailies {
        Vault::open(daily, Unlock::Password(&pw())).unwrap();
    }
    let allowed: Vec<PathBuf> = allowed.into_iter().chain(dailies).collect();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !allowed.contains(p))
        .map(|p| p.display().to_string())
        .collect()
}

#[test]
fn sigkill_during_saves_never_loses_the_vault() {
    run_child_if_asked();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.json");
    let mut vault = Vault::create(&path, &pw(), WEAK).unwrap();
    let mut account = Account::totp(
        "Crash",
        "test",
        Secret::from_bytes(b"fake-crash-secret".to_vec()),
    );
    account.note = Some("0".into());
    vault.add(account, 1).unwrap();
    drop(vault);

    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut committed: u64 = 0;
    let kills = 200;
    let mut mid_save_kills = 0;
    for round in 0..kills {
        let mut child = spawn_child("sigkill_during_saves_never_loses_the_vault", "saver", &path);
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        // Wait until the child has completed at least one save, so every
        // kill lands inside the save loop, then let it run a random while.
        // (libtest prints its own lines first; skip to the first number.)
        let mut first = String::new();
        while first.trim().parse::<u64>().is_err() {
            first.clear();
            assert!(
                stdout.read_line(&mut first).unwrap() > 0,
                "child died early"
            );
        }
        std::thread::sleep(Duration::from_micros(rng.next() % 20_000));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        let last_announced: u64 = first
            .lines()
            .chain(rest.lines())
            .filter_map(|l| l.trim().parse().ok())
            .max()
            .expect("the child announced its first save");

        let reopened = Vault::open(&path, Unlock::Password(&pw()))
            .unwrap_or_else(|e| panic!("round {round}: vault does not open: {e}"));
        let stored: u64 = reopened.accounts()[0]
            .note
            .as_ref()
            .unwrap()
            .parse()
            .unwrap();
        // Old content (the last announced save) or new (the save the kill
        // interrupted, which may have reached the rename).
        assert!(
            stored == last_announced || stored == last_announced + 1,
            "round {round}: stored {stored}, last announced {last_announced}"
        );
        assert_eq!(
            reopened.accounts()[0].name.len(),
            (stored % 97) as usize * 10
        );
        if stored == last_announced + 1 {
            mid_save_kills += 1;
        }
        assert!(stored >= committed, "round {round}: went back in time");
        committed = stored;
        let stray = stray_files(dir.path(), &path);
        assert!(stray.is_empty(), "round {round}: stray files {stray:?}");
        // Backups are checked after every kill (not only at the end).
        for n in 1..=3 {
            if round > 0 || n == 1 {
                Vault::open(&backup_path(&path, n), Unlock::Password(&pw()))
                    .unwrap_or_else(|e| panic!("round {round}: backup {n}: {e}"));
            }
        }
    }
    // Every backup generation is a whole vault too, whatever the last kill hit.
    for n in 1..=3 {
        Vault::open(&backup_path(&path, n), Unlock::Password(&pw()))
            .unwrap_or_else(|e| panic!("backup {n}: {e}"));
    }
    // A later save clears any temp file a kill left behind.
    let mut vault = Vault::open(&path, Unlock::Password(&pw())).unwrap();
    let id = vault.accounts()[0].id;
    vault.edit(id, AccountEdit::default()).unwrap();
    assert!(!temp_path(&path).exists());
    assert!(!backup_staging_path(&path).exists());
    for n in 1..=3 {
        Vault::open(&backup_path(&path, n), Unlock::Password(&pw())).unwrap();
    }
    eprintln!("{kills} kills, {mid_save_kills} landed after a rename before the announcement");
}

#[test]
fn two_processes_adding_at_once_lose_nothing() {
    run_child_if_asked();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.json");
    drop(Vault::create(&path, &pw(), WEAK).unwrap());
    let children: Vec<Child> = ["alpha", "beta"]
        .iter()
        .map(|role| spawn_child("two_processes_adding_at_once_lose_nothing", role, &path))
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a child failed");
    }
    let vault = Vault::open(&path, Unlock::Password(&pw())).unwrap();
    assert_eq!(vault.accounts().len(), 50);
    for role in ["alpha", "beta"] {
        for i in 0..25 {
            let name = format!("account {i}");
            assert!(
                vault
                    .accounts()
                    .iter()
                    .any(|a| a.issuer == role && a.name == name),
                "{role} {name} lost"
            );
        }
    }
}
