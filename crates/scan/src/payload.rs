//! What a decoded QR payload is: an `otpauth://` key URI, a Google
//! Authenticator `otpauth-migration://` batch, or something else (a web
//! link, text). Parsing is `omamori_otp`'s job; this only routes.

/// The kind of a QR payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadKind {
    /// `otpauth://totp/…`, `otpauth://hotp/…`: one account.
    Otpauth,
    /// `otpauth-migration://offline?data=…`: a batch of accounts.
    OtpauthMigration,
    /// Anything else.
    Other,
}

/// Classifies a payload by its scheme (case-insensitive, as URI schemes are;
/// surrounding whitespace, which some generators add, is ignored).
pub fn classify(payload: &str) -> PayloadKind {
    let p = payload.trim_start();
    let has_scheme = |scheme: &str| {
        p.len() > scheme.len()
            && p.as_bytes()[..scheme.len()].eq_ignore_ascii_case(scheme.as_bytes())
    };
    if has_scheme("otpauth-migration://") {
        PayloadKind::OtpauthMigration
    } else if has_scheme("otpauth://") {
        PayloadKind::Otpauth
    } else {
        PayloadKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_scheme() {
        assert_eq!(classify("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"), PayloadKind::Otpauth);
        assert_eq!(classify("OTPAUTH://totp/x"), PayloadKind::Otpauth);
        assert_eq!(classify("otpauth-migration://offline?data=AA"), PayloadKind::OtpauthMigration);
        assert_eq!(classify("https://example.com/"), PayloadKind::Other);
        assert_eq!(classify("otpauth://"), PayloadKind::Other);
        assert_eq!(classify("otpauth:/totp"), PayloadKind::Other);
        assert_eq!(classify(""), PayloadKind::Other);
    }
}
