//! Exports read back by the importers: Aegis encrypted and plain, the
//! otpauth list, Google Authenticator transfer payloads; and a property test
//! over random account sets (Japanese names, every parameter).

use omamori_otp::{Account, AccountId, Algorithm, Kind, Secret};
use omamori_transfer::export::{aegis, google, qr_page, uri_list};
use omamori_transfer::{Format, registry};
use proptest::prelude::*;

fn sample() -> Vec<Account> {
    let mut pep = Account::totp(
        "Pep Up",
        "山田 太郎",
        Secret::from_bytes(b"12345678901234567890".to_vec()),
    );
    pep.group = Some("健康保険".into());
    pep.note = Some("設定 > 2段階認証".into());
    let mut hotp = Account::totp("例", "hotp@example.jp", Secret::from_bytes(vec![7; 16]));
    hotp.kind = Kind::Hotp;
    hotp.counter = 42;
    hotp.algorithm = Algorithm::Sha256;
    hotp.digits = 8;
    let mut steam = Account::totp("Steam", "gamer", Secret::from_bytes(vec![9; 20]));
    steam.kind = Kind::Steam;
    steam.digits = 5;
    let mut long = Account::totp("Bank: 銀行", "a:b", Secret::from_bytes(vec![1; 64]));
    long.algorithm = Algorithm::Sha512;
    long.period = 60;
    long.digits = 7;
    vec![pep, hotp, steam, long]
}

/// What must survive a round trip through a format with full fidelity.
fn key(a: &Account) -> (Kind, String, String, Vec<u8>, Algorithm, u8, u32, u64) {
    let hotp = a.kind == Kind::Hotp;
    (
        a.kind,
        a.issuer.clone(),
        a.name.clone(),
        a.secret.expose().to_vec(),
        a.algorithm,
        a.code_length(),
        if hotp { 0 } else { a.period },
        if hotp { a.counter } else { 0 },
    )
}

fn same(a: &[Account], b: &[Account]) {
    let a: Vec<_> = a.iter().map(key).collect();
    let b: Vec<_> = b.iter().map(key).collect();
    assert_eq!(a, b);
}

#[test]
fn aegis_encrypted_export_imports_back() {
    let accounts = sample();
    let file = aegis::encrypted(&accounts, "パスワード");
    let detected = registry::detect(file.as_bytes()).unwrap();
    assert_eq!((detected.format, detected.encrypted), (Format::Aegis, true));
    let back = registry::import(file.as_bytes(), None, Some("パスワード")).unwrap();
    let back = back.into_accounts();
    same(&accounts, &back);
    assert_eq!(back[0].group.as_deref(), Some("健康保険"));
    assert_eq!(back[0].note.as_deref(), Some("設定 > 2段階認証"));
    assert!(registry::import(file.as_bytes(), None, Some("wrong")).is_err());
}

#[test]
fn aegis_plain_export_imports_back() {
    let accounts = sample();
    let file = aegis::plain(&accounts);
    let back = registry::import(file.as_bytes(), None, None).unwrap();
    assert_eq!(back.format, Format::Aegis);
    same(&accounts, &back.into_accounts());
}

#[test]
fn otpauth_list_imports_back() {
    let accounts = sample();
    let file = uri_list::uri_list(&accounts);
    let back = registry::import(file.as_bytes(), None, None).unwrap();
    assert_eq!(back.format, Format::OtpauthList);
    same(&accounts, &back.into_accounts());
}

#[test]
fn google_export_lists_what_it_cannot_carry() {
    let accounts = sample();
    let export = google::google_qr_codes(&accounts, 10, 7).unwrap();
    // Steam, 60 s and 7 digits cannot travel; the other two do.
    let left_out: Vec<usize> = export.unsupported.iter().map(|(i, _)| *i).collect();
    assert_eq!(left_out, vec![2, 3]);
    assert_eq!(export.images.len(), 1);
    assert!(export.images[0].starts_with(b"\x89PNG\r\n\x1a\n"));
    let text: String = export
        .uris
        .iter()
        .map(|u| format!("{}\n", u.as_str()))
        .collect();
    let back = registry::import(text.as_bytes(), None, None).unwrap();
    assert_eq!(back.format, Format::GoogleMigration);
    same(&accounts[..2], &back.into_accounts());
}

#[test]
fn google_export_splits_by_count_and_by_size() {
    let accounts: Vec<Account> = (0..23)
        .map(|i| {
            Account::totp(
                "Pep Up",
                format!("会員{i}"),
                Secret::from_bytes(vec![i as u8 + 1; 10]),
            )
        })
        .collect();
    // Two a code: the count decides.
    assert_eq!(
        google::google_qr_codes(&accounts, 2, 1)
            .unwrap()
            .images
            .len(),
        12
    );
    // Ten a code would be wider than `MAX_MODULES`: the size decides, with
    // the same number of accounts in every code but the last.
    let export = google::google_qr_codes(&accounts, 10, 1).unwrap();
    let per_code: Vec<usize> = export
        .uris
        .iter()
        .map(|u| {
            registry::import(u.as_bytes(), None, None)
                .unwrap()
                .entries
                .len()
        })
        .collect();
    assert_eq!(per_code, [6, 6, 6, 5]);
    for image in &export.images {
        let side = png::Decoder::new(std::io::Cursor::new(image.as_slice()))
            .read_info()
            .unwrap()
            .info()
            .width as usize;
        assert!(side / 8 - 8 <= google::MAX_MODULES, "{side} px");
    }
    assert!(export.unsupported.is_empty());
    let text: String = export
        .uris
        .iter()
        .map(|u| format!("{}\n", u.as_str()))
        .collect();
    same(
        &accounts,
        &registry::import(text.as_bytes(), None, None)
            .unwrap()
            .into_accounts(),
    );
}

#[test]
fn qr_page_has_no_script_and_escapes_names() {
    let mut accounts = sample();
    accounts[0].name = "<script>alert(1)</script>".into();
    let page = qr_page::qr_page(&accounts, &qr_page::PageText::default()).unwrap();
    assert!(!page.contains("<script"));
    assert!(page.contains("&lt;script&gt;"));
    assert!(!page.contains("http://") || page.matches("http://").all(|_| page.contains("xmlns")));
    assert_eq!(page.matches("<svg").count(), accounts.len());
}

fn account_strategy() -> impl Strategy<Value = Account> {
    let text = "[a-zA-Z0-9 山田太郎花子健康保険ペップアップ@._-]{0,12}";
    (
        prop_oneof![Just(Kind::Totp), Just(Kind::Hotp), Just(Kind::Steam)],
        text,
        text,
        prop::collection::vec(any::<u8>(), 1..64),
        prop_oneof![
            Just(Algorithm::Sha1),
            Just(Algorithm::Sha256),
            Just(Algorithm::Sha512)
        ],
        6u8..=10,
        1u32..=300,
        any::<u64>(),
    )
        .prop_map(
            |(kind, issuer, name, secret, algorithm, digits, period, counter)| {
                // A leading space or a ':' in the issuer is not representable in
                // an otpauth label; trim as the URI parser would.
                let issuer = issuer.trim().replace(':', "");
                let name = name.trim_start().to_owned();
                Account {
                    id: AccountId::UNASSIGNED,
                    kind,
                    issuer,
                    name,
                    secret: Secret::from_bytes(secret),
                    algorithm: if kind == Kind::Steam {
                        Algorithm::Sha1
                    } else {
                        algorithm
                    },
                    digits: if kind == Kind::Steam { 5 } else { digits },
                    period: if kind == Kind::Hotp { 30 } else { period },
                    counter: if kind == Kind::Hotp { counter } else { 0 },
                    note: None,
                    group: None,
                    icon: None,
                    created: 0,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_accounts_survive_otpauth_list_and_aegis_plain(
        accounts in prop::collection::vec(account_strategy(), 0..12)
    ) {
        let list = uri_list::uri_list(&accounts);
        if !accounts.is_empty() {
            let back = registry::import(list.as_bytes(), Some(Format::OtpauthList), None).unwrap();
            same(&accounts, &back.into_accounts());
        }
        let vault = aegis::plain(&accounts);
        let back = registry::import(vault.as_bytes(), Some(Format::Aegis), None).unwrap();
        same(&accounts, &back.into_accounts());
    }
}
