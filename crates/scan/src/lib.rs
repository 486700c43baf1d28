//! Image → QR payloads for Omamori: read the enrollment QR code off the
//! screen, a screenshot file or a pasted image.
//!
//! The work that makes scanning fast and reliable is the front end here;
//! [rqrr](https://docs.rs/rqrr) only finds codes in crops where our own
//! grid sampling fails. Turning a module grid into text is ours too
//! (`qr.rs`: Reed–Solomon, segments, ECIs, Kanji mode, and ZXing's guess of
//! the character set of byte-mode text). One banded pass reads the frame
//! in its own layout (gray, RGB or RGBA, no full gray copy) and yields
//! block thresholds, a ×4 reduction and the rows as luma; a ZXing-style finder-pattern search runs over the full
//! image and a small pyramid, in both polarities (dark-mode pages show
//! light-on-dark codes); each probable code is cropped at full resolution,
//! resampled to a comfortable module size, and its grid sampled from the
//! finder and alignment patterns (rqrr's own detection on the crop is the
//! fallback). Work per image is bounded by a region cap and a time budget
//! ([`Options`]). See `docs/threat-model.md` for what screen capture may
//! leave behind.
//!
//! Speed: `cargo bench -p omamori-scan` (criterion, a few frames) and
//! `scripts/bench-scan.sh` (the whole generated corpus side by side with
//! rxing and zxing-cpp, then screen capture + decode under Xvfb); figures
//! and how they were taken are in the README. The feature `rxing` adds
//! rxing as a second grid decoder for that comparison only.
//!
//! Which function to reach for:
//! - a file → [`load_image`], then [`scan`];
//! - bytes (clipboard, drag and drop) → [`decode_image`], then [`scan`];
//! - the screen → [`screen::capture_all`] (feature `screen`);
//! - the clipboard → [`clipboard::read_image`] (feature `clipboard`);
//! - what a payload holds → [`accounts`], which is `omamori_otp`'s payload
//!   router, re-exported so a scan and its accounts are one `use` away.
//!
//! ```
//! let img = image::DynamicImage::new_luma8(64, 64);
//! assert!(omamori_scan::scan(&img).payloads.is_empty());
//! ```
#![forbid(unsafe_code)]

mod binarize;
mod engine;
mod finder;
mod load;
mod locate;
mod luma;
mod qr;
mod sample;
mod scanner;

#[cfg(feature = "clipboard")]
pub mod clipboard;
#[cfg(feature = "screen")]
pub mod screen;

pub use load::{MAX_ALLOC, MAX_FILE_BYTES, MAX_PIXELS, MAX_SIDE, decode_image, load_image};
pub use omamori_otp::payload::{Accounts, PayloadError, PayloadKind, accounts, classify};
#[cfg(feature = "rxing")]
pub use scanner::rxing_whole_image;
pub use scanner::{Engine, Options, Scan, scan, scan_gray, scan_rgba, scan_with};

/// Why an image could not be read or captured.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// The bytes are not an image in any format we know.
    #[error("not an image (expected PNG, JPEG, BMP, WebP or GIF)")]
    NotAnImage,
    /// A known image format we do not accept.
    #[error("unsupported image format {0} (expected PNG, JPEG, BMP, WebP or GIF)")]
    UnsupportedFormat(&'static str),
    /// The header claims more pixels than we accept.
    #[error(
        "image is too large: {width} × {height} pixels (limit {MAX_SIDE} per side, {MAX_PIXELS} in total)"
    )]
    TooLarge { width: u32, height: u32 },
    /// The decoder would need more memory than we allow.
    #[error("image needs more memory to decode than the {MAX_ALLOC}-byte limit")]
    TooBig,
    /// The file is bigger than any screenshot we accept.
    #[error("file is larger than {limit} bytes")]
    FileTooLarge { limit: u64 },
    /// The image data ends early.
    #[error("{format} image is truncated")]
    Truncated { format: &'static str },
    /// The image data is invalid.
    #[error("{format} image is corrupt: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    /// Reading the file failed.
    #[error("cannot read image: {0}")]
    Io(#[source] std::io::Error),
    /// No display to capture from (no `DISPLAY`/`WAYLAND_DISPLAY`, or the
    /// display server refused the connection).
    #[error("cannot capture the screen: {0}")]
    ScreenUnavailable(String),
    /// The user declined the desktop's screenshot request.
    #[error("the screenshot request was declined")]
    CaptureRefused,
    /// The clipboard could not be opened.
    #[error("cannot read the clipboard: {0}")]
    ClipboardUnavailable(String),
    /// The clipboard holds no image.
    #[error("the clipboard holds no image")]
    ClipboardEmpty,
}
