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
pub mod freeotp;
pub mod freeotp2;
pub mod freeotp_plus;
pub mod google_authenticator_db;
pub mod google_migration;
mod java_serial;
pub mod lastpass;
pub mod microsoft_authenticator;
pub mod omamori_backup;
pub mod otpauth_list;
pub mod proton;
mod sqlite;
pub mod steam;
pub mod stratum;
pub mod stratum_db;
pub mod totp_authenticator;
pub mod twofas;
