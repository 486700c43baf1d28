//! Binary and base64 containers (andOTP encrypted, Stratum encrypted and
//! legacy, TOTP Authenticator, FreeOTP 2's Java-serialized map): every
//! header and length field is hostile.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_transfer::{Format, registry};

/// The start of a serialized `java.util.HashMap` as Android 8+ writes it,
/// up to the entry count.
const HASH_MAP_HEADER: &[u8] = b"\xAC\xED\x00\x05\x73\x72\x00\x11java.util.HashMap\
    \x05\x07\xDA\xC1\xC3\x16\x60\xD1\x03\x00\x02\x46\x00\x0AloadFactor\
    \x49\x00\x09threshold\x78\x70\x3F\x40\x00\x00\x00\x00\x00\x0C\
    \x77\x08\x00\x00\x00\x10";

/// `data` split at 0xFF bytes into the `masterKey` entry's value, then key,
/// value, key, value…, written as a well-formed serialized
/// `HashMap<String, String>`, so the fuzzer reaches the JSON and key
/// parameters inside without needing a seed corpus.
fn as_hash_map(data: &[u8]) -> Vec<u8> {
    let strings: Vec<&[u8]> = std::iter::once(&b"masterKey"[..])
        .chain(data.split(|&b| b == 0xFF))
        .collect();
    let pairs = strings.len() / 2;
    let mut out = HASH_MAP_HEADER.to_vec();
    out.extend_from_slice(&(pairs as i32).to_be_bytes());
    for s in &strings[..pairs * 2] {
        out.push(0x74);
        out.extend_from_slice(&(s.len().min(usize::from(u16::MAX)) as u16).to_be_bytes());
        out.extend_from_slice(&s[..s.len().min(usize::from(u16::MAX))]);
    }
    out.push(0x78);
    out
}

fuzz_target!(|data: &[u8]| {
    let _ = registry::detect(data);
    for format in [Format::AndOtp, Format::Stratum, Format::TotpAuthenticator] {
        let _ = registry::import(data, Some(format), None);
        let _ = registry::import(data, Some(format), Some("x"));
    }
    // FreeOTP 2 without a password: the container and the master key's
    // parameters are all read and checked before any key derivation, which
    // (100,000 PBKDF2 rounds) would slow every run a thousandfold.
    let _ = registry::import(data, Some(Format::FreeOtp2), None);
    let _ = registry::import(&as_hash_map(data), Some(Format::FreeOtp2), None);
});
