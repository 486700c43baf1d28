//! Every cryptographic call of the vault, in one place (docs/vault-format.md,
//! "Primitives and why"): AES-256-GCM from `ring` for the content and for
//! wrapping the master key in slots, `ring`'s `SystemRandom` for keys,
//! salts, nonces and ids, and Argon2id for password slots.
//!
//! Nonce policy: every call to [`seal`] takes a nonce from [`random_nonce`],
//! never a counter, because a restored backup would repeat a counter. With
//! random 96-bit nonces one key is good for 2^32 seals (NIST SP 800-38D);
//! the format doc explains why that bound is not reached.
//!
//! KDF limits: [`KdfParams::check_readable`] refuses hostile parameters
//! before any memory is allocated, like age's `ExcessiveWork`.

use std::fmt;

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use secrecy::{ExposeSecret, SecretString};
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

use omamori_harden::LockedBytes;

use crate::Error;

/// Bytes in a master key, slot key or keyring key (AES-256).
pub const KEY_LEN: usize = 32;
/// Bytes in an AES-GCM nonce.
pub const NONCE_LEN: usize = 12;
/// Bytes in an AES-GCM tag.
pub const TAG_LEN: usize = 16;
/// Bytes in a wrapped key: the encrypted key plus its tag.
pub const WRAPPED_KEY_LEN: usize = KEY_LEN + TAG_LEN;
/// Salt length written for new password slots.
pub const SALT_LEN: usize = 32;
/// Shortest salt accepted on read (RFC 9106 recommends 16 bytes).
pub const MIN_SALT_LEN: usize = 16;
/// Longest salt accepted on read.
pub const MAX_SALT_LEN: usize = 64;

/// A 256-bit key: the master key, a password-derived slot key or a keyring
/// key. On a memory page of its own, locked in RAM where the OS allows (so
/// it never reaches swap), and wiped on drop; no `Debug`, `Clone` or
/// `Display`, so it can only be copied or printed on purpose.
pub struct Key(LockedBytes<KEY_LEN>);

impl Key {
    /// A fresh random key.
    pub fn random() -> Result<Key, Error> {
        let mut key = LockedBytes::zeroed();
        fill_random(key.as_mut_array())?;
        Ok(Key(key))
    }

    /// A key from exactly [`KEY_LEN`] bytes (e.g. read from a keyring).
    pub fn from_slice(bytes: &[u8]) -> Option<Key> {
        if bytes.len() != KEY_LEN {
            return None;
        }
        let mut key = LockedBytes::zeroed();
        key.as_mut_array().copy_from_slice(bytes);
        Some(Key(key))
    }

    /// The raw key bytes, for storing a keyring key.
    pub fn expose(&self) -> &[u8; KEY_LEN] {
        self.0.as_array()
    }

    /// Whether the key's page is locked in RAM (false when the OS refused,
    /// e.g. `RLIMIT_MEMLOCK` used up).
    pub fn is_locked(&self) -> bool {
        self.0.is_locked()
    }

    fn aead(&self) -> LessSafeKey {
        // Invariant: AES_256_GCM takes exactly KEY_LEN bytes, which `Key` always has.
        let unbound = UnboundKey::new(&AES_256_GCM, self.0.as_array())
            .expect("a 32-byte key is valid for AES-256-GCM");
        LessSafeKey::new(unbound)
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(<redacted>)")
    }
}

/// Fills `out` from the operating system's CSPRNG.
pub fn fill_random(out: &mut [u8]) -> Result<(), Error> {
    SystemRandom::new().fill(out).map_err(|_| Error::Randomness)
}

/// A fresh random nonce (see the module doc for why never a counter).
pub fn random_nonce() -> Result<[u8; NONCE_LEN], Error> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    Ok(nonce)
}

/// AES-256-GCM encryption: returns ciphertext ‖ tag. The caller's
/// plaintext is copied into a buffer that is encrypted in place, so no
/// unencrypted copy is left behind by this function.
pub fn seal(key: &Key, nonce: &[u8; NONCE_LEN], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mut in_out = Vec::with_capacity(plaintext.len() + TAG_LEN);
    in_out.extend_from_slice(plaintext);
    // Invariant: sealing only fails when the input exceeds GCM's 64 GiB
    // limit; vault content is bounded far below that (MAX_FILE_BYTES).
    key.aead()
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(*nonce),
            Aad::from(aad),
            &mut in_out,
        )
        .expect("vault content is far below the AES-GCM length limit");
    in_out
}

/// AES-256-GCM decryption. Any failure (wrong key, changed ciphertext,
/// nonce or AAD) is the one vague [`Error::DecryptionFailed`].
pub fn open(
    key: &Key,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut in_out = Zeroizing::new(ciphertext.to_vec());
    let len = key
        .aead()
        .open_in_place(
            Nonce::assume_unique_for_key(*nonce),
            Aad::from(aad),
            &mut in_out,
        )
        .map_err(|_| Error::DecryptionFailed)?
        .len();
    in_out.truncate(len);
    Ok(in_out)
}

/// Wraps (encrypts) `key` under `wrapping` for a slot.
pub fn wrap_key(wrapping: &Key, nonce: &[u8; NONCE_LEN], aad: &[u8], key: &Key) -> Vec<u8> {
    seal(wrapping, nonce, aad, key.expose())
}

/// Unwraps a slot's key; a wrong wrapping key is [`Error::DecryptionFailed`].
pub fn unwrap_key(
    wrapping: &Key,
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    wrapped: &[u8],
) -> Result<Key, Error> {
    let plain = open(wrapping, nonce, aad, wrapped)?;
    Key::from_slice(&plain).ok_or(Error::DecryptionFailed)
}

/// Argon2id cost parameters of a password slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB (Argon2 m).
    pub memory_kib: u32,
    /// Passes over memory (Argon2 t).
    pub iterations: u32,
    /// Lanes (Argon2 p); lanes are computed in parallel on all cores.
    pub lanes: u32,
}

impl KdfParams {
    /// RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes.
    /// About 90 ms on the project's 2-core machine (release build).
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        lanes: 4,
    };
    /// Most memory a vault file may ask for: 1 GiB.
    pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
    /// Most passes a vault file may ask for.
    pub const MAX_ITERATIONS: u32 = 32;
    /// Most lanes a vault file may ask for.
    pub const MAX_LANES: u32 = 16;

    /// Refuses parameters outside the read bounds, before any work is done.
    /// Too much work is [`Error::ExcessiveWork`]; values Argon2 itself
    /// cannot use (zero passes, memory below 8 KiB per lane) are
    /// [`Error::Malformed`].
    pub fn check_readable(&self) -> Result<(), Error> {
        if self.memory_kib > Self::MAX_MEMORY_KIB
            || self.iterations > Self::MAX_ITERATIONS
            || self.lanes > Self::MAX_LANES
        {
            return Err(Error::ExcessiveWork {
                memory_kib: self.memory_kib,
                iterations: self.iterations,
                lanes: self.lanes,
            });
        }
        if self.iterations == 0
            || self.lanes == 0
            || u64::from(self.memory_kib) < 8 * u64::from(self.lanes)
        {
            return Err(Error::Malformed(format!(
                "Argon2 parameters m={} t={} p={} are not valid",
                self.memory_kib, self.iterations, self.lanes
            )));
        }
        Ok(())
    }

    /// Most memory a backup file (or any file being imported) may ask for:
    /// four times the default, 256 MiB.
    pub const MAX_BACKUP_MEMORY_KIB: u32 = 4 * Self::DEFAULT.memory_kib;
    /// Most memory × passes a backup file may ask for, in KiB-passes: four
    /// times the default's work (64 MiB × 3 passes), about 1 s here.
    pub const MAX_BACKUP_WORK_KIB: u64 =
        4 * Self::DEFAULT.memory_kib as u64 * Self::DEFAULT.iterations as u64;

    /// The tighter bounds of a file that comes from elsewhere (a backup
    /// being imported): Omamori writes backups with [`KdfParams::DEFAULT`],
    /// so anything above four times its work is a hostile or damaged file,
    /// refused with [`Error::ExcessiveWork`] before any derivation. The
    /// user's own vault keeps the wider [`KdfParams::check_readable`]
    /// bounds, so a vault made stronger on purpose still opens.
    pub fn check_backup(&self) -> Result<(), Error> {
        self.check_readable()?;
        if self.memory_kib > Self::MAX_BACKUP_MEMORY_KIB
            || u64::from(self.memory_kib) * u64::from(self.iterations) > Self::MAX_BACKUP_WORK_KIB
        {
            return Err(Error::ExcessiveWork {
                memory_kib: self.memory_kib,
                iterations: self.iterations,
                lanes: self.lanes,
            });
        }
        Ok(())
    }

    /// The check before writing with these parameters: the same limits as
    /// [`KdfParams::check_readable`], any failure reported as the caller's
    /// mistake ([`Error::InvalidKdfParams`]) rather than a file's.
    pub fn check_writable(&self) -> Result<(), Error> {
        self.check_readable().map_err(|_| Error::InvalidKdfParams {
            memory_kib: self.memory_kib,
            iterations: self.iterations,
            lanes: self.lanes,
        })
    }

    /// Whether these are at least as strong as [`KdfParams::DEFAULT`] in
    /// memory and passes (what the CLI warns about).
    pub fn is_at_least_default(&self) -> bool {
        self.memory_kib >= Self::DEFAULT.memory_kib && self.iterations >= Self::DEFAULT.iterations
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Derives a password slot key: Argon2id v1.3 over the NFC-normalized
/// password, so the same Japanese text typed through different input
/// methods gives the same key. Parameters are checked first.
pub fn derive_password_key(
    password: &SecretString,
    salt: &[u8],
    params: &KdfParams,
) -> Result<Key, Error> {
    params.check_readable()?;
    let normalized: Zeroizing<String> =
        Zeroizing::new(password.expose_secret().nfc().collect::<String>());
    let argon_params = argon2::Params::new(
        params.memory_kib,
        params.iterations,
        params.lanes,
        Some(KEY_LEN),
    )
    .map_err(|e| Error::Malformed(format!("Argon2 parameters: {e}")))?;
    let argon = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon_params,
    );
    let mut key = LockedBytes::zeroed();
    argon
        .hash_password_into(normalized.as_bytes(), salt, key.as_mut_array())
        .map_err(|e| Error::Malformed(format!("Argon2: {e}")))?;
    Ok(Key(key))
}

/// A growable byte buffer that wipes every buffer it outgrows, so
/// serializing decrypted content leaves no stray plaintext copies on the
/// heap (a plain `Vec` frees its old buffer unwiped when it grows).
pub struct ZeroizingWriter(Zeroizing<Vec<u8>>);

impl ZeroizingWriter {
    pub fn with_capacity(capacity: usize) -> Self {
        ZeroizingWriter(Zeroizing::new(Vec::with_capacity(capacity)))
    }

    pub fn into_inner(self) -> Zeroizing<Vec<u8>> {
        self.0
    }
}

impl std::io::Write for ZeroizingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let needed = self.0.len() + buf.len();
        if needed > self.0.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(needed.max(self.0.capacity() * 2)));
            bigger.extend_from_slice(&self.0);
            // The old buffer is wiped when `Zeroizing` drops it here.
            std::mem::swap(&mut self.0, &mut bigger);
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// SHA-256 of a file's bytes, to notice that another program saved the
/// vault since this one read it (not a security check: the AEAD is).
pub fn fingerprint(bytes: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// Wipes a byte buffer in place (for buffers that are not `Zeroizing`).
pub fn wipe(bytes: &mut [u8]) {
    bytes.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEAK: KdfParams = KdfParams {
        memory_kib: 8,
        iterations: 1,
        lanes: 1,
    };

    #[test]
    fn seal_then_open_round_trips_and_detects_changes() {
        let key = Key::random().unwrap();
        let nonce = random_nonce().unwrap();
        let sealed = seal(&key, &nonce, b"aad", b"hello");
        assert_eq!(sealed.len(), 5 + TAG_LEN);
        assert_eq!(
            open(&key, &nonce, b"aad", &sealed).unwrap().as_slice(),
            b"hello"
        );
        assert!(matches!(
            open(&key, &nonce, b"aaD", &sealed),
            Err(Error::DecryptionFailed)
        ));
        let mut flipped = sealed.clone();
        flipped[0] ^= 1;
        assert!(matches!(
            open(&key, &nonce, b"aad", &flipped),
            Err(Error::DecryptionFailed)
        ));
        let other = Key::random().unwrap();
        assert!(matches!(
            open(&other, &nonce, b"aad", &sealed),
            Err(Error::DecryptionFailed)
        ));
    }

    #[test]
    fn argon2id_is_deterministic_and_password_sensitive() {
        let key = derive_password_key(
            &SecretString::from("correct horse"),
            b"0123456789abcdef",
            &WEAK,
        )
        .unwrap();
        let again = derive_password_key(
            &SecretString::from("correct horse"),
            b"0123456789abcdef",
            &WEAK,
        )
        .unwrap();
        assert_eq!(key.expose(), again.expose());
        let other = derive_password_key(
            &SecretString::from("correct horsf"),
            b"0123456789abcdef",
            &WEAK,
        )
        .unwrap();
        assert_ne!(key.expose(), other.expose());
    }

    #[test]
    fn argon2id_rfc9106_test_vector() {
        // Pins the KDF so a dependency update cannot silently change keys.
        // RFC 9106 section 5.3 uses a secret and associated data that the
        // vault does not; this is the reference implementation's
        // (phc-winner-argon2) vector for Argon2id v1.3 without them:
        // password "password", salt "somesalt", t=2, m=65536, p=1, 32 bytes.
        let key = derive_password_key(
            &SecretString::from("password"),
            b"somesalt",
            &KdfParams {
                memory_kib: 65536,
                iterations: 2,
                lanes: 1,
            },
        )
        .unwrap();
        let hex: String = key.expose().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7"
        );
    }

    #[test]
    fn passwords_are_nfc_normalized() {
        // "が" precomposed (U+304C) and decomposed (か U+304B + U+3099).
        let composed =
            derive_password_key(&SecretString::from("\u{304C}"), &[7; 16], &WEAK).unwrap();
        let decomposed =
            derive_password_key(&SecretString::from("\u{304B}\u{3099}"), &[7; 16], &WEAK).unwrap();
        assert_eq!(composed.expose(), decomposed.expose());
    }

    #[test]
    fn hostile_kdf_parameters_are_refused_before_work() {
        let four_gib = KdfParams {
            memory_kib: 4 * 1024 * 1024,
            iterations: 3,
            lanes: 4,
        };
        assert!(matches!(
            four_gib.check_readable(),
            Err(Error::ExcessiveWork { .. })
        ));
        let billion = KdfParams {
            memory_kib: 65536,
            iterations: 1_000_000_000,
            lanes: 4,
        };
        assert!(matches!(
            billion.check_readable(),
            Err(Error::ExcessiveWork { .. })
        ));
        let zero = KdfParams {
            memory_kib: 65536,
            iterations: 0,
            lanes: 4,
        };
        assert!(matches!(zero.check_readable(), Err(Error::Malformed(_))));
        assert!(KdfParams::DEFAULT.check_readable().is_ok());
    }

    #[test]
    fn zeroizing_writer_keeps_all_bytes_across_growth() {
        use std::io::Write;
        let mut w = ZeroizingWriter::with_capacity(1);
        for i in 0..100u8 {
            w.write_all(&[i; 3]).unwrap();
        }
        let out = w.into_inner();
        assert_eq!(out.len(), 300);
        assert_eq!(out[299], 99);
    }
}
