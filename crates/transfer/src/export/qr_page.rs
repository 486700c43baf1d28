//! A printable HTML page with one QR code (inline SVG) per account, for a
//! paper backup. No scripts, no styles from elsewhere, no network: the page
//! is a single self-contained file that works offline in any browser and
//! prints one card per account. It unlocks every account on it.

use omamori_otp::{Account, uri};
use qrcode::render::svg;
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

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The HTML page. Each card shows issuer, account, the parameters, the QR
/// code of the account's otpauth URI and its setup key for typing.
pub fn qr_page(accounts: &[Account], text: &PageText) -> Result<Zeroizing<String>, ExportError> {
    let mut html = Zeroizing::new(String::new());
    html.push_str("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    // A CSP that forbids everything but the inline style below: even if a
    // name held markup it could neither run nor load anything.
    html.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    html.push_str(&format!("<title>{}</title>\n", escape(&text.title)));
    html.push_str(
        "<style>body{font-family:sans-serif;margin:1cm}.card{display:inline-block;width:8cm;\
         margin:0 .5cm 1cm 0;vertical-align:top;page-break-inside:avoid;border:1px solid #999;\
         padding:.3cm}.card svg{width:6cm;height:6cm}.key{font-family:monospace;word-break:break-all}\
         .warn{border:2px solid #000;padding:.3cm}</style>\n</head>\n<body>\n",
    );
    html.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"warn\">{}</p>\n",
        escape(&text.title),
        escape(&text.warning)
    ));
    for account in accounts {
        let uri = uri::format(account);
        let label = omamori_otp::label(&account.issuer, &account.name);
        let svg = qr(&uri, &label)?
            .render::<svg::Color>()
            .min_dimensions(240, 240)
            .build();
        let svg = Zeroizing::new(svg);
        // The renderer starts with an XML declaration, not valid inside HTML.
        let svg_body = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
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
        html.push_str("<div class=\"card\">\n");
        html.push_str(&format!(
            "<h2>{}</h2>\n<p>{}</p>\n<p>{}</p>\n",
            escape(&account.issuer),
            escape(&account.name),
            escape(&params)
        ));
        html.push_str(svg_body);
        html.push_str(&format!(
            "\n<p class=\"key\">{}</p>\n</div>\n",
            escape(&account.secret.to_base32())
        ));
    }
    html.push_str("</body>\n</html>\n");
    Ok(html)
}
