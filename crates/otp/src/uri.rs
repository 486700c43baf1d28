//! `otpauth://` Key URIs, the text inside the QR code a service shows.
//!
//! Follows Google's Key URI Format
//! (<https://github.com/google/google-authenticator/wiki/Key-Uri-Format>):
//! `otpauth://TYPE/LABEL?PARAMETERS` with TYPE `totp` or `hotp` (and
//! `steam`, as Aegis and Ente write it), LABEL `Issuer:Account` (a literal
//! `:` or `%3A`, optional spaces before the account), and the parameters
//! `secret` (required), `issuer`, `algorithm`, `digits`, `period`, `counter`
//! (required for HOTP) and `encoder=steam` (KeePassXC's Steam marker).
//!
//! Rules where producers disagree, chosen to keep what the person sees
//! (the full table, with the apps behind each leniency, is
//! `docs/otpauth-rules.md`; every rule is a row of `tests/rules.rs`):
//!
//! - **Labels** follow the one label rule of [`crate::account`]: the
//!   `issuer` parameter wins over the label prefix, exactly its own prefix
//!   is removed, leading spaces of the account part are dropped.
//! - **`+`** in a query value is a space (form encoding, as Android's URI
//!   parser and Python's `urlencode` treat it); in the label it is a `+`.
//! - **`#`** is never a fragment separator: it is part of the label or value
//!   it appears in (`otpauth://totp/C#?secret=…` is the issuer-less account
//!   `C#`), because a fragment would silently cut off the secret.
//! - Scheme, type and parameter names are case-insensitive; the first of
//!   repeated parameters wins; unknown parameters, empty values and the
//!   literal value `null` (Ente Auth writes `digits=null`) are ignored.
//! - The secret is read like a setup key (any case, padding, spaces,
//!   full-width forms) but of any non-empty length; `digits` (6–10),
//!   `period` (1–86400) and `counter` may be written in full-width digits.
//! - A missing HOTP `counter` means 0.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use zeroize::Zeroizing;

use crate::account::{
    Account, AccountId, Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, Kind, PERIODS, split_label,
};
use crate::code::{DIGITS, STEAM_DIGITS};
use crate::input::number;
use crate::secret::{Secret, SetupKeyError};

/// Longest URI accepted. A QR code holds at most 4,296 characters, so this
/// only refuses hostile text (a multi-megabyte line on stdin).
pub const MAX_URI_LEN: usize = 16 * 1024;

/// What is wrong with an otpauth URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UriError {
    #[error("the text is empty")]
    Empty,
    #[error("the URI is {0} bytes long, more than the 16 KiB accepted")]
    TooLong(usize),
    #[error("not an otpauth:// URI")]
    WrongScheme,
    #[error(
        "this is a Google Authenticator transfer URI (otpauth-migration://); read it as a migration batch"
    )]
    MigrationUri,
    #[error("unknown code type {0:?} (expected totp, hotp or steam)")]
    UnknownType(String),
    #[error(
        "the {0} has broken percent-encoding (a '%' must be followed by two hex digits and the result must be UTF-8)"
    )]
    BadPercentEncoding(&'static str),
    #[error("the secret parameter is missing")]
    MissingSecret,
    #[error("the secret is not a valid key: {0}")]
    Secret(#[from] SetupKeyError),
    #[error("{0}")]
    Algorithm(#[from] crate::account::UnknownAlgorithm),
    #[error("digits must be a number from 6 to 10, not {0:?}")]
    Digits(String),
    #[error("period must be a whole number of seconds from 1 to 86400, not {0:?}")]
    Period(String),
    #[error("counter must be a whole number from 0 to 18446744073709551615, not {0:?}")]
    Counter(String),
}

/// Parses an otpauth URI by the rules in the module documentation (and
/// `docs/otpauth-rules.md`). The key may have any non-empty length: a QR
/// code is a machine copy, so a short key is the issuer's, not a typo.
/// Most callers want [`crate::payload::accounts`], which also reads
/// `otpauth-migration://` batches.
pub fn parse(text: &str) -> Result<Account, UriError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(UriError::Empty);
    }
    if text.len() > MAX_URI_LEN {
        return Err(UriError::TooLong(text.len()));
    }
    let rest = strip_prefix_ignore_case(text, "otpauth://").ok_or_else(|| {
        if strip_prefix_ignore_case(text, "otpauth-migration://").is_some() {
            UriError::MigrationUri
        } else {
            UriError::WrongScheme
        }
    })?;
    let (type_and_label, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (type_name, raw_label) = type_and_label
        .split_once('/')
        .unwrap_or((type_and_label, ""));
    let mut kind: Kind = type_name
        .parse()
        .map_err(|_| UriError::UnknownType(type_name.to_owned()))?;
    let label = percent_decode(raw_label, false).ok_or(UriError::BadPercentEncoding("label"))?;

    let mut params = Params::default();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        params.take(key, raw_value)?;
    }

    let secret_text = params.secret.ok_or(UriError::MissingSecret)?;
    let secret = Secret::from_base32(&secret_text)?;

    if params
        .encoder
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("steam"))
    {
        kind = Kind::Steam;
    }
    let algorithm = match &params.algorithm {
        Some(name) => name.parse()?,
        None => Algorithm::Sha1,
    };
    let digits = match (&params.digits, kind) {
        (_, Kind::Steam) => STEAM_DIGITS,
        (None, _) => DEFAULT_DIGITS,
        (Some(text), _) => number::<u8>(text)
            .filter(|d| DIGITS.contains(d))
            .ok_or_else(|| UriError::Digits(text.clone()))?,
    };
    let period = match &params.period {
        None => DEFAULT_PERIOD,
        Some(text) => number::<u32>(text)
            .filter(|p| PERIODS.contains(p))
            .ok_or_else(|| UriError::Period(text.clone()))?,
    };
    // Required by the Key URI Format, but left out by some generators
    // (docs/otpauth-rules.md names them): a fresh HOTP key starts at 0.
    let counter = match &params.counter {
        None => 0,
        Some(text) => number::<u64>(text).ok_or_else(|| UriError::Counter(text.clone()))?,
    };

    let (issuer, name) = split_label(&label, params.issuer.as_deref());
    Ok(Account {
        id: AccountId::UNASSIGNED,
        kind,
        issuer,
        name,
        secret,
        algorithm: if kind == Kind::Steam {
            Algorithm::Sha1
        } else {
            algorithm
        },
        digits,
        period,
        counter: if kind == Kind::Hotp { counter } else { 0 },
        note: None,
        group: None,
        icon: None,
        created: 0,
    })
}

#[derive(Default)]
struct Params {
    secret: Option<Zeroizing<String>>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
    encoder: Option<String>,
}

impl Params {
    fn take(&mut self, key: &str, raw_value: &str) -> Result<(), UriError> {
        let key = key.to_ascii_lowercase();
        if key == "secret" {
            if self.secret.is_none() {
                let value = Zeroizing::new(
                    percent_decode(raw_value, true)
                        .ok_or(UriError::BadPercentEncoding("secret"))?,
                );
                if !value.trim().is_empty() && !value.eq_ignore_ascii_case("null") {
                    self.secret = Some(value);
                }
            }
            return Ok(());
        }
        let (slot, what) = match key.as_str() {
            "issuer" => (&mut self.issuer, "issuer"),
            "algorithm" => (&mut self.algorithm, "algorithm"),
            "digits" => (&mut self.digits, "digits"),
            "period" => (&mut self.period, "period"),
            "counter" => (&mut self.counter, "counter"),
            "encoder" => (&mut self.encoder, "encoder"),
            _ => return Ok(()),
        };
        if slot.is_none() {
            let value =
                percent_decode(raw_value, true).ok_or(UriError::BadPercentEncoding(what))?;
            if !value.is_empty() && !value.eq_ignore_ascii_case("null") {
                *slot = Some(value);
            }
        }
        Ok(())
    }
}

/// Bytes left unescaped in labels and values: RFC 3986 unreserved plus `@`,
/// which is common in account names and legal in both places.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Writes an account as an otpauth URI that [`parse`] (and other apps) read
/// back as the same account. Steam accounts use `otpauth://steam/`, as Aegis
/// and Ente do, so an app that does not know Steam refuses the URI instead of
/// showing wrong codes. The result holds the secret and is wiped on drop.
pub fn format(account: &Account) -> Zeroizing<String> {
    let issuer = utf8_percent_encode(&account.issuer, KEEP).to_string();
    let name = utf8_percent_encode(&account.name, KEEP).to_string();
    let key = account.secret.to_base32();
    // Room for everything up front: a `String` that grows frees its old
    // buffer, setup key included, without wiping it (issue 11). 96 covers
    // the scheme, the parameter names and their numbers.
    let capacity = 96 + 2 * issuer.len() + name.len() + key.len();
    let mut uri = Zeroizing::new(String::with_capacity(capacity));
    uri.push_str("otpauth://");
    uri.push_str(account.kind.as_str());
    uri.push('/');
    // An issuer-less account whose name has a colon (or leading spaces) gets
    // an empty prefix, so the name's own colon is not read as the separator.
    if !account.issuer.is_empty() || account.name.contains(':') || account.name.starts_with(' ') {
        uri.push_str(&issuer);
        uri.push_str("%3A");
    }
    uri.push_str(&name);
    uri.push_str("?secret=");
    uri.push_str(&key);
    if !account.issuer.is_empty() {
        uri.push_str("&issuer=");
        uri.push_str(&issuer);
    }
    if account.kind != Kind::Steam {
        uri.push_str("&algorithm=");
        uri.push_str(account.algorithm.as_str());
        uri.push_str(&format!("&digits={}", account.digits));
    }
    if account.kind == Kind::Hotp {
        uri.push_str(&format!("&counter={}", account.counter));
    } else {
        uri.push_str(&format!("&period={}", account.period));
    }
    debug_assert!(uri.len() <= capacity, "the URI outgrew its buffer");
    uri
}

pub(crate) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Percent-decodes strictly: a `%` not followed by two hex digits, or bytes
/// that are not UTF-8, give `None`. In query values `+` means a space.
fn percent_decode(raw: &str, plus_is_space: bool) -> Option<String> {
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return None;
        }
    }
    let decoded = if plus_is_space && raw.contains('+') {
        percent_decode_str(&raw.replace('+', " "))
            .decode_utf8()
            .ok()?
            .into_owned()
    } else {
        percent_decode_str(raw).decode_utf8().ok()?.into_owned()
    };
    Some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "JBSWY3DPEHPK3PXP";

    fn parsed(uri: &str) -> Account {
        parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"))
    }

    #[test]
    fn japanese_labels_round_trip() {
        let a = parsed(&format!(
            "otpauth://totp/%E5%81%A5%E4%BF%9D%3A%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E?secret={KEY}"
        ));
        assert_eq!((a.issuer.as_str(), a.name.as_str()), ("健保", "山田 太郎"));
        assert_eq!(parsed(&format(&a)), a);
    }

    #[test]
    fn formats_what_parse_reads_back() {
        let a = parsed(&format!("otpauth://steam/Steam:bob?secret={KEY}"));
        assert!(format(&a).starts_with("otpauth://steam/Steam%3Abob?"));
        let a = parsed(&format!("otpauth://hotp/x?secret={KEY}&counter=42"));
        assert!(format(&a).contains("&counter=42"));
        let mut a = parsed(&format!("otpauth://totp/x?secret={KEY}"));
        a.name = "team:alice".into();
        assert_eq!(parsed(&format(&a)), a);
    }
}
