//! The otpauth URI list export: one `otpauth://` URI per line, the format
//! Aegis, Ente, 2FAS and most authenticators import. Plain text: it unlocks
//! every account in it.

use std::io::Write;

use omamori_otp::{Account, uri};
use omamori_vault::crypto::ZeroizingWriter;
use zeroize::Zeroizing;

/// The accounts as otpauth URIs, one per line, ending with a newline.
pub fn uri_list(accounts: &[Account]) -> Zeroizing<String> {
    let mut out = ZeroizingWriter::with_capacity(128 * accounts.len());
    for account in accounts {
        out.write_all(uri::format(account).as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .expect("writing to memory cannot fail");
    }
    super::into_text(out)
}
