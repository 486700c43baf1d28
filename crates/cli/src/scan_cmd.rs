//! `omamori scan IMAGE... | --screen | --clipboard`: print the text of every
//! QR code found, one per line, and nothing else; `--json` prints the
//! accounts they hold instead (the same objects as `omamori parse`), and
//! `--add` puts them in the vault.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, anyhow};
use clap::Args;
use omamori_otp::Account;
use omamori_scan::{Options, ScanError};

use crate::account_json::AccountJson;
use crate::advice;
use crate::vault_cmd::{self, VaultOpts};

#[derive(Args)]
#[command(group = clap::ArgGroup::new("source").required(true).multiple(false))]
pub struct ScanArgs {
    /// Image files (PNG, JPEG, BMP, WebP, GIF); `-` reads one from standard input.
    #[arg(value_name = "IMAGE", group = "source")]
    images: Vec<PathBuf>,
    /// Capture every monitor and scan the pictures (never written to disk on X11).
    #[arg(long, group = "source")]
    screen: bool,
    /// Scan the image on the clipboard (e.g. a screenshot taken with PrtSc).
    #[arg(long, group = "source")]
    clipboard: bool,
    /// Print the accounts the codes hold, one JSON object per line.
    #[arg(long)]
    json: bool,
    /// Print `decode_ms=` (and `capture_ms=` for --screen/--clipboard) on stderr.
    #[arg(long)]
    timing: bool,
    /// Add the accounts the codes hold to the vault and print each one's
    /// current code (duplicates are skipped and said so).
    #[arg(long, conflicts_with = "json")]
    add: bool,
    #[command(flatten)]
    vault: VaultOpts,
}

pub fn run(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    let options = Options::default();
    let mut payloads: Vec<String> = Vec::new();
    let mut failed = false;
    let mut truncated = false;
    let mut add = |scan: omamori_scan::Scan| {
        truncated |= scan.truncated;
        for p in scan.payloads {
            if !payloads.contains(&p) {
                payloads.push(p);
            }
        }
    };
    if args.screen {
        let captures = capture_screen(args.timing)?;
        for capture in captures {
            let (w, h) = capture.dimensions();
            let start = Instant::now();
            let scan = omamori_scan::scan_rgba(w, h, capture.as_raw(), &options)
                .context("the screen capture has an unexpected layout")?;
            if args.timing {
                eprintln!("decode_ms={:.1}", ms(start));
            }
            add(scan);
        }
    } else if args.clipboard {
        let image = read_clipboard(args.timing)?;
        let start = Instant::now();
        let scan = omamori_scan::scan_rgba(image.width(), image.height(), image.as_raw(), &options)
            .context("the clipboard image has an unexpected layout")?;
        if args.timing {
            eprintln!("decode_ms={:.1}", ms(start));
        }
        add(scan);
    } else {
        for path in &args.images {
            let loaded = if path.as_os_str() == "-" {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .take(omamori_scan::MAX_FILE_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .context("reading standard input")?;
                omamori_scan::decode_image(&bytes)
            } else {
                omamori_scan::load_image(path)
            };
            let image = match loaded {
                Ok(image) => image,
                Err(error) => {
                    failed = true;
                    advice::report(&anyhow::Error::new(error).context(path.display().to_string()));
                    continue;
                }
            };
            let start = Instant::now();
            let scan = omamori_scan::scan_with(&image, &options);
            if args.timing {
                eprintln!("decode_ms={:.1}", ms(start));
            }
            add(scan);
        }
    }
    if payloads.is_empty() {
        if !failed {
            let hint = if truncated {
                "the picture is very busy; crop it to the QR code and try again"
            } else {
                "make the whole QR code visible (zoom the page in if it is tiny) and try again, or type the setup key"
            };
            eprintln!("omamori: no QR code found ({hint})");
        }
        return Ok(ExitCode::FAILURE);
    }
    if !args.json && !args.add {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for payload in &payloads {
            writeln!(out, "{payload}")?;
        }
        return Ok(exit_code(failed));
    }
    let (accounts, unreadable) = accounts_in(&payloads);
    failed |= unreadable;
    if args.add {
        return Ok(exit_code(
            vault_cmd::add_all(accounts, &args.vault)? || failed,
        ));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for account in &accounts {
        serde_json::to_writer(&mut out, &AccountJson::new(account))?;
        out.write_all(b"\n")?;
    }
    Ok(exit_code(failed))
}

fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The accounts the payloads hold, in order. What cannot be read is
/// reported on stderr; the flag says whether anything was.
fn accounts_in(payloads: &[String]) -> (Vec<Account>, bool) {
    let mut accounts = Vec::new();
    let mut failed = false;
    for (n, payload) in payloads.iter().enumerate() {
        match omamori_scan::accounts(payload) {
            Ok(found) => {
                accounts.extend(found.accounts);
                for (index, why) in found.rejected {
                    failed = true;
                    advice::report(&anyhow!(why).context(format!(
                        "QR code {}, account {}",
                        n + 1,
                        index + 1
                    )));
                }
            }
            Err(error) => {
                failed = true;
                advice::report(&anyhow::Error::new(error).context(format!("QR code {}", n + 1)));
            }
        }
    }
    (accounts, failed)
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

#[cfg(feature = "screen")]
fn capture_screen(timing: bool) -> anyhow::Result<Vec<image::RgbaImage>> {
    let start = Instant::now();
    let captures = omamori_scan::screen::capture_all()?;
    if timing {
        eprintln!("capture_ms={:.1}", ms(start));
    }
    Ok(captures.into_iter().map(|c| c.image).collect())
}

#[cfg(not(feature = "screen"))]
fn capture_screen(_timing: bool) -> anyhow::Result<Vec<image::RgbaImage>> {
    anyhow::bail!(ScanError::ScreenUnavailable(
        "this omamori was built without screen capture".into()
    ))
}

#[cfg(feature = "clipboard")]
fn read_clipboard(timing: bool) -> anyhow::Result<image::RgbaImage> {
    let start = Instant::now();
    let image = omamori_scan::clipboard::read_image()?;
    if timing {
        eprintln!("capture_ms={:.1}", ms(start));
    }
    Ok(image)
}

#[cfg(not(feature = "clipboard"))]
fn read_clipboard(_timing: bool) -> anyhow::Result<image::RgbaImage> {
    anyhow::bail!(ScanError::ClipboardUnavailable(
        "this omamori was built without clipboard support".into()
    ))
}

/// What to do about an image or capture error.
pub fn advice(error: &ScanError) -> &'static str {
    match error {
        ScanError::NotAnImage | ScanError::UnsupportedFormat(_) => {
            "save the screenshot as PNG or JPEG and pass that file"
        }
        ScanError::TooLarge { .. } | ScanError::TooBig | ScanError::FileTooLarge { .. } => {
            "take a screenshot of just the part of the screen with the QR code"
        }
        ScanError::Truncated { .. } | ScanError::Corrupt { .. } => {
            "the file is damaged or still being written; take the screenshot again"
        }
        ScanError::Io(_) => "check the file name and that you may read the file",
        ScanError::ScreenUnavailable(_) => {
            "run omamori inside your desktop session (DISPLAY or WAYLAND_DISPLAY set), or save a screenshot and pass the file"
        }
        ScanError::CaptureRefused => {
            "allow the screenshot when the desktop asks, or save a screenshot and pass the file"
        }
        ScanError::ClipboardUnavailable(_) => {
            "run omamori inside your desktop session, or save the image and pass the file"
        }
        ScanError::ClipboardEmpty => {
            "copy a screenshot first (e.g. PrtSc or Shift+PrtSc), then try again"
        }
        _ => "save a screenshot and pass the file",
    }
}
