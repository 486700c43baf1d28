//! Omamori backup files read through the transfer registry: detection and
//! every check before the key derivation (which the fuzzer never reaches
//! with valid parameters, as it cannot guess a wrapped key).
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_transfer::{Format, registry};

fuzz_target!(|data: &[u8]| {
    let _ = registry::detect(data);
    let _ = registry::import(data, Some(Format::OmamoriBackup), None);
});
