//! The harness for driving the real Omamori app: start `tauri-driver` with
//! the app's environment (vault path, keyring off), open a WebDriver
//! session on the built `omamori-app`, find things on screen, and stop the
//! driver with SIGTERM (a SIGKILLed driver orphans its WebKitWebDriver).
//!
//! Everything here expects to run inside `xvfb-run` and `dbus-run-session`
//! (see `scripts/e2e.sh`), with `tauri-driver`, `WebKitWebDriver`, `feh`,
//! `xclip` and `xdotool` on the PATH.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use omamori_otp::{Account, Secret};
use omamori_vault::{KdfParams, Vault};
use secrecy::SecretString;
use tokio::process::{Child, Command};

/// How long to wait for something to appear.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root exists")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// The app binary under test: `OMAMORI_APP`, else `target/debug/omamori-app`.
pub fn app_binary() -> PathBuf {
    std::env::var_os("OMAMORI_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/omamori-app"))
}

/// The CLI binary: `OMAMORI_CLI`, else `target/debug/omamori`.
pub fn cli_binary() -> PathBuf {
    std::env::var_os("OMAMORI_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/omamori"))
}

/// Unix seconds now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// `omamori code --key KEY --at AT`: the reference code from the CLI.
pub fn cli_code(key: &str, at: u64) -> String {
    let out = std::process::Command::new(cli_binary())
        .args(["code", "--key", key, "--at", &at.to_string()])
        .output()
        .expect("the omamori CLI runs (build it with cargo build -p omamori-cli)");
    assert!(
        out.status.success(),
        "omamori code failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

/// Asserts that `shown` (as on screen, "123 456") is the code of `key` at
/// some time in [before − 1, after]: a period boundary may pass meanwhile.
pub fn assert_code_matches(shown: &str, key: &str, before: u64, after: u64) {
    let shown: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
    let candidates: Vec<String> = (before.saturating_sub(1)..=after)
        .map(|t| cli_code(key, t))
        .collect();
    assert!(
        candidates.contains(&shown),
        "shown code {shown} is none of {candidates:?} (omamori code --key … --at {before}..{after})"
    );
}

/// A vault made directly with the vault crate (password slot only).
pub fn make_vault(path: &Path, password: &str, accounts: &[(&str, &str, &str)]) {
    let password = SecretString::from(password.to_owned());
    // Cheap KDF parameters: the app reads whatever the header says.
    let params = KdfParams {
        memory_kib: 8 * 1024,
        iterations: 1,
        lanes: 1,
    };
    let mut vault = Vault::create(path, &password, params).expect("vault created");
    for (issuer, name, key) in accounts {
        let account = Account::totp(
            *issuer,
            *name,
            Secret::from_setup_key(key).expect("test key is valid"),
        );
        vault.add(account, now()).expect("account added");
    }
}

/// Adds a keyring slot (Linux kernel keyring, for tests under
/// `keyctl session`) to the vault at `path`.
pub fn enable_keyutils_slot(path: &Path, password: &str) {
    let password = SecretString::from(password.to_owned());
    let mut vault =
        Vault::open(path, omamori_vault::Unlock::Password(&password)).expect("vault opens");
    let store = omamori_vault::OsKeyring::new(omamori_vault::KeyringBackend::Keyutils);
    vault
        .enable_keyring(&store)
        .expect("keyutils keyring works (run under keyctl session)");
}

/// Writes `settings.json` beside the vault (e.g. the language), so tests do
/// not depend on the machine's locale.
pub fn write_settings(vault: &Path, json: &str) {
    std::fs::write(
        vault
            .parent()
            .expect("vault has a directory")
            .join("settings.json"),
        json,
    )
    .expect("settings written");
}

/// Renders `text` as a QR code PNG with `scale` pixels per module and a quiet zone.
pub fn qr_png(text: &str, path: &Path, scale: u32) {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("text fits a QR code");
    let width = code.width() as u32;
    let colors = code.to_colors();
    let quiet = 4;
    let side = (width + 2 * quiet) * scale;
    let image = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let dark = mx >= quiet
            && my >= quiet
            && mx < width + quiet
            && my < width + quiet
            && colors[((my - quiet) * width + (mx - quiet)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    image.save(path).expect("PNG written");
}

/// What `xclip -o -selection clipboard` prints (None when it holds no text).
pub fn clipboard_text() -> Option<String> {
    let out = std::process::Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
        .filter(|s| !s.is_empty())
}

/// Sends SIGTERM to a child and waits for it.
pub async fn terminate(child: &mut Child) {
    if let Some(pid) = child.id() {
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await;
    }
    if tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .is_err()
    {
        // Last resort only if SIGTERM was ignored for 10 s.
        let _ = child.kill().await;
    }
}

/// Shows an image in its own window on the (virtual) display with feh.
pub async fn show_image(path: &Path, geometry: &str) -> Child {
    let child = Command::new("feh")
        .args([
            "--geometry",
            geometry,
            "--title",
            "qr-under-test",
            "--borderless",
        ])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("feh runs");
    // Wait until the window is mapped.
    let _ = Command::new("xdotool")
        .args([
            "search",
            "--sync",
            "--onlyvisible",
            "--name",
            "qr-under-test",
        ])
        .output()
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    child
}

/// Puts the PNG at `path` on the clipboard as `image/png` (what a
/// screenshot tool does); xclip keeps serving it until something else is
/// copied.
pub fn image_to_clipboard(path: &Path) {
    let status = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-t", "image/png", "-i"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("xclip runs");
    assert!(status.success(), "xclip could not take the image");
}

/// The position and size of the first visible window whose title is
/// exactly `title`, from `xdotool getwindowgeometry --shell`.
async fn window_geometry(title: &str) -> (i32, i32, i32, i32) {
    let out = Command::new("xdotool")
        .args(["search", "--sync", "--onlyvisible", "--name"])
        .arg(format!("^{title}$"))
        .args(["getwindowgeometry", "--shell"])
        .output()
        .await
        .expect("xdotool runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let value = |key: &str| -> i32 {
        text.lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {key} for window {title:?}: {text}"))
    };
    (value("X"), value("Y"), value("WIDTH"), value("HEIGHT"))
}

/// Drags the file at `path` onto the middle of the window titled
/// `target` the way a file manager does: a GTK drag source
/// (`tools/drag_source.py`) offers it as `text/uri-list`, and xdotool
/// presses, moves and releases the pointer, so the drop arrives through
/// XDND.
pub async fn drag_file_onto(path: &Path, target: &str) {
    use tokio::io::AsyncBufReadExt;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/drag_source.py");
    let mut source = Command::new("/usr/bin/python3")
        .arg(script)
        .arg(path)
        .args(["0", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("python3 with GTK runs (python3-gi, gir1.2-gtk-3.0)");
    let mut lines = tokio::io::BufReader::new(source.stdout.take().expect("stdout")).lines();
    let ready = tokio::time::timeout(PATIENCE, lines.next_line()).await;
    assert!(
        matches!(ready, Ok(Ok(Some(ref line))) if line == "ready"),
        "the drag source did not start: {ready:?}"
    );
    let (sx, sy, sw, sh) = window_geometry("omamori-drag-source").await;
    let (tx, ty, tw, th) = window_geometry(target).await;
    let (from, to) = ((sx + sw / 2, sy + sh / 2), (tx + tw / 2, ty + th / 2));
    let xdotool = |args: Vec<String>| async move {
        let status = Command::new("xdotool")
            .args(&args)
            .status()
            .await
            .expect("xdotool runs");
        assert!(status.success(), "xdotool {args:?} failed");
    };
    xdotool(vec![
        "mousemove".into(),
        from.0.to_string(),
        from.1.to_string(),
    ])
    .await;
    xdotool(vec!["mousedown".into(), "1".into()]).await;
    // GTK starts a drag after the pointer moves past its threshold; the
    // target then needs a few motion events to accept.
    for step in 1..=20 {
        let x = from.0 + (to.0 - from.0) * step / 20;
        let y = from.1 + (to.1 - from.1) * step / 20;
        xdotool(vec!["mousemove".into(), x.to_string(), y.to_string()]).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(vec!["mouseup".into(), "1".into()]).await;
    let ended = tokio::time::timeout(PATIENCE, lines.next_line()).await;
    assert!(
        matches!(ended, Ok(Ok(Some(ref line))) if line == "dropped"),
        "the drag did not end: {ended:?}"
    );
    let _ = source.kill().await;
}

/// A private D-Bus daemon with a stand-in for systemd-logind on it
/// (`tools/fake_logind.py`). Give the app `DBUS_SYSTEM_BUS_ADDRESS =
/// address` and it watches this "logind" instead of the machine's.
pub struct FakeLogind {
    pub address: String,
    bus: Child,
    logind: Child,
    commands: tokio::process::ChildStdin,
    replies: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
}

impl FakeLogind {
    pub async fn start() -> FakeLogind {
        use tokio::io::AsyncBufReadExt;
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("dbus-daemon runs");
        let mut out = tokio::io::BufReader::new(bus.stdout.take().expect("stdout")).lines();
        let address = tokio::time::timeout(PATIENCE, out.next_line())
            .await
            .ok()
            .and_then(|line| line.ok().flatten())
            .expect("dbus-daemon prints its address");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/fake_logind.py");
        let mut logind = Command::new("/usr/bin/python3")
            .arg(script)
            .env("DBUS_SYSTEM_BUS_ADDRESS", &address)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 with GLib runs (python3-gi)");
        let commands = logind.stdin.take().expect("stdin");
        let replies = tokio::io::BufReader::new(logind.stdout.take().expect("stdout")).lines();
        let mut fake = FakeLogind {
            address,
            bus,
            logind,
            commands,
            replies,
        };
        fake.expect("ready").await;
        fake
    }

    async fn expect(&mut self, wanted: &str) {
        let line = tokio::time::timeout(PATIENCE, self.replies.next_line()).await;
        assert!(
            matches!(line, Ok(Ok(Some(ref l))) if l == wanted),
            "fake logind: wanted {wanted:?}, got {line:?}"
        );
    }

    /// Emits `lock` (Session.Lock) or `sleep` (PrepareForSleep).
    pub async fn send(&mut self, what: &str) {
        use tokio::io::AsyncWriteExt;
        self.commands
            .write_all(format!("{what}\n").as_bytes())
            .await
            .expect("fake logind reads");
        self.commands.flush().await.expect("fake logind reads");
        self.expect(&format!("sent {what}")).await;
    }

    pub async fn stop(mut self) {
        let _ = self.logind.kill().await;
        terminate(&mut self.bus).await;
    }
}

/// Which native GTK file chooser [`answer_file_dialog`] answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileDialog {
    Open,
    Save,
}

async fn xdotool(args: &[&str]) {
    let status = Command::new("xdotool")
        .args(args)
        .status()
        .await
        .expect("xdotool runs");
    assert!(status.success(), "xdotool {args:?} failed");
}

/// Answers the native GTK file chooser titled `title` with `path`: waits
/// for its window, pastes the path (into the location field when opening,
/// over the proposed name when saving) and presses Enter. Pasted, not
/// typed: the location field completes names while keys arrive, which
/// garbles a typed path when a similar folder is among the recent files.
pub async fn answer_file_dialog(title: &str, kind: FileDialog, path: &Path) {
    let found = Command::new("xdotool")
        .args(["search", "--sync", "--onlyvisible", "--name", title])
        .output()
        .await
        .expect("xdotool runs");
    assert!(found.status.success(), "the dialog {title:?} did not open");
    set_clipboard_text(&path.display().to_string());
    tokio::time::sleep(Duration::from_millis(500)).await;
    if kind == FileDialog::Open {
        xdotool(&["key", "ctrl+l"]).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    xdotool(&["key", "ctrl+a", "ctrl+v"]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(&["key", "Return"]).await;
}

/// Puts `text` on the clipboard (xclip stays to serve it).
fn set_clipboard_text(text: &str) {
    use std::io::Write;
    let mut xclip = std::process::Command::new("xclip")
        .args(["-selection", "clipboard"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("xclip runs");
    let mut stdin = xclip.stdin.take().expect("xclip's stdin");
    stdin.write_all(text.as_bytes()).expect("xclip reads");
    drop(stdin);
    // xclip forks to serve the selection; the parent exits at once.
    let _ = xclip.wait();
}

static NEXT_PORT: AtomicU16 = AtomicU16::new(0);

/// One running app with its WebDriver session and a private vault directory.
pub struct App {
    pub client: Client,
    driver: Child,
    pub dir: tempfile::TempDir,
    pub vault: PathBuf,
}

impl App {
    /// A fresh directory for a vault (not created yet).
    pub fn new_dir() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let vault = dir.path().join("vault.json");
        (dir, vault)
    }

    /// Starts tauri-driver and the app on the vault in `dir`, keyring off.
    pub async fn launch(dir: tempfile::TempDir, vault: PathBuf) -> App {
        App::launch_with(dir, vault, &[("OMAMORI_KEYRING", "off")]).await
    }

    /// Starts tauri-driver and the app with extra environment variables.
    pub async fn launch_with(dir: tempfile::TempDir, vault: PathBuf, env: &[(&str, &str)]) -> App {
        App::launch_binary(&app_binary(), dir, vault, env).await
    }

    /// Starts tauri-driver and `binary` (the app, or another Tauri program
    /// such as the empty-window baseline) with extra environment variables.
    pub async fn launch_binary(
        binary: &Path,
        dir: tempfile::TempDir,
        vault: PathBuf,
        env: &[(&str, &str)],
    ) -> App {
        let base = 4600 + (std::process::id() % 500) as u16 * 2;
        let port = base + NEXT_PORT.fetch_add(2, Ordering::SeqCst) % 200;
        let mut driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .env("OMAMORI_VAULT", &vault)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(false)
            .spawn()
            .expect("tauri-driver runs (cargo install tauri-driver --locked)");
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": binary },
        });
        let capabilities = capabilities.as_object().expect("an object").clone();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let client = loop {
            match ClientBuilder::native()
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if tokio::time::Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => {
                    terminate(&mut driver).await;
                    panic!("no WebDriver session with the app: {e}");
                }
            }
        };
        App {
            client,
            driver,
            dir,
            vault,
        }
    }

    /// Ends the session (the app quits) and stops tauri-driver with SIGTERM.
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        terminate(&mut self.driver).await;
    }

    /// Quits, but keeps the directory (and the files written there).
    pub async fn quit_keeping_dir(mut self) -> (tempfile::TempDir, PathBuf) {
        let _ = self.client.clone().close().await;
        terminate(&mut self.driver).await;
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().expect("temp dir"));
        (dir, self.vault.clone())
    }

    /// Waits for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Waits until `css` exists and is displayed.
    pub async fn visible(&self, css: &str) -> Element {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && el.is_displayed().await.unwrap_or(false)
            {
                return el;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{css} did not become visible"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the text of `css` satisfies `ok`; returns it.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut last = String::new();
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = el.text().await
            {
                if ok(&text) {
                    return text;
                }
                last = text;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{css} never had the expected text; last: {last:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types into the element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    pub async fn click(&self, css: &str) {
        self.visible(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css}: {e:?}"));
    }

    /// The code shown for the account whose issuer is `issuer`.
    pub async fn code_of(&self, issuer: &str) -> String {
        let xpath = format!(
            "//li[contains(@class,'account')][.//span[@class='issuer' and text()='{issuer}']]//span[@class='code']"
        );
        let el = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no code shown for {issuer}: {e}"));
        el.text().await.expect("code text")
    }

    /// The issuers listed, in order.
    pub async fn issuers(&self) -> Vec<String> {
        let mut out = Vec::new();
        for el in self
            .client
            .find_all(Locator::Css("#account-list li.account .issuer"))
            .await
            .expect("list")
        {
            out.push(el.text().await.expect("text"));
        }
        out
    }

    /// Unlocks with `password` through the lock screen.
    pub async fn unlock(&self, password: &str) {
        self.type_into("#unlock-password", &format!("{password}\u{E007}"))
            .await;
        self.find("#search").await;
    }
}

impl Drop for App {
    /// A failed assertion skips `quit`: still stop the driver (SIGTERM, so it
    /// takes WebKitWebDriver and the app with it) instead of leaking it.
    fn drop(&mut self) {
        if let (Ok(None), Some(pid)) = (self.driver.try_wait(), self.driver.id()) {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
            for _ in 0..100 {
                if !matches!(self.driver.try_wait(), Ok(None)) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}
