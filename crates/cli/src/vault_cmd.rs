//! The vault commands: `init`, `add`, `list`, `code [QUERY]` (the vault form
//! of `code`), `next`, `remove` (to the trash), `trash`, `restore`,
//! `rename`, `passwd`, `keyring enable|disable`.
//!
//! Every command takes `--vault PATH` (or `OMAMORI_VAULT`; default: the OS
//! data directory) and reads the password from a hidden prompt or from
//! `--password-file FILE` (first line). A vault with a keyring slot is
//! opened through the keyring first; any keyring problem is reported as a
//! note and the password is used instead. `OMAMORI_KEYRING` (or
//! `--keyring`) picks the backend: `platform`, `secret-service`,
//! `keyutils`, or `off`.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use omamori_otp::{Account, AccountId, Algorithm, Kind, Secret};
use omamori_vault::{
    AccountEdit, AddOutcome, Error as VaultError, KdfParams, KeyStore, KeyringBackend, OsKeyring,
    Unlock, Vault,
};
use secrecy::SecretString;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::{advice, values};

/// Where the vault is and how to unlock it (shared by every vault command).
#[derive(Args, Debug, Clone, Default)]
pub struct VaultOpts {
    /// The vault file [default: the OS data directory, e.g. ~/.local/share/omamori/vault.json].
    #[arg(long, value_name = "PATH", env = "OMAMORI_VAULT", global = true)]
    pub vault: Option<PathBuf>,
    /// Read the vault password from the first line of FILE instead of asking.
    #[arg(long, value_name = "FILE", global = true)]
    pub password_file: Option<PathBuf>,
    /// Keyring backend: platform, secret-service, keyutils, or off
    /// [default: the one the vault's keyring slot names, else platform].
    #[arg(
        long = "keyring",
        value_name = "BACKEND",
        env = "OMAMORI_KEYRING",
        global = true
    )]
    pub keyring: Option<String>,
}

/// Argon2id parameters for a new password slot.
#[derive(Args, Debug, Clone)]
pub struct KdfOpts {
    /// Argon2id memory in KiB for the password slot (default 65536 = 64 MiB).
    /// Lower values weaken the vault; meant for tests and very old machines.
    #[arg(long, value_name = "KIB", default_value_t = KdfParams::DEFAULT.memory_kib)]
    kdf_memory_kib: u32,
    /// Argon2id passes (default 3).
    #[arg(long, value_name = "N", default_value_t = KdfParams::DEFAULT.iterations)]
    kdf_iterations: u32,
    /// Argon2id lanes (default 4).
    #[arg(long, value_name = "N", default_value_t = KdfParams::DEFAULT.lanes)]
    kdf_lanes: u32,
}

impl KdfOpts {
    fn params(&self) -> KdfParams {
        let params = KdfParams {
            memory_kib: self.kdf_memory_kib,
            iterations: self.kdf_iterations,
            lanes: self.kdf_lanes,
        };
        if !params.is_at_least_default() {
            eprintln!(
                "omamori: warning: Argon2id parameters below the default (64 MiB, 3 passes) make the password easier to guess"
            );
        }
        params
    }
}

/// The vault subcommands, flattened into the top-level command list.
#[derive(Subcommand, Debug)]
pub enum VaultCommand {
    /// Create a new, empty vault protected by a password.
    Init {
        /// Do not remember the vault in the OS keyring (password only).
        #[arg(long)]
        no_keyring: bool,
        #[command(flatten)]
        kdf: KdfOpts,
        #[command(flatten)]
        opts: VaultOpts,
    },
    /// Add an account from an otpauth:// URI or a setup key.
    Add(AddArgs),
    /// List the accounts (no secrets, no codes).
    List {
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        opts: VaultOpts,
    },
    /// Advance an HOTP account's counter, save, and print the new code.
    Next {
        /// Account id, or text found in the issuer or account name.
        query: String,
        #[command(flatten)]
        opts: VaultOpts,
    },
    /// Delete one account: it goes to the trash, from which `omamori
    /// restore` brings it back for the next 30 days (see `omamori trash`).
    Remove {
        /// Account id, or text found in the issuer or account name.
        query: String,
        #[command(flatten)]
        opts: VaultOpts,
    },
    /// List the deleted accounts in the trash (no secrets), or purge them
    /// for good (asks for the vault password).
    Trash {
        #[command(subcommand)]
        action: Option<TrashAction>,
        /// Print a JSON array of {id, issuer, account, kind, deleted, expires}.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        opts: VaultOpts,
    },
    /// Bring a deleted account back from the trash, with its secret,
    /// counter and creation time.
    Restore {
        /// Account id, or text found in the issuer or account name (of the
        /// accounts in the trash).
        query: String,
        #[command(flatten)]
        opts: VaultOpts,
    },
    /// Change an account's issuer, account name or note.
    Rename {
        /// Account id, or text found in the issuer or account name.
        query: String,
        /// New issuer (service name).
        #[arg(long)]
        issuer: Option<String>,
        /// New account name.
        #[arg(long)]
        account: Option<String>,
        /// New note ("" clears it).
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        opts: VaultOpts,
    },
    /// Change the vault password (the vault is re-encrypted under a new key).
    Passwd {
        /// Read the new password from the first line of FILE instead of asking.
        #[arg(long, value_name = "FILE")]
        new_password_file: Option<PathBuf>,
        #[command(flatten)]
        kdf: KdfOpts,
        #[command(flatten)]
        opts: VaultOpts,
    },
    /// Remember the vault in the OS keyring, or forget it.
    Keyring {
        #[command(subcommand)]
        action: KeyringAction,
        #[command(flatten)]
        opts: VaultOpts,
    },
}

#[derive(Subcommand, Debug, Clone)]
pub enum TrashAction {
    /// Delete one account in the trash for good (asks for the password).
    Purge {
        /// Account id, or text found in the issuer or account name.
        query: String,
    },
    /// Delete every account in the trash for good (asks for the password).
    Empty,
    /// How many days deleted accounts are kept (1 to 3650; default 30).
    Days {
        /// Days to keep deleted accounts.
        days: u32,
    },
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum KeyringAction {
    /// Unlock this vault without the password on this computer.
    Enable,
    /// Require the password again: re-encrypt the vault under a new key and
    /// delete the keyring entry (exit 2 if the entry could not be deleted).
    Disable,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// The otpauth:// URI from the QR code; `-` reads it from standard
    /// input and `@FILE` from a file, so it is not in the process list.
    #[arg(long, conflicts_with_all = ["key", "issuer", "account", "algorithm", "digits", "period", "counter", "steam", "hotp"])]
    uri: Option<String>,
    /// The setup key (base32). `-` reads it from standard input and `@FILE`
    /// from a file: command lines are visible to other local users.
    #[arg(long, value_name = "KEY", required_unless_present = "uri")]
    key: Option<String>,
    /// The service name, e.g. "Pep Up".
    #[arg(long, default_value = "")]
    issuer: String,
    /// The account name at the service, e.g. an email address.
    #[arg(long, default_value = "")]
    account: String,
    /// HMAC algorithm (SHA1, SHA256, SHA512).
    #[arg(long, value_parser = values::algorithm)]
    algorithm: Option<Algorithm>,
    /// Digits in the code (6 to 10).
    #[arg(long, value_parser = values::number::<u8>)]
    digits: Option<u8>,
    /// Seconds each code is valid (1 to 86400).
    #[arg(long, value_parser = values::period)]
    period: Option<u32>,
    /// Counter-based (HOTP) account.
    #[arg(long, conflicts_with = "steam")]
    hotp: bool,
    /// HOTP counter (implies --hotp).
    #[arg(long, conflicts_with = "steam", value_parser = values::number::<u64>)]
    counter: Option<u64>,
    /// Steam Guard account.
    #[arg(long)]
    steam: bool,
    /// A note about the account.
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    opts: VaultOpts,
}

/// The vault part of `omamori code`: QUERY, --all, --json and the vault options.
#[derive(Args, Debug, Clone, Default)]
pub struct CodeVaultArgs {
    /// With several matches (or no QUERY), show them all instead of failing.
    #[arg(long)]
    pub all: bool,
    /// Print a JSON array of {id, issuer, account, kind, code, valid_from, valid_until}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub opts: VaultOpts,
}

pub(crate) use omamori_vault::clock::now;

/// Runs one vault subcommand.
pub fn run(command: VaultCommand) -> anyhow::Result<ExitCode> {
    match command {
        VaultCommand::Init {
            no_keyring,
            kdf,
            opts,
        } => init(&opts, no_keyring, &kdf),
        VaultCommand::Add(args) => add(args),
        VaultCommand::List { json, opts } => list(&opts, json),
        VaultCommand::Next { query, opts } => next(&opts, &query),
        VaultCommand::Remove { query, opts } => remove(&opts, &query),
        VaultCommand::Trash { action, json, opts } => trash(&opts, action, json),
        VaultCommand::Restore { query, opts } => restore(&opts, &query),
        VaultCommand::Rename {
            query,
            issuer,
            account,
            note,
            opts,
        } => rename(&opts, &query, issuer, account, note),
        VaultCommand::Passwd {
            new_password_file,
            kdf,
            opts,
        } => passwd(&opts, new_password_file.as_deref(), &kdf),
        VaultCommand::Keyring { action, opts } => keyring(&opts, action),
    }
}

pub(crate) fn vault_path(opts: &VaultOpts) -> anyhow::Result<PathBuf> {
    match &opts.vault {
        Some(path) => Ok(path.clone()),
        None => omamori_vault::default_vault_path().ok_or_else(|| {
            anyhow!("cannot find a home directory for the default vault; give --vault PATH")
        }),
    }
}

/// The keyring choice: `None` = off.
fn chosen_backend(
    opts: &VaultOpts,
    slot_backend: Option<&str>,
) -> anyhow::Result<Option<KeyringBackend>> {
    match opts.keyring.as_deref() {
        Some("off") => Ok(None),
        Some(name) => Ok(Some(name.parse().context("--keyring / OMAMORI_KEYRING")?)),
        None => Ok(Some(match slot_backend {
            Some(name) => name.parse().unwrap_or(KeyringBackend::Platform),
            None => KeyringBackend::Platform,
        })),
    }
}

pub(crate) fn read_password_file(path: &Path) -> anyhow::Result<SecretString> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read the password file {}", path.display()))?;
    let mut line = Zeroizing::new(String::new());
    std::io::BufReader::new(file)
        .read_line(&mut line)
        .with_context(|| format!("cannot read the password file {}", path.display()))?;
    let password = line.trim_end_matches(['\n', '\r']);
    if password.is_empty() {
        bail!("the password file {} is empty", path.display());
    }
    Ok(SecretString::from(password.to_owned()))
}

pub(crate) fn prompt(label: &str) -> anyhow::Result<SecretString> {
    if !std::io::stdin().is_terminal() && !Path::new("/dev/tty").exists() {
        bail!("no terminal to ask for the password; use --password-file FILE");
    }
    let text = Zeroizing::new(
        rpassword::prompt_password(label)
            .context("cannot ask for the password (no terminal?); use --password-file FILE")?,
    );
    if text.is_empty() {
        bail!("the password is empty");
    }
    Ok(SecretString::from(text.as_str().to_owned()))
}

/// A password for a new vault or slot: from a file, or asked twice.
fn new_password(file: Option<&Path>) -> anyhow::Result<SecretString> {
    if let Some(file) = file {
        return read_password_file(file);
    }
    use secrecy::ExposeSecret;
    let first = prompt("New vault password: ")?;
    let second = prompt("Repeat the password: ")?;
    if first.expose_secret() != second.expose_secret() {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(first)
}

pub(crate) fn existing_password(opts: &VaultOpts) -> anyhow::Result<SecretString> {
    match &opts.password_file {
        Some(file) => read_password_file(file),
        None => prompt("Vault password: "),
    }
}

/// Opens the vault: keyring slot first (if any and not switched off), then
/// the password. Keyring trouble is a note, never a failure.
pub(crate) fn open(opts: &VaultOpts) -> anyhow::Result<Vault> {
    Ok(open_keeping_unlock(opts)?.0)
}

/// How a vault was unlocked, kept so it can be opened again (to read back
/// what was saved) without asking twice.
pub(crate) enum Unlocked {
    Password(SecretString),
    Keyring(OsKeyring),
}

impl Unlocked {
    pub(crate) fn unlock(&self) -> Unlock<'_> {
        match self {
            Unlocked::Password(p) => Unlock::Password(p),
            Unlocked::Keyring(k) => Unlock::Keyring(k),
        }
    }
}

/// Opens the vault with its password only, never the keyring: for
/// commands that expose secrets (exports), which must ask for it again.
pub(crate) fn open_with_password(opts: &VaultOpts) -> anyhow::Result<Vault> {
    let path = vault_path(opts)?;
    Vault::probe(&path).with_context(|| format!("cannot open {}", path.display()))?;
    let password = existing_password(opts)?;
    Vault::open(&path, Unlock::Password(&password))
        .with_context(|| format!("cannot open {}", path.display()))
}

/// [`open`], also returning how the vault was unlocked.
pub(crate) fn open_keeping_unlock(opts: &VaultOpts) -> anyhow::Result<(Vault, Unlocked)> {
    let path = vault_path(opts)?;
    let info = Vault::probe(&path).with_context(|| format!("cannot open {}", path.display()))?;
    if let Some(slot_backend) = info.keyring_backend.as_deref()
        && let Some(backend) = chosen_backend(opts, Some(slot_backend))?
    {
        let keyring = OsKeyring::new(backend);
        match Vault::open(&path, Unlock::Keyring(&keyring)) {
            Ok(vault) => return Ok((vault, Unlocked::Keyring(keyring))),
            Err(VaultError::Keyring(e)) => {
                eprintln!("omamori: note: {e}; using the password instead");
            }
            Err(e) => {
                return Err(e).with_context(|| format!("cannot open {}", path.display()));
            }
        }
    }
    let password = existing_password(opts)?;
    let vault = Vault::open(&path, Unlock::Password(&password))
        .with_context(|| format!("cannot open {}", path.display()))?;
    Ok((vault, Unlocked::Password(password)))
}

fn init(opts: &VaultOpts, no_keyring: bool, kdf: &KdfOpts) -> anyhow::Result<ExitCode> {
    let path = vault_path(opts)?;
    if path.exists() {
        return Err(VaultError::AlreadyExists { path }.into());
    }
    let params = kdf.params();
    let password = new_password(opts.password_file.as_deref())?;
    let mut vault = Vault::create(&path, &password, params)
        .with_context(|| format!("cannot create {}", path.display()))?;
    println!("created {}", path.display());
    if !no_keyring && let Some(backend) = chosen_backend(opts, None)? {
        match vault.enable_keyring(&OsKeyring::new(backend)) {
            Ok(()) => {
                println!("remembered in the {backend} keyring (omamori keyring disable to undo)")
            }
            Err(VaultError::Keyring(e)) => eprintln!(
                "omamori: note: {e}; the vault opens with its password only (run `omamori keyring enable` later)"
            ),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The account `add --key` describes.
fn typed_account(args: &AddArgs) -> anyhow::Result<Account> {
    let key = crate::secret_arg::read(args.key.as_deref().unwrap_or_default(), "--key")?;
    let secret = Secret::from_setup_key(&key).context("--key")?;
    let mut account = Account::totp(args.issuer.clone(), args.account.clone(), secret);
    if let Some(algorithm) = args.algorithm {
        account.algorithm = algorithm;
    }
    if let Some(digits) = args.digits {
        account.digits = digits;
    }
    if let Some(period) = args.period {
        account.period = period;
    }
    if args.steam {
        account.kind = Kind::Steam;
    } else if args.hotp || args.counter.is_some() {
        account.kind = Kind::Hotp;
        account.counter = args.counter.unwrap_or(0);
    }
    account.note = args.note.clone();
    account.validate()?;
    Ok(account)
}

fn add(args: AddArgs) -> anyhow::Result<ExitCode> {
    if let Some(uri) = &args.uri {
        // The text of a QR code: the payload router, as `scan --add` reads
        // it (a transfer batch adds all its accounts).
        let uri = crate::secret_arg::read(uri, "--uri")?;
        let found = omamori_otp::payload::accounts(&uri).context("--uri")?;
        let mut failed = false;
        for (index, why) in found.rejected {
            failed = true;
            advice::report(&anyhow!(why).context(format!("--uri, account {}", index + 1)));
        }
        let mut accounts = found.accounts;
        for account in &mut accounts {
            account.note.clone_from(&args.note);
        }
        failed |= add_all(accounts, &args.opts)?;
        return Ok(if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    let account = typed_account(&args)?;
    let mut vault = open(&args.opts)?;
    let now = now();
    let id = vault.add(account, now)?;
    let added = vault.account(id).expect("the account was just added");
    let code = added.code_at(now)?;
    println!("added {id} {}: code {}", added.label(), code.value);
    Ok(ExitCode::SUCCESS)
}

/// `scan --add` and `add --uri`: the accounts go into the vault in one
/// save, and each one's current code is printed; duplicates are said so.
/// Returns whether any account was refused.
pub(crate) fn add_all(accounts: Vec<Account>, opts: &VaultOpts) -> anyhow::Result<bool> {
    let mut failed = false;
    if accounts.is_empty() {
        return Ok(true);
    }
    let mut vault = open(opts)?;
    let now = now();
    let outcomes = vault.add_many(accounts.clone(), now)?;
    for (account, outcome) in accounts.iter().zip(outcomes) {
        match outcome {
            AddOutcome::Added(id) => {
                let code = account.code_at(now)?;
                println!("added {id} {}: code {}", account.label(), code.value);
            }
            AddOutcome::Duplicate(id) => {
                println!("already in the vault as {id}: {}", account.label());
            }
            AddOutcome::Invalid(why) => {
                failed = true;
                advice::report(&anyhow!(why).context(account.label()));
            }
            _ => {
                failed = true;
                advice::report(&anyhow!("not added").context(account.label()));
            }
        }
    }
    Ok(failed)
}

#[derive(Serialize)]
struct ListJson<'a> {
    id: String,
    issuer: &'a str,
    account: &'a str,
    kind: &'static str,
    algorithm: &'static str,
    digits: u8,
    period: Option<u32>,
    counter: Option<u64>,
    note: Option<&'a str>,
    group: Option<&'a str>,
    created: u64,
}

fn list(opts: &VaultOpts, json: bool) -> anyhow::Result<ExitCode> {
    let vault = open(opts)?;
    if json {
        let items: Vec<ListJson<'_>> = vault
            .accounts()
            .iter()
            .map(|a| ListJson {
                id: a.id.to_string(),
                issuer: &a.issuer,
                account: &a.name,
                kind: a.kind.as_str(),
                algorithm: a.algorithm.as_str(),
                digits: a.code_length(),
                period: (a.kind != Kind::Hotp).then_some(a.period),
                counter: (a.kind == Kind::Hotp).then_some(a.counter),
                note: a.note.as_deref(),
                group: a.group.as_deref(),
                created: a.created,
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
    } else if vault.accounts().is_empty() {
        eprintln!("the vault is empty; add an account with `omamori add`");
    } else {
        for a in vault.accounts() {
            println!("{}  {:5}  {}", a.id, a.kind.as_str(), a.label());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Accounts matching QUERY: an exact id, else issuer/account substrings
/// (case-insensitive).
fn find<'a>(accounts: &'a [Account], query: &str) -> Vec<&'a Account> {
    if let Ok(id) = query.parse::<AccountId>()
        && let Some(a) = accounts.iter().find(|a| a.id == id)
    {
        return vec![a];
    }
    let needle = query.to_lowercase();
    accounts
        .iter()
        .filter(|a| {
            a.issuer.to_lowercase().contains(&needle)
                || a.name.to_lowercase().contains(&needle)
                || a.id.to_string().starts_with(&needle)
        })
        .collect()
}

fn find_one<'a>(accounts: &'a [Account], query: &str) -> anyhow::Result<&'a Account> {
    let found = find(accounts, query);
    match found.as_slice() {
        [one] => Ok(one),
        [] => bail!("no account matches {query:?} (see `omamori list`)"),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|a| format!("{} {}", a.id, a.label()))
                .collect();
            bail!(
                "{} accounts match {query:?}; give more of the name or the id:\n  {}",
                many.len(),
                names.join("\n  ")
            )
        }
    }
}

#[derive(Serialize)]
struct CodeJson<'a> {
    id: String,
    issuer: &'a str,
    account: &'a str,
    kind: &'static str,
    code: String,
    valid_from: Option<u64>,
    valid_until: Option<u64>,
    counter: Option<u64>,
}

/// `omamori code [QUERY]` without `--key`: codes from the vault.
pub fn code(
    query: Option<&str>,
    at: Option<u64>,
    args: &CodeVaultArgs,
) -> anyhow::Result<ExitCode> {
    let vault = open(&args.opts)?;
    let now = match at {
        Some(at) => at,
        None => now(),
    };
    let selected: Vec<&Account> = match query {
        Some(q) if args.all => {
            let found = find(vault.accounts(), q);
            if found.is_empty() {
                bail!("no account matches {q:?} (see `omamori list`)");
            }
            found
        }
        Some(q) => vec![find_one(vault.accounts(), q)?],
        None => vault.accounts().iter().collect(),
    };
    let mut rows = Vec::with_capacity(selected.len());
    for account in &selected {
        let code = account
            .code_at(now)
            .with_context(|| format!("account {}", account.id))?;
        rows.push((account, code));
    }
    if args.json {
        let items: Vec<CodeJson<'_>> = rows
            .iter()
            .map(|(a, c)| CodeJson {
                id: a.id.to_string(),
                issuer: &a.issuer,
                account: &a.name,
                kind: a.kind.as_str(),
                code: c.value.clone(),
                valid_from: c.window.map(|w| w.valid_from),
                valid_until: c.window.map(|w| w.valid_until),
                counter: (a.kind == Kind::Hotp).then_some(a.counter),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
    } else if query.is_some() && !args.all {
        // One account: just the code, like `oathtool`, for scripts.
        println!("{}", rows[0].1.value);
    } else if rows.is_empty() {
        eprintln!("the vault is empty; add an account with `omamori add`");
    } else {
        for (a, c) in &rows {
            let left = match c.window {
                Some(w) => format!("{:>3}s", w.valid_until.saturating_sub(now)),
                None => "hotp".to_owned(),
            };
            println!("{}  {left}  {}", c.value, a.label());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn next(opts: &VaultOpts, query: &str) -> anyhow::Result<ExitCode> {
    let mut vault = open(opts)?;
    let id = find_one(vault.accounts(), query)?.id;
    let account = vault.advance_counter(id)?;
    println!("{}", account.code_at(now())?.value);
    Ok(ExitCode::SUCCESS)
}

fn remove(opts: &VaultOpts, query: &str) -> anyhow::Result<ExitCode> {
    let mut vault = open(opts)?;
    let id = find_one(vault.accounts(), query)?.id;
    let removed = vault.remove(id, now())?;
    println!(
        "moved {id} {} to the trash (kept {} days; `omamori restore {id}` brings it back)",
        removed.label(),
        vault.trash_days()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct TrashJson<'a> {
    id: String,
    issuer: &'a str,
    account: &'a str,
    kind: &'static str,
    /// Unix seconds.
    deleted: u64,
    /// Unix seconds after which a save drops it for good.
    expires: u64,
}

fn trash(opts: &VaultOpts, action: Option<TrashAction>, json: bool) -> anyhow::Result<ExitCode> {
    let (mut vault, unlocked) = open_keeping_unlock(opts)?;
    // Purging cannot be undone: it asks for the password even when the
    // keyring opened the vault (the library checks it).
    let password = |unlocked: Unlocked| match unlocked {
        Unlocked::Password(password) => Ok(password),
        Unlocked::Keyring(_) => existing_password(opts),
    };
    match action {
        None => {
            // Entries past their retention go now rather than being listed.
            vault.expire_trash(now())?;
            let keep = u64::from(vault.trash_days()) * 86_400;
            if json {
                let items: Vec<TrashJson<'_>> = vault
                    .trash()
                    .iter()
                    .map(|t| TrashJson {
                        id: t.account.id.to_string(),
                        issuer: &t.account.issuer,
                        account: &t.account.name,
                        kind: t.account.kind.as_str(),
                        deleted: t.deleted,
                        expires: t.deleted.saturating_add(keep),
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&items)?);
            } else if vault.trash().is_empty() {
                eprintln!("the trash is empty");
            } else {
                let now = now();
                for t in vault.trash() {
                    let left = t.deleted.saturating_add(keep).saturating_sub(now) / 86_400;
                    println!(
                        "{}  {:5}  {left:>3} days left  {}",
                        t.account.id,
                        t.account.kind.as_str(),
                        t.account.label()
                    );
                }
            }
        }
        Some(TrashAction::Purge { query }) => {
            let id = find_one_trashed(&vault, &query)?;
            let password = password(unlocked)?;
            let purged = vault.purge(id, &password)?;
            println!("deleted {id} {} for good", purged.label());
        }
        Some(TrashAction::Empty) => {
            if vault.trash().is_empty() {
                eprintln!("the trash is empty");
                return Ok(ExitCode::SUCCESS);
            }
            let password = password(unlocked)?;
            let count = vault.empty_trash(&password)?;
            println!("deleted {count} accounts from the trash for good");
        }
        Some(TrashAction::Days { days }) => {
            vault.set_trash_days(days)?;
            vault.expire_trash(now())?;
            println!("deleted accounts are now kept {days} days");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn find_one_trashed(vault: &Vault, query: &str) -> anyhow::Result<AccountId> {
    let trashed: Vec<Account> = vault.trash().iter().map(|t| t.account.clone()).collect();
    match find_one(&trashed, query) {
        Ok(account) => Ok(account.id),
        Err(_) if trashed.is_empty() => bail!("the trash is empty"),
        Err(e) => Err(anyhow!(
            e.to_string().replace("omamori list", "omamori trash")
        )),
    }
}

fn restore(opts: &VaultOpts, query: &str) -> anyhow::Result<ExitCode> {
    let mut vault = open(opts)?;
    let id = find_one_trashed(&vault, query)?;
    let restored = vault.restore(id)?;
    println!("restored {id} {}", restored.label());
    Ok(ExitCode::SUCCESS)
}

fn rename(
    opts: &VaultOpts,
    query: &str,
    issuer: Option<String>,
    account: Option<String>,
    note: Option<String>,
) -> anyhow::Result<ExitCode> {
    if issuer.is_none() && account.is_none() && note.is_none() {
        bail!("nothing to change: give --issuer, --account or --note");
    }
    let mut vault = open(opts)?;
    let id = find_one(vault.accounts(), query)?.id;
    let edit = AccountEdit {
        issuer,
        name: account,
        note: note.map(|n| (!n.is_empty()).then_some(n)),
        group: None,
    };
    vault.edit(id, edit)?;
    let edited = vault.account(id).expect("the account was just edited");
    println!("renamed {id} to {}", edited.label());
    Ok(ExitCode::SUCCESS)
}

fn passwd(opts: &VaultOpts, new_file: Option<&Path>, kdf: &KdfOpts) -> anyhow::Result<ExitCode> {
    let mut vault = open(opts)?;
    let params = kdf.params();
    let password = new_password(new_file)?;
    let store = match (
        vault.keyring_backend(),
        chosen_backend(opts, vault.keyring_backend())?,
    ) {
        (Some(_), Some(backend)) => Some(OsKeyring::new(backend)),
        _ => None,
    };
    let dropped = vault.change_password(
        &password,
        params,
        store.as_ref().map(|s| s as &dyn KeyStore),
    )?;
    println!("password changed");
    if let Some(e) = dropped {
        eprintln!(
            "omamori: note: {e}; the keyring slot was removed (run `omamori keyring enable` to add it again)"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn keyring(opts: &VaultOpts, action: KeyringAction) -> anyhow::Result<ExitCode> {
    // Both directions ask for the password, never the keyring: whoever can
    // read the keyring must not be able to turn the keyring slot on for
    // another backend, nor keep it on by answering for the password.
    let path = vault_path(opts)?;
    Vault::probe(&path).with_context(|| format!("cannot open {}", path.display()))?;
    let password = existing_password(opts)?;
    let mut vault = Vault::open(&path, Unlock::Password(&password))
        .with_context(|| format!("cannot open {}", path.display()))?;
    match action {
        KeyringAction::Enable => {
            let Some(backend) = chosen_backend(opts, None)? else {
                bail!("the keyring is switched off (--keyring off / OMAMORI_KEYRING=off)");
            };
            vault.enable_keyring(&OsKeyring::new(backend))?;
            println!("remembered in the {backend} keyring");
        }
        KeyringAction::Disable => {
            let store = chosen_backend(opts, vault.keyring_backend())?.map(OsKeyring::new);
            let problem =
                vault.disable_keyring(&password, store.as_ref().map(|s| s as &dyn KeyStore))?;
            println!(
                "the vault now needs its password; it was re-encrypted under a new key, so the old keyring key opens no later copy"
            );
            if let Some(e) = problem {
                eprintln!(
                    "omamori: warning: could not delete the keyring entry: {e}; remove the \"{}\" entry of service \"omamori\" by hand (it opens only copies saved before now)",
                    format_args!("vault-{}", vault.vault_id())
                );
                return Ok(ExitCode::from(2));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
