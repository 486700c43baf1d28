//! Text and markup importers: otpauth lists, Bitwarden CSV, Android
//! shared-preferences XML (Authy, Battle.net).
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_transfer::{Format, registry};

fuzz_target!(|data: &[u8]| {
    let _ = registry::detect(data);
    for format in [
        Format::OtpauthList,
        Format::BitwardenCsv,
        Format::Authy,
        Format::BattleNet,
    ] {
        let _ = registry::import(data, Some(format), None);
        let _ = registry::import(data, Some(format), Some("x"));
    }
});
