//! A printable HTML page with one QR code (inline SVG) per account, for a
//! paper backup. No scripts, no styles from elsewhere, no network: the page
//! is a single self-contained file that works offline in any browser and
//! prints one card per account. It unlocks every account on it.

use std::io::Write;

use omamori_otp::{Account, uri};
use omamori_vault::crypto::ZeroizingWriter;
use qrcode::QrCode;
use zeroize::Zeroizing;

use super::{ExportError, qr};

/// Text for the page's fixed wording, so the caller can pass Japanese or
/// English.
#[derive(Debug, Clone)]
pub struct PageText {
    /// The `<title>` and heading.
    pub title: String,
    /// A warning printed at the top (what the page exposes).
    pub warning: String,
}

impl Default for PageText {
    fn default() -> Self {
        PageText {
            title: "Omamori paper backup".into(),
            warning: "Anyone who sees this page can make your sign-in codes. Keep it \
                      locked away and destroy it when you no longer need it."
                .into(),
        }
    }
}

/// Writes `text` HTML-escaped (names may hold markup; setup keys do not,
/// but go through the same path).
fn escape(out: &mut ZeroizingWriter, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        let entity = match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        put(out, &rest[..at]);
        put(out, entity);
        rest = &rest[at + 1..];
    }
    put(out, rest);
}

fn put(out: &mut ZeroizingWriter, text: &str) {
    out.write_all(text.as_bytes())
        .expect("writing to memory cannot fail");
}

/// The QR code as an inline SVG: one path of unit squares on a white
/// quiet zone, written straight into `out` (the `qrcode` crate's SVG
/// renderer builds a growing `String` of its own, which would leave copies
/// of the code on the heap).
fn svg(out: &mut ZeroizingWriter, code: &QrCode) {
    const QUIET: usize = 4;
    let modules = code.width();
    let side = modules + 2 * QUIET;
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\""
    );
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (i % modules + QUIET, i / modules + QUIET);
            let _ = write!(out, "M{x} {y}h1v1h-1z");
        }
    }
    put(out, "\"/></svg>");
}

/// The HTML page. Each card shows issuer, account, the parameters, the QR
/// code of the account's otpauth URI and its setup key for typing.
pub fn qr_page(accounts: &[Account], text: &PageText) -> Result<Zeroizing<String>, ExportError> {
    let mut html = ZeroizingWriter::with_capacity(4096 + 16384 * accounts.len());
    put(
        &mut html,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n",
    );
    // A CSP that forbids everything but the inline style below: even if a
    // name held markup it could neither run nor load anything.
    put(
        &mut html,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    put(&mut html, "<title>");
    escape(&mut html, &text.title);
    put(&mut html, "</title>\n");
    put(
        &mut html,
        "<style>body{font-family:sans-serif;margin:1cm}.card{display:inline-block;width:8cm;\
         margin:0 .5cm 1cm 0;vertical-align:top;page-break-inside:avoid;border:1px solid #999;\
         padding:.3cm}.card svg{width:6cm;height:6cm}.key{font-family:monospace;word-break:break-all}\
         .warn{border:2px solid #000;padding:.3cm}</style>\n</head>\n<body>\n",
    );
    put(&mut html, "<h1>");
    escape(&mut html, &text.title);
    put(&mut html, "</h1>\n<p class=\"warn\">");
    escape(&mut html, &text.warning);
    put(&mut html, "</p>\n");
    for account in accounts {
        let uri = uri::format(account);
        let label = omamori_otp::label(&account.issuer, &account.name);
        let code = qr(&uri, &label)?;
        let params = match account.kind {
            omamori_otp::Kind::Hotp => format!(
                "HOTP · {} · {} digits · counter {}",
                account.algorithm, account.digits, account.counter
            ),
            omamori_otp::Kind::Steam => "Steam Guard".to_owned(),
            omamori_otp::Kind::Totp => format!(
                "TOTP · {} · {} digits · {} s",
                account.algorithm, account.digits, account.period
            ),
        };
        put(&mut html, "<div class=\"card\">\n<h2>");
        escape(&mut html, &account.issuer);
        put(&mut html, "</h2>\n<p>");
        escape(&mut html, &account.name);
        put(&mut html, "</p>\n<p>");
        escape(&mut html, &params);
        put(&mut html, "</p>\n");
        svg(&mut html, &code);
        put(&mut html, "\n<p class=\"key\">");
        escape(&mut html, &account.secret.to_base32());
        put(&mut html, "</p>\n</div>\n");
    }
    put(&mut html, "</body>\n</html>\n");
    Ok(super::into_text(html))
}
