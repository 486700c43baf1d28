//! Omamori backup files: a standalone copy of some accounts in the vault
//! format itself (docs/vault-format.md, "Backup files"), for moving to a new
//! computer. A backup is a vault file with a fresh vault id, a fresh master
//! key and exactly one password slot, whose password the user chooses for
//! this file (it may differ from the vault's). It never has a keyring slot,
//! so it opens anywhere with its password and nothing else.
//!
//! Both functions are pure (bytes in, bytes out): the caller writes the file
//! (mode 0600, atomically) and reads it back. Any vault file also opens as a
//! backup with its password, so a copied `vault.json` (or one of its numbered
//! generations) can be imported the same way.

use omamori_otp::Account;
use secrecy::SecretString;

use crate::Error;
use crate::content;
use crate::crypto::{self, KdfParams, Key};
use crate::envelope::{self, Header};
use crate::vault::{password_slot, random_id, unwrap_password};

/// Writes `accounts` (ids, notes, groups and creation times included) as a
/// backup file protected by `password`. `params` must be within the read
/// bounds ([`KdfParams::check_readable`]) so the file can always be opened;
/// use [`KdfParams::DEFAULT`] for real backups.
pub fn write(
    accounts: &[Account],
    password: &SecretString,
    params: KdfParams,
) -> Result<Vec<u8>, Error> {
    params.check_writable()?;
    // The same checks a reader makes (valid accounts, unique ids, field
    // lengths), so a backup is never written that could not be restored.
    let content = content::Content::of_accounts(accounts.to_vec());
    content::check(&content)?;
    let master = Key::random()?;
    let vault_id = random_id()?;
    let header = Header {
        vault_id,
        password: password_slot(&master, &vault_id, password, params)?,
        keyring: None,
        nonce: crypto::random_nonce()?,
    };
    let header_raw = envelope::header_bytes(&header);
    let plain = content::encode(&content);
    let ciphertext = crypto::seal(
        &master,
        &header.nonce,
        &envelope::aad_for(&header_raw),
        &plain,
    );
    Ok(envelope::file_bytes(&header_raw, &ciphertext))
}

/// Opens a backup (or any vault file) with its password slot and returns
/// its accounts in order. Never runs the KDF for a file that is malformed or
/// asks for excessive work; a wrong password and a damaged file are the one
/// vague [`Error::DecryptionFailed`]. A keyring slot, if present, is ignored.
pub fn open(bytes: &[u8], password: &SecretString) -> Result<Vec<Account>, Error> {
    if bytes.len() as u64 > envelope::MAX_FILE_BYTES {
        return Err(Error::Malformed(format!(
            "the file is {} bytes, larger than any vault",
            bytes.len()
        )));
    }
    let envelope = envelope::parse(bytes)?;
    envelope.header.password.params.check_backup()?;
    let master = unwrap_password(&envelope.header, password)?;
    let plain = crypto::open(
        &master,
        &envelope.header.nonce,
        &envelope.content_aad(),
        &envelope.ciphertext,
    )?;
    Ok(content::decode(&plain)?.accounts)
}

/// Whether `bytes` start like a vault or backup file (the `format` marker),
/// without parsing it fully or deriving any key. For format detection.
pub fn looks_like_vault_file(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let text = String::from_utf8_lossy(head);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with(&format!("{{\"format\":\"{}\"", envelope::FORMAT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use omamori_otp::{AccountId, Algorithm, Kind, Secret};

    const WEAK: KdfParams = KdfParams {
        memory_kib: 8,
        iterations: 1,
        lanes: 1,
    };

    fn accounts() -> Vec<Account> {
        let mut a = Account::totp(
            "健康保険組合",
            "山田太郎@example.jp",
            Secret::from_bytes(b"fake-test-secret-0001".to_vec()),
        );
        a.id = AccountId([1; 16]);
        a.note = Some("メモ".into());
        a.group = Some("仕事".into());
        a.created = 1_767_225_600;
        let mut h = a.clone();
        h.id = AccountId([2; 16]);
        h.kind = Kind::Hotp;
        h.counter = 7;
        h.algorithm = Algorithm::Sha512;
        h.digits = 8;
        vec![a, h]
    }

    #[test]
    fn backup_round_trips_with_its_own_password_only() {
        let pw = SecretString::from("バックアップ用 password");
        let bytes = write(&accounts(), &pw, WEAK).unwrap();
        assert!(looks_like_vault_file(&bytes));
        let env = envelope::parse(&bytes).unwrap();
        assert!(env.header.keyring.is_none());
        assert_eq!(open(&bytes, &pw).unwrap(), accounts());
        assert!(matches!(
            open(&bytes, &SecretString::from("wrong")),
            Err(Error::DecryptionFailed)
        ));
    }

    #[test]
    fn two_backups_of_the_same_accounts_share_no_key_material() {
        let pw = SecretString::from("pw");
        let one = envelope::parse(&write(&accounts(), &pw, WEAK).unwrap()).unwrap();
        let two = envelope::parse(&write(&accounts(), &pw, WEAK).unwrap()).unwrap();
        assert_ne!(one.header.vault_id, two.header.vault_id);
        assert_ne!(one.header.password.salt, two.header.password.salt);
        assert_ne!(one.header.nonce, two.header.nonce);
        assert_ne!(one.ciphertext, two.ciphertext);
    }

    #[test]
    fn bad_backups_are_refused_before_any_key_derivation() {
        let pw = SecretString::from("pw");
        let bytes = write(&accounts(), &pw, WEAK).unwrap();
        for len in [0, 1, 20, bytes.len() / 2, bytes.len() - 3] {
            assert!(open(&bytes[..len], &pw).is_err(), "truncated to {len}");
        }
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        v["header"]["slots"][0]["memory_kib"] = (4u64 << 20).into();
        let hostile = serde_json::to_vec(&v).unwrap();
        assert!(matches!(
            open(&hostile, &pw),
            Err(Error::ExcessiveWork { .. })
        ));
        // Issue 11: a backup asking for what only a vault may (1 GiB, 32
        // passes: minutes per try) is refused, though a vault may ask it.
        let heavy = KdfParams {
            memory_kib: KdfParams::MAX_MEMORY_KIB,
            iterations: KdfParams::MAX_ITERATIONS,
            lanes: 4,
        };
        assert!(heavy.check_readable().is_ok());
        v["header"]["slots"][0]["memory_kib"] = heavy.memory_kib.into();
        v["header"]["slots"][0]["iterations"] = heavy.iterations.into();
        let heavy_backup = serde_json::to_vec(&v).unwrap();
        assert!(matches!(
            open(&heavy_backup, &pw),
            Err(Error::ExcessiveWork { .. })
        ));
        let mut flipped = bytes.clone();
        let at = flipped.len() - 10;
        flipped[at] = if flipped[at] == b'A' { b'B' } else { b'A' };
        assert!(open(&flipped, &pw).is_err());
        assert!(!looks_like_vault_file(b"{\"version\":1}"));
    }

    #[test]
    fn writing_refuses_invalid_accounts_and_parameters() {
        let pw = SecretString::from("pw");
        let mut bad = accounts();
        bad[0].digits = 3;
        assert!(matches!(
            write(&bad, &pw, WEAK),
            Err(Error::InvalidAccount(_))
        ));
        let mut twice = accounts();
        twice[1].id = twice[0].id;
        assert!(write(&twice, &pw, WEAK).is_err());
        let zero = KdfParams {
            iterations: 0,
            ..WEAK
        };
        assert!(matches!(
            write(&accounts(), &pw, zero),
            Err(Error::InvalidKdfParams { .. })
        ));
    }
}
