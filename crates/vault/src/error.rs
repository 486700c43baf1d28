//! The vault's typed errors. Wrong password and tampering share one
//! deliberately vague variant ([`Error::DecryptionFailed`]) so the message
//! tells an attacker nothing about which check failed; everything else is
//! distinct so the CLI and the app can give advice.

use std::path::PathBuf;

use omamori_otp::{AccountId, CodeError};

use crate::keystore::KeyringError;

/// Everything that can go wrong opening, changing or saving a vault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Wrong password, or the file was changed (any authenticated byte:
    /// ciphertext, nonce, slots, header). Deliberately one message.
    #[error("wrong password or damaged vault")]
    DecryptionFailed,

    /// The file is not a vault this format describes: empty, truncated, not
    /// JSON, wrong shape, bad base64, wrong lengths, unknown fields.
    #[error("malformed vault file: {0}")]
    Malformed(String),

    /// The file (outer format) or its content is a newer version.
    #[error(
        "unsupported vault {part} version {found} (this Omamori reads version {supported}); a newer Omamori wrote it"
    )]
    UnsupportedVersion {
        /// `"file format"` or `"content"`.
        part: &'static str,
        found: u64,
        supported: u64,
    },

    /// The password slot asks for more Argon2 work than any vault needs.
    #[error(
        "the vault asks for excessive key-derivation work (Argon2 m={memory_kib} KiB, t={iterations}, p={lanes}); refusing to run it"
    )]
    ExcessiveWork {
        memory_kib: u32,
        iterations: u32,
        lanes: u32,
    },

    /// Authenticated content that is not valid vault content (only a bug or
    /// a hand-made file with the right key can cause this).
    #[error("the vault's content is damaged: {0}")]
    DamagedContent(String),

    /// Content with more accounts (kept and trashed) than a vault holds,
    /// or too large to fit a vault file once encrypted. Refused on read,
    /// and refused before any save, so the file on disk stays as it was.
    #[error("the vault content is too large: {0}")]
    ContentTooLarge(String),

    /// An account field longer than the vault reads. Refused on read, and
    /// refused before any save, so the file on disk stays as it was.
    #[error("the {field} of account {id} is {len} bytes long; the vault keeps at most {max}")]
    FieldTooLong {
        id: AccountId,
        field: crate::content::Field,
        len: usize,
        max: usize,
    },

    /// A trash retention outside 1 to [`crate::content::MAX_TRASH_DAYS`] days.
    #[error("deleted accounts are kept 1 to 3650 days, not {0}")]
    InvalidTrashDays(u32),

    /// No account with this id in the trash.
    #[error("no deleted account with id {0}")]
    NotInTrash(AccountId),

    /// No file at the path.
    #[error("no vault at {}", path.display())]
    NotFound { path: PathBuf },

    /// `create` found a file already there.
    #[error("a file already exists at {}", path.display())]
    AlreadyExists { path: PathBuf },

    /// The file is larger than any vault (see `MAX_FILE_BYTES`).
    #[error("{} is {size} bytes, too large to be a vault", path.display())]
    TooLarge { path: PathBuf, size: u64 },

    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Another program held the vault's lock for longer than the wait.
    #[error("the vault is in use by another Omamori program (lock file {})", path.display())]
    LockHeld { path: PathBuf },

    /// Another program changed the vault so that this handle's key no
    /// longer opens it (e.g. the password was changed there).
    #[error("the vault was changed by another program; open it again")]
    ChangedOnDisk,

    /// The OS keyring could not give or take the keyring slot's key.
    #[error("keyring: {0}")]
    Keyring(#[from] KeyringError),

    /// An operation needed a keyring slot and the vault has none.
    #[error("the vault has no keyring slot")]
    NoKeyringSlot,

    /// `add` found the same secret, issuer and account name already stored.
    #[error("the vault already holds this account (id {0})")]
    Duplicate(AccountId),

    /// No account with this id.
    #[error("no account with id {0}")]
    NoSuchAccount(AccountId),

    /// Only HOTP accounts have a counter to advance.
    #[error("account {0} is not counter-based (HOTP)")]
    NotCounterBased(AccountId),

    /// An account that cannot produce codes.
    #[error("invalid account: {0}")]
    InvalidAccount(#[from] CodeError),

    /// `reorder` was not given every account id exactly once.
    #[error("a new order must list every account exactly once")]
    InvalidOrder,

    /// KDF parameters given for a new slot are outside the bounds a reader accepts.
    #[error(
        "Argon2 parameters m={memory_kib} KiB, t={iterations}, p={lanes} are outside the accepted range"
    )]
    InvalidKdfParams {
        memory_kib: u32,
        iterations: u32,
        lanes: u32,
    },

    /// The operating system's random number generator failed.
    #[error("the operating system's random number generator failed")]
    Randomness,
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
