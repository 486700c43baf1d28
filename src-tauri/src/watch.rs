//! Background watchers that lock the vault without the user asking: after
//! the configured idle time, and when the OS session locks or the machine
//! is about to suspend (logind over the D-Bus system bus, on Linux). Where
//! logind is not reachable (no system bus, other OSes) only the idle timer
//! runs; that is reported once on stderr and is not an error.

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
    logind::start(app);
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
            connection,
            session_path,
            "org.freedesktop.login1.Session",
            "Lock",
            "session",
        );
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
