//! `omamori code --key KEY`: the code for a setup key, without a vault.
//! Behaves like `oathtool --totp -b KEY` (or `--hotp` with a counter).
//! Without `--key`, `omamori code [QUERY]` shows codes from the vault
//! (`vault_cmd::code`).

use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use omamori_otp::{Account, Algorithm, Kind, Secret};

use crate::values;

#[derive(Args)]
pub struct CodeArgs {
    /// The setup key (base32; spaces, hyphens, case and padding don't matter).
    /// `-` reads it from standard input and `@FILE` from a file, so it is
    /// not in the process list. Without it, codes come from the vault.
    #[arg(long, value_name = "SECRET")]
    key: Option<String>,
    /// Without --key: the vault account (id, or text in its issuer or name).
    #[arg(value_name = "QUERY", conflicts_with = "key")]
    query: Option<String>,
    #[command(flatten)]
    vault: crate::vault_cmd::CodeVaultArgs,
    /// HMAC algorithm.
    #[arg(long, default_value = "SHA1", value_parser = values::algorithm)]
    algorithm: Algorithm,
    /// Digits in the code (6 to 10).
    #[arg(long, default_value_t = 6, value_parser = values::number::<u8>)]
    digits: u8,
    /// Seconds each TOTP code is valid.
    #[arg(long, default_value_t = 30, value_parser = values::period)]
    period: u32,
    /// Compute the code for this moment (Unix seconds) instead of now.
    #[arg(long, value_name = "UNIX_SECONDS", value_parser = values::number::<u64>)]
    at: Option<u64>,
    /// Counter-based (HOTP) code; the counter defaults to 0.
    #[arg(long, conflicts_with = "steam")]
    hotp: bool,
    /// HOTP counter value (implies --hotp).
    #[arg(long, conflicts_with = "steam", value_parser = values::number::<u64>)]
    counter: Option<u64>,
    /// Steam Guard code (5 characters).
    #[arg(long)]
    steam: bool,
}

pub fn run(args: &CodeArgs) -> anyhow::Result<ExitCode> {
    let Some(key) = &args.key else {
        return crate::vault_cmd::code(args.query.as_deref(), args.at, &args.vault);
    };
    let key = crate::secret_arg::read(key, "--key")?;
    let secret = Secret::from_setup_key(&key).context("--key")?;
    let mut account = Account::totp("", "", secret);
    account.algorithm = args.algorithm;
    account.digits = args.digits;
    account.period = args.period;
    if args.steam {
        account.kind = Kind::Steam;
    } else if args.hotp || args.counter.is_some() {
        account.kind = Kind::Hotp;
        account.counter = args.counter.unwrap_or(0);
    }
    account.validate()?;
    let now = args.at.unwrap_or_else(omamori_vault::clock::now);
    println!("{}", account.code_at(now)?.value);
    Ok(ExitCode::SUCCESS)
}
