//! Where QR images come from: every monitor (with our window hidden while
//! the screen is captured), the clipboard, an image file the user picked in
//! a native dialog or dropped on the window. Each source ends as QR payload
//! strings from `omamori_scan`; the session turns them into accounts.
//!
//! Paths never come from the webview: the dialog runs here and drops come
//! from the window system, so the UI has no way to make the backend read a
//! file of its choosing.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tauri::{Runtime, WebviewWindow};

use crate::error::{AppError, AppResult, ErrorKind};

/// Time for the window system to repaint what our window covered.
const HIDE_SETTLE: Duration = Duration::from_millis(350);

/// Image file types offered in the dialog (what omamori_scan reads).
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "bmp", "webp", "gif"];

fn scan_error(error: omamori_scan::ScanError) -> AppError {
    use omamori_scan::ScanError as E;
    let kind = match &error {
        E::ScreenUnavailable(_) | E::CaptureRefused => ErrorKind::ScreenUnavailable,
        E::ClipboardEmpty => ErrorKind::ClipboardEmpty,
        E::ClipboardUnavailable(_) => ErrorKind::Clipboard,
        E::Io(_) => ErrorKind::Io,
        _ => ErrorKind::NotAnImage,
    };
    AppError::with_detail(kind, error.to_string())
}

/// Hides `window`, captures every monitor, shows the window again, and
/// returns the payloads of every QR code on any monitor.
pub fn screen<R: Runtime>(window: &WebviewWindow<R>) -> AppResult<Vec<String>> {
    let _ = window.hide();
    std::thread::sleep(HIDE_SETTLE);
    let captured = omamori_scan::screen::capture_all();
    let _ = window.show();
    let _ = window.set_focus();
    let options = omamori_scan::Options::default();
    let mut payloads = Vec::new();
    for capture in captured.map_err(scan_error)? {
        let image = &capture.image;
        if let Some(found) =
            omamori_scan::scan_rgba(image.width(), image.height(), image.as_raw(), &options)
        {
            payloads.extend(found.payloads);
        }
    }
    Ok(payloads)
}

/// The payloads in an image on the clipboard (within the scanner's size
/// limits).
pub fn clipboard() -> AppResult<Vec<String>> {
    let image = omamori_scan::clipboard::read_image().map_err(scan_error)?;
    Ok(omamori_scan::scan(&image.into()).payloads)
}

/// The payloads in image files (dropped on the window or picked).
pub fn files(paths: &[PathBuf]) -> AppResult<Vec<String>> {
    let mut payloads = Vec::new();
    let mut last_error = None;
    for path in paths {
        match file(path) {
            Ok(found) => payloads.extend(found),
            Err(e) => last_error = Some(e),
        }
    }
    match last_error {
        Some(error) if payloads.is_empty() => Err(error),
        _ => Ok(payloads),
    }
}

fn file(path: &Path) -> AppResult<Vec<String>> {
    let image = omamori_scan::load_image(path).map_err(scan_error)?;
    Ok(omamori_scan::scan(&image).payloads)
}

/// Shows the native "open image" dialog; `None` when the user cancels.
pub async fn pick_image<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
    filter: &str,
) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter(filter, IMAGE_EXTENSIONS)
        .set_parent(window)
        .pick_file()
        .await
        .map(|handle| handle.path().to_owned())
}

/// Picks an image and returns its payloads (empty when cancelled).
pub async fn open_image<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
    filter: &str,
) -> AppResult<Option<Vec<String>>> {
    match pick_image(window, title, filter).await {
        Some(path) => files(&[path]).map(Some),
        None => Ok(None),
    }
}
