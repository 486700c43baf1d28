//! Where a keyring slot's key lives: the OS keyring through the `keyring`
//! crate (Secret Service, Keychain, Credential Manager, or Linux keyutils
//! on request), behind the small [`KeyStore`] trait so the vault logic can
//! also be exercised with [`MemoryKeyStore`] in unit tests.
//!
//! A keyring that is unavailable, locked or missing the entry is a normal
//! condition reported as [`KeyringError`]; the vault then falls back to its
//! password slot. Which backend to use is the caller's choice
//! ([`KeyringBackend`]); the library never reads the environment.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use zeroize::Zeroizing;

/// The keyring service name under which Omamori stores slot keys.
pub const SERVICE: &str = "omamori";

/// Why the keyring could not give or take a slot key. None of these stops
/// a vault from opening with its password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyringError {
    /// No keyring service reachable (no D-Bus session, no Secret Service
    /// provider, no session keyring).
    #[error("the {backend} keyring is not available ({detail})")]
    Unavailable { backend: String, detail: String },
    /// The keyring exists but is locked or refused access.
    #[error("the {backend} keyring is locked or refused access ({detail})")]
    Locked { backend: String, detail: String },
    /// The keyring has no entry for this vault (e.g. another computer, or
    /// the entry was deleted).
    #[error("the {backend} keyring has no key for this vault")]
    NoEntry { backend: String },
    /// The entry exists but does not hold this vault's key (wrong length,
    /// or it does not unwrap the slot).
    #[error("the {backend} keyring's key does not match this vault")]
    WrongKey { backend: String },
    /// The requested backend does not exist on this operating system.
    #[error("the {backend} keyring is not supported on this system")]
    Unsupported { backend: String },
}

/// A place that keeps small binary secrets under (service, entry) names.
pub trait KeyStore {
    /// The backend name recorded in the keyring slot (e.g. `secret-service`).
    fn backend(&self) -> &str;
    /// Reads the secret stored under `entry`.
    fn get(&self, service: &str, entry: &str) -> Result<Zeroizing<Vec<u8>>, KeyringError>;
    /// Stores (or replaces) the secret under `entry`.
    fn set(&self, service: &str, entry: &str, secret: &[u8]) -> Result<(), KeyringError>;
    /// Deletes `entry`; a missing entry is [`KeyringError::NoEntry`].
    fn delete(&self, service: &str, entry: &str) -> Result<(), KeyringError>;
}

/// Which OS keyring to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringBackend {
    /// The platform's usual store: Secret Service on Linux and the BSDs,
    /// Keychain on macOS, Credential Manager on Windows.
    Platform,
    /// Secret Service (GNOME Keyring, KWallet) on Linux and the BSDs.
    SecretService,
    /// The Linux kernel keyring (keyutils): lives until logout or reboot,
    /// for headless machines and tests.
    Keyutils,
}

impl KeyringBackend {
    /// The backend name written into keyring slots.
    pub fn name(self) -> &'static str {
        match self {
            KeyringBackend::Platform => platform_name(),
            KeyringBackend::SecretService => "secret-service",
            KeyringBackend::Keyutils => "keyutils",
        }
    }
}

fn platform_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "keychain"
    } else if cfg!(target_os = "windows") {
        "credential-manager"
    } else {
        "secret-service"
    }
}

/// A backend name that is not one of `platform`, `secret-service`,
/// `keyutils`, `keychain`, `credential-manager`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown keyring backend {0:?} (use platform, secret-service, keyutils, keychain or credential-manager)")]
pub struct UnknownBackend(pub String);

impl FromStr for KeyringBackend {
    type Err = UnknownBackend;

    /// Accepts the names written into slots as well as `platform`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "platform" => Ok(KeyringBackend::Platform),
            "secret-service" => Ok(KeyringBackend::SecretService),
            "keyutils" => Ok(KeyringBackend::Keyutils),
            "keychain" | "credential-manager" => Ok(KeyringBackend::Platform),
            other => Err(UnknownBackend(other.to_owned())),
        }
    }
}

impl fmt::Display for KeyringBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The OS keyring, through the `keyring` crate with real backends enabled.
#[derive(Debug, Clone, Copy)]
pub struct OsKeyring {
    backend: KeyringBackend,
}

impl OsKeyring {
    pub fn new(backend: KeyringBackend) -> Self {
        OsKeyring { backend }
    }

    fn entry(&self, service: &str, user: &str) -> Result<keyring::Entry, KeyringError> {
        let unsupported = || KeyringError::Unsupported {
            backend: self.backend.name().to_owned(),
        };
        match self.backend {
            #[cfg(target_os = "linux")]
            KeyringBackend::Keyutils => {
                let credential =
                    keyring::keyutils::KeyutilsCredential::new_with_target(None, service, user)
                        .map_err(|e| self.map(e))?;
                Ok(keyring::Entry::new_with_credential(Box::new(credential)))
            }
            #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
            KeyringBackend::SecretService | KeyringBackend::Platform => {
                let credential =
                    keyring::secret_service::SsCredential::new_with_target(None, service, user)
                        .map_err(|e| self.map(e))?;
                Ok(keyring::Entry::new_with_credential(Box::new(credential)))
            }
            #[cfg(any(target_os = "macos", target_os = "windows"))]
            KeyringBackend::Platform => {
                keyring::Entry::new(service, user).map_err(|e| self.map(e))
            }
            #[allow(unreachable_patterns)]
            _ => Err(unsupported()),
        }
    }

    fn map(&self, error: keyring::Error) -> KeyringError {
        let backend = self.backend.name().to_owned();
        match error {
            keyring::Error::NoEntry => KeyringError::NoEntry { backend },
            keyring::Error::NoStorageAccess(e) => KeyringError::Locked {
                backend,
                detail: e.to_string(),
            },
            keyring::Error::PlatformFailure(e) => KeyringError::Unavailable {
                backend,
                detail: e.to_string(),
            },
            other => KeyringError::Unavailable {
                backend,
                detail: other.to_string(),
            },
        }
    }
}

impl KeyStore for OsKeyring {
    fn backend(&self) -> &str {
        self.backend.name()
    }

    fn get(&self, service: &str, entry: &str) -> Result<Zeroizing<Vec<u8>>, KeyringError> {
        let e = self.entry(service, entry)?;
        e.get_secret().map(Zeroizing::new).map_err(|e| self.map(e))
    }

    fn set(&self, service: &str, entry: &str, secret: &[u8]) -> Result<(), KeyringError> {
        self.entry(service, entry)?
            .set_secret(secret)
            .map_err(|e| self.map(e))
    }

    fn delete(&self, service: &str, entry: &str) -> Result<(), KeyringError> {
        self.entry(service, entry)?
            .delete_credential()
            .map_err(|e| self.map(e))
    }
}

/// An in-process store for unit tests and for embedding code that wants
/// the vault's keyring logic without an OS keyring. Not a keyring: its
/// contents vanish with the process.
#[derive(Default)]
pub struct MemoryKeyStore {
    entries: Mutex<HashMap<(String, String), Zeroizing<Vec<u8>>>>,
    unavailable: bool,
}

impl MemoryKeyStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store on which every call fails as an unavailable keyring.
    pub fn unavailable() -> Self {
        MemoryKeyStore {
            unavailable: true,
            ..Self::default()
        }
    }

    fn entries(&self) -> Result<std::sync::MutexGuard<'_, HashMap<(String, String), Zeroizing<Vec<u8>>>>, KeyringError> {
        if self.unavailable {
            return Err(KeyringError::Unavailable {
                backend: "memory".into(),
                detail: "switched off".into(),
            });
        }
        // A poisoned lock only means another test thread panicked; the
        // map itself is still consistent.
        Ok(self.entries.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl KeyStore for MemoryKeyStore {
    fn backend(&self) -> &str {
        "memory"
    }

    fn get(&self, service: &str, entry: &str) -> Result<Zeroizing<Vec<u8>>, KeyringError> {
        self.entries()?
            .get(&(service.to_owned(), entry.to_owned()))
            .cloned()
            .ok_or(KeyringError::NoEntry {
                backend: "memory".into(),
            })
    }

    fn set(&self, service: &str, entry: &str, secret: &[u8]) -> Result<(), KeyringError> {
        self.entries()?.insert(
            (service.to_owned(), entry.to_owned()),
            Zeroizing::new(secret.to_vec()),
        );
        Ok(())
    }

    fn delete(&self, service: &str, entry: &str) -> Result<(), KeyringError> {
        self.entries()?
            .remove(&(service.to_owned(), entry.to_owned()))
            .map(|_| ())
            .ok_or(KeyringError::NoEntry {
                backend: "memory".into(),
            })
    }
}
