//! `omamori`: the command-line front door to Omamori. Thin by design: each
//! subcommand parses its arguments, calls the crates, and prints. Library
//! errors stay typed; this binary turns them into one plain line with advice.

mod account_json;
mod advice;
mod code_cmd;
mod parse_cmd;
mod scan_cmd;

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
    /// Print the code for a setup key, like `oathtool --totp -b KEY`.
    Code(code_cmd::CodeArgs),
    /// Decode otpauth:// and otpauth-migration:// URIs into JSON accounts.
    Parse(parse_cmd::ParseArgs),
    /// Print the text of every QR code in images, on the screen or on the clipboard.
    Scan(scan_cmd::ScanArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code_cmd::run(&args),
        Command::Parse(args) => parse_cmd::run(&args),
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
