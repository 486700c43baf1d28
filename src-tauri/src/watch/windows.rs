//! Windows: lock when the session locks (Win+L, `WTS_SESSION_LOCK`) or the
//! machine suspends (`WM_POWERBROADCAST` / `PBT_APMSUSPEND`).
//!
//! Written for Windows and reviewed against the Win32 documentation, but
//! NOT compiled or run on this project's machines (Linux only); treat it as
//! untested until a Windows build exercises it.
//!
//! Both notifications go to a window, so a hidden top-level window (not a
//! message-only one: those get no power broadcasts) with its own message
//! loop runs on a thread of its own and calls back into the app.

use std::sync::OnceLock;

use windows_sys::Win32::Foundation::{HWND, LPARAM, LRESULT, WPARAM};
use windows_sys::Win32::System::LibraryLoader::GetModuleHandleW;
use windows_sys::Win32::System::RemoteDesktop::{
    NOTIFY_FOR_THIS_SESSION, WTSRegisterSessionNotification,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    CreateWindowExW, DefWindowProcW, DispatchMessageW, GetMessageW, MSG, PBT_APMSUSPEND,
    RegisterClassW, WM_POWERBROADCAST, WM_WTSSESSION_CHANGE, WNDCLASSW, WS_OVERLAPPED,
    WTS_SESSION_LOCK,
};

/// What to do on a lock or suspend; set once, read by the window procedure.
static ON_LOCK: OnceLock<Box<dyn Fn(&'static str) + Send + Sync>> = OnceLock::new();

unsafe extern "system" fn window_proc(
    hwnd: HWND,
    message: u32,
    wparam: WPARAM,
    lparam: LPARAM,
) -> LRESULT {
    let reason = match (message, wparam as u32) {
        (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK) => Some("session"),
        (WM_POWERBROADCAST, PBT_APMSUSPEND) => Some("suspend"),
        _ => None,
    };
    if let (Some(reason), Some(on_lock)) = (reason, ON_LOCK.get()) {
        on_lock(reason);
    }
    // SAFETY: the arguments are the ones Windows passed to this procedure.
    unsafe { DefWindowProcW(hwnd, message, wparam, lparam) }
}

/// Starts the watcher thread; `on_lock` is called with `session` or `suspend`.
pub fn start(on_lock: impl Fn(&'static str) + Send + Sync + 'static) {
    if ON_LOCK.set(Box::new(on_lock)).is_err() {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("omamori-windows-lock".into())
        .spawn(|| {
            let class: Vec<u16> = "OmamoriLockWatch\0".encode_utf16().collect();
            // SAFETY: plain Win32 calls with valid, NUL-terminated strings
            // that outlive the window (this thread never returns while the
            // window exists); `msg` is written by GetMessageW before use.
            unsafe {
                let module = GetModuleHandleW(std::ptr::null());
                let wc = WNDCLASSW {
                    lpfnWndProc: Some(window_proc),
                    hInstance: module,
                    lpszClassName: class.as_ptr(),
                    ..Default::default()
                };
                if RegisterClassW(&wc) == 0 {
                    eprintln!("omamori: cannot watch for the screen lock (RegisterClassW)");
                    return;
                }
                let hwnd = CreateWindowExW(
                    0,
                    class.as_ptr(),
                    class.as_ptr(),
                    WS_OVERLAPPED,
                    0,
                    0,
                    0,
                    0,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    module,
                    std::ptr::null(),
                );
                if hwnd.is_null() {
                    eprintln!("omamori: cannot watch for the screen lock (CreateWindowExW)");
                    return;
                }
                if WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION) == 0 {
                    eprintln!("omamori: cannot watch for the screen lock; locking on idle and suspend only");
                }
                let mut msg: MSG = std::mem::zeroed();
                while GetMessageW(&mut msg, std::ptr::null_mut(), 0, 0) > 0 {
                    DispatchMessageW(&msg);
                }
            }
        });
}
