//! The IPC surface: one thin command per user action, each a single call
//! into [`Session`] or [`capture`]. Every command is listed in `build.rs`
//! and allowed for the main window in `capabilities/main-window.json`.
//! All run off the main thread (`async`), so Argon2 or a screen capture
//! never freezes the window.

use tauri::{AppHandle, Runtime, State, WebviewWindow};
use zeroize::Zeroizing;

use crate::capture;
use crate::error::AppResult;
use crate::session::{
    AccountView, ActivityView, CodesView, FoundAccounts, KeyringOutcome, ManualAccount, Session,
    Status,
};
use crate::settings::Settings;
use crate::watch;

#[tauri::command(async)]
pub fn status(session: State<'_, Session>) -> AppResult<Status> {
    session.status()
}

#[tauri::command(async)]
pub fn create_vault(
    session: State<'_, Session>,
    password: Zeroizing<String>,
    confirm: Zeroizing<String>,
    remember: bool,
) -> AppResult<KeyringOutcome> {
    session.create_vault(password, confirm, remember)
}

#[tauri::command(async)]
pub fn unlock_password(session: State<'_, Session>, password: Zeroizing<String>) -> AppResult<()> {
    session.unlock_password(password)
}

#[tauri::command(async)]
pub fn unlock_keyring(session: State<'_, Session>) -> AppResult<()> {
    session.unlock_keyring()
}

#[tauri::command(async)]
pub fn lock<R: Runtime>(app: AppHandle<R>) {
    watch::lock_now(&app, "user")
}

#[tauri::command(async)]
pub fn touch(session: State<'_, Session>) -> AppResult<()> {
    session.touch();
    Ok(())
}

#[tauri::command(async)]
pub fn codes(session: State<'_, Session>) -> AppResult<CodesView> {
    session.codes()
}

#[tauri::command(async)]
pub fn copy_code(session: State<'_, Session>, id: String) -> AppResult<()> {
    session.copy_code(&id)
}

#[tauri::command(async)]
pub fn next_hotp(session: State<'_, Session>, id: String) -> AppResult<AccountView> {
    session.next_hotp(&id)
}

#[tauri::command(async)]
pub fn add_manual(session: State<'_, Session>, form: ManualAccount) -> AppResult<AccountView> {
    session.add_manual(form)
}

#[tauri::command(async)]
pub fn scan_screen<R: Runtime>(
    session: State<'_, Session>,
    window: WebviewWindow<R>,
) -> AppResult<FoundAccounts> {
    session.found(capture::screen(&window)?)
}

#[tauri::command(async)]
pub fn scan_clipboard(session: State<'_, Session>) -> AppResult<FoundAccounts> {
    session.found(capture::clipboard()?)
}

#[tauri::command]
pub async fn open_image<R: Runtime>(
    session: State<'_, Session>,
    window: WebviewWindow<R>,
    title: String,
    filter: String,
) -> AppResult<Option<FoundAccounts>> {
    capture::open_image(&window, &title, &filter)
        .await?
        .map(|payloads| session.found(payloads))
        .transpose()
}

#[tauri::command(async)]
pub fn add_found(session: State<'_, Session>, indices: Vec<usize>) -> AppResult<Vec<AccountView>> {
    session.add_found(indices)
}

#[tauri::command(async)]
pub fn edit_account(
    session: State<'_, Session>,
    id: String,
    issuer: String,
    account: String,
) -> AppResult<()> {
    session.edit_account(&id, issuer, account)
}

#[tauri::command(async)]
pub fn remove_account(session: State<'_, Session>, id: String) -> AppResult<()> {
    session.remove_account(&id)
}

#[tauri::command(async)]
pub fn move_account(session: State<'_, Session>, id: String, delta: i32) -> AppResult<()> {
    session.move_account(&id, delta)
}

#[tauri::command(async)]
pub fn settings(session: State<'_, Session>) -> AppResult<Settings> {
    Ok(session.settings())
}

#[tauri::command(async)]
pub fn save_settings(session: State<'_, Session>, settings: Settings) -> AppResult<Settings> {
    session.save_settings(settings)
}

#[tauri::command(async)]
pub fn change_password(
    session: State<'_, Session>,
    current: Zeroizing<String>,
    password: Zeroizing<String>,
    confirm: Zeroizing<String>,
) -> AppResult<()> {
    session.change_password(current, password, confirm)
}

#[tauri::command(async)]
pub fn set_keyring(session: State<'_, Session>, on: bool) -> AppResult<KeyringOutcome> {
    session.set_keyring(on)
}

#[tauri::command(async)]
pub fn reveal_setup_key(
    session: State<'_, Session>,
    id: String,
    password: Zeroizing<String>,
) -> AppResult<Zeroizing<String>> {
    session.reveal_setup_key(&id, password)
}

#[tauri::command(async)]
pub fn activity(session: State<'_, Session>) -> AppResult<Vec<ActivityView>> {
    session.activity()
}
