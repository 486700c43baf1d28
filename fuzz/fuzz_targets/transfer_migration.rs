//! Google Authenticator transfer lists (protobuf inside base64 inside a URI)
//! through the importer, one or more lines at a time.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_transfer::{Format, registry};

fuzz_target!(|data: &[u8]| {
    // Bytes as they would be after the prefix, so the fuzzer reaches the
    // payload decoder quickly.
    let mut text = b"otpauth-migration://offline?data=".to_vec();
    text.extend_from_slice(data);
    let _ = registry::import(&text, Some(Format::GoogleMigration), None);
    let _ = registry::import(data, Some(Format::GoogleMigration), None);
    let _ = registry::import(data, Some(Format::OtpauthList), None);
});
