//! The otpauth URI list export: one `otpauth://` URI per line, the format
//! Aegis, Ente, 2FAS and most authenticators import. Plain text: it unlocks
//! every account in it.

use omamori_otp::{Account, uri};
use zeroize::Zeroizing;

/// The accounts as otpauth URIs, one per line, ending with a newline.
pub fn uri_list(accounts: &[Account]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    for account in accounts {
        out.push_str(&uri::format(account));
        out.push('\n');
    }
    out
}
