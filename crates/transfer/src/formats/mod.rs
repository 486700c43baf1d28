//! One module per foreign format. Each module's header links the format's
//! upstream source and lists what is lost in conversion; each defines one
//! unit struct implementing [`crate::Importer`].

pub mod aegis;
pub mod andotp;
mod android_prefs;
pub mod authy;
pub mod battlenet;
pub mod bitwarden_csv;
pub mod bitwarden_json;
pub mod duo;
pub mod ente;
pub mod freeotp_plus;
pub mod google_migration;
pub mod lastpass;
pub mod otpauth_list;
pub mod proton;
pub mod steam;
pub mod stratum;
pub mod totp_authenticator;
pub mod twofas;
