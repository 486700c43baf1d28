//! Issue 10: the app's scan door gives the same verdict and the same code
//! as the crates' one payload router, for the borderline QR texts.

use super::*;

/// QR texts at the edges of the rules: key length, padding, case, spaces,
/// digits, period, algorithm, a missing issuer, HOTP without a counter,
/// and texts that are not accounts at all.
const TEXTS: &[&str] = &[
    "otpauth://totp/Pep%20Up:taro?secret=JBSWY3DPEHPK3PXP&issuer=Pep%20Up",
    "otpauth://totp/A:a?secret=jbswy3dpehpk3pxp",
    "otpauth://totp/A:a?secret=JBSW%20Y3DP%20EHPK%203PXP",
    "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP====",
    "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PX",
    "otpauth://totp/A:a?secret=JBSWY3DP",
    "otpauth://totp/A:a?secret=JBSWY3DPEH",
    "otpauth://totp/A:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&period=60&algorithm=SHA256",
    "otpauth://totp/A:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA512&digits=7",
    "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
    "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&digits=4",
    "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&digits=12",
    "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&period=0",
    "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&period=15",
    "otpauth://totp/alice@example.jp?secret=JBSWY3DPEHPK3PXP",
    "otpauth://hotp/A:a?secret=JBSWY3DPEHPK3PXP",
    "otpauth://hotp/A:a?secret=JBSWY3DPEHPK3PXP&counter=7",
    "otpauth://totp/A:a?secret=JBSW1Y3DP",
    "otpauth://totp/A:a",
    "https://example.jp/not-an-account",
    "hello",
];

#[test]
fn the_scan_door_agrees_with_the_payload_router() {
    for text in TEXTS {
        let dir = tempfile::tempdir().unwrap();
        let s = created(&dir);
        let routed = omamori_otp::payload::accounts(text)
            .ok()
            .map(|found| found.accounts)
            .unwrap_or_default();
        let found = scan(&s, vec![text.to_string()]);
        if routed.is_empty() {
            assert_eq!(
                found.err().map(|e| e.kind),
                Some(ErrorKind::NothingFound),
                "{text}: the router refuses it, the app must too"
            );
            continue;
        }
        let found = found.unwrap_or_else(|e| panic!("{text}: the router reads it, the app: {e}"));
        assert_eq!(found.accounts.len(), routed.len(), "{text}");
        let added = s.add_found(found.token, vec![0]).unwrap();
        let view = &added[0];
        let account = &routed[0];
        assert_eq!(
            (view.issuer.as_str(), view.account.as_str(), view.kind),
            (
                account.issuer.as_str(),
                account.name.as_str(),
                account.kind.as_str()
            ),
            "{text}"
        );
        assert_eq!(view.digits, account.code_length(), "{text}");
        // The code for the window the view was made in (HOTP: its counter).
        let at = view.valid_from.unwrap_or(0);
        assert_eq!(view.code, account.code_at(at).unwrap().value, "{text}");
    }
}
