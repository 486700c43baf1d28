//! Reading an image from the system clipboard (feature `clipboard`), for
//! "take a screenshot to the clipboard, then paste it into Omamori".

use image::RgbaImage;

use crate::{MAX_PIXELS, MAX_SIDE, ScanError};

/// The clipboard's image as RGBA, within the same size limits as files.
pub fn read_image() -> Result<RgbaImage, ScanError> {
    let mut clipboard =
        arboard::Clipboard::new().map_err(|e| ScanError::ClipboardUnavailable(e.to_string()))?;
    let data = clipboard.get_image().map_err(|e| match e {
        arboard::Error::ContentNotAvailable | arboard::Error::ConversionFailure => {
            ScanError::ClipboardEmpty
        }
        other => ScanError::ClipboardUnavailable(other.to_string()),
    })?;
    let (width, height) = (
        u32::try_from(data.width).unwrap_or(u32::MAX),
        u32::try_from(data.height).unwrap_or(u32::MAX),
    );
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ScanError::TooLarge { width, height });
    }
    RgbaImage::from_raw(width, height, data.bytes.into_owned()).ok_or_else(|| {
        ScanError::ClipboardUnavailable("the clipboard image has an unexpected layout".into())
    })
}
