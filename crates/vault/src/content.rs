//! The decrypted content (docs/vault-format.md, "Content"): the account
//! list as JSON. Secrets are written only through
//! `omamori_otp::serde_exposed`, into a buffer that wipes itself.

use omamori_otp::{Account, AccountId, Algorithm, Kind, Secret};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::Error;
use crate::crypto::ZeroizingWriter;

/// The content version this build reads and writes.
pub const CONTENT_VERSION: u64 = 1;

#[derive(Deserialize)]
struct Probe {
    version: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Content {
    version: u64,
    accounts: Vec<Record>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    kind: String,
    issuer: String,
    name: String,
    #[serde(with = "omamori_otp::serde_exposed")]
    secret: Secret,
    algorithm: String,
    digits: u8,
    period: u32,
    counter: u64,
    note: Option<String>,
    group: Option<String>,
    icon: Option<String>,
    created: u64,
}

impl From<&Account> for Record {
    fn from(a: &Account) -> Self {
        Record {
            id: a.id.to_string(),
            kind: a.kind.as_str().to_owned(),
            issuer: a.issuer.clone(),
            name: a.name.clone(),
            secret: a.secret.clone(),
            algorithm: a.algorithm.as_str().to_owned(),
            digits: a.digits,
            period: a.period,
            counter: a.counter,
            note: a.note.clone(),
            group: a.group.clone(),
            icon: a.icon.clone(),
            created: a.created,
        }
    }
}

fn damaged(what: String) -> Error {
    Error::DamagedContent(what)
}

impl TryFrom<Record> for Account {
    type Error = Error;

    fn try_from(r: Record) -> Result<Self, Error> {
        let id: AccountId = r
            .id
            .parse()
            .map_err(|_| damaged(format!("account id {:?} is not 32 hex digits", r.id)))?;
        let kind = match r.kind.as_str() {
            "totp" => Kind::Totp,
            "hotp" => Kind::Hotp,
            "steam" => Kind::Steam,
            other => return Err(damaged(format!("unknown account kind {other:?}"))),
        };
        let algorithm: Algorithm = r
            .algorithm
            .parse()
            .map_err(|e| damaged(format!("{e}")))?;
        let account = Account {
            id,
            kind,
            issuer: r.issuer,
            name: r.name,
            secret: r.secret,
            algorithm,
            digits: r.digits,
            period: r.period,
            counter: r.counter,
            note: r.note,
            group: r.group,
            icon: r.icon,
            created: r.created,
        };
        account
            .validate()
            .map_err(|e| damaged(format!("account {id}: {e}")))?;
        Ok(account)
    }
}

/// Serializes accounts to content JSON in a self-wiping buffer.
pub fn encode(accounts: &[Account]) -> Zeroizing<Vec<u8>> {
    let content = Content {
        version: CONTENT_VERSION,
        accounts: accounts.iter().map(Record::from).collect(),
    };
    // ~200 bytes per account typically; the writer wipes what it outgrows.
    let mut out = ZeroizingWriter::with_capacity(64 + 256 * accounts.len());
    // Invariant: records hold only strings and integers, which always
    // serialize, and the writer never fails.
    serde_json::to_writer(&mut out, &content).expect("vault content always serializes");
    out.into_inner()
}

/// Parses decrypted content: version first, then exact shape, then each
/// account's validity. Duplicate ids are refused, so ids stay unique.
pub fn decode(plain: &[u8]) -> Result<Vec<Account>, Error> {
    let probe: Probe = serde_json::from_slice(plain)
        .map_err(|e| damaged(format!("no content version ({e})")))?;
    if probe.version != CONTENT_VERSION {
        return Err(Error::UnsupportedVersion {
            part: "content",
            found: probe.version,
            supported: CONTENT_VERSION,
        });
    }
    let content: Content =
        serde_json::from_slice(plain).map_err(|e| damaged(format!("{e}")))?;
    let mut accounts = Vec::with_capacity(content.accounts.len());
    let mut ids = std::collections::HashSet::new();
    for record in content.accounts {
        let account = Account::try_from(record)?;
        if !ids.insert(account.id) {
            return Err(damaged(format!("account id {} appears twice", account.id)));
        }
        accounts.push(account);
    }
    Ok(accounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_round_trip_including_japanese_text() {
        let mut a = Account::totp(
            "健康保険組合",
            "山田太郎@example.jp",
            Secret::from_bytes(b"fake-test-secret-0001".to_vec()),
        );
        a.id = AccountId([7; 16]);
        a.note = Some("メモ \"quoted\"".into());
        a.created = 1_700_000_000;
        let mut h = a.clone();
        h.id = AccountId([8; 16]);
        h.kind = Kind::Hotp;
        h.counter = 42;
        h.algorithm = Algorithm::Sha512;
        h.digits = 8;
        let back = decode(&encode(&[a.clone(), h.clone()])).unwrap();
        assert_eq!(back, vec![a, h]);
    }

    #[test]
    fn newer_or_invalid_content_is_refused() {
        assert!(matches!(
            decode(br#"{"version":2,"accounts":[],"new":1}"#),
            Err(Error::UnsupportedVersion { part: "content", found: 2, .. })
        ));
        assert!(matches!(decode(b"[]"), Err(Error::DamagedContent(_))));
        let bad_digits = br#"{"version":1,"accounts":[{"id":"07070707070707070707070707070707","kind":"totp","issuer":"","name":"","secret":"GEZDGNBV","algorithm":"SHA1","digits":3,"period":30,"counter":0,"note":null,"group":null,"icon":null,"created":0}]}"#;
        assert!(matches!(decode(bad_digits), Err(Error::DamagedContent(_))));
    }
}
