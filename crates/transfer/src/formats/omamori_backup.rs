//! Omamori backup files, and Omamori vault files themselves.
//!
//! Upstream: this project's `docs/vault-format.md` ("Backup files"); the
//! reading and the cryptography are `omamori_vault::backup`'s, not
//! duplicated here. A backup is a vault file with one password slot chosen
//! for it; a copied `vault.json` (or a numbered generation) opens the same
//! way with the vault password, its keyring slot ignored.
//!
//! Lost in conversion: nothing. Ids, notes, groups, icon hints and creation
//! times all come back (the caller restores them with
//! `omamori_vault::Vault::restore_many`).

use omamori_vault::Error as VaultError;
use secrecy::SecretString;

use crate::convert::label;
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{Entry, ImportError, Imported};

const DECLARATION: Declaration = Declaration::new(
    Format::OmamoriBackup,
    "backup",
    "Omamori backup",
    Encryption::Always,
);
const FORMAT: Format = DECLARATION.format;

/// The Omamori backup importer.
pub struct OmamoriBackup;

impl Importer for OmamoriBackup {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        omamori_vault::backup::looks_like_vault_file(bytes).then_some(Detected {
            format: FORMAT,
            confidence: Confidence::Strong,
            encrypted: true,
        })
    }

    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError> {
        // Refuse a file that is not a vault file at all before asking for
        // its password.
        omamori_vault::envelope::parse(bytes).map_err(from_vault)?;
        let password = password.ok_or(ImportError::PasswordRequired { format: FORMAT })?;
        let password = SecretString::from(password.to_owned());
        let accounts = omamori_vault::backup::open(bytes, &password).map_err(from_vault)?;
        let entries = accounts
            .into_iter()
            .enumerate()
            .map(|(i, account)| {
                Entry::new(i + 1, label(&account.issuer, &account.name), Ok(account))
            })
            .collect();
        Ok(Imported {
            format: FORMAT,
            entries,
        })
    }
}

fn from_vault(error: VaultError) -> ImportError {
    match error {
        VaultError::DecryptionFailed => ImportError::Decryption { format: FORMAT },
        VaultError::UnsupportedVersion { part, found, .. } => ImportError::UnsupportedVersion {
            format: FORMAT,
            version: format!("{found} ({part})"),
        },
        VaultError::ExcessiveWork {
            memory_kib,
            iterations,
            lanes,
        } => ImportError::ExcessiveWork {
            format: FORMAT,
            what: format!("Argon2id m={memory_kib} KiB t={iterations} p={lanes}"),
            limit: format!(
                "m={} KiB t={} p={}",
                omamori_vault::KdfParams::MAX_MEMORY_KIB,
                omamori_vault::KdfParams::MAX_ITERATIONS,
                omamori_vault::KdfParams::MAX_LANES
            ),
        },
        other => ImportError::malformed(FORMAT, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use omamori_otp::{Account, AccountId, Secret};
    use omamori_vault::KdfParams;

    const WEAK: KdfParams = KdfParams {
        memory_kib: 8,
        iterations: 1,
        lanes: 1,
    };

    fn backup(password: &str) -> Vec<u8> {
        let mut a = Account::totp(
            "Pep Up",
            "太郎",
            Secret::from_bytes(b"fake-test-secret-0002".to_vec()),
        );
        a.id = AccountId([9; 16]);
        a.created = 1_700_000_000;
        omamori_vault::backup::write(&[a], &SecretString::from(password.to_owned()), WEAK).unwrap()
    }

    #[test]
    fn a_backup_is_detected_and_imported_with_its_password() {
        let bytes = backup("ファイル用");
        let found = crate::registry::detect(&bytes).unwrap();
        assert_eq!(found.format, FORMAT);
        assert!(found.encrypted);
        assert!(matches!(
            crate::registry::import(&bytes, None, None),
            Err(ImportError::PasswordRequired { .. })
        ));
        assert!(matches!(
            crate::registry::import(&bytes, None, Some("wrong")),
            Err(ImportError::Decryption { .. })
        ));
        let imported = crate::registry::import(&bytes, None, Some("ファイル用")).unwrap();
        let accounts = imported.into_accounts();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].id, AccountId([9; 16]));
        assert_eq!(accounts[0].created, 1_700_000_000);
    }

    #[test]
    fn broken_backups_give_clear_errors() {
        let bytes = backup("pw");
        let truncated = &bytes[..bytes.len() / 2];
        assert!(matches!(
            OmamoriBackup.read(truncated, Some("pw")),
            Err(ImportError::Malformed { .. })
        ));
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        v["header"]["slots"][0]["iterations"] = 1_000_000u64.into();
        assert!(matches!(
            OmamoriBackup.read(&serde_json::to_vec(&v).unwrap(), Some("pw")),
            Err(ImportError::ExcessiveWork { .. })
        ));
        v["version"] = 2.into();
        assert!(matches!(
            OmamoriBackup.read(&serde_json::to_vec(&v).unwrap(), Some("pw")),
            Err(ImportError::UnsupportedVersion { .. })
        ));
        assert!(OmamoriBackup.detect(b"{\"version\":1,\"db\":{}}").is_none());
    }
}
