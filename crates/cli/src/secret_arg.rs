//! Secrets given on the command line (`--key`, `--uri`) without putting
//! them in the process list: `-` reads the value from standard input and
//! `@FILE` from a file (its first line either way); anything else is the
//! value itself, as before. Every command line is visible to other local
//! users (`ps`, `/proc/PID/cmdline`) while the command runs.

use std::io::BufRead;
use std::path::Path;

use anyhow::{Context, bail};
use zeroize::Zeroizing;

/// The longest line read: far above any setup key or otpauth URI (16 KiB).
const MAX_LINE: u64 = 64 * 1024;

/// The secret `value` names, for the option `what` (in messages only;
/// messages never include the value).
pub(crate) fn read(value: &str, what: &str) -> anyhow::Result<Zeroizing<String>> {
    let line = if value == "-" {
        first_line(std::io::stdin().lock())
            .with_context(|| format!("cannot read {what} from standard input"))?
    } else if let Some(path) = value.strip_prefix('@') {
        let file = std::fs::File::open(Path::new(path))
            .with_context(|| format!("cannot read {what} from {path}"))?;
        first_line(std::io::BufReader::new(file))
            .with_context(|| format!("cannot read {what} from {path}"))?
    } else {
        return Ok(Zeroizing::new(value.to_owned()));
    };
    if line.trim().is_empty() {
        bail!("{what}: nothing was read (an empty line)");
    }
    Ok(line)
}

fn first_line(reader: impl BufRead) -> std::io::Result<Zeroizing<String>> {
    let mut line = Zeroizing::new(String::new());
    reader.take(MAX_LINE).read_line(&mut line)?;
    let end = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(end);
    Ok(line)
}
