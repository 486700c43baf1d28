//! Decrypted vault content (versions 1 and 2): what a backup file holds
//! once opened with the password its sender told you, so chosen by whoever
//! made the file. Whatever decodes must encode and decode to the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use omamori_vault::content;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = content::decode(data) {
        content::check(&decoded).expect("decoded content passes the writer's check");
        let again = content::decode(&content::encode(&decoded)).expect("written content reads back");
        assert_eq!(again, decoded);
    }
});
