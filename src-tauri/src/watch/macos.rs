//! macOS: lock when the machine is about to sleep
//! (`NSWorkspaceWillSleepNotification`), when the screens sleep
//! (`NSWorkspaceScreensDidSleepNotification`), and when the screen locks
//! (the distributed notification `com.apple.screenIsLocked`, posted by the
//! login window for the lock screen, the hot corner and Ctrl-Cmd-Q).
//!
//! Written for macOS against the AppKit/Foundation documentation and the
//! objc2 0.6 bindings, but NOT compiled or run on this project's machines
//! (Linux only); treat it as untested until a macOS build exercises it.
//!
//! Observers are registered from the main thread (Tauri's `setup`) and are
//! called on it, by the run loop the app already runs.

use std::ptr::NonNull;

use block2::RcBlock;
use objc2_app_kit::{
    NSWorkspace, NSWorkspaceScreensDidSleepNotification, NSWorkspaceWillSleepNotification,
};
use objc2_foundation::{NSDistributedNotificationCenter, NSNotification, NSString};

/// Registers the observers; `on_lock` is called with `suspend` or `session`.
/// They live as long as the app (the observer tokens are leaked on purpose).
pub fn start(on_lock: impl Fn(&'static str) + Clone + 'static) {
    let block = |reason: &'static str| {
        let on_lock = on_lock.clone();
        RcBlock::new(move |_: NonNull<NSNotification>| on_lock(reason))
    };
    // SAFETY: the notification names are AppKit's constant NSString
    // statics; the blocks capture only owned, 'static data; a nil object
    // and queue mean "any sender, on the posting thread", which AppKit
    // documents for these calls.
    unsafe {
        let workspace = NSWorkspace::sharedWorkspace().notificationCenter();
        for (name, reason) in [
            (NSWorkspaceWillSleepNotification, "suspend"),
            (NSWorkspaceScreensDidSleepNotification, "session"),
        ] {
            let token = workspace.addObserverForName_object_queue_usingBlock(
                Some(name),
                None,
                None,
                &block(reason),
            );
            std::mem::forget(token);
        }
        let locked = NSString::from_str("com.apple.screenIsLocked");
        let token = NSDistributedNotificationCenter::defaultCenter()
            .addObserverForName_object_queue_usingBlock(
                Some(&locked),
                None,
                None,
                &block("session"),
            );
        std::mem::forget(token);
    }
}
