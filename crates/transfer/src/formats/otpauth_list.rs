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

use crate::convert::label;
use crate::registry::{Confidence, Detected, Format, Importer, check_size};
use crate::{Entry, EntryError, ImportError, Imported, MAX_ENTRIES};

/// The otpauth URI list importer.
pub struct OtpauthList;

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
    if lines.len() > MAX_ENTRIES {
        return Err(ImportError::malformed(format, "too many lines"));
    }
    Ok(lines)
}

fn is_otpauth(line: &str) -> bool {
    line.get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
}

pub(crate) fn is_migration(line: &str) -> bool {
    line.get(..20)
        .is_some_and(|p| p.eq_ignore_ascii_case("otpauth-migration://"))
}

impl Importer for OtpauthList {
    fn format(&self) -> Format {
        Format::OtpauthList
    }

    fn detect(&self, bytes: &[u8]) -> Option<Detected> {
        let lines = lines(Format::OtpauthList, bytes).ok()?;
        let uris = lines.iter().filter(|(_, l)| is_otpauth(l)).count();
        (uris > 0).then_some(Detected {
            format: Format::OtpauthList,
            confidence: if uris == lines.len() {
                Confidence::Strong
            } else {
                Confidence::Weak
            },
            encrypted: false,
        })
    }

    fn import(&self, bytes: &[u8], _password: Option<&str>) -> Result<Imported, ImportError> {
        check_size(bytes)?;
        let lines = lines(Format::OtpauthList, bytes)?;
        if !lines.iter().any(|(_, l)| is_otpauth(l) || is_migration(l)) {
            return Err(ImportError::malformed(
                Format::OtpauthList,
                "no line is an otpauth:// URI",
            ));
        }
        let mut entries = Vec::new();
        for (number, line) in lines {
            if is_migration(line) {
                entries.extend(super::google_migration::decode_line(number, line));
                continue;
            }
            if !is_otpauth(line) {
                entries.push(Entry::new(
                    number,
                    format!("line {number}"),
                    Err(EntryError::Invalid(format!(
                        "line {number} is not an otpauth:// URI"
                    ))),
                ));
                continue;
            }
            let result = crate::otpauth::parse(line);
            let entry_label = match &result {
                Ok(a) => label(&a.issuer, &a.name),
                Err(_) => format!("line {number}"),
            };
            entries.push(Entry::new(number, entry_label, result));
        }
        Ok(Imported {
            format: Format::OtpauthList,
            entries,
        })
    }
}
