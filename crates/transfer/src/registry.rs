//! The list of supported foreign formats, the [`Importer`] trait each one
//! implements, and auto-detection: every importer looks at the bytes
//! (cheaply, without decrypting) and says how sure it is; the surest wins.

use std::fmt;
use std::str::FromStr;

use crate::{ImportError, Imported, MAX_ENTRIES, MAX_INPUT_BYTES, formats};

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
    /// Every format, in the order detection tries them: the registry's
    /// order.
    pub fn all() -> impl Iterator<Item = Format> {
        IMPORTERS.iter().map(|i| i.declaration().format)
    }

    /// The stable name the CLI's `--format` takes (the importer's
    /// [`Declaration::id`]).
    pub fn id(self) -> &'static str {
        importer(self).declaration().id
    }

    /// The name people know the app or format by ([`Declaration::name`]).
    pub fn display_name(self) -> &'static str {
        importer(self).declaration().name
    }

    /// Whether files of this format are encrypted.
    pub fn encryption(self) -> Encryption {
        importer(self).declaration().encryption
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
        Format::all()
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

/// Whether a format's files are encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encryption {
    /// Never (plain text or JSON).
    Never,
    /// Optionally: the app can write either.
    Sometimes,
    /// Always: importing needs the file's password.
    Always,
}

/// What an importer says about itself, once, in its own file; the registry
/// and [`Format`]'s names are built from these.
#[derive(Debug, Clone, Copy)]
pub struct Declaration {
    pub format: Format,
    /// The stable name the CLI's `--format` takes.
    pub id: &'static str,
    /// The name people know the app or format by.
    pub name: &'static str,
    pub encryption: Encryption,
}

impl Declaration {
    /// A declaration, for an importer's `const DECLARATION`.
    pub const fn new(
        format: Format,
        id: &'static str,
        name: &'static str,
        encryption: Encryption,
    ) -> Self {
        Declaration {
            format,
            id,
            name,
            encryption,
        }
    }
}

/// One foreign format. Implementations live one per file in
/// [`crate::formats`]; each runs read → decrypt → convert. Callers go
/// through [`import`], which applies the limits every format shares.
pub trait Importer: Send + Sync {
    /// The importer's id, name and capabilities.
    fn declaration(&self) -> &'static Declaration;

    /// Whether `bytes` look like this format. Cheap: no key derivation.
    /// The registry has already checked the size.
    fn detect(&self, bytes: &[u8]) -> Option<Detected>;

    /// Reads the file, decrypting it with `password` when it is encrypted,
    /// and converts every entry. Returns [`ImportError::PasswordRequired`]
    /// for an encrypted file when `password` is `None`. The registry has
    /// checked the size and checks the number of entries.
    fn read(&self, bytes: &[u8], password: Option<&str>) -> Result<Imported, ImportError>;
}

/// Every importer, in the order detection tries them (the most specific
/// markers first, generic text and JSON shapes later).
static IMPORTERS: &[&dyn Importer] = &[
    &formats::omamori_backup::OmamoriBackup,
    &formats::aegis::Aegis,
    &formats::twofas::TwoFas,
    &formats::andotp::AndOtp,
    &formats::bitwarden_json::BitwardenJson,
    &formats::freeotp_plus::FreeOtpPlus,
    &formats::freeotp2::FreeOtp2,
    &formats::stratum::Stratum,
    &formats::proton::ProtonAuthenticator,
    &formats::ente::EnteEncrypted,
    &formats::lastpass::LastPass,
    &formats::steam::Steam,
    &formats::duo::Duo,
    &formats::authy::Authy,
    &formats::battlenet::BattleNet,
    &formats::google_migration::GoogleMigration,
    &formats::otpauth_list::OtpauthList,
    &formats::bitwarden_csv::BitwardenCsv,
    &formats::totp_authenticator::TotpAuthenticator,
    &formats::freeotp::FreeOtp,
    &formats::google_authenticator_db::GoogleAuthenticatorDb,
    &formats::microsoft_authenticator::MicrosoftAuthenticator,
    &formats::stratum_db::StratumDb,
];

/// The importer of `format`.
pub fn importer(format: Format) -> &'static dyn Importer {
    *IMPORTERS
        .iter()
        .find(|i| i.declaration().format == format)
        // Every Format has an importer: checked by `one_importer_per_format`.
        .expect("every format is registered")
}

/// The limits every format shares, checked here once, before and after an
/// importer runs: the file's size ([`MAX_INPUT_BYTES`]) and the number of
/// entries it gave ([`MAX_ENTRIES`]).
fn check_size(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}

fn check_entries(imported: Imported) -> Result<Imported, ImportError> {
    if imported.entries.len() > MAX_ENTRIES {
        return Err(ImportError::malformed(
            imported.format,
            format!("more than {MAX_ENTRIES} entries"),
        ));
    }
    Ok(imported)
}

/// Works out which format `bytes` are in: the importer with the highest
/// confidence, the earlier in the registry on a tie.
pub fn detect(bytes: &[u8]) -> Result<Detected, ImportError> {
    check_size(bytes)?;
    let mut best: Option<Detected> = None;
    for importer in IMPORTERS {
        if let Some(found) = importer.detect(bytes)
            && best.is_none_or(|b| found.confidence > b.confidence)
        {
            best = Some(found);
        }
    }
    best.ok_or(ImportError::UnknownFormat)
}

/// Imports `bytes` as `format`, or as the detected format when `None`:
/// the one way in, with the shared limits.
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
    check_entries(importer(format).read(bytes, password)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_importer_per_format() {
        let formats: Vec<Format> = Format::all().collect();
        for (i, format) in formats.iter().enumerate() {
            assert!(!formats[..i].contains(format), "{format:?} twice");
            assert_eq!(importer(*format).declaration().format, *format);
            assert_eq!(format.id().parse::<Format>().unwrap(), *format);
        }
        // A new Format variant without an importer fails to compile here.
        for format in &formats {
            match format {
                Format::OmamoriBackup => {}
                Format::Aegis => {}
                Format::TwoFas => {}
                Format::AndOtp => {}
                Format::BitwardenJson => {}
                Format::FreeOtpPlus => {}
                Format::FreeOtp2 => {}
                Format::Stratum => {}
                Format::ProtonAuthenticator => {}
                Format::EnteEncrypted => {}
                Format::LastPass => {}
                Format::Steam => {}
                Format::Duo => {}
                Format::Authy => {}
                Format::BattleNet => {}
                Format::GoogleMigration => {}
                Format::OtpauthList => {}
                Format::BitwardenCsv => {}
                Format::TotpAuthenticator => {}
                Format::FreeOtp => {}
                Format::GoogleAuthenticatorDb => {}
                Format::MicrosoftAuthenticator => {}
                Format::StratumDb => {}
            }
        }
        assert_eq!(formats.len(), 23);
    }
}
