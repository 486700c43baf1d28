//! Declares the app's commands so the capability file is the real allow-list
//! (commands not listed here and not allowed there cannot be called).

fn main() {
    // `tauri.conf.json` lives here, beside Cargo.toml, where tauri-build,
    // `generate_context!` and the Tauri CLI (run from src-tauri/) all look;
    // paths inside it are relative to this directory. It is a plain file,
    // not a link, so a Windows checkout builds the MSI/NSIS bundles too.
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
