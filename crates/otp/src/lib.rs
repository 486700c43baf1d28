//! The OTP engine of Omamori: one-time codes (HOTP, TOTP, Steam Guard),
//! setup keys, `otpauth://` Key URIs and Google Authenticator migration
//! payloads.
//!
//! This crate is pure. It does no I/O, reads no clock and keeps no global
//! state: the caller passes the time (Unix seconds) and gets values back.
//! Which function to reach for:
//!
//! - the text of a QR code, or a line of a file → [`payload::accounts`]
//!   (the one router: `otpauth://` gives one account, `otpauth-migration://`
//!   a batch); the rules are written in `docs/otpauth-rules.md`;
//! - typed setup key → [`Secret::from_setup_key`]; a typed number (digits,
//!   period, counter) → [`number`]; both read full-width text;
//! - an account back to text → [`uri::format`], [`migration::encode`];
//! - the code to show → [`Account::code_at`] and [`Account::next_code_at`].
//!
//! ```
//! use omamori_otp::{uri, Secret};
//!
//! // What a portal's QR code holds, and the code at a given moment.
//! let account = uri::parse(
//!     "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
//! )?;
//! assert_eq!(account.issuer, "Example");
//! let code = account.code_at(1_257_894_000)?;
//! assert_eq!(code.value, "528064");
//! assert_eq!(code.window.unwrap().valid_until, 1_257_894_000 + 30);
//!
//! // The same key typed by hand from the page (セットアップキー).
//! let typed = Secret::from_setup_key("jbsw y3dp ehpk 3pxp")?;
//! assert_eq!(typed, account.secret);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

mod account;
pub mod code;
mod input;
pub mod migration;
pub mod payload;
mod secret;
pub mod uri;

pub use account::{
    Account, AccountId, Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, InvalidAccountId, Kind, PERIODS,
    UNNAMED, UnknownAlgorithm, UnknownKind, label,
};
pub use code::{Code, CodeError, Window};
pub use input::number;
pub use secret::{
    KeyHint, MAX_SECRET_BYTES, MIN_SETUP_KEY_BITS, Secret, SetupKeyError, serde_exposed,
};
