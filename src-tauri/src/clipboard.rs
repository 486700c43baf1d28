//! Copying codes: the backend, not the webview, writes the clipboard, marks
//! the text as sensitive so clipboard managers keep it out of their history
//! (where arboard supports it: Linux and Windows), and clears it after the
//! configured time — only if the clipboard still holds the code we put
//! there, so something the user copied meanwhile is left alone. The delay
//! is counted on the [`crate::clock`] that includes suspended time, so a
//! code copied just before the lid closes is gone right after it opens.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use zeroize::Zeroizing;

use crate::clock::{self, SharedClock};
use crate::error::{AppError, AppResult, ErrorKind};

/// The app's one clipboard handle. On X11 the owner of a selection must stay
/// alive to serve it, so the handle lives as long as the app.
#[derive(Clone)]
pub struct CodeClipboard {
    inner: Arc<Mutex<Inner>>,
    clock: SharedClock,
}

impl Default for CodeClipboard {
    fn default() -> Self {
        CodeClipboard::with_clock(clock::boot_clock())
    }
}

#[derive(Default)]
struct Inner {
    clipboard: Option<arboard::Clipboard>,
    /// What we last put there (to recognise it when clearing).
    ours: Option<Zeroizing<String>>,
    /// Bumped on every copy, so an older clearing timer does nothing.
    generation: u64,
}

impl Inner {
    fn clipboard(&mut self) -> AppResult<&mut arboard::Clipboard> {
        if self.clipboard.is_none() {
            let clipboard = arboard::Clipboard::new()
                .map_err(|e| AppError::with_detail(ErrorKind::Clipboard, e.to_string()))?;
            self.clipboard = Some(clipboard);
        }
        Ok(self.clipboard.as_mut().expect("set just above"))
    }

    /// Clears the clipboard if it still holds our code.
    fn clear_if_ours(&mut self) {
        let Some(ours) = self.ours.take() else {
            return;
        };
        let Ok(clipboard) = self.clipboard() else {
            return;
        };
        let current = clipboard.get_text().map(Zeroizing::new);
        if matches!(&current, Ok(text) if **text == **ours) {
            let _ = clipboard.clear();
        }
    }
}

impl CodeClipboard {
    /// A clipboard whose clearing timers count on `clock`.
    pub fn with_clock(clock: SharedClock) -> Self {
        CodeClipboard {
            inner: Arc::default(),
            clock,
        }
    }

    fn generation(&self) -> u64 {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .generation
    }

    /// Puts `code` on the clipboard; clears it after `clear_after` (if any).
    pub fn copy(&self, code: Zeroizing<String>, clear_after: Option<Duration>) -> AppResult<()> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let set = inner.clipboard()?.set();
        #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
        let set = {
            use arboard::SetExtLinux;
            set.exclude_from_history()
        };
        #[cfg(target_os = "windows")]
        let set = {
            use arboard::SetExtWindows;
            set.exclude_from_history().exclude_from_cloud()
        };
        set.text(code.as_str())
            .map_err(|e| AppError::with_detail(ErrorKind::Clipboard, e.to_string()))?;
        inner.ours = Some(code);
        inner.generation += 1;
        let generation = inner.generation;
        drop(inner);
        if let Some(delay) = clear_after {
            let this = self.clone();
            let deadline = self.clock.now() + delay;
            std::thread::spawn(move || {
                // A newer copy (or a lock) makes this timer moot: stop early.
                let due = clock::wait_until(&*this.clock, deadline, clock::TICK, || {
                    this.generation() != generation
                });
                let mut inner = this.inner.lock().unwrap_or_else(|p| p.into_inner());
                if due && inner.generation == generation {
                    inner.clear_if_ours();
                }
            });
        }
        Ok(())
    }

    /// Clears the clipboard now if it still holds our code (on lock and exit).
    pub fn clear_now(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.generation += 1;
        inner.clear_if_ours();
    }
}
