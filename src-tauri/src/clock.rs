//! The clock the app's timers count with: auto-lock after idle time and
//! clearing a copied code. Rust's `Instant` (and `thread::sleep`) follow
//! `CLOCK_MONOTONIC` on Linux, which stops while the machine is suspended:
//! a laptop closed one minute after the last use and opened an hour later
//! would count one minute. [`BootClock`] counts suspended time too
//! (`CLOCK_BOOTTIME` on Linux, the wall clock elsewhere), and timers wait
//! in short ticks against it ([`wait_until`]) instead of one long sleep.
//!
//! The clock is a trait so tests can simulate a suspend ([`tests`] use a
//! clock they move by hand).

use std::sync::Arc;
use std::time::Duration;

/// A reading of "now" that keeps counting while the machine sleeps.
pub trait Clock: Send + Sync {
    /// Time since an arbitrary fixed origin.
    fn now(&self) -> Duration;
}

/// The clock the app shares between its timers.
pub type SharedClock = Arc<dyn Clock>;

/// The real clock: `CLOCK_BOOTTIME` on Linux (monotonic, counts suspend);
/// the wall clock on other systems, where a clock that both counts sleep
/// and never jumps is not portable (a clock set forward locks early, set
/// back locks late by at most the change; both are visible to the user).
pub struct BootClock;

impl Clock for BootClock {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn now(&self) -> Duration {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
        Duration::new(
            u64::try_from(t.tv_sec).unwrap_or(0),
            u32::try_from(t.tv_nsec).unwrap_or(0),
        )
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn now(&self) -> Duration {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
    }
}

/// The app's clock.
pub fn boot_clock() -> SharedClock {
    Arc::new(BootClock)
}

/// How often a waiting timer looks at the clock: after a resume it fires
/// within one tick.
pub const TICK: Duration = Duration::from_secs(1);

/// Sleeps in ticks of `tick` until `clock` reaches `deadline`, or
/// `cancelled()` says to give up; returns whether the deadline was reached.
pub fn wait_until(
    clock: &dyn Clock,
    deadline: Duration,
    tick: Duration,
    cancelled: impl Fn() -> bool,
) -> bool {
    loop {
        if cancelled() {
            return false;
        }
        let now = clock.now();
        if now >= deadline {
            return true;
        }
        std::thread::sleep(tick.min(deadline - now));
    }
}

#[cfg(test)]
pub mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A clock moved by hand: a test "suspends" the machine by moving it.
    #[derive(Default)]
    pub struct ManualClock(Mutex<Duration>);

    impl ManualClock {
        pub fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }
    }

    impl Clock for ManualClock {
        fn now(&self) -> Duration {
            *self.0.lock().unwrap()
        }
    }

    /// Issue 11: a timer waiting against the clock fires when the clock
    /// jumps past its deadline (a resume after a long suspend), at the
    /// next tick, not after the full delay counted from the resume.
    #[test]
    fn issue_11_a_timer_fires_after_a_simulated_suspend() {
        let clock = Arc::new(ManualClock::default());
        let deadline = clock.now() + Duration::from_secs(30);
        let waiting = {
            let clock = clock.clone();
            std::thread::spawn(move || {
                wait_until(&*clock, deadline, Duration::from_millis(1), || false)
            })
        };
        clock.advance(Duration::from_secs(3600));
        assert!(waiting.join().unwrap());
    }

    #[test]
    fn a_cancelled_timer_does_not_fire() {
        let clock = ManualClock::default();
        assert!(!wait_until(
            &clock,
            Duration::from_secs(30),
            Duration::from_millis(1),
            || true
        ));
    }

    /// The real clock counts at least what `Instant` counts (equal while
    /// awake; more after a suspend).
    #[test]
    fn the_boot_clock_moves_forward_with_real_time() {
        let (start, instant) = (BootClock.now(), std::time::Instant::now());
        std::thread::sleep(Duration::from_millis(20));
        let (boot, mono) = (BootClock.now() - start, instant.elapsed());
        assert!(
            boot + Duration::from_millis(5) >= mono,
            "{boot:?} < {mono:?}"
        );
    }
}
