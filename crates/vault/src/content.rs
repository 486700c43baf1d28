//! The decrypted content (docs/vault-format.md, "Content"): the account
//! list, the trash of deleted accounts and its retention, as JSON. Secrets
//! are written only through `omamori_otp::serde_exposed`, into a buffer that
//! wipes itself.
//!
//! The same bounds apply on both sides: [`decode`] refuses content whose
//! fields or account count exceed the limits in this module, and the vault
//! checks the same limits ([`check`]) before it saves, so it never writes
//! content it would refuse to read. The module is public for the importers
//! (which cap foreign fields to these limits) and for the fuzz target: a
//! backup file's content is chosen by whoever made the file.

use omamori_otp::{Account, AccountId, Algorithm, Kind, Secret};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::Error;
use crate::crypto::ZeroizingWriter;

/// The content version this build writes. Version 1 (accounts only) is
/// still read; it has an empty trash and the default retention.
pub const CONTENT_VERSION: u64 = 2;

/// How long a deleted account stays in the trash unless changed.
pub const DEFAULT_TRASH_DAYS: u32 = 30;
/// The longest trash retention accepted (ten years).
pub const MAX_TRASH_DAYS: u32 = 3650;

/// The most accounts a vault holds, counting those in the trash. Far above
/// any real collection; the same bound the importers put on one file.
pub const MAX_ACCOUNTS: usize = 100_000;

/// A text field of an account, with the longest value (in UTF-8 bytes) the
/// vault reads and writes. A real issuer or account name is tens of bytes;
/// these bounds leave room for anything a person types while keeping a
/// hostile import from storing megabytes in one label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Issuer,
    Name,
    Note,
    Group,
    Icon,
}

impl Field {
    /// Every field, in the order they are checked.
    pub const ALL: [Field; 5] = [
        Field::Issuer,
        Field::Name,
        Field::Note,
        Field::Group,
        Field::Icon,
    ];

    /// The longest value accepted, in UTF-8 bytes.
    pub const fn max_bytes(self) -> usize {
        match self {
            Field::Issuer | Field::Name => 1024,
            Field::Note => 8192,
            Field::Group | Field::Icon => 256,
        }
    }

    /// The field's name as the content JSON spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Issuer => "issuer",
            Field::Name => "name",
            Field::Note => "note",
            Field::Group => "group",
            Field::Icon => "icon",
        }
    }

    /// The field's value in `account` (`None` when unset).
    pub fn of(self, account: &Account) -> Option<&str> {
        match self {
            Field::Issuer => Some(&account.issuer),
            Field::Name => Some(&account.name),
            Field::Note => account.note.as_deref(),
            Field::Group => account.group.as_deref(),
            Field::Icon => account.icon.as_deref(),
        }
    }

    fn of_mut(self, account: &mut Account) -> Option<&mut String> {
        match self {
            Field::Issuer => Some(&mut account.issuer),
            Field::Name => Some(&mut account.name),
            Field::Note => account.note.as_mut(),
            Field::Group => account.group.as_mut(),
            Field::Icon => account.icon.as_mut(),
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first field of `account` longer than its limit, with its length.
pub fn oversized_field(account: &Account) -> Option<(Field, usize)> {
    Field::ALL.into_iter().find_map(|field| {
        let len = field.of(account)?.len();
        (len > field.max_bytes()).then_some((field, len))
    })
}

/// Shortens every field of `account` that is over its limit (at a
/// character boundary) and returns the fields it shortened: what the
/// importers do to foreign entries, and say so in their report.
pub fn cap_fields(account: &mut Account) -> Vec<Field> {
    let mut capped = Vec::new();
    for field in Field::ALL {
        if let Some(text) = field.of_mut(account)
            && text.len() > field.max_bytes()
        {
            let mut end = field.max_bytes();
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            capped.push(field);
        }
    }
    capped
}

/// Accounts indexed for [`Account::same_account`] (same secret, issuer and
/// account name), so checking each of 100,000 imported accounts against
/// 100,000 kept ones costs a hash each rather than 10^10 comparisons (issue
/// 11: a file of that size kept the import busy for more than ten minutes).
/// The hash is keyed per index (std's `RandomState`) and only narrows the
/// search; equality is still `same_account`.
/// It keeps its own copies (whose secrets are wiped on drop like any
/// account's), so callers may keep changing the lists they came from.
#[derive(Default)]
pub struct SameAccountIndex {
    state: std::collections::hash_map::RandomState,
    buckets: std::collections::HashMap<u64, Vec<Account>>,
}

impl SameAccountIndex {
    /// An index of (copies of) `accounts`.
    pub fn new<'a>(accounts: impl IntoIterator<Item = &'a Account>) -> Self {
        let mut index = SameAccountIndex::default();
        for account in accounts {
            index.insert(account.clone());
        }
        index
    }

    fn key(&self, account: &Account) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut hasher = self.state.build_hasher();
        account.issuer.hash(&mut hasher);
        account.name.hash(&mut hasher);
        account.secret.expose().hash(&mut hasher);
        hasher.finish()
    }

    /// Adds `account`.
    pub fn insert(&mut self, account: Account) {
        let key = self.key(&account);
        self.buckets.entry(key).or_default().push(account);
    }

    /// The first indexed account that is the same account as `account`.
    pub fn find(&self, account: &Account) -> Option<&Account> {
        self.buckets
            .get(&self.key(account))?
            .iter()
            .find(|kept| kept.same_account(account))
    }
}

/// An account in the trash, with when it was deleted (Unix seconds). The
/// whole account is kept (id, secret, counter, creation time), so a
/// restore brings it back exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trashed {
    pub account: Account,
    pub deleted: u64,
}

/// Everything the ciphertext holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// The accounts in the user's order.
    pub accounts: Vec<Account>,
    /// Deleted accounts, oldest deletion first.
    pub trash: Vec<Trashed>,
    /// Days a deleted account is kept before a save drops it for good.
    pub trash_days: u32,
}

impl Default for Content {
    fn default() -> Self {
        Content {
            accounts: Vec::new(),
            trash: Vec::new(),
            trash_days: DEFAULT_TRASH_DAYS,
        }
    }
}

impl Content {
    /// Content holding `accounts` only (a backup file), default retention.
    pub fn of_accounts(accounts: Vec<Account>) -> Self {
        Content {
            accounts,
            ..Content::default()
        }
    }

    /// Every account, kept and trashed.
    pub fn all_accounts(&self) -> impl Iterator<Item = &Account> {
        self.accounts
            .iter()
            .chain(self.trash.iter().map(|t| &t.account))
    }

    /// Removes the trash entries deleted `trash_days` or more before `now`;
    /// returns how many.
    pub fn expire_trash(&mut self, now: u64) -> usize {
        let keep = u64::from(self.trash_days) * 86_400;
        let before = self.trash.len();
        self.trash
            .retain(|t| now.saturating_sub(t.deleted) < keep || t.deleted > now);
        before - self.trash.len()
    }
}

/// Checks what [`decode`] checks, so a writer can refuse content it could
/// not read back: every account valid and within the field limits, ids
/// unique across accounts and trash, at most [`MAX_ACCOUNTS`], retention
/// in range.
pub fn check(content: &Content) -> Result<(), Error> {
    check_with(content, |_, e| Error::InvalidAccount(e))
}

/// [`check`], with `invalid` making the error for an account that cannot
/// produce codes (a writer's caller passed it; a reader found it stored).
fn check_with(
    content: &Content,
    invalid: impl Fn(AccountId, omamori_otp::CodeError) -> Error,
) -> Result<(), Error> {
    let count = content.accounts.len() + content.trash.len();
    if count > MAX_ACCOUNTS {
        return Err(Error::ContentTooLarge(format!(
            "{count} accounts, more than {MAX_ACCOUNTS}"
        )));
    }
    if !(1..=MAX_TRASH_DAYS).contains(&content.trash_days) {
        return Err(Error::InvalidTrashDays(content.trash_days));
    }
    let mut ids = std::collections::HashSet::with_capacity(count);
    for account in content.all_accounts() {
        account.validate().map_err(|e| invalid(account.id, e))?;
        if let Some((field, len)) = oversized_field(account) {
            return Err(Error::FieldTooLong {
                id: account.id,
                field,
                len,
                max: field.max_bytes(),
            });
        }
        if !ids.insert(account.id) {
            return Err(damaged(format!("account id {} appears twice", account.id)));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct Probe {
    version: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentV1 {
    #[allow(dead_code)]
    version: u64,
    accounts: Vec<Record>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentV2 {
    version: u64,
    accounts: Vec<Record>,
    trash: Vec<TrashRecord>,
    trash_days: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrashRecord {
    deleted: u64,
    account: Record,
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
        let id: AccountId = r.id.parse().map_err(|_| {
            damaged(format!(
                "an account id ({} characters) is not 32 hex digits",
                r.id.chars().count()
            ))
        })?;
        let kind = match r.kind.as_str() {
            "totp" => Kind::Totp,
            "hotp" => Kind::Hotp,
            "steam" => Kind::Steam,
            _ => return Err(damaged(format!("account {id} has an unknown kind"))),
        };
        let algorithm: Algorithm = r
            .algorithm
            .parse()
            .map_err(|_| damaged(format!("account {id} has an unknown algorithm")))?;
        Ok(Account {
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
        })
    }
}

/// Serializes the content (always the newest version) in a self-wiping
/// buffer. The caller checks it first ([`check`]).
pub fn encode(content: &Content) -> Zeroizing<Vec<u8>> {
    let wire = ContentV2 {
        version: CONTENT_VERSION,
        accounts: content.accounts.iter().map(Record::from).collect(),
        trash: content
            .trash
            .iter()
            .map(|t| TrashRecord {
                deleted: t.deleted,
                account: Record::from(&t.account),
            })
            .collect(),
        trash_days: content.trash_days,
    };
    // ~200 bytes per account typically; the writer wipes what it outgrows.
    let count = content.accounts.len() + content.trash.len();
    let mut out = ZeroizingWriter::with_capacity(64 + 256 * count);
    // Invariant: records hold only strings and integers, which always
    // serialize, and the writer never fails.
    serde_json::to_writer(&mut out, &wire).expect("vault content always serializes");
    out.into_inner()
}

/// Parses decrypted content: version first (1 is migrated: empty trash,
/// default retention), then exact shape, then [`check`].
pub fn decode(plain: &[u8]) -> Result<Content, Error> {
    let probe: Probe = serde_json::from_slice(plain)
        .map_err(|e| damaged(format!("no content version ({})", e.classify_name())))?;
    let bad = |e: serde_json::Error| {
        damaged(format!(
            "{} at line {} column {}",
            e.classify_name(),
            e.line(),
            e.column()
        ))
    };
    let content = match probe.version {
        1 => {
            let v1: ContentV1 = serde_json::from_slice(plain).map_err(bad)?;
            Content {
                accounts: records(v1.accounts)?,
                ..Content::default()
            }
        }
        CONTENT_VERSION => {
            let v2: ContentV2 = serde_json::from_slice(plain).map_err(bad)?;
            let trash = v2
                .trash
                .into_iter()
                .map(|t| {
                    Ok(Trashed {
                        account: Account::try_from(t.account)?,
                        deleted: t.deleted,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Content {
                accounts: records(v2.accounts)?,
                trash,
                trash_days: v2.trash_days,
            }
        }
        found => {
            return Err(Error::UnsupportedVersion {
                part: "content",
                found,
                supported: CONTENT_VERSION,
            });
        }
    };
    check_with(&content, |id, e| damaged(format!("account {id}: {e}")))?;
    Ok(content)
}

fn records(records: Vec<Record>) -> Result<Vec<Account>, Error> {
    if records.len() > MAX_ACCOUNTS {
        return Err(Error::ContentTooLarge(format!(
            "{} accounts, more than {MAX_ACCOUNTS}",
            records.len()
        )));
    }
    records.into_iter().map(Account::try_from).collect()
}

/// serde_json's error category, without the text it quotes: a parse error's
/// message can echo part of the input, and the input here holds secrets.
trait Classify {
    fn classify_name(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "not the content's shape",
            serde_json::error::Category::Eof => "truncated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: u8) -> Account {
        let mut a = Account::totp(
            "健康保険組合",
            "山田太郎@example.jp",
            Secret::from_bytes(b"fake-test-secret-0001".to_vec()),
        );
        a.id = AccountId([id; 16]);
        a.created = 1_700_000_000;
        a
    }

    #[test]
    fn accounts_and_trash_round_trip_including_japanese_text() {
        let mut a = account(7);
        a.note = Some("メモ \"quoted\"".into());
        let mut h = account(8);
        h.kind = Kind::Hotp;
        h.counter = 42;
        h.algorithm = Algorithm::Sha512;
        h.digits = 8;
        let content = Content {
            accounts: vec![a],
            trash: vec![Trashed {
                account: h,
                deleted: 1_700_000_100,
            }],
            trash_days: 7,
        };
        assert_eq!(decode(&encode(&content)).unwrap(), content);
    }

    #[test]
    fn version_1_content_is_migrated_with_an_empty_trash() {
        let v1 = br#"{"version":1,"accounts":[{"id":"07070707070707070707070707070707","kind":"totp","issuer":"","name":"","secret":"GEZDGNBV","algorithm":"SHA1","digits":6,"period":30,"counter":0,"note":null,"group":null,"icon":null,"created":0}]}"#;
        let content = decode(v1).unwrap();
        assert_eq!(content.accounts.len(), 1);
        assert!(content.trash.is_empty());
        assert_eq!(content.trash_days, DEFAULT_TRASH_DAYS);
        // Written back as version 2.
        assert!(encode(&content).starts_with(br#"{"version":2,"#));
    }

    #[test]
    fn newer_or_invalid_content_is_refused() {
        assert!(matches!(
            decode(br#"{"version":3,"accounts":[],"new":1}"#),
            Err(Error::UnsupportedVersion {
                part: "content",
                found: 3,
                ..
            })
        ));
        assert!(matches!(decode(b"[]"), Err(Error::DamagedContent(_))));
        let bad_digits = br#"{"version":1,"accounts":[{"id":"07070707070707070707070707070707","kind":"totp","issuer":"","name":"","secret":"GEZDGNBV","algorithm":"SHA1","digits":3,"period":30,"counter":0,"note":null,"group":null,"icon":null,"created":0}]}"#;
        assert!(matches!(decode(bad_digits), Err(Error::DamagedContent(_))));
    }

    #[test]
    fn an_id_in_both_the_list_and_the_trash_is_refused() {
        let content = Content {
            accounts: vec![account(7)],
            trash: vec![Trashed {
                account: account(7),
                deleted: 1,
            }],
            trash_days: 30,
        };
        assert!(matches!(check(&content), Err(Error::DamagedContent(_))));
        assert!(decode(&encode(&content)).is_err());
    }

    #[test]
    fn oversized_fields_are_refused_on_read_and_capped_at_a_character_boundary() {
        let mut a = account(7);
        a.issuer = "あ".repeat(400); // 1200 bytes
        let content = Content::of_accounts(vec![a.clone()]);
        assert!(matches!(
            decode(&encode(&content)),
            Err(Error::FieldTooLong {
                field: Field::Issuer,
                len: 1200,
                max: 1024,
                ..
            })
        ));
        assert_eq!(cap_fields(&mut a), vec![Field::Issuer]);
        assert_eq!(a.issuer, "あ".repeat(341));
        assert!(check(&Content::of_accounts(vec![a])).is_ok());
    }

    #[test]
    fn parse_errors_never_quote_the_content() {
        let plain = br#"{"version":2,"accounts":[{"secret":JBSWY3DPEHPK3PXP}]}"#;
        let message = decode(plain).unwrap_err().to_string();
        assert!(!message.contains("JBSW"), "{message}");
    }

    #[test]
    fn the_same_account_index_finds_what_same_account_finds() {
        let a = account(1);
        let mut other_name = account(2);
        other_name.name.push('x');
        let mut other_secret = account(3);
        other_secret.secret = Secret::from_bytes(b"fake-test-secret-0002".to_vec());
        let mut index = SameAccountIndex::new([&a]);
        let mut copy = a.clone();
        copy.id = AccountId([9; 16]);
        copy.note = Some("a note does not make it another account".into());
        assert_eq!(index.find(&copy).map(|k| k.id), Some(a.id));
        assert!(index.find(&other_name).is_none());
        assert!(index.find(&other_secret).is_none());
        index.insert(other_name.clone());
        assert_eq!(index.find(&other_name).map(|k| k.id), Some(other_name.id));
    }

    #[test]
    fn trash_expires_after_its_retention_only() {
        let mut content = Content::of_accounts(vec![]);
        content.trash_days = 30;
        for (id, deleted) in [(1, 0), (2, 1000), (3, 30 * 86_400)] {
            content.trash.push(Trashed {
                account: account(id),
                deleted,
            });
        }
        assert_eq!(content.expire_trash(30 * 86_400), 1);
        assert_eq!(content.trash.len(), 2);
        assert_eq!(
            content.expire_trash(0),
            0,
            "a clock set back expires nothing"
        );
    }
}
