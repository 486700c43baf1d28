//! The IPC surface: one thin command per user action, each a single call
//! into [`Session`] or [`capture`]. Every command is listed in `build.rs`
//! and allowed for the main window in `capabilities/main-window.json`.
//! All run off the main thread (`async`), so Argon2 or a screen capture
//! never freezes the window.

use tauri::{AppHandle, Runtime, State, WebviewWindow};
use zeroize::Zeroizing;

use crate::capture;
use crate::error::AppResult;
use crate::files;
use crate::session::{
    AccountNames, AccountView, ActivityView, BackupCheck, CodesView, ExportDone, ExportRequest,
    FoundAccounts, GoogleCodes, ImportStep, KeyringOutcome, KeyringSwitch, ManualAccount, NewVault,
    PasswordChange, Session, Status,
};
use crate::settings::Settings;
use crate::watch;

#[tauri::command(async)]
pub fn status(session: State<'_, Session>) -> AppResult<Status> {
    session.status()
}

#[tauri::command(async)]
pub fn create_vault(session: State<'_, Session>, request: NewVault) -> AppResult<KeyringOutcome> {
    session.create_vault(request)
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
    let ticket = session.ticket();
    session.found(ticket, capture::screen(&window)?)
}

#[tauri::command(async)]
pub fn scan_clipboard(session: State<'_, Session>) -> AppResult<FoundAccounts> {
    let ticket = session.ticket();
    session.found(ticket, capture::clipboard()?)
}

/// A lock while the dialog is open drops what it picked.
#[tauri::command]
pub async fn open_image<R: Runtime>(
    session: State<'_, Session>,
    window: WebviewWindow<R>,
    title: String,
    filter: String,
) -> AppResult<Option<FoundAccounts>> {
    let ticket = session.ticket();
    capture::open_image(&window, &title, &filter)
        .await?
        .map(|payloads| session.found(ticket, payloads))
        .transpose()
}

#[tauri::command(async)]
pub fn add_found(
    session: State<'_, Session>,
    token: u64,
    indices: Vec<usize>,
) -> AppResult<Vec<AccountView>> {
    session.add_found(token, indices)
}

#[tauri::command(async)]
pub fn edit_account(session: State<'_, Session>, names: AccountNames) -> AppResult<()> {
    session.edit_account(names)
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
pub fn change_password(session: State<'_, Session>, request: PasswordChange) -> AppResult<()> {
    session.change_password(request)
}

#[tauri::command(async)]
pub fn set_keyring(
    session: State<'_, Session>,
    on: bool,
    password: Zeroizing<String>,
) -> AppResult<KeyringSwitch> {
    session.set_keyring(on, password)
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

/// Makes the export (after the vault password, and the file's password
/// twice or the plain-file acknowledgement), then asks where to save it.
/// `None` when the save dialog is cancelled: nothing is written. Nor is
/// anything written when a lock happens while the dialog is open.
#[tauri::command]
pub async fn export_file<R: Runtime>(
    session: State<'_, Session>,
    window: WebviewWindow<R>,
    request: ExportRequest,
) -> AppResult<Option<ExportDone>> {
    let title = request.title.clone();
    let prepared = session.prepare_export(request)?;
    match files::pick_save(&window, &title, prepared.format().suggested_name()).await {
        Some(path) => session.write_export(prepared, &path).map(Some),
        None => Ok(None),
    }
}

#[tauri::command(async)]
pub fn export_google(
    session: State<'_, Session>,
    password: Zeroizing<String>,
) -> AppResult<GoogleCodes> {
    session.export_google(password)
}

#[tauri::command(async)]
pub fn check_backup(
    session: State<'_, Session>,
    password: Zeroizing<String>,
) -> AppResult<BackupCheck> {
    session.check_backup(password)
}

/// Picks a file to import and imports it (or asks for its password).
/// `None` when the dialog is cancelled; a lock while it is open drops the
/// picked file.
#[tauri::command]
pub async fn import_file<R: Runtime>(
    session: State<'_, Session>,
    window: WebviewWindow<R>,
    password: Zeroizing<String>,
    title: String,
) -> AppResult<Option<ImportStep>> {
    // A wrong vault password fails before the dialog opens.
    let password = session.verify_vault_password(password)?;
    let Some(path) = files::pick_open(&window, &title).await else {
        return Ok(None);
    };
    session.import_read(&path, password)?;
    session.import_pending(None).map(Some)
}

/// The picked import file's password (the vault password was kept by the
/// session with the file).
#[tauri::command(async)]
pub fn import_password(
    session: State<'_, Session>,
    file_password: Zeroizing<String>,
) -> AppResult<ImportStep> {
    session.import_pending(Some(file_password))
}

#[tauri::command(async)]
pub fn import_cancel(session: State<'_, Session>) {
    session.import_cancel()
}
