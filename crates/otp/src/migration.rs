//! Google Authenticator "Transfer accounts" payloads:
//! `otpauth-migration://offline?data=<base64 protobuf>`.
//!
//! Google publishes no specification; the message layout here is the one
//! documented in `tests/fixtures/interop/google-authenticator/README.md`,
//! checked against real exports. Field 8 (a per-account id in newer exports)
//! and any other unknown field are skipped by prost.
//!
//! What the format cannot carry: periods other than 30 s, 7, 9 or 10 digits,
//! Steam accounts, notes, groups and icons. [`encode`] lists the accounts it
//! cannot express in [`Encoded::unsupported`] instead of dropping them.
//!
//! Decoding rules: unspecified enums mean SHA1 / 6 digits / TOTP; a literal
//! `+` in `data` is base64 (not a space), and a space is read back as the `+`
//! some scanner turned it into; the `name` is split like an otpauth label
//! (`Issuer:account`, the one label rule of `split_label`).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use prost::Message;
use zeroize::{Zeroize, Zeroizing};

use crate::account::{Account, AccountId, Algorithm, DEFAULT_PERIOD, Kind, split_label};
use crate::secret::{MAX_SECRET_BYTES, Secret};

/// At most this many accounts go into one QR code: what Google Authenticator
/// itself writes, and dense enough codes still scan from a screen.
pub const MAX_ACCOUNTS_PER_CODE: usize = 10;

/// Longest migration URI accepted; a QR code holds at most 4,296 characters.
pub const MAX_URI_LEN: usize = 16 * 1024;

#[derive(Clone, PartialEq, Message)]
struct Payload {
    #[prost(message, repeated, tag = "1")]
    otp_parameters: Vec<OtpParameters>,
    #[prost(int32, tag = "2")]
    version: i32,
    #[prost(int32, tag = "3")]
    batch_size: i32,
    #[prost(int32, tag = "4")]
    batch_index: i32,
    #[prost(int32, tag = "5")]
    batch_id: i32,
}

// Enums are read as plain integers so an unknown value (MD5 = 4, say)
// becomes a per-account error rather than a silent default.
#[derive(Clone, PartialEq, Message)]
struct OtpParameters {
    #[prost(bytes = "vec", tag = "1")]
    secret: Vec<u8>,
    #[prost(string, tag = "2")]
    name: String,
    #[prost(string, tag = "3")]
    issuer: String,
    #[prost(int32, tag = "4")]
    algorithm: i32,
    #[prost(int32, tag = "5")]
    digits: i32,
    #[prost(int32, tag = "6")]
    kind: i32,
    #[prost(int64, tag = "7")]
    counter: i64,
}

impl Drop for OtpParameters {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// One decoded QR code of a transfer export.
#[derive(Debug)]
pub struct Batch {
    /// Accounts in the order Google Authenticator lists them.
    pub accounts: Vec<Account>,
    /// Accounts that could not be read: position in the payload (from 0)
    /// and why.
    pub rejected: Vec<(usize, EntryError)>,
    /// Payload format version (1 in older exports, 2 in newer ones).
    pub version: i32,
    /// How many QR codes the whole export has (0 when not written).
    pub batch_size: i32,
    /// This code's position among them, from 0.
    pub batch_index: i32,
    /// A random number shared by the codes of one export (0 when absent).
    pub batch_id: i32,
}

/// Why a migration URI could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrationError {
    #[error("not an otpauth-migration:// URI")]
    WrongScheme,
    #[error("the migration URI is {0} bytes long, more than the 16 KiB accepted")]
    TooLong(usize),
    #[error("the migration URI has no data parameter")]
    MissingData,
    #[error("the migration data has broken percent-encoding")]
    BadPercentEncoding,
    #[error("the migration data is not valid base64")]
    BadBase64,
    #[error("the migration data is damaged or incomplete (not a valid transfer payload)")]
    BadPayload,
}

/// Why one account inside a migration payload was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EntryError {
    #[error("the account has no secret")]
    EmptySecret,
    #[error("the account's secret is longer than 1024 bytes")]
    SecretTooLong,
    #[error("unsupported algorithm number {0} (MD5 or unknown)")]
    Algorithm(i32),
    #[error("unknown digits value {0}")]
    Digits(i32),
    #[error("unknown account type {0}")]
    Kind(i32),
    #[error("negative HOTP counter {0}")]
    Counter(i64),
}

/// Decodes one `otpauth-migration://offline?data=…` URI.
pub fn decode(uri: &str) -> Result<Batch, MigrationError> {
    let uri = uri.trim();
    if uri.len() > MAX_URI_LEN {
        return Err(MigrationError::TooLong(uri.len()));
    }
    let rest = crate::uri::strip_prefix_ignore_case(uri, "otpauth-migration://")
        .ok_or(MigrationError::WrongScheme)?;
    let query = rest.split_once('?').map_or("", |(_, query)| query);
    let raw = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("data="))
        .filter(|data| !data.is_empty())
        .ok_or(MigrationError::MissingData)?;
    if raw
        .bytes()
        .enumerate()
        .any(|(i, b)| b == b'%' && !is_escape(&raw.as_bytes()[i..]))
    {
        return Err(MigrationError::BadPercentEncoding);
    }
    let text = Zeroizing::new(
        percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| MigrationError::BadPercentEncoding)?
            .replace(' ', "+"),
    );
    let bytes = Zeroizing::new(
        STANDARD
            .decode(text.as_bytes())
            .or_else(|_| STANDARD_NO_PAD.decode(text.trim_end_matches('=').as_bytes()))
            .map_err(|_| MigrationError::BadBase64)?,
    );
    let mut payload = Payload::decode(bytes.as_slice()).map_err(|_| MigrationError::BadPayload)?;

    let mut accounts = Vec::with_capacity(payload.otp_parameters.len());
    let mut rejected = Vec::new();
    for (index, params) in payload.otp_parameters.iter_mut().enumerate() {
        match to_account(params) {
            Ok(account) => accounts.push(account),
            Err(error) => rejected.push((index, error)),
        }
    }
    Ok(Batch {
        accounts,
        rejected,
        version: payload.version,
        batch_size: payload.batch_size,
        batch_index: payload.batch_index,
        batch_id: payload.batch_id,
    })
}

fn is_escape(bytes: &[u8]) -> bool {
    bytes.len() >= 3 && bytes[1].is_ascii_hexdigit() && bytes[2].is_ascii_hexdigit()
}

fn to_account(params: &mut OtpParameters) -> Result<Account, EntryError> {
    if params.secret.is_empty() {
        return Err(EntryError::EmptySecret);
    }
    if params.secret.len() > MAX_SECRET_BYTES {
        return Err(EntryError::SecretTooLong);
    }
    let algorithm = match params.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        other => return Err(EntryError::Algorithm(other)),
    };
    let digits = match params.digits {
        0 | 1 => 6,
        2 => 8,
        other => return Err(EntryError::Digits(other)),
    };
    let kind = match params.kind {
        0 | 2 => Kind::Totp,
        1 => Kind::Hotp,
        other => return Err(EntryError::Kind(other)),
    };
    let counter = match kind {
        Kind::Hotp => {
            u64::try_from(params.counter).map_err(|_| EntryError::Counter(params.counter))?
        }
        _ => 0,
    };
    let (issuer, name) = split_label(&params.name, Some(&params.issuer));
    Ok(Account {
        id: AccountId::UNASSIGNED,
        kind,
        issuer,
        name,
        secret: Secret::from_bytes(std::mem::take(&mut params.secret)),
        algorithm,
        digits,
        period: DEFAULT_PERIOD,
        counter,
        note: None,
        group: None,
        icon: None,
        created: 0,
    })
}

/// Why an account cannot travel in a migration payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unsupported {
    #[error("Google Authenticator has no Steam codes")]
    Steam,
    #[error("Google Authenticator only has 30-second codes, this account's period is {0} s")]
    Period(u32),
    #[error("Google Authenticator only has 6 or 8 digit codes, this account has {0}")]
    Digits(u8),
    #[error("the HOTP counter {0} is too large for the format")]
    Counter(u64),
}

/// The URIs of one transfer export, one per QR code, and what was left out.
#[derive(Debug)]
pub struct Encoded {
    /// `otpauth-migration://offline?data=…`, each wiped on drop.
    pub uris: Vec<Zeroizing<String>>,
    /// Accounts that could not be written: index into the input and why.
    pub unsupported: Vec<(usize, Unsupported)>,
}

/// Writes accounts as Google Authenticator transfer URIs, at most
/// `per_code` (clamped to 1..=[`MAX_ACCOUNTS_PER_CODE`]) accounts per URI.
/// `batch_id` ties the codes of one export together; the caller picks it at
/// random.
pub fn encode(accounts: &[Account], per_code: usize, batch_id: i32) -> Encoded {
    let per_code = per_code.clamp(1, MAX_ACCOUNTS_PER_CODE);
    let mut unsupported = Vec::new();
    let mut expressible = Vec::new();
    for (index, account) in accounts.iter().enumerate() {
        match to_params(account) {
            Ok(params) => expressible.push(params),
            Err(reason) => unsupported.push((index, reason)),
        }
    }
    let chunks: Vec<_> = expressible.chunks(per_code).collect();
    let batch_size = i32::try_from(chunks.len()).unwrap_or(i32::MAX);
    let uris = chunks
        .iter()
        .enumerate()
        .map(|(index, chunk)| {
            let payload = Payload {
                otp_parameters: chunk.to_vec(),
                version: 1,
                batch_size,
                batch_index: i32::try_from(index).unwrap_or(i32::MAX),
                batch_id,
            };
            let bytes = Zeroizing::new(payload.encode_to_vec());
            let data = Zeroizing::new(STANDARD.encode(bytes.as_slice()));
            // Percent-encoding at most triples the text; reserving that up
            // front means no unwiped buffer is left behind by growing.
            const PREFIX: &str = "otpauth-migration://offline?data=";
            let mut uri = Zeroizing::new(String::with_capacity(PREFIX.len() + 3 * data.len()));
            uri.push_str(PREFIX);
            uri.extend(utf8_percent_encode(&data, NON_ALPHANUMERIC));
            uri
        })
        .collect();
    Encoded { uris, unsupported }
}

fn to_params(account: &Account) -> Result<OtpParameters, Unsupported> {
    let kind = match account.kind {
        Kind::Steam => return Err(Unsupported::Steam),
        Kind::Totp if account.period != DEFAULT_PERIOD => {
            return Err(Unsupported::Period(account.period));
        }
        Kind::Totp => 2,
        Kind::Hotp => 1,
    };
    let digits = match account.digits {
        6 => 1,
        8 => 2,
        other => return Err(Unsupported::Digits(other)),
    };
    let counter = match account.kind {
        Kind::Hotp => {
            i64::try_from(account.counter).map_err(|_| Unsupported::Counter(account.counter))?
        }
        _ => 0,
    };
    // Readers split the name like an otpauth label (any `prefix:` is an
    // issuer), so a name with a colon gets the issuer written in front of
    // it, to be stripped exactly once.
    let cut = account.name.contains(':');
    let name = if cut {
        format!("{}:{}", account.issuer, account.name)
    } else {
        account.name.clone()
    };
    Ok(OtpParameters {
        secret: account.secret.expose().to_vec(),
        name,
        issuer: account.issuer.clone(),
        algorithm: match account.algorithm {
            Algorithm::Sha1 => 1,
            Algorithm::Sha256 => 2,
            Algorithm::Sha512 => 3,
        },
        digits,
        kind,
        counter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dim13_example_with_unspecified_enums() {
        let batch = decode(
            "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC",
        )
        .unwrap();
        assert!(batch.rejected.is_empty());
        let account = &batch.accounts[0];
        assert_eq!(account.issuer, "Example");
        assert_eq!(account.name, "alice@google.com");
        assert_eq!(account.secret.to_base32().as_str(), "JBSWY3DPEHPK3PXP");
        assert_eq!((account.algorithm, account.digits), (Algorithm::Sha1, 6));
        assert_eq!(account.code_at(1257894000).unwrap().value, "528064");
    }

    #[test]
    fn encode_then_decode_round_trips_and_reports_the_rest() {
        let mut accounts = Vec::new();
        for i in 0..23u8 {
            let mut a = Account::totp(
                format!("発行元{i}"),
                format!("user{i}@例え.jp"),
                Secret::from_bytes(vec![i + 1; 10]),
            );
            if i % 5 == 0 {
                a.kind = Kind::Hotp;
                a.counter = u64::from(i) * 1000;
            }
            accounts.push(a);
        }
        accounts[3].period = 60;
        accounts[4].kind = Kind::Steam;
        accounts[7].digits = 7;
        let encoded = encode(&accounts, 10, -12345);
        assert_eq!(
            encoded.unsupported,
            vec![
                (3, Unsupported::Period(60)),
                (4, Unsupported::Steam),
                (7, Unsupported::Digits(7))
            ]
        );
        assert_eq!(encoded.uris.len(), 2);
        let mut decoded = Vec::new();
        for (index, uri) in encoded.uris.iter().enumerate() {
            let batch = decode(uri).unwrap();
            assert_eq!((batch.batch_index, batch.batch_size), (index as i32, 2));
            assert_eq!(batch.batch_id, -12345);
            decoded.extend(batch.accounts);
        }
        let expected: Vec<_> = accounts
            .iter()
            .enumerate()
            .filter(|(i, _)| ![3, 4, 7].contains(i))
            .map(|(_, a)| a.clone())
            .collect();
        assert_eq!(decoded, expected);
    }

    #[test]
    fn raw_plus_and_spaces_in_data() {
        let encoded = encode(
            &[Account::totp("a", "b", Secret::from_bytes(vec![0xfb; 20]))],
            10,
            0,
        );
        let raw = percent_decode_str(&encoded.uris[0])
            .decode_utf8()
            .unwrap()
            .into_owned();
        assert!(raw.contains('+') || raw.contains('/'));
        assert_eq!(decode(&raw).unwrap().accounts.len(), 1);
        let spaced = raw.replace('+', " ");
        assert_eq!(decode(&spaced).unwrap().accounts.len(), 1);
    }

    #[test]
    fn bad_entries_are_reported_and_the_rest_kept() {
        let mut params =
            to_params(&Account::totp("a", "b", Secret::from_bytes(vec![1; 10]))).unwrap();
        let good = params.clone();
        params.algorithm = 4;
        let payload = Payload {
            otp_parameters: vec![params, good],
            ..Default::default()
        };
        let uri = format!(
            "otpauth-migration://offline?data={}",
            STANDARD.encode(payload.encode_to_vec())
        );
        let batch = decode(&uri).unwrap();
        assert_eq!(batch.accounts.len(), 1);
        assert_eq!(batch.rejected, vec![(0, EntryError::Algorithm(4))]);
    }
}
