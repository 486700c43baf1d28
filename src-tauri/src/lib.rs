//! The Omamori desktop app: a Tauri shell over the Omamori crates.
//!
//! The shell owns what the crates deliberately do not: the clock, the
//! environment (`OMAMORI_VAULT`, `OMAMORI_KEYRING`), the clipboard, screen
//! capture, dialogs, timers and the session's unlocked vault. The webview
//! (`ui/`) only ever sees labels, codes and their validity windows.

mod activity;
mod capture;
mod clipboard;
mod clock;
mod commands;
mod error;
mod files;
mod session;
mod settings;
mod watch;
pub mod webview;

use std::path::PathBuf;

use omamori_vault::{KdfParams, KeyringBackend};
use tauri::{DragDropEvent, Emitter, Manager, WindowEvent};

use crate::session::Session;

/// Where the vault is: `OMAMORI_VAULT` when set (as the CLI does), else the
/// OS data directory.
fn vault_path() -> PathBuf {
    match std::env::var_os("OMAMORI_VAULT") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => omamori_vault::default_vault_path()
            .unwrap_or_else(|| PathBuf::from("omamori-vault.json")),
    }
}

/// The keyring backend from `OMAMORI_KEYRING` (`platform`, `secret-service`,
/// `keyutils`, `off`); the platform keyring by default.
fn keyring_backend() -> Option<KeyringBackend> {
    match std::env::var("OMAMORI_KEYRING").ok().as_deref() {
        Some("off") => None,
        Some(name) => Some(name.parse().unwrap_or(KeyringBackend::Platform)),
        None => Some(KeyringBackend::Platform),
    }
}

/// The event carrying the result of a file dropped on the window.
const DROP_EVENT: &str = "image-dropped";

/// Builds and runs the app.
pub fn run() {
    // Before the webview starts or any secret is read: no core dumps,
    // memory closed to other processes (crates/harden).
    for problem in omamori_harden::harden_process() {
        eprintln!("omamori-app: note: {problem}");
    }
    if std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
        && cfg!(target_os = "linux")
    {
        eprintln!(
            "omamori-app: no display (DISPLAY or WAYLAND_DISPLAY is not set); start it from a desktop session, or use the omamori command line"
        );
        std::process::exit(1);
    }
    let session = Session::new(vault_path(), keyring_backend(), KdfParams::DEFAULT);
    let result = tauri::Builder::default()
        .manage(session)
        .invoke_handler(tauri::generate_handler![
            commands::status,
            commands::create_vault,
            commands::unlock_password,
            commands::unlock_keyring,
            commands::lock,
            commands::touch,
            commands::codes,
            commands::copy_code,
            commands::next_hotp,
            commands::add_manual,
            commands::scan_screen,
            commands::scan_clipboard,
            commands::open_image,
            commands::add_found,
            commands::edit_account,
            commands::remove_account,
            commands::move_account,
            commands::settings,
            commands::save_settings,
            commands::change_password,
            commands::set_keyring,
            commands::reveal_setup_key,
            commands::activity,
            commands::export_file,
            commands::export_google,
            commands::check_backup,
            commands::import_file,
            commands::import_password,
            commands::import_cancel,
        ])
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                webview::tune(&window);
            }
            watch::start(app.handle());
            Ok(())
        })
        .on_window_event(|window, event| match event {
            WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) => {
                let app = window.app_handle().clone();
                let paths = paths.clone();
                // Decoding can take a moment; keep the event loop free.
                std::thread::spawn(move || {
                    let session = app.state::<Session>();
                    let ticket = session.ticket();
                    let result =
                        capture::files(&paths).and_then(|payloads| session.found(ticket, payloads));
                    let _ = app.emit(DROP_EVENT, result.map_err(|e| serde_json::json!(e)));
                });
            }
            WindowEvent::Destroyed => {
                window.app_handle().state::<Session>().lock();
            }
            _ => {}
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("omamori-app: {error}");
        std::process::exit(1);
    }
}
