//! The JSON form of an account that `parse` and `scan --json` print. It
//! carries the secret on purpose: these commands exist to show what a QR code
//! holds, and they print only what the user handed them.

use omamori_otp::{Account, Kind, Secret};
use serde::Serialize;

/// One account as a JSON object. `period` is null for HOTP and `counter` is
/// null for anything but HOTP, as in the interop fixtures.
#[derive(Serialize)]
pub struct AccountJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    issuer: &'a str,
    account: &'a str,
    #[serde(serialize_with = "exposed")]
    secret: &'a Secret,
    algorithm: &'static str,
    digits: u8,
    period: Option<u32>,
    counter: Option<u64>,
}

impl<'a> AccountJson<'a> {
    pub fn new(account: &'a Account) -> Self {
        AccountJson {
            kind: account.kind.as_str(),
            issuer: &account.issuer,
            account: &account.name,
            secret: &account.secret,
            algorithm: account.algorithm.as_str(),
            digits: account.code_length(),
            period: (account.kind != Kind::Hotp).then_some(account.period),
            counter: (account.kind == Kind::Hotp).then_some(account.counter),
        }
    }
}

fn exposed<S: serde::Serializer>(secret: &&Secret, serializer: S) -> Result<S::Ok, S::Error> {
    omamori_otp::serde_exposed::serialize(secret, serializer)
}
