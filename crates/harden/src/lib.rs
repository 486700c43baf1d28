//! Process hardening shared by the `omamori` command and the desktop app,
//! the one crate of the workspace that talks to the operating system about
//! our own process (docs/threat-model.md, "Memory and crashes").
//!
//! - [`harden_process`], called first thing in `main`: no core dumps (a
//!   crash must not write the master key and decrypted secrets to disk),
//!   and no reading of our memory by other processes of the same user
//!   where the OS has a switch for it. Best effort: what could not be done
//!   is returned for a note, never a reason to refuse to run.
//! - [`LockedBytes`]: a small buffer on a page of its own, locked in RAM
//!   (`mlock`, `VirtualLock`) where the limits allow, so keys are never
//!   written to swap, and wiped on drop.
//!
//! Linux is what runs here and in CI. The macOS and Windows parts are
//! written and reviewed against the platform documentation but cannot be
//! compiled or run on this project's machines; they are marked as such.
//!
//! `unsafe` is denied except for the two foreign calls that have no safe
//! wrapper (macOS `ptrace`, the Windows error-mode calls), each with its
//! reason beside it.
#![deny(unsafe_code)]

mod memory;
mod process;

pub use memory::LockedBytes;
pub use process::{Problem, harden_process};
