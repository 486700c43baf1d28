//! JSON-based importers (Aegis, 2FAS, andOTP, Bitwarden, FreeOTP+, Stratum,
//! Proton, Ente, LastPass, Steam, Duo): detection and import of arbitrary
//! bytes, without and with a password, must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_transfer::{Format, registry};

const JSON_FORMATS: &[Format] = &[
    Format::Aegis,
    Format::TwoFas,
    Format::AndOtp,
    Format::BitwardenJson,
    Format::FreeOtpPlus,
    Format::Stratum,
    Format::ProtonAuthenticator,
    Format::EnteEncrypted,
    Format::LastPass,
    Format::Steam,
    Format::Duo,
];

fuzz_target!(|data: &[u8]| {
    let _ = registry::detect(data);
    for &format in JSON_FORMATS {
        let _ = registry::import(data, Some(format), None);
        let _ = registry::import(data, Some(format), Some("x"));
    }
});
