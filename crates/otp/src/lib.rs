//! The OTP engine of Omamori: one-time codes (HOTP, TOTP, Steam Guard),
//! setup keys, `otpauth://` Key URIs and Google Authenticator migration
//! payloads.
//!
//! This crate is pure. It does no I/O, reads no clock and keeps no global
//! state: the caller passes the time (Unix seconds) and gets values back.
//! Which function to reach for:
//!
//! - typed setup key → [`Secret::from_setup_key`];
//! - `otpauth://…` text → [`uri::parse`], and back with [`uri::format`];
//! - `otpauth-migration://…` → [`migration::decode`] / [`migration::encode`];
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
pub mod migration;
mod secret;
pub mod uri;

pub use account::{
    Account, AccountId, Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, InvalidAccountId, Kind,
    UnknownAlgorithm,
};
pub use code::{Code, CodeError, Window};
pub use secret::{MAX_SECRET_BYTES, MIN_SETUP_KEY_BITS, Secret, SetupKeyError, serde_exposed};
