//! Moving accounts: `export`, `import` and `verify-backup`.
//!
//! - `export --format backup|google|aegis|aegis-plain|uri|html --out PATH`
//!   always asks for the vault password (never the keyring: an export hands
//!   out every secret). `backup` and `aegis` are encrypted under a password
//!   chosen for the file (`--backup-password-file` or asked twice); the
//!   plain formats need `--yes` or a typed "y", and say that the file
//!   unlocks the accounts. `google` writes one PNG per transfer code:
//!   `PATH-1.png`, `PATH-2.png`… (a trailing `.png` in PATH is dropped), or
//!   `omamori-transfer-1.png`… inside PATH when it is a directory.
//!   Files are created mode 0600 under a temporary name beside the target
//!   and renamed into place; the temporary file is removed if anything
//!   fails, and an existing file is never replaced.
//! - `import FILE...` detects each file's format (or takes `--format`),
//!   asks for the file's password when it is encrypted, adds the new
//!   accounts in one save per file and prints added / skipped as duplicate /
//!   rejected. `--verify` re-opens the saved vault and compares, for every
//!   imported account, the code from the file with the code from the vault.
//! - `verify-backup FILE` opens a backup with its password and compares
//!   every account with the vault.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use clap::Args;
use omamori_otp::Account;
use omamori_transfer::export::{self, ExportFormat, ExportOptions, Rendered, google, qr_page};
use omamori_transfer::report::Saved;
use omamori_transfer::settle::{self, Settlement};
use omamori_transfer::verify::{self, CheckOutcome, VerifyReport};
use omamori_transfer::{Format, ImportError, registry};
use omamori_vault::KdfParams;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::vault_cmd::{self, VaultOpts};

/// `--format` of `export`: the crate's one [`ExportFormat`], with each
/// value's help for `--help`.
fn export_format() -> impl clap::builder::TypedValueParser<Value = ExportFormat> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let help = |format: ExportFormat| match format {
        ExportFormat::Backup => {
            "Omamori backup: the vault format under a password chosen for this file (recommended)"
        }
        ExportFormat::Google => "Google Authenticator transfer QR codes, as PNG images",
        ExportFormat::Aegis => "Aegis vault JSON, encrypted under a password chosen for this file",
        ExportFormat::AegisPlain => "Aegis vault JSON, NOT encrypted",
        ExportFormat::Uri => "otpauth:// URIs, one per line, NOT encrypted",
        ExportFormat::Html => "A printable HTML page of QR codes, NOT encrypted",
    };
    PossibleValuesParser::new(ExportFormat::ALL.map(|f| PossibleValue::new(f.id()).help(help(f))))
        .map(|name| {
            name.parse::<ExportFormat>()
                .expect("one of the possible values")
        })
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The file format to write.
    #[arg(long, value_parser = export_format())]
    format: ExportFormat,
    /// Where to write; never replaces an existing file. For `google`, the
    /// PNG names are PATH-1.png, PATH-2.png… (or files inside PATH when it
    /// is a directory).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// For `backup` and `aegis`: read the file's password from the first
    /// line of FILE instead of asking (it may differ from the vault password).
    #[arg(long, value_name = "FILE")]
    backup_password_file: Option<PathBuf>,
    /// For unencrypted exports: do not ask, I know the file unlocks the accounts.
    #[arg(long)]
    yes: bool,
    /// For `google`: accounts per QR code (1 to 10; fewer make codes that scan more easily).
    #[arg(long, value_name = "N", default_value_t = google::DEFAULT_PER_CODE as u8,
          value_parser = clap::value_parser!(u8).range(1..=10))]
    per_code: u8,
    #[command(flatten)]
    opts: VaultOpts,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Export files of Omamori or another authenticator app.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The files' format: `auto` (detect) or a name from the list in
    /// docs/import-formats.md (backup, aegis, 2fas, google, otpauth, …).
    #[arg(long, value_name = "NAME", default_value = "auto")]
    format: String,
    /// Read the files' password from the first line of FILE instead of asking.
    #[arg(long, value_name = "FILE")]
    source_password_file: Option<PathBuf>,
    /// After saving, re-open the vault and check that every imported account
    /// gives the same code as its entry in the file.
    #[arg(long)]
    verify: bool,
    #[command(flatten)]
    opts: VaultOpts,
}

#[derive(Args, Debug)]
pub struct VerifyBackupArgs {
    /// The Omamori backup file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Read the backup's password from the first line of FILE instead of asking.
    #[arg(long, value_name = "FILE")]
    backup_password_file: Option<PathBuf>,
    #[command(flatten)]
    opts: VaultOpts,
}

// ---- writing files ----

/// Writes `bytes` to `path` with the shared export writer (0600,
/// atomic, never replacing an existing file, nor the vault at `vault` or
/// its backups).
fn write_private(path: &Path, bytes: &[u8], vault: &Path) -> anyhow::Result<()> {
    use omamori_vault::export_file::{Existing, write_private};
    write_private(path, bytes, Existing::Refuse, vault).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            anyhow!(e)
        } else if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow!(
                "{} already exists; choose another --out or remove it",
                path.display()
            )
        } else {
            anyhow!(e).context(format!("cannot write {}", path.display()))
        }
    })
}

fn refuse_existing(path: &Path) -> anyhow::Result<()> {
    if path.symlink_metadata().is_ok() {
        bail!(
            "{} already exists; choose another --out or remove it",
            path.display()
        );
    }
    Ok(())
}

/// The PNG paths of a Google export of `count` codes.
fn google_paths(out: &Path, count: usize) -> Vec<PathBuf> {
    if out.is_dir() {
        return (1..=count)
            .map(|i| out.join(format!("omamori-transfer-{i}.png")))
            .collect();
    }
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let stem = name
        .strip_suffix(".png")
        .or_else(|| name.strip_suffix(".PNG"))
        .unwrap_or(&name)
        .to_owned();
    (1..=count)
        .map(|i| out.with_file_name(format!("{stem}-{i}.png")))
        .collect()
}

/// Asks "y/N" on the terminal; no terminal means no.
fn confirm(question: &str) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// The password for an encrypted export: from a file, or asked twice.
fn file_password(file: Option<&Path>, what: &str) -> anyhow::Result<SecretString> {
    if let Some(file) = file {
        return vault_cmd::read_password_file(file);
    }
    let first = vault_cmd::prompt(&format!(
        "Password for the {what} (it may differ from the vault password): "
    ))?;
    let second = vault_cmd::prompt("Repeat the password: ")?;
    if first.expose_secret() != second.expose_secret() {
        bail!("the two passwords differ; nothing was written");
    }
    Ok(first)
}

// ---- export ----

/// Runs `omamori export`.
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    // Before anything is asked: the writer checks again for every file.
    omamori_vault::export_file::check_target(&args.out, &vault_cmd::vault_path(&args.opts)?)?;
    if args.format != ExportFormat::Google {
        refuse_existing(&args.out)?;
    }
    if args.format.is_plain() {
        let what = match args.format {
            ExportFormat::Google => "The transfer QR code images",
            _ => "The file",
        };
        eprintln!(
            "omamori: warning: {what} will NOT be encrypted: anyone who reads {} can make your sign-in codes.",
            args.out.display()
        );
        if !args.yes && !confirm("Write it?")? {
            bail!("nothing was written: an unencrypted export needs --yes (or answer y)");
        }
    }
    let vault = vault_cmd::open_with_password(&args.opts)?;
    let accounts = vault.accounts();
    if accounts.is_empty() {
        bail!("the vault is empty; there is nothing to export");
    }
    let n = accounts.len();
    let out = &args.out;
    let password = match args.format {
        ExportFormat::Backup => Some(file_password(
            args.backup_password_file.as_deref(),
            "backup",
        )?),
        ExportFormat::Aegis => Some(file_password(
            args.backup_password_file.as_deref(),
            "Aegis file",
        )?),
        _ => None,
    };
    let options = ExportOptions {
        password: password.as_ref(),
        kdf: KdfParams::DEFAULT,
        per_code: usize::from(args.per_code),
        page_text: qr_page::PageText::default(),
    };
    // The one renderer the app uses too.
    let bytes = match export::render(args.format, accounts, &options)? {
        Rendered::Codes(codes) => {
            write_google(accounts, &codes, args, vault.path())?;
            return Ok(ExitCode::SUCCESS);
        }
        Rendered::File(bytes) => bytes,
    };
    write_private(out, &bytes, vault.path())?;
    match args.format {
        ExportFormat::Backup => {
            println!(
                "wrote {n} accounts to {} (Omamori backup, encrypted with the backup password)",
                out.display()
            );
            println!(
                "check it before wiping this computer: omamori verify-backup {}",
                out.display()
            );
        }
        ExportFormat::Aegis => println!(
            "wrote {n} accounts to {} (Aegis, encrypted with the file's password)",
            out.display()
        ),
        ExportFormat::AegisPlain => plain_written(n, out, "Aegis, not encrypted"),
        ExportFormat::Uri => plain_written(n, out, "otpauth URI list, not encrypted"),
        _ => plain_written(n, out, "printable QR page, not encrypted"),
    }
    Ok(ExitCode::SUCCESS)
}

fn plain_written(n: usize, out: &Path, what: &str) {
    println!("wrote {n} accounts to {} ({what})", out.display());
    println!(
        "this file unlocks every account in it: keep it offline and delete it once the accounts are moved"
    );
}

fn write_google(
    accounts: &[Account],
    export: &google::GoogleExport,
    args: &ExportArgs,
    vault: &Path,
) -> anyhow::Result<()> {
    let paths = google_paths(&args.out, export.images.len());
    for path in &paths {
        refuse_existing(path)?;
    }
    let mut written: Vec<&PathBuf> = Vec::new();
    for (path, image) in paths.iter().zip(&export.images) {
        if let Err(e) = write_private(path, image, vault) {
            // All or nothing: remove the codes already written.
            for done in written {
                let _ = std::fs::remove_file(done);
            }
            return Err(e);
        }
        written.push(path);
    }
    let exported = accounts.len() - export.unsupported.len();
    println!(
        "wrote {exported} accounts as {} Google Authenticator transfer QR codes ({} per code at most):",
        paths.len(),
        args.per_code
    );
    for (i, path) in paths.iter().enumerate() {
        println!("  {}/{}  {}", i + 1, paths.len(), path.display());
    }
    println!(
        "in Google Authenticator: Transfer accounts > Import accounts, then scan them in order; delete the images afterwards (they unlock the accounts)"
    );
    if !export.unsupported.is_empty() {
        println!(
            "{} accounts cannot be expressed in Google Authenticator's format and were NOT exported (use --format backup or aegis for them):",
            export.unsupported.len()
        );
        for (index, why) in &export.unsupported {
            println!("  {}: {why}", accounts[*index].label());
        }
    }
    Ok(())
}

// ---- import ----

/// Reads an import file, bounded like the importers.
fn read_bounded(path: &Path) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(omamori_transfer::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(bytes)
}

/// The text of every QR code in an image (a screenshot or photo of Google
/// Authenticator's transfer codes, or of a service's enrolment QR code), one
/// per line, for the registry to read as a migration or otpauth list.
fn qr_text(image_bytes: &[u8]) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let image = omamori_scan::decode_image(image_bytes)?;
    let scan = omamori_scan::scan_with(&image, &omamori_scan::Options::default());
    if scan.payloads.is_empty() {
        anyhow::bail!("no QR code found in the image");
    }
    Ok(Zeroizing::new(scan.payloads.join("\n").into_bytes()))
}

/// Imports one file: detect, decrypt (asking once for the password), convert.
fn import_file(
    path: &Path,
    format: Option<Format>,
    password_file: Option<&Path>,
) -> anyhow::Result<omamori_transfer::Imported> {
    let mut bytes = read_bounded(path)?;
    if format.is_none() && image::guess_format(&bytes).is_ok() {
        bytes = qr_text(&bytes).with_context(|| path.display().to_string())?;
    }
    let format = match format {
        Some(format) => format,
        None => registry::detect(&bytes)?.format,
    };
    match registry::import(&bytes, Some(format), None) {
        Err(ImportError::PasswordRequired { format }) => {
            let password = match password_file {
                Some(file) => vault_cmd::read_password_file(file)?,
                None => {
                    vault_cmd::prompt(&format!("Password of {} ({format} file): ", path.display()))?
                }
            };
            Ok(registry::import(
                &bytes,
                Some(format),
                Some(password.expose_secret()),
            )?)
        }
        other => Ok(other?),
    }
}

/// Runs `omamori import`.
pub fn import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format.trim() {
        "auto" | "" => None,
        name => Some(name.parse::<Format>().map_err(|e| {
            let names: Vec<&str> = Format::all().map(|f| f.id()).collect();
            anyhow!("{e}; use auto or one of: {}", names.join(", "))
        })?),
    };
    let (mut vault, unlocked) = vault_cmd::open_keeping_unlock(&args.opts)?;
    let now = vault_cmd::now();
    let mut failed = false;
    for path in &args.files {
        let imported = match import_file(path, format, args.source_password_file.as_deref()) {
            Ok(imported) => imported,
            Err(e) => {
                crate::advice::report(&e.context(format!("{}", path.display())));
                failed = true;
                continue;
            }
        };
        // The one import path (the app's too): report, one save, and with
        // --verify the vault re-opened from disk and every code compared.
        let reopen = args.verify.then(|| unlocked.unlock());
        let settlement = settle::settle(&mut vault, imported, now, reopen)
            .with_context(|| format!("cannot import into {}", vault.path().display()))?;
        failed |= print_report(path, &settlement) > 0;
        if let Some(result) = &settlement.verification {
            print_verification(result, now)?;
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints one file's report and returns how many entries were rejected.
fn print_report(path: &Path, settlement: &Settlement) -> usize {
    let (added, duplicates, rejected) = settlement.counts();
    println!(
        "{} ({}): {added} added, {duplicates} skipped as duplicate, {rejected} rejected",
        path.display(),
        settlement.format
    );
    for entry in &settlement.entries {
        let at = format!("#{}", entry.position);
        let label = &entry.label;
        match &entry.saved {
            Saved::Added(id) => println!("  added      {at} {label} ({id})"),
            Saved::Duplicate(Some(id)) => {
                println!("  duplicate  {at} {label} (already kept as {id})")
            }
            Saved::Duplicate(None) => println!("  duplicate  {at} {label}"),
            Saved::Rejected(why) => println!("  rejected   {at} {label}: {why}"),
        }
        for field in &entry.capped {
            println!(
                "             its {field} was longer than the vault keeps: shortened to {} bytes",
                field.max_bytes()
            );
        }
    }
    rejected
}

/// Prints the check of an import against the saved vault; an account that
/// did not verify is an error.
fn print_verification(result: &VerifyReport, now: u64) -> anyhow::Result<()> {
    for check in result.failures() {
        let why = match &check.outcome {
            CheckOutcome::Mismatch { differing } => {
                format!("differs in {}", differing.join(", "))
            }
            CheckOutcome::NotSaved => "not found in the saved vault".to_owned(),
            CheckOutcome::NoCode(e) => format!("no code: {e}"),
            _ => "did not verify".to_owned(),
        };
        println!("  NOT VERIFIED {} {}: {why}", check.id, check.label);
    }
    println!(
        "{} of {} verified (code from the file = code from the saved vault at {now})",
        result.verified(),
        result.total()
    );
    if !result.all_verified() {
        bail!(
            "{} imported accounts did not verify; check them with `omamori code ID` against the source app, or remove them with `omamori remove ID`",
            result.total() - result.verified()
        );
    }
    Ok(())
}

// ---- verify-backup ----

/// Runs `omamori verify-backup`.
pub fn verify_backup(args: &VerifyBackupArgs) -> anyhow::Result<ExitCode> {
    let vault = vault_cmd::open(&args.opts)?;
    let bytes = read_bounded(&args.file)?;
    omamori_vault::envelope::parse(&bytes)
        .with_context(|| format!("{} is not an Omamori backup", args.file.display()))?;
    let password = match &args.backup_password_file {
        Some(file) => vault_cmd::read_password_file(file)?,
        None => vault_cmd::prompt("Backup password: ")?,
    };
    let backup = omamori_vault::backup::open(&bytes, &password)
        .with_context(|| format!("cannot open the backup {}", args.file.display()))?;
    let now = vault_cmd::now();
    let cmp = verify::compare_backup(vault.accounts(), &backup, now);
    for name in &cmp.missing {
        println!("  missing from the backup: {name}");
    }
    for name in &cmp.extra {
        println!("  only in the backup: {name}");
    }
    for (name, fields) in &cmp.different {
        println!("  different: {name} ({})", fields.join(", "));
    }
    println!(
        "{} of {} vault accounts are in the backup, identical (same codes at {now}); {} missing, {} different, {} only in the backup",
        cmp.matching,
        vault.accounts().len(),
        cmp.missing.len(),
        cmp.different.len(),
        cmp.extra.len()
    );
    if !cmp.is_identical() {
        bail!(
            "the backup {} does not match the vault; make a new one with `omamori export --format backup`",
            args.file.display()
        );
    }
    println!("the backup opens with its password and holds every account");
    Ok(ExitCode::SUCCESS)
}
