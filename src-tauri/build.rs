//! Declares the app's commands so the capability file is the real allow-list
//! (commands not listed here and not allowed there cannot be called).

fn main() {
    // The configuration lives at the repository root; `tauri.conf.json` here
    // is a symlink to it, which tauri-build and the Tauri CLI both read, so
    // paths inside it are relative to this directory.
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}

/// Every `#[tauri::command]` in `src/commands.rs`.
const COMMANDS: &[&str] = &[
    "status",
    "create_vault",
    "unlock_password",
    "unlock_keyring",
    "lock",
    "touch",
    "codes",
    "copy_code",
    "next_hotp",
    "add_manual",
    "scan_screen",
    "scan_clipboard",
    "open_image",
    "add_found",
    "edit_account",
    "remove_account",
    "move_account",
    "settings",
    "save_settings",
    "change_password",
    "set_keyring",
    "reveal_setup_key",
    "activity",
    "export_file",
    "export_google",
    "check_backup",
    "import_file",
    "import_password",
    "import_cancel",
];
