//! The list of supported foreign formats, the [`Importer`] trait each one
//! implements, and auto-detection: every importer looks at the bytes
//! (cheaply, without decrypting) and says how sure it is; the surest wins.

use std::fmt;
use std::str::FromStr;

use crate::{ImportError, Imported, MAX_INPUT_BYTES, formats};

/// A foreign file format Omamori can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Omamori's own backup file (the vault format with one password slot),
    /// or a copied vault file.
    OmamoriBackup,
    /// Plain text, one `otpauth://` URI per line (Aegis, Ente Auth, WinAuth…).
    OtpauthList,
    /// Google Authenticator `otpauth-migration://` transfer URIs.
    GoogleMigration,
    /// Aegis vault JSON, plain or encrypted.
    Aegis,
    /// 2FAS backup (`.2fas`), plain or encrypted.
    TwoFas,
    /// andOTP backup, plain JSON or encrypted.
    AndOtp,
    /// Bitwarden JSON export, plain or password-protected.
    BitwardenJson,
    /// Bitwarden CSV export.
    BitwardenCsv,
    /// FreeOTP+ JSON export.
    FreeOtpPlus,
    /// FreeOTP 2 backup (`externalBackup.xml`: a Java-serialized map,
    /// always encrypted).
    FreeOtp2,
    /// Stratum / Authenticator Pro backup, plain or encrypted.
    Stratum,
    /// Proton Authenticator export, plain or encrypted.
    ProtonAuthenticator,
    /// Ente Auth encrypted export.
    EnteEncrypted,
    /// LastPass Authenticator JSON export.
    LastPass,
    /// Authy Android token storage XML, plain or encrypted.
    Authy,
    /// Steam guard file (maFile / Steamguard-*).
    Steam,
    /// Battle.net Authenticator shared preferences XML.
    BattleNet,
    /// TOTP Authenticator backup, encrypted.
    TotpAuthenticator,
    /// Duo Mobile accounts JSON.
    Duo,
    /// FreeOTP 1.x token store (`tokens.xml`), also FreeOTP+'s internal one.
    FreeOtp,
    /// Google Authenticator's internal SQLite database.
    GoogleAuthenticatorDb,
    /// Microsoft Authenticator's internal SQLite database.
    MicrosoftAuthenticator,
    /// Stratum / Authenticator Pro's internal SQLite database.
    StratumDb,
}

impl Format {
    /// Every format, in the order detection tries them.
    pub const ALL: &'static [Format] = &[
        Format::OmamoriBackup,
        Format::Aegis,
        Format::TwoFas,
        Format::AndOtp,
        Format::BitwardenJson,
        Format::FreeOtpPlus,
        Format::FreeOtp2,
        Format::Stratum,
        Format::ProtonAuthenticator,
        Format::EnteEncrypted,
        Format::LastPass,
        Format::Steam,
        Format::Duo,
        Format::Authy,
        Format::BattleNet,
        Format::GoogleMigration,
        Format::OtpauthList,
        Format::BitwardenCsv,
        Format::TotpAuthenticator,
        Format::FreeOtp,
        Format::GoogleAuthenticatorDb,
        Format::MicrosoftAuthenticator,
        Format::StratumDb,
    ];

    /// The stable name the CLI's `--format` takes.
    pub fn id(self) -> &'static str {
        match self {
            Format::OmamoriBackup => "backup",
            Format::OtpauthList => "otpauth",
            Format::GoogleMigration => "google",
            Format::Aegis => "aegis",
            Format::TwoFas => "2fas",
            Format::AndOtp => "andotp",
            Format::BitwardenJson => "bitwarden-json",
            Format::BitwardenCsv => "bitwarden-csv",
            Format::FreeOtpPlus => "freeotp-plus",
            Format::FreeOtp2 => "freeotp2",
            Format::Stratum => "stratum",
            Format::ProtonAuthenticator => "proton",
            Format::EnteEncrypted => "ente",
            Format::LastPass => "lastpass",
            Format::Authy => "authy",
            Format::Steam => "steam",
            Format::BattleNet => "battle-net",
            Format::TotpAuthenticator => "totp-authenticator",
            Format::Duo => "duo",
            Format::FreeOtp => "freeotp",
            Format::GoogleAuthenticatorDb => "google-db",
            Format::MicrosoftAuthenticator => "microsoft",
            Format::StratumDb => "stratum-db",
        }
    }

    /// The name people know the app or format by.
    pub fn display_name(self) -> &'static str {
        match self {
            Format::OmamoriBackup => "Omamori backup",
            Format::OtpauthList => "otpauth URI list",
            Format::GoogleMigration => "Google Authenticator transfer",
            Format::Aegis => "Aegis",
            Format::TwoFas => "2FAS",
            Format::AndOtp => "andOTP",
            Format::BitwardenJson => "Bitwarden JSON",
            Format::BitwardenCsv => "Bitwarden CSV",
            Format::FreeOtpPlus => "FreeOTP+",
            Format::FreeOtp2 => "FreeOTP 2 backup",
            Format::Stratum => "Stratum / Authenticator Pro",
            Format::ProtonAuthenticator => "Proton Authenticator",
            Format::EnteEncrypted => "Ente Auth",
            Format::LastPass => "LastPass Authenticator",
            Format::Authy => "Authy",
            Format::Steam => "Steam guard",
            Format::BattleNet => "Battle.net Authenticator",
            Format::TotpAuthenticator => "TOTP Authenticator",
            Format::Duo => "Duo Mobile",
            Format::FreeOtp => "FreeOTP",
            Format::GoogleAuthenticatorDb => "Google Authenticator database",
            Format::MicrosoftAuthenticator => "Microsoft Authenticator database",
            Format::StratumDb => "Stratum / Authenticator Pro database",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// A `--format` name that is not one of [`Format::id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown import format {0:?}")]
pub struct UnknownFormatName(pub String);

impl FromStr for Format {
    type Err = UnknownFormatName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.id() == wanted)
            .ok_or_else(|| UnknownFormatName(s.to_owned()))
    }
}

/// How sure an importer is that a file is its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Plausible (for example a generic text or JSON shape).
    Weak,
    /// The format's own markers are present.
    Strong,
}

/// An importer's opinion of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub format: Format,
    pub confidence: Confidence,
    /// Whether the file needs a password to import.
    pub encrypted: bool,
}

/// One foreign format. Implementations live one per file in
/// [`crate::formats`]; each runs read → decrypt → convert.
pub trait Importer: Send + Sync {
    /// The format this importer reads.
    fn format(&self) -> Format;

    /// Whether `bytes` look like this format. Cheap: no key derivation.
    fn detect(&self, bytes: &[u8]) -> Option<Detected>;

    /// Reads the file, decrypting it with `password` when it is encrypted,
    /// and converts every entry. Returns [`ImportError::PasswordRequired`]
    /// for an encrypted file when `password` is `None`.
    fn import(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError>;
}

/// The importer of `format`.
pub fn importer(format: Format) -> &'static dyn Importer {
    match format {
        Format::OmamoriBackup => &formats::omamori_backup::OmamoriBackup,
        Format::OtpauthList => &formats::otpauth_list::OtpauthList,
        Format::GoogleMigration => &formats::google_migration::GoogleMigration,
        Format::Aegis => &formats::aegis::Aegis,
        Format::TwoFas => &formats::twofas::TwoFas,
        Format::AndOtp => &formats::andotp::AndOtp,
        Format::BitwardenJson => &formats::bitwarden_json::BitwardenJson,
        Format::BitwardenCsv => &formats::bitwarden_csv::BitwardenCsv,
        Format::FreeOtpPlus => &formats::freeotp_plus::FreeOtpPlus,
        Format::FreeOtp2 => &formats::freeotp2::FreeOtp2,
        Format::Stratum => &formats::stratum::Stratum,
        Format::ProtonAuthenticator => &formats::proton::ProtonAuthenticator,
        Format::EnteEncrypted => &formats::ente::EnteEncrypted,
        Format::LastPass => &formats::lastpass::LastPass,
        Format::Authy => &formats::authy::Authy,
        Format::Steam => &formats::steam::Steam,
        Format::BattleNet => &formats::battlenet::BattleNet,
        Format::TotpAuthenticator => &formats::totp_authenticator::TotpAuthenticator,
        Format::Duo => &formats::duo::Duo,
        Format::FreeOtp => &formats::freeotp::FreeOtp,
        Format::GoogleAuthenticatorDb => &formats::google_authenticator_db::GoogleAuthenticatorDb,
        Format::MicrosoftAuthenticator => &formats::microsoft_authenticator::MicrosoftAuthenticator,
        Format::StratumDb => &formats::stratum_db::StratumDb,
    }
}

pub(crate) fn check_size(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}

/// Works out which format `bytes` are in: the importer with the highest
/// confidence, the earlier in [`Format::ALL`] on a tie.
pub fn detect(bytes: &[u8]) -> Result<Detected, ImportError> {
    check_size(bytes)?;
    let mut best: Option<Detected> = None;
    for &format in Format::ALL {
        if let Some(found) = importer(format).detect(bytes)
            && best.is_none_or(|b| found.confidence > b.confidence)
        {
            best = Some(found);
        }
    }
    best.ok_or(ImportError::UnknownFormat)
}

/// Imports `bytes` as `format`, or as the detected format when `None`.
pub fn import(
    bytes: &[u8],
    format: Option<Format>,
    password: Option<&str>,
) -> Result<Imported, ImportError> {
    check_size(bytes)?;
    let format = match format {
        Some(format) => format,
        None => detect(bytes)?.format,
    };
    importer(format).import(bytes, password)
}
