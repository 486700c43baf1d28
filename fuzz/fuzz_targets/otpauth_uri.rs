//! The otpauth:// parser on arbitrary text: it must never panic, and what it
//! accepts must survive format → parse unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_otp::uri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for parsed in [uri::parse(text), uri::parse_lenient(text)] {
        if let Ok(account) = parsed {
            let again = uri::parse_lenient(&uri::format(&account)).expect("formatted URI parses");
            // Leading spaces of a name are not significant in the format.
            assert_eq!(again.name, account.name.trim_start_matches(' '));
            assert_eq!(again.issuer, account.issuer);
            assert_eq!(again.secret, account.secret);
        }
    }
});
