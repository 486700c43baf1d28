//! Turns errors into the one line a person reads: what went wrong, then what
//! to do about it. The crates' errors say what; the advice lives here,
//! because only the command line knows what the user typed.

use omamori_otp::migration::MigrationError;
use omamori_otp::payload::PayloadError;
use omamori_otp::uri::UriError;
use omamori_otp::{CodeError, SetupKeyError};
use omamori_transfer::ImportError;

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
            return Some(uri_advice(e));
        }
        if let Some(e) = cause.downcast_ref::<PayloadError>() {
            return Some(match e {
                PayloadError::Uri(e) => uri_advice(e),
                PayloadError::NotAnAccount => {
                    "give the text of the QR code, which starts with otpauth://; a QR code without it is not an authenticator setup code"
                }
                _ => MIGRATION_ADVICE,
            });
        }
        if cause.downcast_ref::<MigrationError>().is_some() {
            return Some(MIGRATION_ADVICE);
        }
        if let Some(e) = cause.downcast_ref::<omamori_vault::Error>()
            && let Some(advice) = vault_advice(e)
        {
            return Some(advice);
        }
        if let Some(e) = cause.downcast_ref::<ImportError>()
            && let Some(advice) = import_advice(e)
        {
            return Some(advice);
        }
        if let Some(e) = cause.downcast_ref::<omamori_scan::ScanError>() {
            return Some(crate::scan_cmd::advice(e));
        }
        if cause.downcast_ref::<CodeError>().is_some() {
            return Some("see `omamori code --help` for the accepted values");
        }
    }
    None
}

const MIGRATION_ADVICE: &str = "the transfer QR code was read incompletely; scan it again from Google Authenticator's export screen";

fn uri_advice(error: &UriError) -> &'static str {
    match error {
        UriError::Secret(e) => setup_key_advice(e),
        UriError::WrongScheme | UriError::Empty => {
            "give the text of the QR code, which starts with otpauth://"
        }
        UriError::MigrationUri => "this command reads it too; check the rest of the text",
        UriError::BadPercentEncoding(_) => {
            "the text was probably cut or changed when it was copied; scan the QR code again"
        }
        _ => "scan the QR code again, or type the setup key with `omamori code --key`",
    }
}

fn setup_key_advice(error: &SetupKeyError) -> &'static str {
    match error {
        SetupKeyError::InvalidCharacter { hint: Some(_), .. } => {
            "setup keys use only the letters A-Z and the digits 2-7"
        }
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

fn vault_advice(error: &omamori_vault::Error) -> Option<&'static str> {
    use omamori_vault::Error;
    Some(match error {
        Error::DecryptionFailed => {
            "check the password; if it is right, the file was changed or damaged: the previous saves are kept beside it as <vault file>.1 to .3"
        }
        Error::Malformed(_) | Error::TooLarge { .. } => {
            "this is not a vault Omamori wrote, or it was cut short; the previous saves are kept beside it as <vault file>.1 to .3"
        }
        Error::UnsupportedVersion { .. } => "update Omamori to open this vault",
        Error::ExcessiveWork { .. } => {
            "a real vault never asks for this; the file was probably tampered with: use a backup (<vault file>.1 to .3)"
        }
        Error::NotFound { .. } => {
            "create one with `omamori init`, or point --vault / OMAMORI_VAULT at your vault"
        }
        Error::AlreadyExists { .. } => {
            "a vault is already there; use it, or give another --vault path"
        }
        Error::LockHeld { .. } => "close the other Omamori window or command, then try again",
        Error::ChangedOnDisk => "run the command again",
        Error::Duplicate(_) => "nothing to do: it is already in the vault (see `omamori list`)",
        Error::Keyring(_) => {
            "check that the desktop keyring is running and unlocked; the vault still opens with its password"
        }
        Error::NoKeyringSlot => "enable it with `omamori keyring enable`",
        Error::InvalidKdfParams { .. } => {
            "memory must be at least 8 KiB per lane and at most 1048576 KiB, passes 1 to 32, lanes 1 to 16"
        }
        _ => return None,
    })
}

fn import_advice(error: &ImportError) -> Option<&'static str> {
    Some(match error {
        ImportError::UnknownFormat => {
            "give --format NAME if you know which app wrote it (the names are in docs/import-formats.md)"
        }
        ImportError::Decryption { .. } => {
            "check the file's password (the one set when the file was exported, not the vault's)"
        }
        ImportError::PasswordRequired { .. } => {
            "give the file's password with --source-password-file FILE, or run the command in a terminal"
        }
        ImportError::ExcessiveWork { .. } => {
            "no real export asks for this much work; the file was probably damaged or made to attack"
        }
        ImportError::UnsupportedVersion { .. } => {
            "export the file again from an older version of the app, or update Omamori"
        }
        _ => return None,
    })
}
