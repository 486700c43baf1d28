//! An empty Tauri window of the same size, built with the same Tauri,
//! WebKitGTK and profile as the app: the memory baseline issue 5 compares
//! the app with. Run by `scripts/measure-app.sh`; built only with the
//! `measure-baseline` feature so the normal build does not link it.
//!
//! With `OMAMORI_BASELINE_TUNED=1` it applies the app's WebKit settings
//! (`omamori_app::webview::tune`), to show what they save on their own.

use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let tuned = std::env::var_os("OMAMORI_BASELINE_TUNED").is_some_and(|v| v == "1");
    let mut context = tauri::generate_context!("tauri.conf.json");
    // Not the app's window (that would load ui/index.html): one blank page.
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(move |app| {
            let blank = "about:blank".parse().expect("a valid URL");
            let window = WebviewWindowBuilder::new(app, "empty", WebviewUrl::External(blank))
                .title("empty")
                .inner_size(480.0, 680.0)
                .build()?;
            if tuned {
                omamori_app::webview::tune(&window);
            }
            Ok(())
        })
        .run(context)
        .expect("the empty window runs");
}
