//! Golden files for what people read: every `--help` and the one-line
//! error messages of common mistakes. A change of wording shows up as a
//! diff of `tests/golden/*.txt` in review. After an intended change,
//! rewrite the files with `OMAMORI_BLESS=1 cargo test -p omamori-cli --test
//! golden` and read the diff before committing.
//!
//! A hand-made harness (forty lines) rather than trycmd or snapbox: the
//! cases need a vault-free temporary home and a fixed terminal width, and
//! nothing else those crates offer, so no dependency is added for them.

mod support;

use support::Env;

/// (golden file name, arguments)
const CASES: &[(&str, &[&str])] = &[
    ("help", &["--help"]),
    ("help-code", &["code", "--help"]),
    ("help-parse", &["parse", "--help"]),
    ("help-scan", &["scan", "--help"]),
    ("help-add", &["add", "--help"]),
    ("help-list", &["list", "--help"]),
    ("help-export", &["export", "--help"]),
    ("help-import", &["import", "--help"]),
    ("help-verify-backup", &["verify-backup", "--help"]),
    (
        "error-key-confusion",
        &["code", "--key", "JBSW Y3D0 EHPK 3PXP"],
    ),
    ("error-key-short", &["code", "--key", "JBSWY3DPEHPK3PX"]),
    ("error-key-length", &["code", "--key", "JBSWY3DPEHPK3PXPA"]),
    ("error-not-a-qr-text", &["parse", "https://example.com/"]),
    (
        "error-digits",
        &["parse", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5"],
    ),
    (
        "error-period",
        &["code", "--key", "JBSWY3DPEHPK3PXP", "--period", "0"],
    ),
    ("error-no-vault", &["list", "--vault", "missing.json"]),
    (
        "error-unknown-import-format",
        &["import", "--format", "nope", "x"],
    ),
];

fn render(args: &[&str], out: &std::process::Output) -> String {
    format!(
        "$ omamori {}\nexit status: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn help_and_error_messages_match_their_golden_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("OMAMORI_BLESS").is_some();
    let env = Env::new();
    let mut differ = Vec::new();
    for (name, args) in CASES {
        let out = env
            .cmd(args)
            .current_dir(env.dir.path())
            .env("COLUMNS", "100")
            .env_remove("OMAMORI_PASSWORD")
            .output()
            .unwrap();
        let got = render(args, &out);
        let path = dir.join(format!("{name}.txt"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(got.as_str()) {
            differ.push(format!("{}:\n{got}", path.display()));
        }
    }
    assert!(
        differ.is_empty(),
        "output differs from its golden file (OMAMORI_BLESS=1 rewrites them):\n{}",
        differ.join("\n")
    );
}
