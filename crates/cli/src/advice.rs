//! Turns errors into the one line a person reads: what went wrong, then what
//! to do about it. The crates' errors say what; the advice lives here,
//! because only the command line knows what the user typed.

use omamori_otp::migration::MigrationError;
use omamori_otp::uri::UriError;
use omamori_otp::{CodeError, SetupKeyError};

/// Prints `omamori: <error chain> (<advice>)` on stderr.
pub fn report(error: &anyhow::Error) {
    let message = error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ");
    match advice_for(error) {
        Some(advice) => eprintln!("omamori: {message} ({advice})"),
        None => eprintln!("omamori: {message}"),
    }
}

fn advice_for(error: &anyhow::Error) -> Option<&'static str> {
    for cause in error.chain() {
        if let Some(e) = cause.downcast_ref::<SetupKeyError>() {
            return Some(setup_key_advice(e));
        }
        if let Some(e) = cause.downcast_ref::<UriError>() {
            return Some(match e {
                UriError::Secret(e) => setup_key_advice(e),
                UriError::WrongScheme | UriError::Empty => {
                    "give the text of the QR code, which starts with otpauth://"
                }
                UriError::MigrationUri => "this command reads it too; check the rest of the text",
                UriError::BadPercentEncoding(_) => {
                    "the text was probably cut or changed when it was copied; scan the QR code again"
                }
                _ => "scan the QR code again, or type the setup key with `omamori code --key`",
            });
        }
        if cause.downcast_ref::<MigrationError>().is_some() {
            return Some(
                "the transfer QR code was read incompletely; scan it again from Google Authenticator's export screen",
            );
        }
        if let Some(e) = cause.downcast_ref::<omamori_scan::ScanError>() {
            return Some(crate::scan_cmd::advice(e));
        }
        if cause.downcast_ref::<omamori_scan::PayloadError>().is_some() {
            return Some(
                "this QR code is not an authenticator setup code; look for the one on the two-step verification page",
            );
        }
        if cause.downcast_ref::<CodeError>().is_some() {
            return Some("see `omamori code --help` for the accepted values");
        }
    }
    None
}

fn setup_key_advice(error: &SetupKeyError) -> &'static str {
    match error {
        SetupKeyError::InvalidCharacter { .. } => {
            "setup keys use only the letters A-Z and the digits 2-7; 0, 1 and 8 are usually the letters O, I and B"
        }
        SetupKeyError::InvalidLength { .. } | SetupKeyError::TooShort { .. } => {
            "compare the key with the one on the service's page; a character is probably missing"
        }
        SetupKeyError::Empty => "copy the setup key (セットアップキー) shown beside the QR code",
        _ => "copy the setup key (セットアップキー) shown beside the QR code again",
    }
}
