//! Background watchers that lock the vault without the user asking: after
//! the configured idle time (counted on [`crate::clock`], so suspended time
//! counts), and when the OS session locks or the machine is about to
//! suspend:
//!
//! - Linux: logind over the D-Bus system bus (`PrepareForSleep`,
//!   `Session.Lock`, and the session's `LockedHint` property, which desktop
//!   lock screens started by a shortcut often set without sending `Lock`),
//!   and the `ActiveChanged` signal of `org.freedesktop.ScreenSaver` /
//!   `org.gnome.ScreenSaver` on the session bus;
//! - macOS ([`macos`]) and Windows ([`windows`]): the platform's sleep and
//!   screen-lock notifications (written, not run on our Linux machines).
//!
//! Where a source is not reachable only the others run; that is reported
//! once on stderr and is not an error.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::session::Session;

/// How often the idle timer looks.
const IDLE_TICK: Duration = Duration::from_secs(5);

/// The event the UI listens to; its payload says why (`idle`, `session`,
/// `suspend`, `user`).
pub const LOCKED_EVENT: &str = "locked";

/// Locks and tells the UI why.
pub fn lock_now<R: Runtime>(app: &AppHandle<R>, reason: &str) {
    if app.state::<Session>().lock() {
        let _ = app.emit(LOCKED_EVENT, reason);
    }
}

/// Starts the idle timer and, where available, the logind watcher.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    std::thread::Builder::new()
        .name("omamori-idle".into())
        .spawn(move || {
            loop {
                std::thread::sleep(IDLE_TICK);
                if handle.state::<Session>().idle_expired() {
                    lock_now(&handle, "idle");
                }
            }
        })
        .expect("spawning a thread only fails when the OS is out of resources");
    #[cfg(target_os = "linux")]
    {
        logind::start(app);
        screensaver::start(app);
    }
    #[cfg(any(target_os = "macos", target_os = "windows"))]
    {
        let handle = app.clone();
        let on_lock = move |reason: &'static str| lock_now(&handle, reason);
        #[cfg(target_os = "macos")]
        macos::start(on_lock);
        #[cfg(target_os = "windows")]
        windows::start(on_lock);
    }
}

#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "windows")]
mod windows;

#[cfg(target_os = "linux")]
mod screensaver {
    //! `ActiveChanged(true)` of the freedesktop and GNOME screen savers on
    //! the session bus: the screen saver or lock screen came on. Matched by
    //! interface and member from any sender, since the name that emits it
    //! differs between desktops (KDE, Xfce, GNOME, Cinnamon, MATE).

    use tauri::{AppHandle, Runtime};
    use zbus::MatchRule;
    use zbus::blocking::Connection;
    use zbus::message::Type;

    const INTERFACES: [&str; 2] = ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"];

    pub fn start<R: Runtime>(app: &AppHandle<R>) {
        let Ok(connection) = Connection::session() else {
            eprintln!("omamori: no session bus; not watching the screen saver");
            return;
        };
        for interface in INTERFACES {
            let rule = MatchRule::builder()
                .msg_type(Type::Signal)
                .interface(interface)
                .and_then(|r| r.member("ActiveChanged"))
                .map(|r| r.build());
            let Ok(rule) = rule else { continue };
            // The UI says "the computer was locked", as for logind's Lock.
            super::follow(app, &connection, rule, "session", |message| {
                message.body().deserialize::<bool>().unwrap_or(false)
            });
        }
    }
}

/// Runs `locks` on every message matching `rule`, on a thread of its own,
/// and locks with `reason` when it says so.
#[cfg(target_os = "linux")]
fn follow<R: Runtime>(
    app: &AppHandle<R>,
    connection: &zbus::blocking::Connection,
    rule: zbus::MatchRule<'static>,
    reason: &'static str,
    locks: impl Fn(&zbus::Message) -> bool + Send + 'static,
) {
    let app = app.clone();
    let connection = connection.clone();
    let _ = std::thread::Builder::new()
        .name(format!("omamori-watch-{reason}"))
        .spawn(move || {
            let Ok(messages) =
                zbus::blocking::MessageIterator::for_match_rule(rule, &connection, None)
            else {
                return;
            };
            for message in messages.flatten() {
                if locks(&message) {
                    lock_now(&app, reason);
                }
            }
        });
}

#[cfg(target_os = "linux")]
mod logind {
    //! `org.freedesktop.login1`: `Manager.PrepareForSleep(true)` before
    //! suspend, and `Session.Lock` on our session (what `loginctl
    //! lock-session` and desktop lock screens send).

    use tauri::{AppHandle, Runtime};
    use zbus::blocking::{Connection, Proxy};

    const DEST: &str = "org.freedesktop.login1";

    pub fn start<R: Runtime>(app: &AppHandle<R>) {
        let Ok(connection) = Connection::system() else {
            eprintln!("omamori: logind is not reachable; locking on idle only");
            return;
        };
        let session_path = session_path(&connection);
        watch(
            app,
            connection.clone(),
            "/org/freedesktop/login1".into(),
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            "suspend",
        );
        watch(
            app,
            connection.clone(),
            session_path.clone(),
            "org.freedesktop.login1.Session",
            "Lock",
            "session",
        );
        watch_locked_hint(app, &connection, session_path);
    }

    /// `PropertiesChanged` on our session with `LockedHint: true`: the
    /// desktop's lock screen is up (set by GNOME, KDE and others even when
    /// the lock came from a shortcut and no `Lock` signal was sent).
    fn watch_locked_hint<R: Runtime>(app: &AppHandle<R>, connection: &Connection, path: String) {
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface("org.freedesktop.DBus.Properties")
            .and_then(|r| r.member("PropertiesChanged"))
            .and_then(|r| r.path(path))
            .map(|r| r.build());
        let Ok(rule) = rule else { return };
        super::follow(app, connection, rule, "session", |message| {
            type Changed = (
                String,
                std::collections::HashMap<String, zbus::zvariant::OwnedValue>,
                Vec<String>,
            );
            message
                .body()
                .deserialize::<Changed>()
                .is_ok_and(|(interface, changed, _)| locked_hint_set(&interface, &changed))
        });
    }

    /// Whether a `PropertiesChanged` says our session's lock screen is up.
    pub(super) fn locked_hint_set(
        interface: &str,
        changed: &std::collections::HashMap<String, zbus::zvariant::OwnedValue>,
    ) -> bool {
        interface == "org.freedesktop.login1.Session"
            && changed
                .get("LockedHint")
                .and_then(|v| bool::try_from(v).ok())
                .unwrap_or(false)
    }

    /// Our session's object path; `session/auto` means "the caller's
    /// session" to logind when the lookup by PID fails.
    fn session_path(connection: &Connection) -> String {
        let lookup = || -> zbus::Result<String> {
            let manager = Proxy::new(
                connection,
                DEST,
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
            )?;
            let path: zbus::zvariant::OwnedObjectPath =
                manager.call("GetSessionByPID", &(std::process::id()))?;
            Ok(path.to_string())
        };
        lookup().unwrap_or_else(|_| "/org/freedesktop/login1/session/auto".into())
    }

    fn watch<R: Runtime>(
        app: &AppHandle<R>,
        connection: Connection,
        path: String,
        interface: &'static str,
        signal: &'static str,
        reason: &'static str,
    ) {
        let app = app.clone();
        let _ = std::thread::Builder::new()
            .name(format!("omamori-logind-{reason}"))
            .spawn(move || {
                let Ok(proxy) = Proxy::new(&connection, DEST, path, interface) else {
                    return;
                };
                let Ok(signals) = proxy.receive_signal(signal) else {
                    return;
                };
                for message in signals {
                    // PrepareForSleep carries `true` before sleeping and
                    // `false` after waking; Lock carries nothing.
                    let going_down = message.body().deserialize::<bool>().unwrap_or(true);
                    if going_down {
                        super::lock_now(&app, reason);
                    }
                }
            });
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::collections::HashMap;

    use zbus::zvariant::{OwnedValue, Value};

    use super::logind::locked_hint_set;

    fn changed(name: &str, value: Value<'_>) -> HashMap<String, OwnedValue> {
        HashMap::from([(name.to_owned(), value.try_to_owned().unwrap())])
    }

    #[test]
    fn only_a_true_locked_hint_of_a_login_session_locks() {
        let session = "org.freedesktop.login1.Session";
        assert!(locked_hint_set(
            session,
            &changed("LockedHint", Value::Bool(true))
        ));
        assert!(!locked_hint_set(
            session,
            &changed("LockedHint", Value::Bool(false))
        ));
        assert!(!locked_hint_set(
            session,
            &changed("IdleHint", Value::Bool(true))
        ));
        assert!(!locked_hint_set(
            "org.freedesktop.login1.User",
            &changed("LockedHint", Value::Bool(true))
        ));
        assert!(!locked_hint_set(
            session,
            &changed("LockedHint", Value::from("yes"))
        ));
    }
}
