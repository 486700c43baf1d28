//! Native dialogs for export and import files. The path the user picks
//! goes straight to the session: the webview passes only the dialog's
//! title and never names a path.

use std::path::PathBuf;

use tauri::{Runtime, WebviewWindow};

/// The native "save" dialog; `None` when the user cancels. The dialog
/// itself asks before replacing an existing file.
pub async fn pick_save<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
    suggested: &str,
) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_file_name(suggested)
        .set_parent(window)
        .save_file()
        .await
        .map(|handle| handle.path().to_owned())
}

/// The native "open" dialog for any file; `None` when the user cancels.
pub async fn pick_open<R: Runtime>(window: &WebviewWindow<R>, title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_parent(window)
        .pick_file()
        .await
        .map(|handle| handle.path().to_owned())
}
