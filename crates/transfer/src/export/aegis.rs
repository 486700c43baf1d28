//! Aegis vault JSON export, plain and encrypted, so people can move to Aegis
//! and to every app that imports Aegis files.
//!
//! Follows beemdevelopment/Aegis `docs/vault.md`: outer version 1, content
//! version 3 (groups table, entries referring to groups by UUID). Encrypted:
//! a random 256-bit master key encrypts the content with AES-256-GCM; one
//! password slot wraps the master key with scrypt(N=2^15, r=8, p=1, 32-byte
//! salt) + AES-256-GCM — Aegis's own parameters. Every key, salt, nonce and
//! UUID is fresh from the OS random source, so no nonce repeats under a key.
//!
//! Lost in conversion: Omamori's note and group survive; the icon hint and
//! creation time do not (Aegis has no place for them).

use std::io::Write;

use omamori_otp::{Account, Kind, serde_exposed};
use omamori_vault::crypto::ZeroizingWriter;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::crypto;

/// scrypt parameters of the password slot, as Aegis writes them.
const SCRYPT_N: u64 = 1 << 15;
const SCRYPT_R: u64 = 8;
const SCRYPT_P: u64 = 1;

#[derive(Serialize)]
struct Content<'a> {
    version: u32,
    entries: Vec<EntryOut<'a>>,
    groups: Vec<GroupOut>,
}

#[derive(Serialize)]
struct GroupOut {
    uuid: String,
    name: String,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    uuid: String,
    name: &'a str,
    issuer: &'a str,
    note: &'a str,
    favorite: bool,
    icon: Option<()>,
    info: Info<'a>,
    groups: Vec<String>,
}

#[derive(Serialize)]
struct Info<'a> {
    #[serde(with = "serde_exposed")]
    secret: &'a omamori_otp::Secret,
    algo: &'static str,
    digits: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
}

fn uuid() -> String {
    let mut b = [0u8; 16];
    crypto::random(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn content_json(accounts: &[Account]) -> Zeroizing<Vec<u8>> {
    let mut groups: Vec<GroupOut> = Vec::new();
    let mut entries = Vec::with_capacity(accounts.len());
    for account in accounts {
        let group = account
            .group
            .as_deref()
            .filter(|g| !g.is_empty())
            .map(|name| match groups.iter().find(|g| g.name == name) {
                Some(g) => g.uuid.clone(),
                None => {
                    let id = uuid();
                    groups.push(GroupOut {
                        uuid: id.clone(),
                        name: name.to_owned(),
                    });
                    id
                }
            });
        let hotp = account.kind == Kind::Hotp;
        entries.push(EntryOut {
            kind: account.kind.as_str(),
            uuid: uuid(),
            name: &account.name,
            issuer: &account.issuer,
            note: account.note.as_deref().unwrap_or_default(),
            favorite: false,
            icon: None,
            info: Info {
                secret: &account.secret,
                algo: account.algorithm.as_str(),
                digits: account.code_length(),
                period: (!hotp).then_some(account.period),
                counter: hotp.then_some(account.counter),
            },
            groups: group.into_iter().collect(),
        });
    }
    let content = Content {
        version: 3,
        entries,
        groups,
    };
    let mut out = ZeroizingWriter::with_capacity(256 + 256 * accounts.len());
    serde_json::to_writer(&mut out, &content).expect("serialising plain structs cannot fail");
    out.into_inner()
}

/// The plain (unencrypted) Aegis vault. It unlocks every account in it.
pub fn plain(accounts: &[Account]) -> Zeroizing<String> {
    let content = content_json(accounts);
    let content = std::str::from_utf8(&content).expect("serde_json writes UTF-8");
    let mut out = ZeroizingWriter::with_capacity(content.len() + 64);
    writeln!(
        out,
        "{{\"version\":1,\"header\":{{\"slots\":null,\"params\":null}},\"db\":{content}}}"
    )
    .expect("writing to memory cannot fail");
    super::into_text(out)
}

/// The Aegis vault encrypted under `password` (one password slot).
pub fn encrypted(accounts: &[Account], password: &str) -> String {
    let content = content_json(accounts);
    let mut master_key = Zeroizing::new([0u8; 32]);
    crypto::random(master_key.as_mut());
    let mut salt = [0u8; 32];
    crypto::random(&mut salt);
    let slot_key = crypto::scrypt(
        &crypto::Budget::new(crate::Format::Aegis),
        password.as_bytes(),
        &salt,
        SCRYPT_N,
        SCRYPT_R,
        SCRYPT_P,
    )
    .expect("Aegis's scrypt parameters are within the limits");
    let mut slot_nonce = [0u8; 12];
    crypto::random(&mut slot_nonce);
    let wrapped = crypto::aes_gcm_seal(slot_key.as_ref(), &slot_nonce, &[], master_key.as_ref());
    let (wrapped_key, slot_tag) = wrapped.split_at(wrapped.len() - 16);
    let mut db_nonce = [0u8; 12];
    crypto::random(&mut db_nonce);
    let sealed = crypto::aes_gcm_seal(master_key.as_ref(), &db_nonce, &[], &content);
    let (ciphertext, db_tag) = sealed.split_at(sealed.len() - 16);
    use base64::Engine;
    let vault = serde_json::json!({
        "version": 1,
        "header": {
            "slots": [{
                "type": 1,
                "uuid": uuid(),
                "key": hex(wrapped_key),
                "key_params": { "nonce": hex(&slot_nonce), "tag": hex(slot_tag) },
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": hex(&salt),
                "repaired": true,
                "is_backup": false,
            }],
            "params": { "nonce": hex(&db_nonce), "tag": hex(db_tag) },
        },
        "db": base64::engine::general_purpose::STANDARD.encode(ciphertext),
    });
    let mut text =
        serde_json::to_string_pretty(&vault).expect("serialising a JSON value cannot fail");
    text.push('\n');
    text
}
