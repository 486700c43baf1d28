//! `omamori parse URI...`: what a QR code's text holds, as JSON lines.
//! Reads otpauth:// and otpauth-migration:// URIs; `-` reads one per line
//! from standard input, skipping blank lines and `#` comments.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use clap::Args;
use omamori_otp::{Account, migration, payload};

use crate::account_json::AccountJson;
use crate::advice;

#[derive(Args)]
pub struct ParseArgs {
    /// URIs to decode, or `-` to read them from standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut handle = |label: String, text: &str| -> anyhow::Result<()> {
        match accounts_in(text) {
            Ok((accounts, rejected)) => {
                for account in &accounts {
                    serde_json::to_writer(&mut out, &AccountJson::new(account))?;
                    out.write_all(b"\n")?;
                }
                for (index, why) in rejected {
                    failed = true;
                    advice::report(
                        &anyhow!(why).context(format!("{label}, account {}", index + 1)),
                    );
                }
            }
            Err(error) => {
                failed = true;
                advice::report(&error.context(label));
            }
        }
        Ok(())
    };
    for (n, input) in args.inputs.iter().enumerate() {
        if input == "-" {
            for (line_no, line) in std::io::stdin().lock().lines().enumerate() {
                let line = line.context("reading standard input")?;
                let text = line.trim();
                if text.is_empty() || text.starts_with('#') {
                    continue;
                }
                handle(format!("line {}", line_no + 1), text)?;
            }
        } else {
            handle(format!("input {}", n + 1), input)?;
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

type Decoded = (Vec<Account>, Vec<(usize, migration::EntryError)>);

/// The payload router: the same verdict as every other door.
fn accounts_in(text: &str) -> anyhow::Result<Decoded> {
    let found = payload::accounts(text)?;
    Ok((found.accounts, found.rejected))
}
