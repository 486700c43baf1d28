//! otpauth URIs inside foreign files (Ente, Aegis text, Bitwarden, Proton,
//! 2FAS links): [`omamori_otp::uri::parse_lenient`] plus the one quirk those
//! files add, parameters whose value is the literal text `null` (Ente writes
//! `algorithm=null&digits=null&period=null`), which mean "absent".

use std::borrow::Cow;

use omamori_otp::Account;
use omamori_otp::uri::{self, UriError};

use crate::EntryError;

/// Parses one otpauth URI from an import file. Keys of any length are
/// accepted: other apps store real short keys.
pub(crate) fn parse(text: &str) -> Result<Account, EntryError> {
    let text = text.trim();
    let cleaned = drop_null_parameters(text);
    uri::parse_lenient(&cleaned).map_err(entry_error)
}

fn drop_null_parameters(text: &str) -> Cow<'_, str> {
    let Some((head, query)) = text.split_once('?') else {
        return Cow::Borrowed(text);
    };
    let is_null = |pair: &&str| {
        pair.split_once('=')
            .is_some_and(|(_, v)| v.eq_ignore_ascii_case("null"))
    };
    if !query.split('&').any(|p| is_null(&p)) {
        return Cow::Borrowed(text);
    }
    let kept: Vec<&str> = query.split('&').filter(|p| !is_null(p)).collect();
    Cow::Owned(format!("{head}?{}", kept.join("&")))
}

fn entry_error(error: UriError) -> EntryError {
    match error {
        UriError::Secret(e) => EntryError::Secret(e),
        UriError::MissingSecret => EntryError::MissingSecret,
        UriError::Algorithm(e) => EntryError::UnsupportedAlgorithm(e.0),
        other => EntryError::Invalid(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_parameters_mean_absent() {
        let account =
            parse("otpauth://totp/A:b?secret=JBSWY3DP&algorithm=null&digits=null&period=null")
                .unwrap();
        assert_eq!(account.digits, 6);
        assert_eq!(account.period, 30);
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(
            parse("otpauth://totp/A?issuer=x").unwrap_err(),
            EntryError::MissingSecret
        );
        assert!(matches!(
            parse("otpauth://totp/A?secret=JBSWY3DP&algorithm=MD5").unwrap_err(),
            EntryError::UnsupportedAlgorithm(_)
        ));
    }
}
