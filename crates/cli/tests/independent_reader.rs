//! The acceptance test of issue 6 against an independent implementation:
//! `scripts/independent_reader.py` (Python, `cryptography` and zbar; written
//! from the public format descriptions, sharing no code with Omamori)
//!
//! - generates export files with known accounts, which are imported into
//!   fresh vaults through the CLI, and every code is checked against the
//!   code Python computed;
//! - reads Omamori's exports (Aegis encrypted and plain, otpauth list,
//!   Google transfer QR PNGs) and its codes must equal the vault's.
//!
//! Needs `python3` with `cryptography`, `pyzbar` and `Pillow` and the zbar
//! library: `scripts/install-deps.sh` installs them.

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::Env;

use serde_json::Value;

const AT: &str = "1767225600";

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/independent_reader.py")
}

fn python(args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(script())
        .args(args)
        .output()
        .expect("python3 is needed for the independent reader: run scripts/install-deps.sh");
    assert!(
        out.status.success(),
        "independent_reader.py {args:?} failed (scripts/install-deps.sh installs its packages): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Helpers only these tests use, on the shared harness.
impl Env {
    /// `[issuer, account, type, code]` of every account, from the vault.
    fn vault_codes(&self, vault: &str) -> Vec<Value> {
        let codes: Value =
            serde_json::from_str(&self.ok_as(vault, "pw", &["code", "--json", "--at", AT]))
                .unwrap();
        codes
            .as_array()
            .unwrap()
            .iter()
            .map(|c| serde_json::json!([c["issuer"], c["account"], c["kind"], c["code"]]))
            .collect()
    }
}

/// `[issuer, account, type, code]` of the Python reader's accounts.
fn python_codes(accounts: &Value) -> Vec<Value> {
    accounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| serde_json::json!([a["issuer"], a["account"], a["type"], a["code"]]))
        .collect()
}

#[test]
fn independently_generated_exports_import_with_every_code_right() {
    let env = Env::new();
    let dir = env.path("generated");
    python(&["generate", &dir, "--at", AT]);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(env.file("generated/expected.json")).unwrap(),
    )
    .unwrap();
    let files = expected.as_object().unwrap();
    assert_eq!(files.len(), 4);
    for (i, (name, accounts)) in files.iter().enumerate() {
        let vault = format!("v{i}.json");
        env.init_as(&vault, "pw");
        let path = format!("{dir}/{name}");
        let password = format!("{dir}/aegis-password.txt");
        let mut args = vec!["import", path.as_str(), "--verify"];
        if name.contains("encrypted") {
            args.extend(["--source-password-file", password.as_str()]);
        }
        let out = env.ok_as(&vault, "pw", &args);
        let n = accounts.as_array().unwrap().len();
        assert!(
            out.contains(&format!("{n} of {n} verified")),
            "{name}: {out}"
        );
        assert_eq!(env.vault_codes(&vault), python_codes(accounts), "{name}");
    }
}

#[test]
fn omamori_exports_are_read_back_by_the_independent_reader() {
    let env = Env::new();
    env.source_vault();
    let all = env.vault_codes("a.json");
    let export_pw = env.path("export-pw");

    env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "aegis",
            "--out",
            &env.path("aegis.json"),
            "--backup-password-file",
            &export_pw,
        ],
    );
    let read: Value = serde_json::from_str(&python(&[
        "read",
        &env.path("aegis.json"),
        "--password-file",
        &export_pw,
        "--at",
        AT,
    ]))
    .unwrap();
    assert_eq!(python_codes(&read), all, "Aegis encrypted");

    env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "aegis-plain",
            "--yes",
            "--out",
            &env.path("plain.json"),
        ],
    );
    let read: Value =
        serde_json::from_str(&python(&["read", &env.path("plain.json"), "--at", AT])).unwrap();
    assert_eq!(python_codes(&read), all, "Aegis plain");

    env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "uri",
            "--yes",
            "--out",
            &env.path("list.txt"),
        ],
    );
    let read: Value =
        serde_json::from_str(&python(&["read", &env.path("list.txt"), "--at", AT])).unwrap();
    assert_eq!(python_codes(&read), all, "otpauth list");

    // Google: the 60 s / 7-digit and Steam accounts cannot travel; the
    // other three are read from the PNGs by zbar, two per code.
    env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "google",
            "--yes",
            "--per-code",
            "2",
            "--out",
            &env.path("ga"),
        ],
    );
    let read: Value = serde_json::from_str(&python(&[
        "read",
        &env.path("ga-1.png"),
        &env.path("ga-2.png"),
        "--at",
        AT,
    ]))
    .unwrap();
    assert_eq!(
        python_codes(&read),
        all[..3].to_vec(),
        "Google transfer PNGs"
    );
}
