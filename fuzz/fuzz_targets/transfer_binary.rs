//! Binary and base64 containers (andOTP encrypted, Stratum encrypted and
//! legacy, TOTP Authenticator): every header and length field is hostile.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_transfer::{Format, registry};

fuzz_target!(|data: &[u8]| {
    let _ = registry::detect(data);
    for format in [Format::AndOtp, Format::Stratum, Format::TotpAuthenticator] {
        let _ = registry::import(data, Some(format), None);
        let _ = registry::import(data, Some(format), Some("x"));
    }
});
