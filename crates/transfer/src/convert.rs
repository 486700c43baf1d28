//! The conversion rules every importer shares: turning a foreign entry's
//! loose fields (strings, numbers, absent values) into a checked
//! [`Account`], and the label shown in import reports.

use omamori_otp::{Account, AccountId, Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, Kind, Secret};
use zeroize::Zeroizing;

use crate::EntryError;

pub(crate) use omamori_otp::code::STEAM_DIGITS;
pub(crate) use omamori_otp::label;

/// An entry's fields as the foreign file gave them, before checking.
#[derive(Debug)]
pub(crate) struct Draft {
    pub kind: Kind,
    pub issuer: String,
    pub name: String,
    pub secret: Secret,
    pub algorithm: Algorithm,
    pub digits: Option<i64>,
    pub period: Option<i64>,
    pub counter: Option<u64>,
    pub note: Option<String>,
    pub group: Option<String>,
}

impl Draft {
    /// A TOTP draft with every optional field unset (defaults apply).
    pub fn new(kind: Kind, issuer: &str, name: &str, secret: Secret) -> Self {
        Draft {
            kind,
            issuer: issuer.trim_end_matches('\0').to_owned(),
            name: name.trim_end_matches('\0').to_owned(),
            secret,
            algorithm: Algorithm::Sha1,
            digits: None,
            period: None,
            counter: None,
            note: None,
            group: None,
        }
    }

    /// Checks the fields and builds the account; absent fields take the
    /// otpauth defaults (6 digits, 30 s, counter 0; Steam: 5 characters).
    pub fn finish(self) -> Result<Account, EntryError> {
        let digits = match (self.kind, self.digits) {
            // Steam codes are always five characters whatever a file says.
            (Kind::Steam, _) => STEAM_DIGITS,
            (_, None) => DEFAULT_DIGITS,
            (_, Some(d)) => u8::try_from(d)
                .ok()
                .filter(|d| omamori_otp::code::DIGITS.contains(d))
                .ok_or(EntryError::Digits(d))?,
        };
        let period = match (self.kind, self.period) {
            // HOTP has no period; some apps write one anyway (Ente, 2FAS).
            (Kind::Hotp, _) | (_, None) => DEFAULT_PERIOD,
            (_, Some(p)) => u32::try_from(p)
                .ok()
                .filter(|p| omamori_otp::PERIODS.contains(p))
                .ok_or(EntryError::Period(p))?,
        };
        let counter = if self.kind == Kind::Hotp {
            self.counter.unwrap_or(0)
        } else {
            0
        };
        let account = Account {
            id: AccountId::UNASSIGNED,
            kind: self.kind,
            issuer: self.issuer,
            name: self.name,
            secret: self.secret,
            algorithm: if self.kind == Kind::Steam {
                Algorithm::Sha1
            } else {
                self.algorithm
            },
            digits,
            period,
            counter,
            note: self.note.filter(|n| !n.is_empty()),
            group: self.group.filter(|g| !g.is_empty()),
            icon: None,
            created: 0,
        };
        account
            .validate()
            .map_err(|e| EntryError::Invalid(e.to_string()))?;
        Ok(account)
    }
}

/// A secret written as base32 text (any case, padding optional).
pub(crate) fn secret_base32(text: &str) -> Result<Secret, EntryError> {
    if text.trim().is_empty() {
        return Err(EntryError::MissingSecret);
    }
    Ok(Secret::from_base32(text)?)
}

/// A secret written as hex text.
pub(crate) fn secret_hex(text: &str) -> Result<Secret, EntryError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EntryError::MissingSecret);
    }
    if !text.len().is_multiple_of(2) || text.len() > 2 * omamori_otp::MAX_SECRET_BYTES {
        return Err(EntryError::Invalid(
            "the hex secret has an odd or excessive length".into(),
        ));
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(text.len() / 2));
    for pair in text.as_bytes().chunks(2) {
        let hex = std::str::from_utf8(pair).ok();
        let byte = hex
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .ok_or_else(|| EntryError::Invalid("the secret is not hexadecimal".into()))?;
        bytes.push(byte);
    }
    secret_bytes(bytes.to_vec())
}

/// A secret given as raw bytes.
pub(crate) fn secret_bytes(bytes: Vec<u8>) -> Result<Secret, EntryError> {
    if bytes.is_empty() {
        return Err(EntryError::MissingSecret);
    }
    if bytes.len() > omamori_otp::MAX_SECRET_BYTES {
        let len = bytes.len();
        drop(Secret::from_bytes(bytes));
        return Err(EntryError::Invalid(format!(
            "the secret is {len} bytes long"
        )));
    }
    Ok(Secret::from_bytes(bytes))
}

/// A type name as the Android apps write it ("TOTP", "hotp", "STEAM"; a
/// missing one means TOTP), accepted only among the `kinds` the format holds.
pub(crate) fn kind(name: Option<&str>, kinds: &[Kind]) -> Result<Kind, EntryError> {
    let name = name.unwrap_or("TOTP");
    name.parse::<Kind>()
        .ok()
        .filter(|k| kinds.contains(k))
        .ok_or_else(|| EntryError::UnsupportedKind(name.to_ascii_uppercase()))
}

/// An algorithm name; `None`, empty and the literal `null` mean SHA1.
pub(crate) fn algorithm(name: Option<&str>) -> Result<Algorithm, EntryError> {
    match name.map(str::trim) {
        None | Some("") => Ok(Algorithm::Sha1),
        Some(n) if n.eq_ignore_ascii_case("null") => Ok(Algorithm::Sha1),
        Some(n) => n
            .parse()
            .map_err(|_| EntryError::UnsupportedAlgorithm(n.to_owned())),
    }
}

/// A JSON value read as an integer, whether the file wrote a number or a
/// numeric string (both happen).
pub(crate) fn json_int(value: Option<&serde_json::Value>) -> Option<Result<i64, ()>> {
    use serde_json::Value;
    match value? {
        Value::Null => None,
        Value::Number(n) => Some(n.as_i64().ok_or(())),
        Value::String(s) if s.trim().is_empty() || s == "null" => None,
        Value::String(s) => Some(s.trim().parse().map_err(|_| ())),
        _ => Some(Err(())),
    }
}

/// Reads `digits`/`period` style integers, mapping junk to the given error.
pub(crate) fn int_field(
    value: Option<&serde_json::Value>,
    error: impl Fn(i64) -> EntryError,
) -> Result<Option<i64>, EntryError> {
    match json_int(value) {
        None => Ok(None),
        Some(Ok(n)) => Ok(Some(n)),
        Some(Err(())) => Err(error(-1)),
    }
}

/// Reads a counter (non-negative, up to `u64::MAX`).
pub(crate) fn counter_field(value: Option<&serde_json::Value>) -> Result<Option<u64>, EntryError> {
    use serde_json::Value;
    let bad = || EntryError::Counter(value.map(|v| v.to_string()).unwrap_or_default());
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(bad),
        Some(Value::String(s)) if s.trim().is_empty() || s == "null" => Ok(None),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

/// Detection for a plain JSON export: a strong match when the file is
/// JSON and `looks_like` recognises its shape.
pub(crate) fn detect_json(
    format: crate::Format,
    bytes: &[u8],
    looks_like: impl Fn(&serde_json::Value) -> bool,
) -> Option<crate::Detected> {
    let value = parse_json(format, bytes).ok()?;
    looks_like(&value).then_some(crate::Detected {
        format,
        confidence: crate::Confidence::Strong,
        encrypted: false,
    })
}

/// Parses JSON with a nesting limit already enforced by serde_json (128).
pub(crate) fn parse_json(
    format: crate::Format,
    bytes: &[u8],
) -> Result<serde_json::Value, crate::ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes)
        .map_err(|e| crate::ImportError::malformed(format, format!("not JSON ({e})")))
}

/// Decodes standard base64 (with or without padding, whitespace ignored).
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let cleaned: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(cleaned.as_bytes()).ok()
}

/// Decodes hex text.
pub(crate) fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}
