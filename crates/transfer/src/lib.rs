//! Moving accounts in and out of Omamori: importers for other authenticator
//! apps' export files and exporters to formats other apps read.
//!
//! Every foreign format lives in its own module under [`formats`] behind the
//! one [`Importer`] trait. Each importer works in three stages, as Aegis's do:
//! *read* the file's structure, *decrypt* it when it is protected (with the
//! password the caller passes), and *convert* each entry to an
//! [`omamori_otp::Account`]. Conversion is per entry: a bad entry becomes an
//! [`EntryError`] next to the accounts that converted, so one broken record
//! never aborts an import. Importers never touch storage; the caller decides
//! what to add (see [`report::ImportReport`] for the added / duplicate /
//! rejected tally against an existing account list).
//!
//! Which function to reach for:
//!
//! - a file of unknown format → [`registry::detect`], then
//!   [`registry::import`] (or [`registry::import`] with `None` to detect);
//! - a named format → [`registry::import`] with `Some(format)`;
//! - exports → the functions in [`export`]; the Omamori backup file is
//!   written by `omamori_vault::backup::write` and read here as
//!   [`Format::OmamoriBackup`];
//! - putting an import into the vault → [`settle::settle`] (report, one
//!   save, re-open, verify: the one import path of the CLI and the app);
//! - writing an export → [`export::render`] with an [`export::ExportFormat`];
//! - proving a move → [`verify::verify_import`] (source codes against the
//!   saved vault) and [`verify::compare_backup`] (a backup against the vault).
//!
//! All cryptography sits in one private module, `crypto`, together with the
//! limits put on key-derivation parameters read from files: hostile files
//! get [`ImportError::ExcessiveWork`], never an hour of CPU or gigabytes of
//! memory.
//!
//! Each importer declares its id, name and capabilities once
//! ([`registry::Declaration`]); the registry builds the format list from
//! those and enforces the size and entry limits once, around every
//! importer ([`registry::import`]).
//!
//! The budget of one import, whatever the format: at most
//! [`MAX_INPUT_BYTES`] read and [`MAX_ENTRIES`] entries; one key-derivation
//! work budget for all the file's password slots (`crypto::Budget`); SQLite
//! databases under a value-length limit and a step budget
//! (`formats::sqlite`); and every entry's text fields capped to what the
//! vault keeps ([`omamori_vault::Field`]) in [`Entry::new`], the one
//! constructor every importer's entries go through, which notes each
//! shortened field in [`Entry::capped`] for the report. So memory stays a
//! small multiple of the file's size and no import runs unbounded.
#![forbid(unsafe_code)]

mod convert;
mod crypto;
mod error;
pub mod export;
pub mod formats;
mod otpauth;
pub mod registry;
pub mod report;
pub mod settle;
pub mod verify;

pub use error::{EntryError, ImportError};
pub use registry::{Confidence, Detected, Format, Importer};

use omamori_otp::Account;

/// The largest file an importer reads. Real exports are kilobytes (an Aegis
/// vault with icons a few megabytes); anything bigger is refused before
/// parsing so hostile input cannot exhaust memory.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// The most entries one file may hold. Far above any real collection.
pub const MAX_ENTRIES: usize = 100_000;

/// What an importer got out of one file.
#[derive(Debug)]
pub struct Imported {
    /// The format the file was read as.
    pub format: Format,
    /// One result per entry of the file, in file order.
    pub entries: Vec<Entry>,
}

impl Imported {
    /// The import of a file whose entries are `items`, numbered from 1 in
    /// file order; `entry` gives each one's report label and account.
    pub(crate) fn numbered<T>(
        format: Format,
        items: impl IntoIterator<Item = T>,
        entry: impl Fn(T) -> (String, Result<Account, EntryError>),
    ) -> Self {
        let entries = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let (label, result) = entry(item);
                Entry::new(i + 1, label, result)
            })
            .collect();
        Imported { format, entries }
    }

    /// The accounts that converted, in file order.
    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.entries.iter().filter_map(|e| e.result.as_ref().ok())
    }

    /// The entries that did not convert, with why.
    pub fn rejected(&self) -> impl Iterator<Item = (&Entry, &EntryError)> {
        self.entries
            .iter()
            .filter_map(|e| e.result.as_ref().err().map(|err| (e, err)))
    }

    /// Consumes the import, keeping only the accounts that converted.
    pub fn into_accounts(self) -> Vec<Account> {
        self.entries
            .into_iter()
            .filter_map(|e| e.result.ok())
            .collect()
    }
}

/// One entry of an imported file.
#[derive(Debug)]
pub struct Entry {
    /// Where the entry is in the file, counting from 1 (line, array index or
    /// record number, whatever the format has), so a report can point at it.
    pub position: usize,
    /// A label for reports: "issuer (name)" as far as the file told us, at
    /// most [`MAX_LABEL_CHARS`] characters; never the secret.
    pub label: String,
    /// The account, or why this entry could not become one.
    pub result: Result<Account, EntryError>,
    /// The account's fields that were longer than the vault keeps and were
    /// shortened to their limit ([`omamori_vault::Field::max_bytes`]).
    pub capped: Vec<omamori_vault::Field>,
}

/// The longest label an import report shows for one entry.
pub const MAX_LABEL_CHARS: usize = 200;

impl Entry {
    /// The one way importers make an entry: caps the account's text fields
    /// to the vault's limits (noting which in [`Entry::capped`]) and the
    /// label to [`MAX_LABEL_CHARS`], so no importer can hand on a field the
    /// vault would refuse to store, however its file was made.
    pub(crate) fn new(
        position: usize,
        label: String,
        mut result: Result<Account, EntryError>,
    ) -> Self {
        let capped = match &mut result {
            Ok(account) => omamori_vault::content::cap_fields(account),
            Err(_) => Vec::new(),
        };
        Entry {
            position,
            label: cap_label(label),
            result,
            capped,
        }
    }
}

fn cap_label(label: String) -> String {
    match label.char_indices().nth(MAX_LABEL_CHARS) {
        None => label,
        Some((end, _)) => format!("{}…", &label[..end]),
    }
}
