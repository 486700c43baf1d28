//! WebKitGTK settings for the main window that Tauri does not expose.
//!
//! - **Software rendering** (`HardwareAccelerationPolicy::Never`): the page
//!   is a short list of text that changes once a second. Accelerated
//!   compositing made the web process load a GL stack (Mesa's llvmpipe where
//!   there is no GPU, as under Xvfb) and keep its buffers: 316 MiB PSS over
//!   the app's processes idle with 20 accounts, against 230 MiB without it
//!   (`scripts/measure-app.sh`). It also sidesteps WebKitGTK's blank-window
//!   bugs with some GPU drivers.
//! - **No page cache**: the lock reloads the page so that nothing of the
//!   vault stays in the webview; no earlier document may be kept alive for
//!   "back".
//! - **No WebGL or Web Audio**: the UI uses neither.

use tauri::{Runtime, WebviewWindow};

/// Applies the settings above to `window`'s webview.
pub fn tune<R: Runtime>(window: &WebviewWindow<R>) {
    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&webview.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            settings.set_enable_page_cache(false);
            settings.set_enable_webgl(false);
            settings.set_enable_webaudio(false);
        }
    });
    #[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
    let _ = window;
}
