//! Capturing every monitor (feature `screen`), for "scan the QR code on my
//! screen".
//!
//! On X11 xcap reads the root window directly: nothing touches the disk. On
//! Wayland there is no such access; xcap asks GNOME Shell, then the
//! xdg-desktop-portal Screenshot interface (which may ask the user), then
//! wlroots screencopy. The first two make the compositor write a PNG file,
//! which xcap reads and deletes at once; `docs/threat-model.md` says what
//! that means. The images stay in memory and are dropped after scanning.

use image::RgbaImage;

use crate::ScanError;

/// One monitor's picture.
#[non_exhaustive]
pub struct Capture {
    /// The monitor's name as the display server reports it.
    pub monitor: String,
    pub image: RgbaImage,
}

/// Captures every monitor, primary first.
pub fn capture_all() -> Result<Vec<Capture>, ScanError> {
    let mut monitors = xcap::Monitor::all().map_err(map_error)?;
    if monitors.is_empty() {
        return Err(ScanError::ScreenUnavailable("no monitor found".into()));
    }
    // The enrolment page is most likely on the primary monitor; a stable
    // sort keeps the display server's order for the rest.
    monitors.sort_by_key(|m| !m.is_primary().unwrap_or(false));
    let mut captures = Vec::with_capacity(monitors.len());
    for (i, monitor) in monitors.iter().enumerate() {
        let image = monitor.capture_image().map_err(map_error)?;
        let monitor = monitor
            .name()
            .unwrap_or_else(|_| format!("monitor {}", i + 1));
        captures.push(Capture { monitor, image });
    }
    Ok(captures)
}

/// xcap reports everything as one error type with free text; the cases a
/// user can act on are "you said no" and "there is no usable display".
fn map_error(error: xcap::XCapError) -> ScanError {
    let text = error.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("cancel") || lower.contains("denied") {
        ScanError::CaptureRefused
    } else {
        ScanError::ScreenUnavailable(text)
    }
}
