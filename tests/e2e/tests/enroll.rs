//! Enrollment as a Pep Up member does it (issue 12), on the real app in
//! Japanese: the QR code on the screen, three actions from the code list to
//! the code on the clipboard, undo of an account added without asking, a
//! re-issued QR code replacing the old account, the same QR code scanned
//! again, a setup key typed with the Japanese IME on, and the next code in
//! the last seconds of a period. Run by `scripts/e2e.sh` (Xvfb, D-Bus,
//! tauri-driver).

use std::time::Duration;

use fantoccini::Locator;
use omamori_e2e::{
    App, assert_code_matches, cli_code, clipboard_text, image_to_clipboard, make_vault, now,
    qr_png, show_image, terminate, write_settings,
};

/// Obviously fake setup keys.
const KEY_PEP: &str = "JBSWY3DPEHPK3PXP";
const KEY_NEW: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const PASSWORD: &str = "correct horse battery";
const JA: &str =
    r#"{"language":"ja","theme":"light","auto_lock_minutes":5,"clipboard_clear_seconds":30}"#;

async fn unlocked_with(accounts: &[(&str, &str, &str)]) -> App {
    let (dir, vault) = App::new_dir();
    make_vault(&vault, PASSWORD, accounts);
    write_settings(&vault, JA);
    let app = App::launch(dir, vault).await;
    app.unlock(PASSWORD).await;
    app
}

fn pep_up_uri(key: &str) -> String {
    format!("otpauth://totp/Pep%20Up:taro@example.jp?secret={key}&issuer=Pep%20Up")
}

/// What the person does, counted: each click or key press is one action.
struct Actions<'a> {
    app: &'a App,
    count: u32,
}

impl Actions<'_> {
    async fn click(&mut self, css: &str) {
        self.count += 1;
        self.app.click(css).await;
    }

    /// A key on whatever has the focus (as a person presses Enter).
    async fn key(&mut self, key: &str) {
        self.count += 1;
        self.app
            .client
            .active_element()
            .await
            .expect("something has the focus")
            .send_keys(key)
            .await
            .expect("the key reaches the app");
    }
}

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// The rows of the code list as "issuer account".
async fn rows(app: &App) -> Vec<String> {
    let mut out = Vec::new();
    for row in app
        .client
        .find_all(Locator::Css("#account-list li.account"))
        .await
        .expect("the list")
    {
        let mut parts = Vec::new();
        for css in [".issuer", ".name"] {
            if let Ok(el) = row.find(Locator::Css(css)).await {
                parts.push(el.text().await.expect("text"));
            }
        }
        out.push(parts.join(" "));
    }
    out
}

/// The dialog is closed and the code list shows again.
async fn closed(app: &App) {
    app.find("#add-button").await;
    let deadline = tokio::time::Instant::now() + omamori_e2e::PATIENCE;
    while app.client.find(Locator::Css("#dialog[open]")).await.is_ok() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the dialog stays open"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// 追加 → 画面から読み取る → Enter: the code is on the clipboard after three
/// actions (it took four or five before: 追加する, and 完了 held the focus).
#[tokio::test]
#[ignore = "needs Xvfb, D-Bus and tauri-driver: run scripts/e2e.sh"]
async fn enrollment_from_a_qr_code_on_the_screen_takes_three_actions() {
    let app = unlocked_with(&[]).await;
    let image = app.dir.path().join("pepup-settings-qr.png");
    qr_png(&pep_up_uri(KEY_PEP), &image, 5);
    let mut portal = show_image(&image, "+20+20").await;

    let mut actions = Actions {
        app: &app,
        count: 0,
    };
    let before = now();
    actions.click("#add-button").await;
    actions.click("#add-scan-screen").await;
    // Added at once: the code, where to type it, and コピー with the focus.
    let shown = app.wait_text(".added .code", |t| !t.is_empty()).await;
    assert_code_matches(&shown, KEY_PEP, before, now());
    let where_ = app.wait_text("#added-where", |t| !t.is_empty()).await;
    assert_eq!(
        where_,
        "Pep Up の設定画面の「認証コード」欄に入力してください。"
    );
    let focused = app.client.active_element().await.unwrap();
    assert_eq!(
        focused.text().await.unwrap(),
        "コピー",
        "コピー has the focus"
    );
    assert!(
        focused
            .attr("class")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains("primary"),
        "コピー is the primary button"
    );
    actions.key(ENTER).await;
    // Said on the button itself and in the toast (a live region).
    app.wait_text("#dialog .copy", |t| t == "✓ コピーしました")
        .await;
    app.wait_text("#toast", |t| t.contains("コピーしました"))
        .await;
    let copied = clipboard_text().expect("the clipboard holds the code");
    assert_code_matches(&copied, KEY_PEP, before, now());
    assert_eq!(actions.count, 3, "追加 → 画面から読み取る → Enter");
    terminate(&mut portal).await;

    // The code is read digit by digit, not as "886 921".
    let spoken = app
        .find(".added .visually-hidden")
        .await
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    let digits: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
    let expected: Vec<String> = digits.chars().map(String::from).collect();
    assert!(
        spoken.ends_with(&expected.join(" ")),
        "{spoken:?} reads {digits} one digit at a time"
    );
    // The button says コピー again after a few seconds.
    app.wait_text("#dialog .copy", |t| t == "コピー").await;
    actions.key(ESCAPE).await;
    closed(&app).await;
    assert_eq!(rows(&app).await, ["Pep Up taro@example.jp"]);
    app.quit().await;
}

/// One account is added without a question, so 取り消す takes it back.
#[tokio::test]
#[ignore = "needs Xvfb, D-Bus and tauri-driver: run scripts/e2e.sh"]
async fn a_single_account_added_at_once_can_be_undone() {
    let app = unlocked_with(&[]).await;
    let image = app.dir.path().join("screenshot.png");
    qr_png(&pep_up_uri(KEY_PEP), &image, 5);
    image_to_clipboard(&image);
    app.click("#add-button").await;
    app.click("#add-paste").await;
    app.wait_text(".added .issuer", |t| t.contains("Pep Up"))
        .await;
    app.click("#add-undo").await;
    // Back at the choices, saying what happened.
    app.find("#add-scan-screen").await;
    app.wait_text("#dialog .add-status", |t| {
        t == "Pep Up (taro@example.jp) の追加を取り消しました。"
    })
    .await;
    app.click("#dialog .actions button").await;
    app.wait_text("#codes-empty", |t| t.contains("まだアカウントがありません"))
        .await;
    assert!(rows(&app).await.is_empty());
    app.quit().await;
}

/// A portal that re-issues its QR code (a new key for the same Pep Up
/// account) asks 「置き換えますか？」 and leaves one row with the new key; the
/// same QR code scanned again adds nothing and shows the stored code.
#[tokio::test]
#[ignore = "needs Xvfb, D-Bus and tauri-driver: run scripts/e2e.sh"]
async fn a_reissued_qr_code_replaces_the_account_and_the_same_one_is_not_added_twice() {
    let app = unlocked_with(&[("Pep Up", "taro@example.jp", KEY_PEP)]).await;

    // The same QR code again.
    let same = app.dir.path().join("same.png");
    qr_png(&pep_up_uri(KEY_PEP), &same, 5);
    image_to_clipboard(&same);
    app.click("#add-button").await;
    app.click("#add-paste").await;
    app.wait_text("#dialog-title", |t| t == "追加済みです")
        .await;
    let before = now();
    let shown = app.wait_text(".added .code", |t| !t.is_empty()).await;
    assert_code_matches(&shown, KEY_PEP, before, now());
    assert!(
        app.client.find(Locator::Css("#add-undo")).await.is_err(),
        "nothing was added, so nothing to undo"
    );
    app.click("#add-done").await;
    closed(&app).await;
    assert_eq!(rows(&app).await, ["Pep Up taro@example.jp"]);

    // A new key for the same issuer and account name.
    let reissued = app.dir.path().join("reissued.png");
    qr_png(&pep_up_uri(KEY_NEW), &reissued, 5);
    image_to_clipboard(&reissued);
    app.click("#add-button").await;
    app.click("#add-paste").await;
    app.wait_text("#dialog-title", |t| t == "置き換えますか？")
        .await;
    app.wait_text("#replace-question", |t| {
        t.contains("Pep Up (taro@example.jp)")
    })
    .await;
    let focused = app.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("add-replace")
    );
    app.click("#add-replace").await;
    app.wait_text("#dialog-title", |t| t == "置き換えました")
        .await;
    let before = now();
    let shown = app.wait_text(".added .code", |t| !t.is_empty()).await;
    assert_code_matches(&shown, KEY_NEW, before, now());
    app.click("#add-done").await;
    closed(&app).await;
    assert_eq!(rows(&app).await, ["Pep Up taro@example.jp"], "one row");
    let before = now();
    assert_code_matches(&app.code_of("Pep Up").await, KEY_NEW, before, now());
    // The replaced account is in the vault's trash, not gone.
    let password = secrecy::SecretString::from(PASSWORD.to_owned());
    let vault = omamori_vault::Vault::open(&app.vault, omamori_vault::Unlock::Password(&password))
        .expect("the vault opens");
    let old = omamori_otp::Secret::from_setup_key(KEY_PEP).unwrap();
    assert!(
        vault
            .trash()
            .iter()
            .any(|t| t.account.secret == old && t.account.name == "taro@example.jp"),
        "the replaced account went to the trash"
    );
    assert!(vault.accounts().iter().all(|a| a.secret != old));
    drop(vault);
    app.quit().await;
}

/// A setup key typed with the IME on: full-width letters and digits and
/// the ideographic space (ＧＥＺＤ　ＧＮＢＶ…). A typo is placed by its letter
/// (the 8th, not the 9th character with the space) with a hint for "1".
#[tokio::test]
#[ignore = "needs Xvfb, D-Bus and tauri-driver: run scripts/e2e.sh"]
async fn a_full_width_setup_key_is_accepted() {
    let app = unlocked_with(&[]).await;
    app.click("#add-button").await;
    app.click("#add-manual").await;
    app.type_into("#manual-issuer", "Pep Up").await;
    app.type_into("#manual-account", "hanako@example.jp").await;
    app.type_into("#manual-key", "ＧＥＺＤ　ＧＮＢ１").await;
    app.wait_text("#manual-key-status", |t| {
        t == "8文字目の「1」はセットアップキーに使われない文字です。「I」か「L」ではありませんか？"
    })
    .await;
    app.find("#manual-key").await.clear().await.unwrap();
    app.type_into(
        "#manual-key",
        "ＧＥＺＤ　ＧＮＢＶ　ＧＹ３Ｔ　ＱＯＪＱ　ＧＥＺＤ　ＧＮＢＶ　ＧＹ３Ｔ　ＱＯＪＱ",
    )
    .await;
    app.wait_text("#manual-key-status", |t| t.contains("正しい形式"))
        .await;
    // The period in full-width digits too.
    app.click("#dialog summary").await;
    app.find("#manual-period").await.clear().await.unwrap();
    let before = now();
    // Enter in the last field sends the form, as a person would.
    app.type_into("#manual-period", "３０\u{E007}").await;
    let shown = app.wait_text(".added .code", |t| !t.is_empty()).await;
    assert_code_matches(&shown, KEY_NEW, before, now());
    app.click("#add-done").await;
    closed(&app).await;
    let before = now();
    assert_code_matches(&app.code_of("Pep Up").await, KEY_NEW, before, now());
    app.quit().await;
}

/// Waits (on the system clock, the one the app uses) until a 30-second
/// period is in its last seconds but not about to end.
async fn until_late_in_the_period() -> u64 {
    loop {
        let t = now();
        if (24..=26).contains(&(t % 30)) {
            return t - t % 30 + 30;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// In the last seconds of a period the next code shows, labelled 「次のコード」,
/// in the list and in the Added view, and the row's accessible name says it
/// digit by digit.
#[tokio::test]
#[ignore = "needs Xvfb, D-Bus and tauri-driver: run scripts/e2e.sh"]
async fn the_next_code_shows_near_the_end_of_a_period() {
    let app = unlocked_with(&[("Pep Up", "taro@example.jp", KEY_PEP)]).await;
    let boundary = until_late_in_the_period().await;
    let next = app
        .wait_text("#account-list .next", |t| t.starts_with("次のコード"))
        .await;
    let shown: String = next
        .trim_start_matches("次のコード")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // The boundary may pass while we look: then it is the one after.
    let candidates = [
        cli_code(KEY_PEP, boundary),
        cli_code(KEY_PEP, boundary + 30),
    ];
    assert!(
        candidates.contains(&shown),
        "{shown} is none of {candidates:?}"
    );
    let label = app
        .find("#account-list li.account")
        .await
        .attr("aria-label")
        .await
        .unwrap()
        .unwrap_or_default();
    let spoken: Vec<String> = shown.chars().map(String::from).collect();
    assert!(
        label.contains(&format!("次のコード {}", spoken.join(" "))),
        "{label}"
    );
    // The ring turns amber only now.
    let ring = app.find("#account-list .ring").await;
    assert!(
        ring.attr("class")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains("ending")
    );

    // The Added view says so too.
    app.click("#add-button").await;
    app.click("#add-manual").await;
    app.type_into("#manual-issuer", "GitHub").await;
    app.type_into("#manual-key", KEY_NEW).await;
    let boundary = until_late_in_the_period().await;
    app.click("#manual-submit").await;
    let line = app
        .wait_text(".added .next-line", |t| t.contains("次のコード"))
        .await;
    assert!(line.starts_with("あと数秒で変わります。"), "{line}");
    let shown: String = app
        .find(".added .next-code")
        .await
        .text()
        .await
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let candidates = [
        cli_code(KEY_NEW, boundary),
        cli_code(KEY_NEW, boundary + 30),
    ];
    assert!(
        candidates.contains(&shown),
        "{shown} is none of {candidates:?}"
    );
    app.quit().await;
}

/// The root font size the page is drawn with, in CSS pixels.
async fn root_font_px(app: &App) -> String {
    let value = app
        .client
        .execute(
            "return getComputedStyle(document.documentElement).fontSize",
            vec![],
        )
        .await
        .expect("the page answers");
    value.as_str().unwrap_or_default().to_owned()
}

/// 文字の大きさ 特大 in 設定 scales the whole UI, and is kept: the lock
/// screen after 「ロック」 is drawn at the same size.
#[tokio::test]
#[ignore = "needs Xvfb, D-Bus and tauri-driver: run scripts/e2e.sh"]
async fn the_text_size_setting_scales_every_screen() {
    let app = unlocked_with(&[("Pep Up", "taro@example.jp", KEY_PEP)]).await;
    assert_eq!(root_font_px(&app).await, "16px", "標準");
    app.click("#settings-button").await;
    app.find("#settings-text-size")
        .await
        .select_by_value("xlarge")
        .await
        .unwrap();
    app.wait_text("#toast", |t| t.contains("保存しました"))
        .await;
    assert_eq!(root_font_px(&app).await, "20px", "特大");
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(app.vault.with_file_name("settings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(saved["text_size"], "xlarge", "{saved}");
    app.click("#settings-back").await;
    app.click("#lock-button").await;
    app.find("#unlock-password").await;
    assert_eq!(root_font_px(&app).await, "20px", "the lock screen too");
    app.quit().await;
}
