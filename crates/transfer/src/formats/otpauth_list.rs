//! Plain text, one `otpauth://` URI per line: Aegis's "plain text" export,
//! Ente Auth's plain export, WinAuth, Authenticator Plus's `Accounts.txt`,
//! and what Omamori's own URI list export writes.
//!
//! Upstream: Google's Key URI format
//! (<https://github.com/google/google-authenticator/wiki/Key-Uri-Format>);
//! Ente's extra `codeDisplay` parameter (pinned, tags, usage counts) and any
//! other unknown parameters are ignored. Blank lines and lines starting with
//! `#` are skipped; Google Authenticator `otpauth-migration://` lines in the
//! same file are read too.
//!
//! Lost in conversion: Ente's `codeDisplay` (pins, tags, trash flag, usage
//! counts); any `image=` icon URL (Omamori never fetches icons).

use crate::otpauth::{is_payload, line_entries};
use crate::registry::{Confidence, Declaration, Detected, Encryption, Format, Importer};
use crate::{ImportError, Imported};

/// The otpauth URI list importer.
pub struct OtpauthList;

const DECLARATION: Declaration = Declaration::new(
    Format::OtpauthList,
    "otpauth",
    "otpauth URI list",
    Encryption::Never,
);

/// The meaningful lines of a text file: (line number from 1, trimmed text).
pub(crate) fn lines(format: Format, bytes: &[u8]) -> Result<Vec<(usize, &str)>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ImportError::malformed(format, "the file is not UTF-8 text"))?;
    let lines: Vec<_> = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .collect();
    Ok(lines)
}

/// Reads a text file of QR texts as `format`: the lines `wanted` picks
/// must exist; every line goes through the payload router.
pub(crate) fn import_lines(
    format: Format,
    bytes: &[u8],
    wanted: fn(&str) -> bool,
    missing: &str,
) -> Result<Imported, ImportError> {
    let lines = lines(format, bytes)?;
    if !lines.iter().any(|(_, l)| wanted(l)) {
        return Err(ImportError::malformed(format, missing));
    }
    let entries = lines
        .into_iter()
        .flat_map(|(number, line)| line_entries(number, line))
        .collect();
    Ok(Imported { format, entries })
}

/// How sure a text importer is: strong when every line is what it wants.
pub(crate) fn detect_lines(
    format: Format,
    bytes: &[u8],
    wanted: fn(&str) -> bool,
) -> Option<Detected> {
    let lines = lines(format, bytes).ok()?;
    let found = lines.iter().filter(|(_, l)| wanted(l)).count();
    (found > 0).then_some(Detected {
        format,
        confidence: if found == lines.len() {
            Confidence::Strong
        } else {
            Confidence::Weak
        },
        encrypted: false,
    })
}

fn is_otpauth(line: &str) -> bool {
    is_payload(line) && !crate::otpauth::is_migration(line)
}

impl Importer for OtpauthList {
    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        detect_lines(Format::OtpauthList, bytes, is_otpauth)
    }

    fn read(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        import_lines(
            Format::OtpauthList,
            bytes,
            is_payload,
            "no line is an otpauth:// URI",
        )
    }
}
