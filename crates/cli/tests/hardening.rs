//! Issue 11: the running `omamori` process has core dumps off and is not
//! dumpable, checked from outside through /proc while the CLI waits for
//! its password (a FIFO it blocks on, so no timing is involved).
#![cfg(target_os = "linux")]

use std::fs::OpenOptions;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

/// The (soft, hard) core file size limits of a process, as /proc shows them.
fn core_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("a core limit line");
    let mut words = line.split_whitespace().skip(4);
    (
        words.next().unwrap().to_owned(),
        words.next().unwrap().to_owned(),
    )
}

#[test]
fn issue_11_the_running_cli_writes_no_core_dump_and_is_not_dumpable() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("password");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let vault = dir.path().join("vault.json");

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_omamori"));
    cmd.args(["init", "--no-keyring", "--vault"])
        .arg(&vault)
        .arg("--password-file")
        .arg(&fifo)
        .env("OMAMORI_KEYRING", "off")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // A non-dumpable process's /proc files belong to root. As root that
    // shows nothing, so the CLI then runs as `nobody`.
    let me = std::fs::metadata("/proc/self").unwrap().uid();
    let child_uid = if me == 0 {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        std::fs::set_permissions(&fifo, std::fs::Permissions::from_mode(0o666)).unwrap();
        cmd.uid(65534).gid(65534);
        65534
    } else {
        me
    };
    let mut child = cmd.spawn().unwrap();
    let pid = child.id();

    // Opening the FIFO's write end without blocking succeeds only once the
    // CLI has it open for reading: by then `main` has hardened the process.
    let writer = loop {
        match OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
        {
            Ok(file) => break file,
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
                if let Some(status) = child.try_wait().unwrap() {
                    let mut err = String::new();
                    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err)
                        .unwrap();
                    panic!("the CLI ended before reading its password: {status}: {err}");
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => panic!("cannot open the FIFO: {e}"),
        }
    };

    assert_eq!(core_limits(pid), ("0".into(), "0".into()));
    let owner = std::fs::metadata(format!("/proc/{pid}/status"))
        .unwrap()
        .uid();
    assert_ne!(child_uid, 0);
    assert_eq!(
        owner, 0,
        "/proc/{pid} belongs to uid {owner}, so the CLI is still dumpable"
    );

    // An empty password file ends it.
    drop(writer);
    let status = child.wait().unwrap();
    assert!(!status.success());
}
