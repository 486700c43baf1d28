//! Small secrets on pages of their own, locked in RAM.
//!
//! `mlock` works on whole pages and does not nest: unlocking one buffer
//! would unlock every other buffer sharing its page. So each
//! [`LockedBytes`] allocates two pages and keeps its bytes in the one
//! page-aligned page inside that allocation, which no other value can
//! share; only that page is locked, and unlocked (then freed) on drop.
//! Two pages per key is cheap for the handful of keys a vault holds.
//!
//! Locking is best effort: it fails when `RLIMIT_MEMLOCK` (often 8 MiB on
//! Linux) is used up; the bytes are then kept unlocked and still wiped,
//! and [`LockedBytes::is_locked`] says so.

use zeroize::Zeroizing;

/// `N` bytes on a page of their own, locked in RAM where allowed, wiped on
/// drop. No `Debug`, `Clone` or `Display`.
pub struct LockedBytes<const N: usize> {
    // Dropped first (fields drop in order): the page is unlocked before
    // the buffer is wiped and freed.
    guard: Option<region::LockGuard>,
    buffer: Zeroizing<Vec<u8>>,
    offset: usize,
}

impl<const N: usize> LockedBytes<N> {
    /// `N` zero bytes, locked if the platform allows.
    pub fn zeroed() -> Self {
        let page = region::page::size();
        // Invariant: N fits in one page (keys are 32 bytes; pages >= 4 KiB).
        assert!(N <= page, "LockedBytes holds at most one page");
        let buffer = Zeroizing::new(vec![0u8; 2 * page]);
        let start = buffer.as_ptr() as usize;
        let offset = start.next_multiple_of(page) - start;
        let guard = region::lock(buffer[offset..].as_ptr(), page).ok();
        LockedBytes {
            guard,
            buffer,
            offset,
        }
    }

    /// The bytes.
    pub fn as_array(&self) -> &[u8; N] {
        self.buffer[self.offset..self.offset + N]
            .try_into()
            .expect("the slice is N bytes long")
    }

    /// The bytes, to fill in place.
    pub fn as_mut_array(&mut self) -> &mut [u8; N] {
        (&mut self.buffer[self.offset..self.offset + N])
            .try_into()
            .expect("the slice is N bytes long")
    }

    /// Whether the page is locked in RAM.
    pub fn is_locked(&self) -> bool {
        self.guard.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_sit_on_a_page_of_their_own() {
        let mut key = LockedBytes::<32>::zeroed();
        key.as_mut_array().copy_from_slice(&[7u8; 32]);
        assert_eq!(key.as_array(), &[7u8; 32]);
        let page = region::page::size();
        let at = key.as_array().as_ptr() as usize;
        assert_eq!(at % page, 0);
        // The whole page lies inside our own allocation.
        let buffer = key.buffer.as_ptr() as usize;
        assert!(at >= buffer && at + page <= buffer + key.buffer.len());
    }

    /// On Linux, the page is locked when the limit allows one more page:
    /// the kernel counts it in VmLck.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_page_is_locked_in_ram() {
        fn locked_kib() -> u64 {
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            let line = status.lines().find(|l| l.starts_with("VmLck:")).unwrap();
            line.split_whitespace().nth(1).unwrap().parse().unwrap()
        }
        let key = LockedBytes::<32>::zeroed();
        assert!(
            key.is_locked(),
            "RLIMIT_MEMLOCK leaves no room for one page"
        );
        assert!(locked_kib() >= region::page::size() as u64 / 1024);
    }
}
