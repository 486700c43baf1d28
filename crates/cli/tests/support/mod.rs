//! The one harness of the CLI tests: a temporary home with password files,
//! and the real `omamori` binary run in it with the keyring off, as scripts
//! drive it. Each test file uses what it needs of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Argon2 parameters that make `init` instant in tests.
pub const WEAK: [&str; 6] = [
    "--kdf-memory-kib",
    "8",
    "--kdf-iterations",
    "1",
    "--kdf-lanes",
    "1",
];

/// A temporary directory holding vaults and the password files `pw`,
/// `pw2`, `backup-pw`, `export-pw` and `wrong`.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(env.file("pw"), "正しい馬 battery\n").unwrap();
        std::fs::write(env.file("pw2"), "新しいパソコン\n").unwrap();
        std::fs::write(env.file("backup-pw"), "バックアップ用 staple\n").unwrap();
        std::fs::write(env.file("wrong"), "wrong horse\n").unwrap();
        std::fs::write(env.file("export-pw"), "エクスポート pw\n").unwrap();
        env
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn path(&self, name: &str) -> String {
        self.file(name).to_str().unwrap().to_owned()
    }

    /// The default vault, `vault.json`.
    pub fn vault(&self) -> PathBuf {
        self.file("vault.json")
    }

    /// `omamori ARGS` in this home, no vault or keyring from outside.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_omamori"));
        cmd.args(args)
            .env_remove("OMAMORI_VAULT")
            .env("OMAMORI_KEYRING", "off")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.file("xdg"));
        cmd
    }

    /// `omamori ARGS --vault VAULT --password-file PW` (names in this home).
    pub fn run_as(&self, vault: &str, pw: &str, args: &[&str]) -> Output {
        let (vault, pw) = (self.path(vault), self.path(pw));
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--vault", &vault, "--password-file", &pw]);
        self.cmd(&all).output().unwrap()
    }

    /// [`Env::run_as`], which must succeed; its standard output.
    pub fn ok_as(&self, vault: &str, pw: &str, args: &[&str]) -> String {
        let out = self.run_as(vault, pw, args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// A new vault with [`WEAK`] parameters and no keyring.
    pub fn init_as(&self, vault: &str, pw: &str) {
        let mut args = vec!["init", "--no-keyring"];
        args.extend(WEAK);
        self.ok_as(vault, pw, &args);
    }

    /// `omamori ARGS --vault vault.json --password-file PW`, with `stdin`
    /// on standard input when given.
    pub fn run_stdin(&self, args: &[&str], pw: &str, stdin: Option<&str>) -> Output {
        let (vault, pw) = (self.path("vault.json"), self.path(pw));
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--vault", &vault, "--password-file", &pw]);
        with_stdin(self.cmd(&all), stdin)
    }

    /// Vault `a.json` (password `pw`) with accounts covering every
    /// parameter: Japanese names and a note, SHA256/8 digits, HOTP, a 60 s /
    /// 7 digit SHA512 account whose name HTML must escape, and a Steam
    /// account Google's format cannot carry.
    pub fn source_vault(&self) {
        self.init_as("a.json", "pw");
        let adds: [&[&str]; 5] = [
            &[
                "--key",
                "JBSWY3DPEHPK3PXP",
                "--issuer",
                "Pep Up",
                "--account",
                "山田太郎@example.jp",
                "--note",
                "メモ",
            ],
            &[
                "--key",
                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
                "--issuer",
                "健康保険組合",
                "--account",
                "花子",
                "--algorithm",
                "SHA256",
                "--digits",
                "8",
            ],
            &[
                "--key",
                "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U",
                "--issuer",
                "社内VPN",
                "--account",
                "suzuki",
                "--algorithm",
                "SHA512",
                "--counter",
                "42",
            ],
            &[
                "--key",
                "KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF",
                "--issuer",
                "Example",
                "--account",
                "一分 & <b>",
                "--algorithm",
                "SHA512",
                "--digits",
                "7",
                "--period",
                "60",
            ],
            &[
                "--key",
                "NB2W45DFOIZA4ZLMNRXWEZLSMVZWG4TF",
                "--issuer",
                "Steam",
                "--account",
                "gamer",
                "--steam",
            ],
        ];
        for add in adds {
            let mut args = vec!["add"];
            args.extend(add);
            self.ok_as("a.json", "pw", &args);
        }
    }

    /// [`Env::run_as`] on `vault.json` with `pw`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_as("vault.json", "pw", args)
    }

    /// [`Env::ok_as`] on `vault.json` with `pw`.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_as("vault.json", "pw", args)
    }

    /// [`Env::init_as`] on `vault.json` with `pw`.
    pub fn init_weak(&self) {
        self.init_as("vault.json", "pw");
    }
}

/// Runs `cmd` with `stdin` (or nothing) on its standard input.
pub fn with_stdin(mut cmd: Command, stdin: Option<&str>) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
