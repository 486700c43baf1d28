//! `export`, `import` and `verify-backup` end to end through the real
//! `omamori` binary with `--password-file` / `--backup-password-file` /
//! `--source-password-file`, as scripts drive them. The keyring is off.

use std::path::Path;

mod support;
use support::Env;

use serde_json::Value;

/// 2026-01-01T00:00:00Z: every code comparison uses this instant.
const AT: &str = "1767225600";

/// Helpers only these tests use, on the shared harness.
impl Env {
    fn list(&self, vault: &str, pw: &str) -> Value {
        serde_json::from_str(&self.ok_as(vault, pw, &["list", "--json"])).unwrap()
    }

    fn codes(&self, vault: &str, pw: &str) -> Value {
        serde_json::from_str(&self.ok_as(vault, pw, &["code", "--json", "--at", AT])).unwrap()
    }
}

/// The fields every format keeps (no id, creation time, note or group).
fn portable(list: &Value) -> Vec<Value> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            serde_json::json!([
                a["issuer"],
                a["account"],
                a["kind"],
                a["algorithm"],
                a["digits"],
                a["period"],
                a["counter"]
            ])
        })
        .collect()
}

fn codes_only(codes: &Value) -> Vec<Value> {
    codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| serde_json::json!([c["issuer"], c["account"], c["code"]]))
        .collect()
}

#[cfg(unix)]
fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{} has mode {mode:o}", path.display());
}
#[cfg(not(unix))]
fn assert_private(_: &Path) {}

/// No temporary export file is left beside the output.
fn assert_no_temp_files(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name();
        assert!(
            !name.to_string_lossy().starts_with(".omamori-export-"),
            "temp file left: {name:?}"
        );
    }
}

#[test]
fn backup_round_trip_gives_an_identical_vault() {
    let env = Env::new();
    env.source_vault();
    let backup = env.path("move.omamori");
    let bpw = env.path("backup-pw");
    let out = env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "backup",
            "--out",
            &backup,
            "--backup-password-file",
            &bpw,
        ],
    );
    assert!(out.contains("wrote 5 accounts"), "{out}");
    assert_private(Path::new(&backup));
    assert_no_temp_files(env.dir.path());
    // It is the vault format with one password slot, no keyring slot.
    let file: Value = serde_json::from_slice(&std::fs::read(&backup).unwrap()).unwrap();
    assert_eq!(file["format"], "omamori-vault");
    assert_eq!(file["header"]["slots"].as_array().unwrap().len(), 1);
    assert_eq!(file["header"]["slots"][0]["type"], "password");
    assert_eq!(file["header"]["slots"][0]["memory_kib"], 65536);

    let checked = env.ok_as(
        "a.json",
        "pw",
        &["verify-backup", &backup, "--backup-password-file", &bpw],
    );
    assert!(
        checked.contains("5 of 5 vault accounts are in the backup"),
        "{checked}"
    );

    // A new computer: another vault with another password.
    env.init_as("b.json", "pw2");
    let imported = env.ok_as(
        "b.json",
        "pw2",
        &[
            "import",
            &backup,
            "--source-password-file",
            &bpw,
            "--verify",
        ],
    );
    assert!(
        imported.contains("(Omamori backup): 5 added, 0 skipped as duplicate, 0 rejected"),
        "{imported}"
    );
    assert!(imported.contains("5 of 5 verified"), "{imported}");
    // Identical: ids, creation times, notes and order included.
    assert_eq!(env.list("a.json", "pw"), env.list("b.json", "pw2"));
    assert_eq!(env.codes("a.json", "pw"), env.codes("b.json", "pw2"));

    // Importing again adds nothing: every account is a duplicate.
    let again = env.ok_as(
        "b.json",
        "pw2",
        &[
            "import",
            &backup,
            "--source-password-file",
            &bpw,
            "--verify",
        ],
    );
    assert!(again.contains("0 added, 5 skipped as duplicate"), "{again}");
    assert!(again.contains("5 of 5 verified"), "{again}");
}

#[test]
fn a_wrong_backup_password_imports_nothing() {
    let env = Env::new();
    env.source_vault();
    let backup = env.path("b.omamori");
    env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "backup",
            "--out",
            &backup,
            "--backup-password-file",
            &env.path("backup-pw"),
        ],
    );
    env.init_as("b.json", "pw2");
    let out = env.run_as(
        "b.json",
        "pw2",
        &[
            "import",
            &backup,
            "--source-password-file",
            &env.path("wrong"),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wrong password, or the file is damaged"),
        "{err}"
    );
    assert_eq!(env.list("b.json", "pw2"), serde_json::json!([]));
    let out = env.run_as(
        "a.json",
        "pw",
        &[
            "verify-backup",
            &backup,
            "--backup-password-file",
            &env.path("wrong"),
        ],
    );
    assert!(!out.status.success());
}

#[test]
fn export_asks_for_the_vault_password_and_never_replaces_a_file() {
    let env = Env::new();
    env.source_vault();
    let out = env.run_as(
        "a.json",
        "wrong",
        &[
            "export",
            "--format",
            "backup",
            "--out",
            &env.path("x"),
            "--backup-password-file",
            &env.path("backup-pw"),
        ],
    );
    assert!(!out.status.success());
    assert!(!env.file("x").exists());
    // An existing file (here: the vault itself) is never replaced.
    let before = std::fs::read(env.file("a.json")).unwrap();
    let out = env.run_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "uri",
            "--yes",
            "--out",
            &env.path("a.json"),
        ],
    );
    assert!(!out.status.success());
    // Issue 11: refused as the vault, before it is even opened.
    assert!(String::from_utf8_lossy(&out.stderr).contains("never replaces"));
    assert_eq!(std::fs::read(env.file("a.json")).unwrap(), before);
    assert_no_temp_files(env.dir.path());
}

#[test]
fn verify_backup_flags_missing_extra_and_different_accounts() {
    let env = Env::new();
    env.source_vault();
    let backup = env.path("old.omamori");
    let bpw = env.path("backup-pw");
    env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "backup",
            "--out",
            &backup,
            "--backup-password-file",
            &bpw,
        ],
    );
    // The vault moves on after the backup was made.
    env.ok_as(
        "a.json",
        "pw",
        &["rename", "Pep Up", "--issuer", "Pep Up 2"],
    );
    env.ok_as("a.json", "pw", &["remove", "Steam"]);
    env.ok_as(
        "a.json",
        "pw",
        &[
            "add",
            "--key",
            "ORSXG5BAORSXG5BAORSXG5BA",
            "--issuer",
            "New",
        ],
    );
    let out = env.run_as(
        "a.json",
        "pw",
        &["verify-backup", &backup, "--backup-password-file", &bpw],
    );
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("missing from the backup: New"), "{stdout}");
    assert!(
        stdout.contains("only in the backup: Steam (gamer)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("different: Pep Up 2 (山田太郎@example.jp) (issuer)"),
        "{stdout}"
    );
    assert!(stdout.contains("3 of 5 vault accounts"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match the vault"));
}

/// Every export format another app (or Omamori) reads back, as one table:
/// written from the same vault, imported into a new one with `--verify`,
/// every account kept with the same parameters and codes.
#[test]
fn every_export_format_round_trips() {
    // (format, encrypted under the file's password, the report's name)
    let cases = [
        ("backup", true, "Omamori backup"),
        ("aegis", true, "Aegis"),
        ("aegis-plain", false, "Aegis"),
        ("uri", false, "otpauth URI list"),
    ];
    let env = Env::new();
    env.source_vault();
    let bpw = env.path("backup-pw");
    for (format, encrypted, name) in cases {
        let file = env.path(&format!("export-{format}"));
        let mut export = vec!["export", "--format", format, "--out", &file];
        let mut import = vec!["import", &file, "--verify"];
        if encrypted {
            export.extend(["--backup-password-file", &bpw]);
            import.extend(["--source-password-file", &bpw]);
        } else {
            export.push("--yes");
        }
        env.ok_as("a.json", "pw", &export);
        assert_private(Path::new(&file));
        let target = format!("b-{format}.json");
        env.init_as(&target, "pw2");
        let out = env.ok_as(&target, "pw2", &import);
        assert!(
            out.contains(&format!("({name}): 5 added")),
            "{format}: {out}"
        );
        assert!(out.contains("5 of 5 verified"), "{format}: {out}");
        assert_eq!(
            portable(&env.list("a.json", "pw")),
            portable(&env.list(&target, "pw2")),
            "{format}"
        );
        assert_eq!(
            codes_only(&env.codes("a.json", "pw")),
            codes_only(&env.codes(&target, "pw2")),
            "{format}"
        );
    }
    assert_no_temp_files(env.dir.path());
}

#[test]
fn plain_exports_need_an_explicit_yes_and_say_what_they_expose() {
    let env = Env::new();
    env.source_vault();
    for format in ["uri", "aegis-plain", "html", "google"] {
        let out_path = env.path(&format!("plain-{format}"));
        // No terminal to answer and no --yes: refused, nothing written.
        let out = env.run_as(
            "a.json",
            "pw",
            &["export", "--format", format, "--out", &out_path],
        );
        assert!(!out.status.success(), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("will NOT be encrypted"), "{err}");
        assert!(err.contains("needs --yes"), "{err}");
        assert!(!Path::new(&out_path).exists());
        assert!(!env.file(&format!("plain-{format}-1.png")).exists());
    }
    let html = env.path("page.html");
    let out = env.ok_as(
        "a.json",
        "pw",
        &["export", "--format", "html", "--yes", "--out", &html],
    );
    assert!(out.contains("unlocks every account"), "{out}");
    assert_private(Path::new(&html));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("<script"));
    assert_eq!(page.matches("<svg").count(), 5);
}

#[test]
fn google_export_writes_numbered_pngs_and_lists_what_it_cannot_carry() {
    let env = Env::new();
    env.source_vault();
    let out = env.ok_as(
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
            &env.path("move.png"),
        ],
    );
    // 3 of 5 accounts fit Google's format: 2 per code makes 2 codes.
    assert!(
        out.contains("wrote 3 accounts as 2 Google Authenticator transfer QR codes"),
        "{out}"
    );
    assert!(out.contains("Example (一分 & <b>)"), "{out}");
    assert!(out.contains("Steam (gamer)"), "{out}");
    for name in ["move-1.png", "move-2.png"] {
        let bytes = std::fs::read(env.file(name)).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_private(&env.file(name));
    }
    assert!(!env.file("move-3.png").exists());
    // Into a directory; and never over existing files.
    std::fs::create_dir(env.file("codes")).unwrap();
    env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "google",
            "--yes",
            "--out",
            &env.path("codes"),
        ],
    );
    assert!(env.file("codes/omamori-transfer-1.png").exists());
    let again = env.run_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "google",
            "--yes",
            "--out",
            &env.path("codes"),
        ],
    );
    assert!(!again.status.success());
}

#[test]
fn import_reports_added_duplicate_and_rejected_entries() {
    let env = Env::new();
    env.init_as("b.json", "pw2");
    let list = env.file("mixed.txt");
    std::fs::write(
        &list,
        "otpauth://totp/Pep%20Up:taro?secret=JBSWY3DPEHPK3PXP&issuer=Pep%20Up\n\
         otpauth://totp/Pep%20Up:taro?secret=JBSWY3DPEHPK3PXP&issuer=Pep%20Up\n\
         otpauth://totp/Bad:x?secret=not-base32!\n\
         otpauth://hotp/Counter:y?secret=GEZDGNBVGY3TQOJQ&counter=3\n",
    )
    .unwrap();
    let out = env.run_as(
        "b.json",
        "pw2",
        &["import", list.to_str().unwrap(), "--verify"],
    );
    // A rejected entry makes the exit status 1; the others are still added.
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2 added, 1 skipped as duplicate, 1 rejected"),
        "{stdout}"
    );
    assert!(
        stdout.contains("rejected   #3 line 3: the secret is not valid"),
        "{stdout}"
    );
    assert!(stdout.contains("3 of 3 verified"), "{stdout}");
    assert_eq!(env.list("b.json", "pw2").as_array().unwrap().len(), 2);

    // Unknown and wrong formats are per-file errors with the file's name.
    let junk = env.file("junk.bin");
    std::fs::write(&junk, [0u8, 1, 2, 3]).unwrap();
    let out = env.run_as("b.json", "pw2", &["import", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("junk.bin: the file's format was not recognised")
    );
    let out = env.run_as(
        "b.json",
        "pw2",
        &["import", "--format", "nope", junk.to_str().unwrap()],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("use auto or one of: backup"));
}

#[test]
fn verify_flags_a_duplicate_whose_kept_copy_gives_other_codes() {
    // Deliberately wrong: the vault already holds "Pep Up (taro)" with this
    // secret at 6 digits; the file says 8 digits. Same secret, issuer and
    // account make it a duplicate, so nothing is added, but the kept copy
    // does not give the file's codes: --verify must flag it and fail.
    let env = Env::new();
    env.init_as("b.json", "pw2");
    env.ok_as(
        "b.json",
        "pw2",
        &[
            "add",
            "--key",
            "JBSWY3DPEHPK3PXP",
            "--issuer",
            "Pep Up",
            "--account",
            "taro",
        ],
    );
    let list = env.file("eight.txt");
    std::fs::write(
        &list,
        "otpauth://totp/Pep%20Up:taro?secret=JBSWY3DPEHPK3PXP&issuer=Pep%20Up&digits=8\n\
         otpauth://totp/Other:hanako?secret=GEZDGNBVGY3TQOJQ&issuer=Other\n",
    )
    .unwrap();
    let out = env.run_as(
        "b.json",
        "pw2",
        &["import", list.to_str().unwrap(), "--verify"],
    );
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 added, 1 skipped as duplicate"),
        "{stdout}"
    );
    assert!(stdout.contains("NOT VERIFIED"), "{stdout}");
    assert!(
        stdout.contains("Pep Up (taro): differs in code, digits"),
        "{stdout}"
    );
    assert!(stdout.contains("1 of 2 verified"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 imported accounts did not verify"));
}

#[test]
fn google_transfer_pngs_scan_and_import_back_with_every_code_verified() {
    let env = Env::new();
    env.source_vault();
    env.ok_as(
        "a.json",
        "pw",
        &[
            "export",
            "--format",
            "google",
            "--yes",
            "--out",
            &env.path("move.png"),
        ],
    );
    // Our own scanner reads the codes we draw (3 of the 5 accounts fit).
    let scanned = std::process::Command::new(env!("CARGO_BIN_EXE_omamori"))
        .args(["scan", "--json", &env.path("move-1.png")])
        .output()
        .unwrap();
    assert!(
        scanned.status.success(),
        "{}",
        String::from_utf8_lossy(&scanned.stderr)
    );
    assert_eq!(
        String::from_utf8(scanned.stdout).unwrap().lines().count(),
        3
    );
    // And `import` takes the picture itself, as a new phone's user would.
    env.init_as("b.json", "pw2");
    let out = env.ok_as(
        "b.json",
        "pw2",
        &["import", &env.path("move-1.png"), "--verify"],
    );
    assert!(out.contains("3 of 3 verified"), "{out}");
    let source =
        portable(&serde_json::from_str(&env.ok_as("a.json", "pw", &["list", "--json"])).unwrap());
    let moved =
        portable(&serde_json::from_str(&env.ok_as("b.json", "pw2", &["list", "--json"])).unwrap());
    for account in &moved {
        assert!(
            source.contains(account),
            "{account} is not in the source vault"
        );
    }
    assert_eq!(moved.len(), 3);
}
