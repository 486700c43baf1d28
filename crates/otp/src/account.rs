//! The account model: what Omamori knows about one two-step verification
//! account, whatever it came from (QR code, setup key, another app's file).

use std::fmt;
use std::str::FromStr;

use crate::code::{self, Code, CodeError, STEAM_DIGITS};
use crate::secret::Secret;

/// Which kind of code an account produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Time-based (RFC 6238), the kind nearly every service uses.
    Totp,
    /// Counter-based (RFC 4226): a new code each time the counter advances.
    Hotp,
    /// Steam Guard: time-based, five letters and digits.
    Steam,
}

impl Kind {
    /// The lower-case name used in otpauth URIs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Totp => "totp",
            Kind::Hotp => "hotp",
            Kind::Steam => "steam",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A code type name that is not totp, hotp or steam.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code type {0:?} (expected totp, hotp or steam)")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    /// `totp`, `hotp` or `steam` in any case, as otpauth URIs, JSON files
    /// and the Android apps (`TOTP`, `STEAM`) write them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Kind::Totp, Kind::Hotp, Kind::Steam]
            .into_iter()
            .find(|k| s.trim().eq_ignore_ascii_case(k.as_str()))
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// The HMAC hash function of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    /// The upper-case name otpauth URIs use (`SHA1`, `SHA256`, `SHA512`).
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    pub(crate) fn hmac(self) -> ring::hmac::Algorithm {
        match self {
            Algorithm::Sha1 => ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
            Algorithm::Sha256 => ring::hmac::HMAC_SHA256,
            Algorithm::Sha512 => ring::hmac::HMAC_SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An algorithm name that is not SHA1, SHA256 or SHA512.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported algorithm {0:?} (use SHA1, SHA256 or SHA512)")]
pub struct UnknownAlgorithm(pub String);

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;

    /// Accepts any case, with or without the hyphen (`sha1`, `SHA-256`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().replace('-', "").as_str() {
            "SHA1" => Ok(Algorithm::Sha1),
            "SHA256" => Ok(Algorithm::Sha256),
            "SHA512" => Ok(Algorithm::Sha512),
            _ => Err(UnknownAlgorithm(s.to_owned())),
        }
    }
}

/// A stable 128-bit identifier for a stored account, written as 32 hex
/// digits. Parsers leave it [`AccountId::UNASSIGNED`]; the vault assigns a
/// random one when it stores the account (this crate has no randomness).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct AccountId(pub [u8; 16]);

impl AccountId {
    /// The id of an account that has not been stored yet.
    pub const UNASSIGNED: AccountId = AccountId([0; 16]);
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountId({self})")
    }
}

/// Text that is not 32 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an account id is 32 hexadecimal digits")]
pub struct InvalidAccountId;

impl FromStr for AccountId {
    type Err = InvalidAccountId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 32 || !s.is_ascii() {
            return Err(InvalidAccountId);
        }
        let mut id = [0u8; 16];
        for (i, byte) in id.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| InvalidAccountId)?;
        }
        Ok(AccountId(id))
    }
}

/// One two-step verification account.
///
/// `issuer` is the service (発行元, e.g. "Pep Up") and `name` the account at
/// that service (e.g. an email address); both may be empty and may hold any
/// Unicode text. `period` is used by TOTP and Steam, `counter` by HOTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub kind: Kind,
    pub issuer: String,
    pub name: String,
    pub secret: Secret,
    pub algorithm: Algorithm,
    pub digits: u8,
    pub period: u32,
    pub counter: u64,
    /// Free text the user wrote about the account.
    pub note: Option<String>,
    /// A group (folder) name, for people with many accounts.
    pub group: Option<String>,
    /// A hint for which bundled icon to show (e.g. an issuer slug); never a URL.
    pub icon: Option<String>,
    /// When the account was added, in Unix seconds (0 until stored).
    pub created: u64,
}

/// Default period of time-based codes, in seconds.
pub const DEFAULT_PERIOD: u32 = 30;
/// The periods accepted from outside, in seconds: up to a day. Real issuers
/// use 30 or 60; a longer period only comes from a damaged file and would
/// show one code "forever".
pub const PERIODS: std::ops::RangeInclusive<u32> = 1..=86_400;

/// What [`label`] shows for an account with neither issuer nor name. A UI
/// that localises may compare with this and put its own word.
pub const UNNAMED: &str = "(unnamed)";

/// The one way an account is named for people in lists and reports:
/// "issuer (name)", "issuer", "name" or [`UNNAMED`]. Never shows a secret.
pub fn label(issuer: &str, name: &str) -> String {
    match (issuer.trim().is_empty(), name.trim().is_empty()) {
        (false, false) => format!("{issuer} ({name})"),
        (false, true) => issuer.to_owned(),
        (true, false) => name.to_owned(),
        (true, true) => UNNAMED.to_owned(),
    }
}

/// Splits an otpauth label (`Issuer:account`) or a Google Authenticator
/// name into issuer and account name, given the issuer the URI or payload
/// names separately, if any. The one label rule, for every door:
///
/// - with an issuer given, it wins; a label that starts with exactly that
///   issuer and a colon loses that prefix (so issuers containing `:`
///   survive), any other `prefix:` is an old issuer and is dropped;
/// - without one, the text before the first colon is the issuer;
/// - spaces that follow the colon are dropped, as the Key URI Format allows.
pub(crate) fn split_label(label: &str, issuer: Option<&str>) -> (String, String) {
    let trim = |s: &str| s.trim_start_matches(' ').to_owned();
    if let Some(issuer) = issuer.filter(|i| !i.is_empty()) {
        if let Some(rest) = label
            .strip_prefix(issuer)
            .and_then(|rest| rest.strip_prefix(':'))
        {
            return (issuer.to_owned(), trim(rest));
        }
        let name = label.split_once(':').map_or(label, |(_, name)| name);
        return (issuer.to_owned(), trim(name));
    }
    match label.split_once(':') {
        Some((issuer, name)) => (issuer.to_owned(), trim(name)),
        None => (String::new(), label.to_owned()),
    }
}
/// Default number of digits of HOTP/TOTP codes.
pub const DEFAULT_DIGITS: u8 = 6;

impl Account {
    /// A TOTP account with the usual parameters (SHA1, 6 digits, 30 s).
    pub fn totp(issuer: impl Into<String>, name: impl Into<String>, secret: Secret) -> Self {
        Account {
            id: AccountId::UNASSIGNED,
            kind: Kind::Totp,
            issuer: issuer.into(),
            name: name.into(),
            secret,
            algorithm: Algorithm::Sha1,
            digits: DEFAULT_DIGITS,
            period: DEFAULT_PERIOD,
            counter: 0,
            note: None,
            group: None,
            icon: None,
            created: 0,
        }
    }

    /// Checks the parameters, so an account that passes always has codes.
    pub fn validate(&self) -> Result<(), CodeError> {
        if self.secret.is_empty() {
            return Err(CodeError::EmptyKey);
        }
        match self.kind {
            Kind::Steam => {}
            Kind::Totp | Kind::Hotp if !code::DIGITS.contains(&self.digits) => {
                return Err(CodeError::Digits(self.digits));
            }
            Kind::Totp | Kind::Hotp => {}
        }
        if self.kind != Kind::Hotp && self.period == 0 {
            return Err(CodeError::ZeroPeriod);
        }
        Ok(())
    }

    /// The code to show at `now` (Unix seconds). For HOTP it is the code for
    /// the stored counter, which `now` does not change.
    pub fn code_at(&self, now: u64) -> Result<Code, CodeError> {
        self.code_for_step(now, 0)
    }

    /// The code that follows the current one: the next time step's code, or
    /// for HOTP the code of `counter + 1`.
    pub fn next_code_at(&self, now: u64) -> Result<Code, CodeError> {
        self.code_for_step(now, 1)
    }

    fn code_for_step(&self, now: u64, ahead: u64) -> Result<Code, CodeError> {
        let key = self.secret.expose();
        match self.kind {
            Kind::Hotp => Ok(Code {
                value: code::hotp(
                    self.algorithm,
                    key,
                    self.counter.wrapping_add(ahead),
                    self.digits,
                )?,
                window: None,
            }),
            Kind::Totp => {
                let at = now.saturating_add(ahead * u64::from(self.period));
                code::totp(self.algorithm, key, self.digits, self.period, at)
            }
            Kind::Steam => {
                let at = now.saturating_add(ahead * u64::from(self.period));
                code::steam(key, self.period, at)
            }
        }
    }

    /// Whether `other` is the same account: same key, issuer and name. Used
    /// to skip duplicates on add and import.
    pub fn same_account(&self, other: &Account) -> bool {
        self.secret == other.secret && self.issuer == other.issuer && self.name == other.name
    }

    /// The account's name for people: see [`label`].
    pub fn label(&self) -> String {
        label(&self.issuer, &self.name)
    }

    /// The number of characters a code of this account has.
    pub fn code_length(&self) -> u8 {
        match self.kind {
            Kind::Steam => STEAM_DIGITS,
            Kind::Totp | Kind::Hotp => self.digits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_id_round_trips_as_hex() {
        let id = AccountId([0xab; 16]);
        assert_eq!(id.to_string(), "ab".repeat(16));
        assert_eq!(id.to_string().parse::<AccountId>().unwrap(), id);
        assert!("xyz".parse::<AccountId>().is_err());
        assert!("ｘ".repeat(16).parse::<AccountId>().is_err());
    }

    #[test]
    fn algorithm_names_are_case_insensitive() {
        assert_eq!("sha256".parse::<Algorithm>().unwrap(), Algorithm::Sha256);
        assert_eq!("SHA-512".parse::<Algorithm>().unwrap(), Algorithm::Sha512);
        assert!("MD5".parse::<Algorithm>().is_err());
    }

    #[test]
    fn next_code_is_the_following_step() {
        let secret = Secret::from_bytes(b"12345678901234567890".to_vec());
        let account = Account::totp("例", "太郎", secret);
        let next = account.next_code_at(59).unwrap();
        assert_eq!(next, account.code_at(89).unwrap());
        assert_eq!(next.window.unwrap().valid_from, 60);
    }

    #[test]
    fn hotp_next_code_uses_the_next_counter() {
        let mut account =
            Account::totp("", "", Secret::from_bytes(b"12345678901234567890".to_vec()));
        account.kind = Kind::Hotp;
        account.counter = 3;
        assert_eq!(account.code_at(0).unwrap().value, "969429");
        assert_eq!(account.next_code_at(0).unwrap().value, "338314");
    }
}
