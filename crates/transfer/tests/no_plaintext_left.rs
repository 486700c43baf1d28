//! Issue 11: exports leave no plaintext secret in freed heap memory. A
//! buffer that grows (a `String` or `Vec` pushed past its capacity) frees
//! its old allocation as it was, setup keys included, where a later
//! allocation or a core dump can find it.
//!
//! This test binary installs an allocator that, while armed, looks into
//! every buffer as it is freed (and every old buffer a reallocation
//! drops) for the test accounts' setup keys, as base32 text and as raw
//! bytes. Wiped buffers (`Zeroizing`, `ZeroizingWriter`) hold zeros by
//! then and pass.
//!
//! `unsafe` is confined to this test-only allocator (library crates forbid
//! it): it forwards to the system allocator and only reads memory it is
//! handed before releasing it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use omamori_otp::{Account, Algorithm, Kind, Secret};
use omamori_transfer::export::{aegis, google, qr_page, uri_list};

/// Distinctive fake keys: long enough (20 bytes) that a match is no accident.
const KEYS: [&[u8; 20]; 2] = [b"fake-export-secret-1", b"fake-export-secret-2"];

struct Sniffer;

static ARMED: AtomicBool = AtomicBool::new(false);
static FOUND: AtomicUsize = AtomicUsize::new(0);
/// Needles (base32 text and raw bytes), set before arming; fixed arrays so
/// the check itself never allocates.
static NEEDLES: Mutex<[[u8; 32]; 4]> = Mutex::new([[0; 32]; 4]);
static NEEDLE_LENS: Mutex<[usize; 4]> = Mutex::new([0; 4]);

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

// SAFETY: every call forwards to `System` with the caller's arguments;
// `dealloc` additionally reads the `layout.size()` bytes at `ptr`, which
// the caller guarantees are a live allocation of that layout until
// `System.dealloc` runs.
unsafe impl GlobalAlloc for Sniffer {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::SeqCst) {
            let freed = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if let (Ok(needles), Ok(lens)) = (NEEDLES.try_lock(), NEEDLE_LENS.try_lock()) {
                for (needle, len) in needles.iter().zip(lens.iter()) {
                    if contains(freed, &needle[..*len]) {
                        FOUND.fetch_add(1, Ordering::SeqCst);
                    }
                }
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
    // `realloc` keeps the default: alloc, copy, dealloc, so the old buffer
    // of every growth passes through `dealloc` above.
}

#[global_allocator]
static ALLOCATOR: Sniffer = Sniffer;

/// One test at a time: the allocator's state is global.
static SERIAL: Mutex<()> = Mutex::new(());

fn accounts() -> Vec<Account> {
    // Long, non-ASCII names make every output outgrow any small first guess.
    let mut pep = Account::totp(
        "健康保険組合 Pep Up ".repeat(4),
        "山田 太郎 <taro@example.jp> ".repeat(4),
        Secret::from_bytes(KEYS[0].to_vec()),
    );
    pep.note = Some("メモ ".repeat(40));
    pep.group = Some("家族".into());
    let mut hotp = Account::totp(
        "例 ".repeat(30),
        "hotp@example.jp",
        Secret::from_bytes(KEYS[1].to_vec()),
    );
    hotp.kind = Kind::Hotp;
    hotp.counter = 7;
    hotp.algorithm = Algorithm::Sha256;
    vec![pep, hotp]
}

/// Runs `export` armed and returns how many freed buffers held a key.
fn leaks<T>(export: impl FnOnce(&[Account]) -> T) -> usize {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let accounts = accounts();
    {
        let mut needles = NEEDLES.lock().unwrap();
        let mut lens = NEEDLE_LENS.lock().unwrap();
        for (i, key) in KEYS.iter().enumerate() {
            let text = Secret::from_bytes(key.to_vec()).to_base32();
            needles[2 * i][..text.len()].copy_from_slice(text.as_bytes());
            lens[2 * i] = text.len();
            needles[2 * i + 1][..key.len()].copy_from_slice(&key[..]);
            lens[2 * i + 1] = key.len();
        }
    }
    FOUND.store(0, Ordering::SeqCst);
    ARMED.store(true, Ordering::SeqCst);
    let output = export(&accounts);
    drop(output);
    ARMED.store(false, Ordering::SeqCst);
    FOUND.load(Ordering::SeqCst)
}

#[test]
fn the_sniffer_sees_an_unwiped_buffer() {
    // The test must be able to fail: a plain growing String is caught.
    let found = leaks(|accounts| {
        let mut text = String::new();
        for account in accounts {
            text.push_str(&account.secret.to_base32());
            text.push_str(&"x".repeat(100));
        }
        text
    });
    assert!(found > 0);
}

#[test]
fn issue_11_otpauth_list_leaves_no_key_behind() {
    assert_eq!(leaks(uri_list::uri_list), 0);
}

#[test]
fn issue_11_plain_aegis_leaves_no_key_behind() {
    assert_eq!(leaks(aegis::plain), 0);
}

#[test]
fn issue_11_encrypted_aegis_leaves_no_key_behind() {
    assert_eq!(leaks(|a| aegis::encrypted(a, "パスワード")), 0);
}

#[test]
fn issue_11_paper_page_leaves_no_key_behind() {
    assert_eq!(
        leaks(|a| qr_page::qr_page(a, &qr_page::PageText::default()).unwrap()),
        0
    );
}

#[test]
fn issue_11_google_transfer_codes_leave_no_key_behind() {
    assert_eq!(leaks(|a| google::google_qr_codes(a, 10, 1).unwrap()), 0);
}
