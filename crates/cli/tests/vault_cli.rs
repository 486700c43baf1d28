//! The vault commands end to end through the real `omamori` binary, driven
//! with `--password-file` as scripts do. Keyring use is switched off
//! (`OMAMORI_KEYRING=off`) except where a test is about the keyring.

use std::path::Path;

mod support;
use support::{Env, WEAK, stderr};

#[test]
fn init_add_and_code_with_default_kdf_parameters() {
    let env = Env::new();
    let out = env.ok(&["init", "--no-keyring"]);
    assert!(out.contains("created"));
    let added = env.ok(&[
        "add",
        "--key",
        "JBSW Y3DP EHPK 3PXP",
        "--issuer",
        "Pep Up",
        "--account",
        "taro@example.jp",
    ]);
    assert!(added.starts_with("added "), "{added}");
    // The vault's code equals the stateless one for the same key and time.
    let from_vault = env.ok(&["code", "pep", "--at", "59"]);
    let stateless = env
        .cmd(&["code", "--key", "JBSWY3DPEHPK3PXP", "--at", "59"])
        .output()
        .unwrap();
    assert_eq!(from_vault, String::from_utf8(stateless.stdout).unwrap());
    assert_eq!(from_vault.trim().len(), 6);

    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["code", "--json", "--at", "59"])).unwrap();
    let first = &json[0];
    assert_eq!(first["issuer"], "Pep Up");
    assert_eq!(first["account"], "taro@example.jp");
    assert_eq!(first["code"], from_vault.trim());
    assert_eq!(first["valid_until"], 60);
    assert_eq!(first["id"].as_str().unwrap().len(), 32);
}

#[test]
fn wrong_password_fails_vaguely_and_leaves_the_file_untouched() {
    let env = Env::new();
    env.init_weak();
    env.ok(&[
        "add",
        "--key",
        "JBSWY3DPEHPK3PXP",
        "--issuer",
        "X",
        "--account",
        "y",
    ]);
    let before = std::fs::read(env.vault()).unwrap();
    let vault = env.vault();
    let wrong = env.file("wrong");
    for command in [
        &["list"][..],
        &["code"],
        &["add", "--key", "GEZDGNBVGY3TQOJQ"],
        &["remove", "X"],
    ] {
        let mut args = command.to_vec();
        args.extend([
            "--vault",
            vault.to_str().unwrap(),
            "--password-file",
            wrong.to_str().unwrap(),
        ]);
        let out = env.cmd(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        let err = stderr(&out);
        assert!(err.contains("wrong password or damaged vault"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            std::fs::read(env.vault()).unwrap(),
            before,
            "{command:?} wrote"
        );
    }
}

#[test]
fn list_rename_next_remove_and_duplicates() {
    let env = Env::new();
    env.init_weak();
    env.ok(&[
        "add",
        "--uri",
        "otpauth://totp/Pep%20Up:taro?secret=JBSWY3DPEHPK3PXP&issuer=Pep%20Up",
    ]);
    env.ok(&[
        "add",
        "--key",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "--issuer",
        "銀行",
        "--account",
        "花子",
        "--counter",
        "0",
    ]);
    let dup = env.run(&[
        "add",
        "--key",
        "JBSWY3DPEHPK3PXP",
        "--issuer",
        "Pep Up",
        "--account",
        "taro",
    ]);
    assert_eq!(dup.status.code(), Some(1));
    assert!(stderr(&dup).contains("already holds"), "{}", stderr(&dup));

    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["issuer"], "銀行");
    assert!(
        list[0].get("secret").is_none(),
        "list must not print secrets"
    );
    let text = env.ok(&["list"]);
    assert!(!text.contains("JBSWY3DPEHPK3PXP"));

    // HOTP: `code` shows the stored counter's code without advancing;
    // `next` advances and saves. RFC 4226 vectors: counter 0 → 755224, 1 → 287082.
    assert_eq!(env.ok(&["code", "銀行"]).trim(), "755224");
    assert_eq!(env.ok(&["code", "銀行"]).trim(), "755224");
    assert_eq!(env.ok(&["next", "花子"]).trim(), "287082");
    assert_eq!(env.ok(&["code", "銀行"]).trim(), "287082");

    env.ok(&[
        "rename",
        "pep",
        "--issuer",
        "Pep Up 健保",
        "--note",
        "family",
    ]);
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list[0]["issuer"], "Pep Up 健保");
    assert_eq!(list[0]["note"], "family");

    // An ambiguous query is refused with the candidates listed.
    env.ok(&[
        "add",
        "--key",
        "GEZDGNBVGY3TQOJQ",
        "--issuer",
        "Pep Up",
        "--account",
        "jiro",
    ]);
    let ambiguous = env.run(&["code", "pep"]);
    assert_eq!(ambiguous.status.code(), Some(1));
    assert!(
        stderr(&ambiguous).contains("2 accounts match"),
        "{}",
        stderr(&ambiguous)
    );
    let all: serde_json::Value =
        serde_json::from_str(&env.ok(&["code", "pep", "--all", "--json"])).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);

    let id = list[1]["id"].as_str().unwrap().to_owned();
    env.ok(&["remove", &id]);
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|a| a["id"] != id.as_str())
    );
    assert!(Path::new(&format!("{}.1", env.vault().display())).exists());
}

#[test]
fn passwd_changes_the_password() {
    let env = Env::new();
    env.init_weak();
    env.ok(&["add", "--key", "JBSWY3DPEHPK3PXP", "--issuer", "X"]);
    std::fs::write(env.file("new"), "新しい\n").unwrap();
    let new = env.file("new");
    let mut args = vec!["passwd", "--new-password-file", new.to_str().unwrap()];
    args.extend(WEAK);
    env.ok(&args);
    assert_eq!(env.run(&["list"]).status.code(), Some(1));
    let vault = env.vault();
    let out = env
        .cmd(&[
            "list",
            "--vault",
            vault.to_str().unwrap(),
            "--password-file",
            new.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn missing_vault_existing_file_and_bad_files_are_clear_errors() {
    let env = Env::new();
    let out = env.run(&["list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("omamori init"), "{}", stderr(&out));

    let newer = b"{\"format\":\"omamori-vault\",\"version\":7}";
    std::fs::write(env.vault(), newer).unwrap();
    let out = env.run(&["list"]);
    assert!(
        stderr(&out).contains("unsupported vault file format version 7"),
        "{}",
        stderr(&out)
    );
    let init = env.run(&["init", "--no-keyring"]);
    assert_eq!(init.status.code(), Some(1));
    assert!(stderr(&init).contains("already exists"));
    assert_eq!(std::fs::read(env.vault()).unwrap(), newer);

    std::fs::write(env.vault(), b"").unwrap();
    let out = env.run(&["list"]);
    assert!(
        stderr(&out).contains("malformed vault file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_vault_path_comes_from_the_environment_or_the_data_directory() {
    let env = Env::new();
    let pw = env.file("pw");
    let custom = env.file("custom.json");
    let mut args = vec![
        "init",
        "--no-keyring",
        "--password-file",
        pw.to_str().unwrap(),
    ];
    args.extend(WEAK);
    let out = env
        .cmd(&args)
        .env("OMAMORI_VAULT", &custom)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(custom.exists());
    // Without --vault or OMAMORI_VAULT: the XDG data directory.
    let out = env.cmd(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(env.file("xdg/omamori/vault.json").exists());
}

#[test]
fn an_unreachable_keyring_is_a_note_and_the_password_still_works() {
    let env = Env::new();
    let pw = env.file("pw");
    let vault = env.vault();
    let mut args = vec![
        "init",
        "--vault",
        vault.to_str().unwrap(),
        "--password-file",
        pw.to_str().unwrap(),
    ];
    args.extend(WEAK);
    let out = env
        .cmd(&args)
        .env("OMAMORI_KEYRING", "secret-service")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/omamori-test-bus",
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("opens with its password only"),
        "{}",
        stderr(&out)
    );
    env.ok(&["list"]);
}

/// Through the real keyrings; needs scripts/with-keyrings.sh.
#[test]
#[cfg_attr(
    not(omamori_keyring_tests),
    ignore = "needs real keyrings: scripts/with-keyrings.sh cargo test -p omamori-cli --test vault_cli"
)]
fn keyring_slot_unlocks_without_a_password_and_can_be_disabled() {
    for backend in ["keyutils", "secret-service"] {
        let env = Env::new();
        let pw = env.file("pw");
        let vault = env.vault();
        let mut args = vec![
            "init",
            "--vault",
            vault.to_str().unwrap(),
            "--password-file",
            pw.to_str().unwrap(),
        ];
        args.extend(WEAK);
        let out = env
            .cmd(&args)
            .env("OMAMORI_KEYRING", backend)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("remembered"),
            "{backend}: {}",
            stderr(&out)
        );
        // No password file and no terminal: only the keyring can open it.
        // The backend comes from the slot (OMAMORI_KEYRING unset).
        let list = |env: &Env| {
            env.cmd(&["list", "--vault", vault.to_str().unwrap()])
                .env_remove("OMAMORI_KEYRING")
                .output()
                .unwrap()
        };
        let out = list(&env);
        assert!(out.status.success(), "{backend}: {}", stderr(&out));
        // Turning it off (or on again) asks for the password, even though
        // the keyring could open the vault (issue 11).
        for action in ["disable", "enable"] {
            let out = env
                .cmd(&["keyring", action, "--vault", vault.to_str().unwrap()])
                .env_remove("OMAMORI_KEYRING")
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(1),
                "{backend} {action} without a password"
            );
        }
        let out = env
            .cmd(&[
                "keyring",
                "disable",
                "--vault",
                vault.to_str().unwrap(),
                "--password-file",
                pw.to_str().unwrap(),
            ])
            .env_remove("OMAMORI_KEYRING")
            .output()
            .unwrap();
        assert!(out.status.success(), "{backend}: {}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("new key"));
        let out = list(&env);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{backend}: opened without a password"
        );
        env.ok(&["list"]);
    }
}
