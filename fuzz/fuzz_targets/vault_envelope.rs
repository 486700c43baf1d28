//! Fuzzes the vault envelope parser: any bytes must give a typed result,
//! never a panic, unbounded allocation or Argon2 work (parse never runs the
//! KDF). A parsed envelope must serialize back to a header that parses to
//! the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_vault::envelope;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = envelope::parse(data) {
        let _ = parsed.content_aad();
        let raw = envelope::header_bytes(&parsed.header);
        let file = envelope::file_bytes(&raw, &parsed.ciphertext);
        let again = envelope::parse(&file).expect("a written envelope parses");
        assert_eq!(again.header, parsed.header);
        assert_eq!(again.ciphertext, parsed.ciphertext);
    }
});
