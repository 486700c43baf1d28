//! Authenticator apps' internal SQLite databases (Google Authenticator,
//! Microsoft Authenticator, Stratum): hostile pages, schemas and rows. The
//! input is given the SQLite magic (unless it has it, as the seeds from
//! tests/fixtures do) so the fuzzer reaches SQLite itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_transfer::{Format, registry};

fuzz_target!(|data: &[u8]| {
    const MAGIC: &[u8] = b"SQLite format 3\0";
    let mut bytes = if data.starts_with(MAGIC) { Vec::new() } else { MAGIC.to_vec() };
    bytes.extend_from_slice(data);
    let _ = registry::detect(&bytes);
    for format in [
        Format::GoogleAuthenticatorDb,
        Format::MicrosoftAuthenticator,
        Format::StratumDb,
    ] {
        let _ = registry::import(&bytes, Some(format), None);
    }
});
