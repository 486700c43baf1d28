//! The payload router and the otpauth:// parser on arbitrary text: they
//! must never panic, and what they accept must survive format → parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_otp::{payload, uri};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = payload::accounts(text);
    if let Ok(account) = uri::parse(text) {
        {
            let again = uri::parse(&uri::format(&account)).expect("formatted URI parses");
            // Leading spaces of a name are not significant in the format.
            assert_eq!(again.name, account.name.trim_start_matches(' '));
            assert_eq!(again.issuer, account.issuer);
            assert_eq!(again.secret, account.secret);
        }
    }
});
