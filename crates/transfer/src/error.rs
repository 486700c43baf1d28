//! Errors of importing: [`ImportError`] when a whole file cannot be read,
//! [`EntryError`] when one entry of a readable file cannot become an account.

use omamori_otp::SetupKeyError;

use crate::registry::Format;

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file is larger than [`crate::MAX_INPUT_BYTES`].
    #[error("the file is {size} bytes, larger than any authenticator export ({max} bytes at most)")]
    TooLarge { size: usize, max: usize },
    /// No importer recognised the file.
    #[error("the file's format was not recognised as any supported authenticator export")]
    UnknownFormat,
    /// The file is not (or no longer) a valid file of the format.
    #[error("not a valid {format} file: {reason}")]
    Malformed { format: Format, reason: String },
    /// A version of the format this importer does not know.
    #[error("{format} file version {version} is not supported")]
    UnsupportedVersion { format: Format, version: String },
    /// The file is encrypted and no password was given.
    #[error("the {format} file is encrypted; its password is needed")]
    PasswordRequired { format: Format },
    /// Decryption failed. Deliberately says nothing about why: a wrong
    /// password and a damaged file look the same to the cipher.
    #[error("could not decrypt the {format} file: wrong password, or the file is damaged")]
    Decryption { format: Format },
    /// The file asks for work far beyond what its app's files need: key
    /// derivation over its format's limits or over the one budget of the
    /// whole file (all its password slots), or a database value or query
    /// beyond the SQLite limits. Only a damaged or hostile file does this;
    /// it is refused before the work is done.
    #[error(
        "the {format} file asks for {what}, beyond the limit of {limit}; refusing to do that work"
    )]
    ExcessiveWork {
        format: Format,
        what: String,
        limit: String,
    },
    /// The file is protected in a way Omamori cannot open (for example only
    /// an Android-keystore slot).
    #[error("the {format} file cannot be opened: {reason}")]
    Unsupported { format: Format, reason: String },
}

/// Why one entry of a file was not imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EntryError {
    /// The secret is missing or not valid key text.
    #[error("the secret is not valid: {0}")]
    Secret(#[from] SetupKeyError),
    /// The entry has no secret at all.
    #[error("the entry has no secret")]
    MissingSecret,
    /// A kind of account Omamori cannot produce codes for (MOTP, Yandex, …).
    #[error("{0} accounts are not supported")]
    UnsupportedKind(String),
    /// A hash algorithm other than SHA1, SHA256 or SHA512.
    #[error("the algorithm {0:?} is not supported (SHA1, SHA256 and SHA512 are)")]
    UnsupportedAlgorithm(String),
    /// Digits outside 6–10.
    #[error("{0} digits is not a valid code length (6 to 10)")]
    Digits(i64),
    /// A period of zero, negative or absurdly long.
    #[error("a period of {0} seconds is not valid")]
    Period(i64),
    /// A counter that is negative or not a number.
    #[error("the counter {0:?} is not valid")]
    Counter(String),
    /// Anything else wrong with the entry's fields.
    #[error("{0}")]
    Invalid(String),
}

impl ImportError {
    /// Names the format on a failure of one of the crypto primitives.
    pub(crate) fn crypto(format: Format, error: crate::crypto::CryptoError) -> Self {
        use crate::crypto::CryptoError;
        match error {
            CryptoError::Decryption => ImportError::Decryption { format },
            CryptoError::ExcessiveWork { what, limit } => ImportError::ExcessiveWork {
                format,
                what,
                limit,
            },
            CryptoError::Invalid(reason) => ImportError::Malformed { format, reason },
        }
    }

    /// A [`ImportError::Malformed`] with a reason.
    pub(crate) fn malformed(format: Format, reason: impl Into<String>) -> Self {
        ImportError::Malformed {
            format,
            reason: reason.into(),
        }
    }
}
