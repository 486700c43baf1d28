//! `omamori`: the command-line front door to Omamori. Thin by design: each
//! subcommand parses its arguments, calls the crates, and prints. Library
//! errors stay typed; this binary turns them into one plain line with advice.

mod account_json;
mod advice;
mod code_cmd;
mod parse_cmd;
mod scan_cmd;
mod secret_arg;
mod transfer_cmd;
mod values;
mod vault_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Omamori (お守り): two-step verification codes from an encrypted vault.
#[derive(Parser)]
#[command(name = "omamori", version, about, long_about = None)]
#[command(propagate_version = true, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print codes: for a setup key (--key, like `oathtool --totp -b KEY`),
    /// or from the vault (QUERY).
    Code(code_cmd::CodeArgs),
    /// Decode otpauth:// and otpauth-migration:// URIs into JSON accounts.
    Parse(parse_cmd::ParseArgs),
    #[command(flatten)]
    Vault(vault_cmd::VaultCommand),
    /// Write the accounts to a file for another computer or app (asks for
    /// the vault password again).
    Export(transfer_cmd::ExportArgs),
    /// Add the accounts of export files (Omamori backups, Aegis, 2FAS,
    /// Google Authenticator, otpauth lists, …) to the vault.
    Import(transfer_cmd::ImportArgs),
    /// Open an Omamori backup with its password and compare every account
    /// with the vault.
    VerifyBackup(transfer_cmd::VerifyBackupArgs),
    /// Print the text of every QR code in images, on the screen or on the clipboard.
    Scan(scan_cmd::ScanArgs),
}

fn main() -> ExitCode {
    // Before anything reads a password or a secret: no core dumps, memory
    // closed to other processes (crates/harden).
    for problem in omamori_harden::harden_process() {
        eprintln!("omamori: note: {problem}");
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code_cmd::run(&args),
        Command::Parse(args) => parse_cmd::run(&args),
        Command::Vault(command) => vault_cmd::run(command),
        Command::Export(args) => transfer_cmd::export(&args),
        Command::Import(args) => transfer_cmd::import(&args),
        Command::VerifyBackup(args) => transfer_cmd::verify_backup(&args),
        Command::Scan(args) => scan_cmd::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            advice::report(&error);
            ExitCode::FAILURE
        }
    }
}
