//! One QR text, one verdict, one code, whichever door it comes through.
//! Every row of `tests/fixtures/rules/otpauth-rules.txt` (the table the
//! router is tested with in `crates/otp/tests/rules.rs`) goes through
//! `omamori parse`, `omamori scan --json` of a QR image made from it,
//! `omamori scan --add`, `omamori add --uri` and `omamori import` of a
//! one-line otpauth list; each must accept exactly the accounts the table
//! says, with the same label and the same code at the table's instant, or
//! refuse (exit status 1, nothing stored).

mod support;

use std::path::Path;

use omamori_otp::{Account, Algorithm, Kind, Secret, label};
use serde_json::Value;
use support::Env;

const TABLE: &str = include_str!("../../../tests/fixtures/rules/otpauth-rules.txt");
const AT: u64 = 1_257_894_000;

fn rows() -> Vec<(&'static str, &'static str)> {
    TABLE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.rsplit_once(" => ").unwrap())
        .collect()
}

/// The accounts a verdict expects, as "CODE LABEL", or `None` for a refusal.
fn expected(verdict: &str) -> Option<Vec<String>> {
    let accounts = verdict.strip_prefix("ok ")?;
    Some(accounts.split(" ; ").map(str::to_owned).collect())
}

/// "CODE LABEL" of an account `parse` / `scan --json` printed.
fn from_json(json: &Value) -> String {
    let mut account = Account::totp(
        json["issuer"].as_str().unwrap(),
        json["account"].as_str().unwrap(),
        Secret::from_base32(json["secret"].as_str().unwrap()).unwrap(),
    );
    account.kind = json["type"].as_str().unwrap().parse::<Kind>().unwrap();
    account.algorithm = json["algorithm"]
        .as_str()
        .unwrap()
        .parse::<Algorithm>()
        .unwrap();
    account.digits = json["digits"].as_u64().unwrap() as u8;
    if let Some(period) = json["period"].as_u64() {
        account.period = period as u32;
    }
    if let Some(counter) = json["counter"].as_u64() {
        account.counter = counter;
    }
    format!("{} {}", account.code_at(AT).unwrap().value, account.label())
}

/// What a door that prints JSON lines said: the accounts, or `None` when it
/// refused (exit status 1 and nothing printed).
fn json_door(out: &std::process::Output) -> Option<Vec<String>> {
    let printed: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| from_json(&serde_json::from_str(l).unwrap()))
        .collect();
    if out.status.success() {
        Some(printed)
    } else {
        assert!(printed.is_empty(), "refused but printed {printed:?}");
        None
    }
}

/// What a door that stores said: the vault's accounts and codes, or `None`
/// when it refused (exit status 1 and an empty vault).
fn vault_door(env: &Env, vault: &str, out: &std::process::Output) -> Option<Vec<String>> {
    let at = AT.to_string();
    let listed = env.ok_as(vault, "pw", &["code", "--json", "--all", "--at", &at]);
    let stored: Vec<String> = serde_json::from_str::<Value>(&listed)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{} {}",
                a["code"].as_str().unwrap(),
                label(
                    a["issuer"].as_str().unwrap(),
                    a["account"].as_str().unwrap()
                )
            )
        })
        .collect();
    if out.status.success() {
        Some(stored)
    } else {
        assert!(stored.is_empty(), "refused but stored {stored:?}");
        None
    }
}

/// A PNG of the QR code of `text`.
fn qr_png(text: &str, path: &Path) {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).unwrap();
    let (width, scale, quiet) = (code.width() as u32, 6u32, 4u32);
    let side = (width + 2 * quiet) * scale;
    let colors = code.to_colors();
    let image = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let dark = mx >= quiet
            && my >= quiet
            && mx < width + quiet
            && my < width + quiet
            && colors[((my - quiet) * width + (mx - quiet)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    image.save(path).unwrap();
}

#[test]
fn every_door_gives_the_table_verdict() {
    let env = Env::new();
    let mut wrong = Vec::new();
    for (n, (text, verdict)) in rows().into_iter().enumerate() {
        let want = expected(verdict);
        let mut check = |door: &str, got: Option<Vec<String>>| {
            if got != want {
                wrong.push(format!(
                    "{door}: {text}\n  expected {want:?}\n  got      {got:?}"
                ));
            }
        };

        check(
            "parse",
            json_door(&env.cmd(&["parse", text]).output().unwrap()),
        );

        let png = env.path(&format!("qr-{n}.png"));
        qr_png(text, Path::new(&png));
        let scanned = env.cmd(&["scan", "--json", &png]).output().unwrap();
        check("scan --json", json_door(&scanned));

        let vault = format!("scan-{n}.json");
        env.init_as(&vault, "pw");
        let out = env.run_as(&vault, "pw", &["scan", "--add", &png]);
        check("scan --add", vault_door(&env, &vault, &out));

        let vault = format!("add-{n}.json");
        env.init_as(&vault, "pw");
        let out = env.run_as(&vault, "pw", &["add", "--uri", text]);
        check("add --uri", vault_door(&env, &vault, &out));

        let vault = format!("import-{n}.json");
        let list = env.path(&format!("list-{n}.txt"));
        std::fs::write(&list, format!("{text}\n")).unwrap();
        env.init_as(&vault, "pw");
        let out = env.run_as(&vault, "pw", &["import", "--format", "otpauth", &list]);
        check("import", vault_door(&env, &vault, &out));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
