//! The Google Authenticator migration decoder on arbitrary payload bytes
//! (wrapped as a URI, so the protobuf reader sees them) and on raw text.
#![no_main]

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use omamori_otp::migration;

fuzz_target!(|data: &[u8]| {
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    let _ = migration::decode(&format!("otpauth-migration://offline?data={encoded}"));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = migration::decode(text);
    }
});
