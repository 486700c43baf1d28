//! Untrusted image bytes through the bounded loader and the QR front end:
//! must never panic, and the loader's limits must keep memory bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(image) = omamori_scan::decode_image(data) {
        let _ = omamori_scan::scan(&image);
    }
});
