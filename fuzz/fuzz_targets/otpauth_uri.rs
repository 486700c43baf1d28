//! The payload router and the otpauth:// parser on arbitrary text: they
//! must never panic, and what the parser
//! accepts and the vault would store (fields within the vault's limits)
//! must survive format → parse unchanged. (The campaign of issue 11 found
//! that a 16 KiB URI with kilobytes of non-ASCII issuer formats to more than
//! the 16 KiB a URI may have: such an account is now refused by the vault
//! and capped by the importers, see crates/transfer/tests/issue_11_hostile_files.rs.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_otp::{payload, uri};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = payload::accounts(text);
    if let Ok(account) = uri::parse(text)
        && omamori_vault::content::oversized_field(&account).is_none()
    {
        let again = uri::parse(&uri::format(&account)).expect("formatted URI parses");
        // Leading spaces of a name are not significant in the format.
        assert_eq!(again.name, account.name.trim_start_matches(' '));
        assert_eq!(again.issuer, account.issuer);
        assert_eq!(again.secret, account.secret);
    }
});
