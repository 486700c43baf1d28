//! Start-up time and memory of the app, as issue 5 asks: cold start to the
//! first code on screen through the keyring slot, and PSS summed over the
//! app and its WebKit processes, idle with 20 accounts. Run by
//! `scripts/measure-app.sh` (release build, kernel keyring session).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use omamori_e2e::{App, enable_keyutils_slot, make_vault, write_settings};

const PASSWORD: &str = "measure password";

/// Kilobytes of PSS of one process (from /proc/PID/smaps_rollup).
fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Pss:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// The app process (child of WebKitWebDriver) and everything below it.
fn app_tree() -> Vec<(u32, String)> {
    let out = std::process::Command::new("pgrep")
        .args(["-x", "omamori-app"])
        .output()
        .unwrap();
    let mut stack: Vec<u32> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect();
    let mut tree = Vec::new();
    while let Some(pid) = stack.pop() {
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .unwrap_or_default()
            .trim()
            .to_owned();
        tree.push((pid, name));
        stack.extend(children(pid));
    }
    tree
}

#[tokio::test]
#[ignore = "measurement: run scripts/measure-app.sh"]
async fn start_up_and_memory() {
    let accounts: Vec<(String, String, String)> = (0..20)
        .map(|i| {
            (
                format!("Service {i:02}"),
                format!("user{i}@example.jp"),
                format!("JBSWY3DPEHPK3PX{}", (b'A' + i as u8) as char),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str, &str)> = accounts
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let (dir, vault) = App::new_dir();
    make_vault(&vault, PASSWORD, &borrowed);
    enable_keyutils_slot(&vault, PASSWORD);
    write_settings(
        &vault,
        r#"{"language":"ja","theme":"os","auto_lock_minutes":0,"clipboard_clear_seconds":30}"#,
    );

    let start = Instant::now();
    let app = App::launch_with(dir, vault, &[("OMAMORI_KEYRING", "keyutils")]).await;
    let session = start.elapsed();
    app.client
        .wait()
        .at_most(Duration::from_secs(20))
        .every(Duration::from_millis(10))
        .for_element(Locator::Css("#account-list li.account .code"))
        .await
        .expect("a code appears");
    let first_code = start.elapsed();
    println!(
        "start: WebDriver session (app launched, page loading) after {:.0} ms",
        session.as_secs_f64() * 1000.0
    );
    println!(
        "start: first code visible after {:.0} ms (keyring unlock, 20 accounts; includes WebKitWebDriver start)",
        first_code.as_secs_f64() * 1000.0
    );

    tokio::time::sleep(Duration::from_secs(8)).await;
    let tree = app_tree();
    let mut total = 0;
    for (pid, name) in &tree {
        let pss = pss_kib(*pid);
        total += pss;
        println!(
            "memory: {name} (pid {pid}) PSS {:.1} MiB",
            pss as f64 / 1024.0
        );
    }
    println!(
        "memory: total PSS {:.1} MiB over {} processes, idle with 20 accounts",
        total as f64 / 1024.0,
        tree.len()
    );
    app.quit().await;
}

/// The same figures for the app sitting on its lock screen (nothing of the
/// vault loaded): the baseline the unlocked list is compared with.
#[tokio::test]
#[ignore = "measurement: run scripts/measure-app.sh"]
async fn memory_on_the_lock_screen() {
    let (dir, vault) = App::new_dir();
    make_vault(&vault, PASSWORD, &[]);
    write_settings(
        &vault,
        r#"{"language":"ja","theme":"os","auto_lock_minutes":0,"clipboard_clear_seconds":30}"#,
    );
    let app = App::launch(dir, vault).await;
    app.find("#unlock-password").await;
    tokio::time::sleep(Duration::from_secs(8)).await;
    let tree = app_tree();
    let total: u64 = tree.iter().map(|(pid, _)| pss_kib(*pid)).sum();
    println!(
        "memory: lock screen baseline total PSS {:.1} MiB over {} processes",
        total as f64 / 1024.0,
        tree.len()
    );
    app.quit().await;
}
