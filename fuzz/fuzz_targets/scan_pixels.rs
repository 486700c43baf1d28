//! Arbitrary grayscale pixels straight into the QR front end (finder search,
//! region grouping, crops, rqrr): the part an image format cannot steer as
//! directly. The first byte picks the width.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&w, pixels)) = data.split_first() else { return };
    let w = u32::from(w).max(1);
    let h = pixels.len() as u32 / w;
    if h == 0 {
        return;
    }
    let pixels = pixels[..(w * h) as usize].to_vec();
    let gray = image::GrayImage::from_raw(w, h, pixels).expect("sized above");
    let _ = omamori_scan::scan_gray(&gray, &omamori_scan::Options::default());
});
