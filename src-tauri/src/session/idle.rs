//! Idle timing for auto-lock. The clock has its own small lock, apart from
//! the unlocked state, so `touch` (sent by the UI on input) never waits for
//! a save or for anything else a command is doing with the vault.
//!
//! Only input counts as activity: the code list refreshes itself every
//! period, and counting that kept the vault unlocked for ever.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// When the user last did something.
pub(super) struct IdleClock {
    last_input: Mutex<Instant>,
}

impl IdleClock {
    pub(super) fn new() -> IdleClock {
        IdleClock {
            last_input: Mutex::new(Instant::now()),
        }
    }

    /// Input happened now (or an unlock, which starts the count afresh).
    pub(super) fn touch(&self) {
        *self.last_input.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    /// Time since the last input.
    pub(super) fn idle_for(&self) -> Duration {
        self.last_input
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .elapsed()
    }

    /// Whether `minutes` of idle time have passed; 0 minutes means never.
    pub(super) fn expired(&self, minutes: u32) -> bool {
        minutes > 0 && self.idle_for() >= Duration::from_secs(u64::from(minutes) * 60)
    }
}
