//! Command-line values as people type them: numbers may be full-width
//! (`--digits ８`, typed with a Japanese IME on) and are read by
//! [`omamori_otp::number`], the same rule the app and the URI parser use;
//! algorithm names by [`Algorithm`]'s one `FromStr`.

use std::str::FromStr;

use omamori_otp::{Algorithm, PERIODS};

/// `--algorithm`: SHA1, SHA256 or SHA512, any case, hyphen optional.
pub fn algorithm(text: &str) -> Result<Algorithm, String> {
    text.parse()
        .map_err(|e: omamori_otp::UnknownAlgorithm| e.to_string())
}

/// A whole number (`--digits`, `--counter`, `--at`), full-width digits allowed.
pub fn number<T: FromStr>(text: &str) -> Result<T, String> {
    omamori_otp::number(text).ok_or_else(|| format!("{text:?} is not a whole number in range"))
}

/// `--period`: whole seconds, 1 to 86400, as for a period in a QR code.
pub fn period(text: &str) -> Result<u32, String> {
    number(text)
        .ok()
        .filter(|p| PERIODS.contains(p))
        .ok_or_else(|| format!("{text:?} is not a period from 1 to 86400 seconds"))
}
