//! The one place Omamori reads the wall clock, for the two shells (the
//! `omamori` command and the desktop app) to share. Everything below the
//! shells takes `now` as an argument, so it stays testable at any moment;
//! this function only lives in a crate so that the CLI and the app cannot
//! disagree about what "now" is. It is here rather than in a crate of its
//! own because both shells already depend on `omamori-vault`, the crate
//! that touches the outside world (files, locks, the keyring); the pure
//! crates (`omamori-otp`, `omamori-transfer`) never call it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Unix seconds now. A clock set before 1970 reads as 0: the codes are then
/// wrong, which the person sees at once, and nothing is stored with it but
/// an account's "added" time.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
