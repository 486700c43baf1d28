//! Issue 11 through the real `omamori` binary: the trash (`remove`,
//! `trash`, `restore`, purge and empty asking for the password), secrets
//! from standard input or a file, and exports that can never replace the
//! vault or its backups.

mod support;
use support::Env;

/// A home with a vault (`vault.json`, password `pw`).
fn with_vault() -> Env {
    let env = Env::new();
    env.init_weak();
    env
}

#[test]
fn removed_accounts_go_to_the_trash_and_come_back() {
    let env = with_vault();
    env.ok(&[
        "add",
        "--key",
        "JBSWY3DPEHPK3PXP",
        "--issuer",
        "Pep Up",
        "--account",
        "taro",
    ]);
    env.ok(&["add", "--key", "GEZDGNBVGY3TQOJQ", "--issuer", "Other"]);
    let code_before = env.ok(&["code", "Pep Up"]);
    let removed = env.ok(&["remove", "Pep Up"]);
    assert!(removed.contains("trash"), "{removed}");
    assert!(!env.ok(&["list"]).contains("Pep Up"));
    let trash: serde_json::Value = serde_json::from_str(&env.ok(&["trash", "--json"])).unwrap();
    assert_eq!(trash[0]["issuer"], "Pep Up");
    assert!(
        trash[0]["expires"].as_u64().unwrap() - trash[0]["deleted"].as_u64().unwrap()
            == 30 * 86_400
    );
    // Later saves do not lose it.
    env.ok(&["rename", "Other", "--note", "メモ"]);
    env.ok(&["restore", "Pep Up"]);
    assert!(env.ok(&["list"]).contains("Pep Up (taro)"));
    assert_eq!(env.ok(&["code", "Pep Up"]), code_before, "same secret");
    assert!(
        env.run_stdin(&["trash"], "pw", None)
            .stderr
            .starts_with(b"the trash is empty")
    );
}

#[test]
fn purging_and_emptying_the_trash_need_the_password() {
    // Names with a letter outside hex, so no query matches a random id.
    let env = with_vault();
    env.ok(&["add", "--key", "JBSWY3DPEHPK3PXP", "--issuer", "Alpha"]);
    env.ok(&["add", "--key", "GEZDGNBVGY3TQOJQ", "--issuer", "Bravo"]);
    env.ok(&["remove", "Alpha"]);
    env.ok(&["remove", "Bravo"]);
    let wrong = env.run_stdin(&["trash", "purge", "Alpha"], "wrong", None);
    assert!(!wrong.status.success());
    assert_eq!(env.ok(&["trash", "--json"]).matches("\"id\"").count(), 2);
    env.ok(&["trash", "purge", "Alpha"]);
    assert!(!env.ok(&["trash"]).contains("Alpha"));
    assert!(env.ok(&["trash", "empty"]).contains("1 accounts"));
    env.ok(&["trash", "days", "7"]);
    env.ok(&["add", "--key", "JBSWY3DPEHPK3PXP", "--issuer", "Charlie"]);
    env.ok(&["remove", "Charlie"]);
    let trash: serde_json::Value = serde_json::from_str(&env.ok(&["trash", "--json"])).unwrap();
    assert_eq!(
        trash[0]["expires"].as_u64().unwrap() - trash[0]["deleted"].as_u64().unwrap(),
        7 * 86_400
    );
    assert!(
        !env.run_stdin(&["trash", "days", "0"], "pw", None)
            .status
            .success()
    );
    let gone = env.run_stdin(&["restore", "Bravo"], "pw", None);
    assert!(!gone.status.success());
}

#[test]
fn secrets_can_come_from_standard_input_or_a_file() {
    let env = with_vault();
    let out = env.run_stdin(
        &["add", "--key", "-", "--issuer", "Stdin"],
        "pw",
        Some("JBSWY3DPEHPK3PXP\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        env.file("uri"),
        "otpauth://totp/File:x?secret=GEZDGNBVGY3TQOJQ\n",
    )
    .unwrap();
    let at_file = format!("@{}", env.file("uri").display());
    env.ok(&["add", "--uri", &at_file]);
    let list = env.ok(&["list"]);
    assert!(
        list.contains("Stdin") && list.contains("File (x)"),
        "{list}"
    );
    // The stateless `code --key -` gives the same code as the key itself.
    let from_stdin = env.run_stdin(
        &["code", "--key", "-", "--at", "59"],
        "pw",
        Some("JBSWY3DPEHPK3PXP"),
    );
    let direct = env.ok(&["code", "--key", "JBSWY3DPEHPK3PXP", "--at", "59"]);
    assert_eq!(String::from_utf8(from_stdin.stdout).unwrap(), direct);
    // A bad key read from stdin is refused without echoing it.
    // A bad key is refused without echoing any character of it: the
    // position says where, the terminal already shows what was typed.
    for key in ["JBSWY3DPEHPK3PXé", "JBSWY3DPEHPK3PX!"] {
        let bad = env.run_stdin(&["code", "--key", "-"], "pw", Some(key));
        assert!(!bad.status.success());
        let message = String::from_utf8_lossy(&bad.stderr);
        assert!(message.contains("16"), "{message}");
        let last = key.chars().last().unwrap();
        assert!(
            !message.contains("JBSWY3DP") && !message.contains(last),
            "{message}"
        );
    }
}

#[test]
fn an_export_never_replaces_the_vault_or_its_backups() {
    let env = with_vault();
    env.ok(&["add", "--key", "JBSWY3DPEHPK3PXP", "--issuer", "A"]);
    env.ok(&["add", "--key", "GEZDGNBVGY3TQOJQ", "--issuer", "B"]);
    let vault = std::fs::read(env.file("vault.json")).unwrap();
    for target in [
        "vault.json.3",
        "vault.json.7",
        "vault.json.day-2020-01-01",
        "sub/../vault.json.9",
    ] {
        std::fs::create_dir_all(env.file("sub")).unwrap();
        let out = env.file(target);
        let out = env.run_stdin(
            &[
                "export",
                "--format",
                "uri",
                "--yes",
                "--out",
                out.to_str().unwrap(),
            ],
            "pw",
            None,
        );
        assert!(!out.status.success(), "{target}");
        let message = String::from_utf8_lossy(&out.stderr);
        assert!(message.contains("never replaces"), "{target}: {message}");
    }
    assert_eq!(std::fs::read(env.file("vault.json")).unwrap(), vault);
    assert!(!env.file("vault.json.7").exists());
}

#[test]
fn an_import_caps_long_fields_says_so_and_the_vault_still_opens() {
    let env = with_vault();
    let uri = format!(
        "otpauth://totp/taro?secret=JBSWY3DPEHPK3PXP&issuer={}\n",
        "長".repeat(1000)
    );
    std::fs::write(env.file("long.txt"), uri).unwrap();
    let out = env.ok(&["import", env.file("long.txt").to_str().unwrap()]);
    assert!(out.contains("1 added"), "{out}");
    assert!(
        out.contains("its issuer was longer than the vault keeps: shortened to 1024 bytes"),
        "{out}"
    );
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list[0]["issuer"].as_str().unwrap(), "長".repeat(341));
}
