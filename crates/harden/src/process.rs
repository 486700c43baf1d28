//! Core dumps off and our memory closed to debuggers of the same user.
//!
//! | OS | core dumps | memory reads by other processes |
//! |---|---|---|
//! | Linux | `RLIMIT_CORE` 0 (soft and hard) | `PR_SET_DUMPABLE` 0: no core dump even by a crash handler, no `ptrace` attach, `/proc/PID/mem` and friends owned by root |
//! | macOS | `RLIMIT_CORE` 0 | `ptrace(PT_DENY_ATTACH)` (as KeePassXC): no debugger may attach |
//! | Windows | no Windows Error Reporting dialog or dump: `SetErrorMode` + a last-chance exception filter that ends the process before WER runs | — (the same user may still read our memory; stated in the threat model) |

use std::fmt;

/// One hardening step that did not take effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What we tried, e.g. `core dumps off`.
    pub what: &'static str,
    /// The operating system's answer.
    pub detail: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}", self.what, self.detail)
    }
}

/// Applies every hardening step this OS has; returns the ones that failed.
/// Call it once, first thing in `main`, before any secret is read.
pub fn harden_process() -> Vec<Problem> {
    let mut problems = Vec::new();
    imp::harden(&mut problems);
    problems
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod imp {
    use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};

    use super::Problem;

    pub fn harden(problems: &mut Vec<Problem>) {
        // Lowering both limits is always allowed; the hard limit at 0 keeps
        // a child or a later call from raising it again.
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if let Err(e) = setrlimit(Resource::Core, none) {
            problems.push(Problem {
                what: "core dumps off (RLIMIT_CORE)",
                detail: e.to_string(),
            });
        }
        if let Err(e) = set_dumpable_behavior(DumpableBehavior::NotDumpable) {
            problems.push(Problem {
                what: "memory closed to other processes (PR_SET_DUMPABLE)",
                detail: e.to_string(),
            });
        }
    }
}

// Written for macOS; not compiled on this project's machines.
#[cfg(target_os = "macos")]
mod imp {
    use rustix::process::{Resource, Rlimit, setrlimit};

    use super::Problem;

    pub fn harden(problems: &mut Vec<Problem>) {
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if let Err(e) = setrlimit(Resource::Core, none) {
            problems.push(Problem {
                what: "core dumps off (RLIMIT_CORE)",
                detail: e.to_string(),
            });
        }
        // SAFETY: PT_DENY_ATTACH takes no address or data (both ignored,
        // passed as null/0) and only sets a flag on the calling process;
        // no memory is read or written through the arguments.
        #[allow(unsafe_code)]
        let rc = unsafe { libc::ptrace(libc::PT_DENY_ATTACH, 0, std::ptr::null_mut(), 0) };
        if rc != 0 {
            problems.push(Problem {
                what: "debuggers refused (PT_DENY_ATTACH)",
                detail: std::io::Error::last_os_error().to_string(),
            });
        }
    }
}

// Written for Windows; not compiled on this project's machines.
#[cfg(target_os = "windows")]
mod imp {
    use windows_sys::Win32::System::Diagnostics::Debug::{
        EXCEPTION_EXECUTE_HANDLER, EXCEPTION_POINTERS, SEM_FAILCRITICALERRORS,
        SEM_NOGPFAULTERRORBOX, SetErrorMode, SetUnhandledExceptionFilter,
    };
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, TerminateProcess};

    use super::Problem;

    /// Runs instead of Windows Error Reporting on a crash: ends the
    /// process at once, so no minidump of our memory is written.
    #[allow(unsafe_code)]
    unsafe extern "system" fn end_without_report(_info: *const EXCEPTION_POINTERS) -> i32 {
        // SAFETY: GetCurrentProcess returns a pseudo-handle that needs no
        // closing; TerminateProcess on it does not return.
        unsafe {
            TerminateProcess(GetCurrentProcess(), 0xE000_0001);
        }
        EXCEPTION_EXECUTE_HANDLER
    }

    pub fn harden(_problems: &mut Vec<Problem>) {
        // SAFETY: both calls only change per-process settings; the filter
        // is a plain `extern "system"` function that lives for the whole
        // program. Neither can fail in a way that needs handling.
        #[allow(unsafe_code)]
        unsafe {
            SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
            SetUnhandledExceptionFilter(Some(end_without_report));
        }
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "windows"
)))]
mod imp {
    use super::Problem;

    pub fn harden(problems: &mut Vec<Problem>) {
        problems.push(Problem {
            what: "process hardening",
            detail: "not written for this operating system".into(),
        });
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// In a child process (the test runner's own limits must stay): after
    /// hardening, the core limit is 0/0 and the process is not dumpable.
    /// The running CLI and app are checked from outside in their own tests.
    #[test]
    fn core_dumps_and_dumpable_are_off() {
        if std::env::var_os("OMAMORI_HARDEN_CHILD").is_some() {
            assert!(harden_process().is_empty());
            let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
            let core = limits
                .lines()
                .find(|l| l.starts_with("Max core file size"))
                .unwrap();
            assert_eq!(core.split_whitespace().nth(4), Some("0"), "{core}");
            assert_eq!(core.split_whitespace().nth(5), Some("0"), "{core}");
            assert_eq!(
                rustix::process::dumpable_behavior().unwrap(),
                rustix::process::DumpableBehavior::NotDumpable
            );
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "process::tests::core_dumps_and_dumpable_are_off"])
            .env("OMAMORI_HARDEN_CHILD", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
