//! Screenshots of the main screens in Japanese and English for the README,
//! taken from the real app on a demo vault with obviously fake keys. Run by
//! `scripts/screenshots.sh` (writes docs/screenshots/*.png); ignored otherwise.

use std::path::PathBuf;
use std::time::Duration;

use omamori_e2e::{
    App, FileDialog, answer_file_dialog, image_to_clipboard, make_vault, now, qr_png, repo_root,
    write_settings,
};

const PASSWORD: &str = "demo password";
/// Demo accounts; the keys are made up and open nothing.
const DEMO: &[(&str, &str, &str)] = &[
    ("Pep Up", "taro.yamada@example.jp", "JBSWY3DPEHPK3PXP"),
    (
        "健康保険組合",
        "山田 太郎",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    ),
    ("GitHub", "taro-example", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"),
    (
        "Example Bank",
        "taro@example.com",
        "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA",
    ),
];

async fn shot(name: &str) {
    // Let fonts, the countdown ring and the toast settle.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let png = window_png("Omamori").await;
    let dir: PathBuf = std::env::var_os("OMAMORI_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("docs/screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// What the display shows of the window titled `title`, as PNG (ImageMagick
/// `import` on the X window). Not WebDriver's screenshot: with software
/// rendering WebKitGTK 2.50 never answers it once a page stops repainting
/// (the Backup & move page hung it), and this is what a person sees.
async fn window_png(title: &str) -> Vec<u8> {
    let found = tokio::process::Command::new("xdotool")
        .args(["search", "--sync", "--onlyvisible", "--name"])
        .arg(format!("^{title}$"))
        .output()
        .await
        .expect("xdotool runs");
    let id = String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()
        .expect("the app's window")
        .to_owned();
    let out = tokio::process::Command::new("import")
        .args(["-window", &id, "png:-"])
        .output()
        .await
        .expect("ImageMagick import runs");
    assert!(
        out.status.success() && !out.stdout.is_empty(),
        "import failed"
    );
    out.stdout
}

async fn first_run(lang: &str) {
    let (dir, vault) = App::new_dir();
    write_settings(
        &vault,
        &format!(
            r#"{{"language":"{lang}","theme":"light","auto_lock_minutes":5,"clipboard_clear_seconds":30}}"#
        ),
    );
    let app = App::launch(dir, vault).await;
    app.type_into("#firstrun-password", "omamori-demo-2024")
        .await;
    shot(&format!("first-run-{lang}")).await;
    app.quit().await;
}

async fn dark(lang: &str) {
    let (dir, vault) = App::new_dir();
    make_vault(&vault, PASSWORD, DEMO);
    write_settings(
        &vault,
        &format!(
            r#"{{"language":"{lang}","theme":"dark","auto_lock_minutes":5,"clipboard_clear_seconds":30}}"#
        ),
    );
    let app = App::launch(dir, vault).await;
    app.unlock(PASSWORD).await;
    app.code_of("Pep Up").await;
    shot(&format!("codes-dark-{lang}")).await;
    app.quit().await;
}

async fn screens(lang: &str) {
    let (dir, vault) = App::new_dir();
    make_vault(&vault, PASSWORD, DEMO);
    write_settings(
        &vault,
        &format!(
            r#"{{"language":"{lang}","theme":"light","auto_lock_minutes":5,"clipboard_clear_seconds":30}}"#
        ),
    );
    let app = App::launch(dir, vault).await;
    app.client.set_window_size(480, 680).await.ok();
    app.find("#unlock-password").await;
    shot(&format!("unlock-{lang}")).await;
    app.unlock(PASSWORD).await;
    app.code_of("Pep Up").await;
    shot(&format!("codes-{lang}")).await;
    app.click("#add-button").await;
    app.find("#add-scan-screen").await;
    shot(&format!("add-{lang}")).await;
    app.click("#add-manual").await;
    app.type_into("#manual-issuer", "Pep Up").await;
    app.type_into("#manual-account", "hanako@example.jp").await;
    // Typed with the Japanese IME on: full width, one look-alike digit.
    app.type_into("#manual-key", "ＮＢＳＷ　Ｙ３Ｄ１").await;
    shot(&format!("setup-key-{lang}")).await;
    app.find("#manual-key").await.clear().await.unwrap();
    app.type_into("#manual-key", "ＮＢＳＷ　Ｙ３ＤＰ　Ｏ５ＸＸ　Ｅ３ＤＥ")
        .await;
    // Early in a period, so the first shot has no next code yet.
    until_second(2, 8).await;
    app.click("#manual-submit").await;
    app.find("#add-done").await;
    shot(&format!("added-{lang}")).await;
    // コピー has the focus: Enter copies, and the button says so.
    app.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    app.wait_text("#dialog .copy", |t| t.starts_with('✓')).await;
    shot(&format!("added-copied-{lang}")).await;
    // The last seconds of the period: the next code, labelled.
    until_second(24, 26).await;
    app.wait_text(".added .next-line", |t| !t.is_empty()).await;
    shot(&format!("added-next-{lang}")).await;
    app.click("#add-done").await;
    app.wait_text("#account-list .next", |t| !t.is_empty())
        .await;
    shot(&format!("codes-next-{lang}")).await;
    replace(&app, lang).await;
    app.click("#settings-button").await;
    app.find("#settings-language").await;
    shot(&format!("settings-{lang}")).await;
    transfer(&app, lang).await;
    app.quit().await;
}

/// Waits until the 30-second period is between `from` and `to` seconds in.
async fn until_second(from: u64, to: u64) {
    while !(from..=to).contains(&(now() % 30)) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// 「置き換えますか？」: a re-issued QR code for an account already there
/// (pasted as a screenshot), then cancelled.
async fn replace(app: &App, lang: &str) {
    let image = app.dir.path().join("reissued.png");
    qr_png(
        "otpauth://totp/Pep%20Up:taro.yamada@example.jp?secret=ONSWG4TFOQQGK6DBNVYGYZI&issuer=Pep%20Up",
        &image,
        5,
    );
    image_to_clipboard(&image);
    app.click("#add-button").await;
    app.click("#add-paste").await;
    app.find("#add-replace").await;
    shot(&format!("replace-{lang}")).await;
    app.click("#add-replace-cancel").await;
    app.click("#dialog .actions button").await;
}

/// The largest text size (特大) on the code list and the Added view.
async fn extra_large(lang: &str) {
    let (dir, vault) = App::new_dir();
    make_vault(&vault, PASSWORD, DEMO);
    write_settings(
        &vault,
        &format!(
            r#"{{"language":"{lang}","theme":"light","text_size":"xlarge","auto_lock_minutes":5,"clipboard_clear_seconds":30}}"#
        ),
    );
    let app = App::launch(dir, vault).await;
    app.client.set_window_size(480, 680).await.ok();
    app.unlock(PASSWORD).await;
    app.code_of("Pep Up").await;
    until_second(24, 26).await;
    app.wait_text("#account-list .next", |t| !t.is_empty())
        .await;
    shot(&format!("codes-xlarge-{lang}")).await;
    app.click("#add-button").await;
    app.find("#add-scan-screen").await;
    shot(&format!("add-xlarge-{lang}")).await;
    app.click("#add-manual").await;
    app.type_into("#manual-issuer", "Pep Up").await;
    app.type_into("#manual-account", "hanako@example.jp").await;
    app.type_into("#manual-key", "NBSWY3DPO5XXE3DE").await;
    until_second(22, 24).await;
    app.click("#manual-submit").await;
    app.wait_text(".added .next-line", |t| !t.is_empty()).await;
    shot(&format!("added-xlarge-{lang}")).await;
    app.quit().await;
}

/// バックアップ・移行: the page, a backup export, Google transfer codes and
/// an import report (from an otpauth list written here, with made-up keys).
async fn transfer(app: &App, lang: &str) {
    app.click("#settings-show-transfer").await;
    app.find("#export-start").await;
    shot(&format!("transfer-{lang}")).await;
    app.click("#export-start").await;
    app.type_into("#export-password", PASSWORD).await;
    app.type_into("#export-file-password", "moving day").await;
    app.type_into("#export-file-confirm", "moving day").await;
    shot(&format!("export-backup-{lang}")).await;
    app.click("#dialog button[type=button]").await;
    app.click("#export-format-google").await;
    app.click("#export-start").await;
    app.type_into("#export-password", PASSWORD).await;
    app.click("#export-submit").await;
    app.wait_text("#google-counter", |t| t.starts_with("1/"))
        .await;
    shot(&format!("export-google-{lang}")).await;
    app.click("#google-done").await;
    let list = app.dir.path().join("from-old-phone.txt");
    std::fs::write(
        &list,
        "otpauth://totp/Example%20Shop:hanako@example.jp?secret=NBSWY3DPO5XXE3DE&issuer=Example%20Shop\n\
         otpauth://totp/%E3%81%8A%E8%96%AC%E6%89%8B%E5%B8%B3:hanako?secret=ONSWG4TFOQQGK6DBNVYGYZI&issuer=%E3%81%8A%E8%96%AC%E6%89%8B%E5%B8%B3\n",
    )
    .unwrap();
    app.click("#import-start").await;
    app.type_into("#import-password", PASSWORD).await;
    app.click("#import-choose").await;
    let title = if lang == "ja" {
        "読み込むファイルを選ぶ"
    } else {
        "Choose a file to import"
    };
    answer_file_dialog(title, FileDialog::Open, &list).await;
    app.wait_text("#import-verified", |t| !t.is_empty()).await;
    shot(&format!("import-report-{lang}")).await;
    app.click("#import-close").await;
}

#[tokio::test]
#[ignore = "writes docs/screenshots; run scripts/screenshots.sh"]
async fn screenshots() {
    for lang in ["ja", "en"] {
        first_run(lang).await;
        screens(lang).await;
    }
    dark("ja").await;
    extra_large("ja").await;
}
