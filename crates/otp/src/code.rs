//! One-time codes: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard.
//!
//! Everything here is a pure function of the key, the parameters and the
//! moment the caller passes in; nothing reads the clock.

use ring::hmac;

use crate::Algorithm;

/// Digits an HOTP/TOTP code may have. RFC 4226 asks for at least 6; the
/// 31-bit truncated value has at most 10 decimal digits.
pub const DIGITS: std::ops::RangeInclusive<u8> = 6..=10;

/// Steam Guard codes are always this many characters.
pub const STEAM_DIGITS: u8 = 5;

/// Steam's code alphabet: digits and consonants that are hard to confuse.
const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";

/// A code and, for time-based codes, the span of time it is valid in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The code as shown to people: decimal digits, or Steam's letters.
    pub value: String,
    /// For TOTP and Steam, when this code starts and stops being valid.
    pub window: Option<Window>,
}

/// The half-open interval `[valid_from, valid_until)` of a time-based code,
/// in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub valid_from: u64,
    pub valid_until: u64,
}

/// Why a code could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeError {
    #[error("codes have 6 to 10 digits, not {0}")]
    Digits(u8),
    #[error("the period must be at least one second")]
    ZeroPeriod,
    #[error("the key is empty")]
    EmptyKey,
}

/// The 31-bit dynamically truncated HMAC value of RFC 4226 section 5.3.
pub fn truncated_value(algorithm: Algorithm, key: &[u8], counter: u64) -> u32 {
    let key = hmac::Key::new(algorithm.hmac(), key);
    let tag = hmac::sign(&key, &counter.to_be_bytes());
    let mac = tag.as_ref();
    // Every HMAC output is at least 20 bytes and the offset is at most 15,
    // so the four bytes read here are always in range.
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff
}

/// An HOTP code for `counter` (RFC 4226).
pub fn hotp(
    algorithm: Algorithm,
    key: &[u8],
    counter: u64,
    digits: u8,
) -> Result<String, CodeError> {
    if !DIGITS.contains(&digits) {
        return Err(CodeError::Digits(digits));
    }
    if key.is_empty() {
        return Err(CodeError::EmptyKey);
    }
    let value = u64::from(truncated_value(algorithm, key, counter)) % 10u64.pow(digits.into());
    Ok(format!("{value:0width$}", width = usize::from(digits)))
}

/// The TOTP time step that contains `time` (RFC 6238 with T0 = 0).
pub fn time_step(time: u64, period: u32) -> Result<u64, CodeError> {
    if period == 0 {
        return Err(CodeError::ZeroPeriod);
    }
    Ok(time / u64::from(period))
}

/// The validity window of time step `step`.
pub fn window(step: u64, period: u32) -> Window {
    let valid_from = step.saturating_mul(period.into());
    Window {
        valid_from,
        valid_until: valid_from.saturating_add(period.into()),
    }
}

/// The TOTP code valid at `time` (RFC 6238).
pub fn totp(
    algorithm: Algorithm,
    key: &[u8],
    digits: u8,
    period: u32,
    time: u64,
) -> Result<Code, CodeError> {
    let step = time_step(time, period)?;
    Ok(Code {
        value: hotp(algorithm, key, step, digits)?,
        window: Some(window(step, period)),
    })
}

/// The Steam Guard code valid at `time`: HMAC-SHA1 over the 30-second step,
/// truncated as in HOTP, then written as five base-26 characters, least
/// significant first.
pub fn steam(key: &[u8], period: u32, time: u64) -> Result<Code, CodeError> {
    if key.is_empty() {
        return Err(CodeError::EmptyKey);
    }
    let step = time_step(time, period)?;
    Ok(Code {
        value: steam_value(key, step),
        window: Some(window(step, period)),
    })
}

fn steam_value(key: &[u8], step: u64) -> String {
    let mut value = truncated_value(Algorithm::Sha1, key, step);
    let mut code = String::with_capacity(STEAM_DIGITS.into());
    for _ in 0..STEAM_DIGITS {
        code.push(char::from(STEAM_ALPHABET[(value % 26) as usize]));
        value /= 26;
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4226_appendix_d() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(
                hotp(Algorithm::Sha1, b"12345678901234567890", counter as u64, 6).unwrap(),
                *code
            );
        }
    }

    #[test]
    fn digits_out_of_range_are_refused() {
        for digits in [0, 5, 11, 255] {
            assert_eq!(
                hotp(Algorithm::Sha1, b"k", 0, digits),
                Err(CodeError::Digits(digits))
            );
        }
    }

    #[test]
    fn ten_digit_codes_keep_leading_zeros() {
        let code = hotp(Algorithm::Sha1, b"12345678901234567890", 0, 10).unwrap();
        assert_eq!(code, "1284755224");
        let code = hotp(Algorithm::Sha1, b"12345678901234567890", 2, 10).unwrap();
        assert_eq!(code, "0137359152");
    }

    #[test]
    fn window_is_the_period_containing_the_time() {
        let code = totp(Algorithm::Sha1, b"12345678901234567890", 6, 30, 59).unwrap();
        assert_eq!(
            code.window,
            Some(Window {
                valid_from: 30,
                valid_until: 60
            })
        );
        assert_eq!(
            totp(Algorithm::Sha1, b"k", 6, 0, 59),
            Err(CodeError::ZeroPeriod)
        );
    }
}
