//! Text as people type it. A Japanese input method (IME) left on produces
//! full-width letters, digits and spaces (`ＧＥＺＤ　ＧＮＢＶ`, `８`) and
//! `ー` for a hyphen; web pages add no-break spaces. Setup keys and the
//! numeric fields (digits, period, counter) are read after Unicode NFKC
//! normalisation, which maps every full-width form to its ASCII letter,
//! digit or space, so such text means what it looks like.
//!
//! Only setup keys and numbers are normalised. Issuer and account names are
//! kept as written: they are shown, not computed with.

use std::borrow::Cow;
use std::str::FromStr;

use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// `text` in NFKC form. ASCII text (nearly every key) is its own NFKC form
/// and is borrowed as is; anything else is copied into a buffer that is
/// wiped on drop, because it may be a secret.
pub(crate) fn nfkc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        // The iterator's own small buffer is not wiped; it holds at most a
        // few characters of one grapheme at a time.
        Cow::Owned(text.nfkc().collect())
    }
}

/// [`nfkc`] for secret text: the copy, if one is made, is wiped on drop.
pub(crate) fn nfkc_secret(text: &str) -> Zeroizing<String> {
    Zeroizing::new(match nfkc(text) {
        Cow::Borrowed(ascii) => ascii.to_owned(),
        Cow::Owned(normalised) => normalised,
    })
}

/// Whether `c` (after NFKC) only separates groups of a setup key: any
/// white space, the hyphens and dashes of web pages, the IME's `ー` (typed
/// for `-` with Japanese input on) and zero-width spaces from copying.
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{200B}' | '\u{FEFF}'
        )
}

/// Reads a number as a person or an app wrote it: full-width digits allowed
/// (`８`, `３０`), surrounding spaces ignored. `None` when it is not a
/// number of type `T` (out of range, negative for an unsigned type, junk).
///
/// ```
/// assert_eq!(omamori_otp::number::<u8>("８"), Some(8));
/// assert_eq!(omamori_otp::number::<u32>(" ６０　"), Some(60));
/// assert_eq!(omamori_otp::number::<u8>("8 digits"), None);
/// ```
pub fn number<T: FromStr>(text: &str) -> Option<T> {
    nfkc(text).trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_become_ascii() {
        assert_eq!(nfkc("ＧＥＺＤ　ＧＮＢＶ"), "GEZD GNBV");
        assert_eq!(nfkc("ｊｂｓｗ－ｙ３ｄｐ"), "jbsw-y3dp");
        assert!(matches!(nfkc("JBSWY3DP"), Cow::Borrowed(_)));
    }

    #[test]
    fn separators() {
        for c in [
            ' ', '\t', '\u{3000}', '\u{A0}', '-', 'ー', '−', '‐', '\u{200B}',
        ] {
            assert!(is_separator(c), "{c:?}");
        }
        for c in ['A', '2', '=', '.', '_'] {
            assert!(!is_separator(c), "{c:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number::<u64>("１２３"), Some(123));
        assert_eq!(number::<u8>("-6"), None);
        assert_eq!(number::<u8>("300"), None);
        assert_eq!(number::<u32>(""), None);
    }
}
