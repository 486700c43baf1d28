//! Every cryptographic primitive the importers and exporters use, and the
//! limits on key-derivation parameters read from files.
//!
//! Notation follows the formats' own documents: `K = KDF(password, salt)`,
//! `AEAD(K, nonce, aad)`. Choices:
//!
//! - AES-256-GCM, PBKDF2, HMAC, HKDF and SHA-256 come from `ring`.
//! - scrypt, Argon2id and AES-CBC come from RustCrypto; libsodium's
//!   secretstream from `dryoc` (a pure-Rust libsodium port).
//! - AES-CBC is used only to *read* legacy formats whose apps chose it; where
//!   the format has a MAC (Bitwarden) it is checked before decrypting.
//! - Nonce policy for what we write (Aegis export): a fresh 96-bit random
//!   nonce from the OS for every GCM encryption, under a fresh random key
//!   per export, so nonces never repeat under one key.
//!
//! KDF limits: parameters read from a file are checked *before* any work is
//! done, like age's `ExcessiveWork`, in two ways:
//!
//! - each derivation is bounded by its format's [`KdfLimits`], about four
//!   times what that format's app really writes (named beside each), so
//!   every genuine file opens and a hostile one cannot ask for more;
//! - one [`Budget`] per import is charged for every derivation of the file,
//!   so a file with many password slots (an Aegis vault may carry 16) or
//!   many separately keyed entries (Authy) cannot multiply that work.
//!
//! Work is counted in *units* of roughly one millisecond of one core of the
//! project's build machine (a 2-core x86-64 laptop-class CPU), measured per
//! primitive (see the `*_PER_UNIT` constants). The estimates only need to be
//! right to a factor of two: they turn "minutes of CPU per try" into a
//! refusal in microseconds. A refused file gets
//! [`crate::ImportError::ExcessiveWork`], distinct from a wrong password.
//! Omamori's own backups are bounded by `omamori_vault`'s tighter backup
//! limits, below the user's own vault's.

use std::cell::Cell;

use aes::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
use ring::aead::{self, AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::Format;

/// Why a primitive failed. Converted by each importer into an
/// [`crate::ImportError`] that names the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CryptoError {
    /// Authentication failed or padding was wrong: wrong key or damaged data.
    Decryption,
    /// KDF parameters beyond the format's limits, or beyond what is left
    /// of the import's budget.
    ExcessiveWork { what: String, limit: String },
    /// Parameters that make no sense (zero iterations, bad lengths).
    Invalid(String),
}

/// PBKDF2-HMAC-SHA1 or -SHA256 iterations per unit of work (ring, one core).
const PBKDF2_ITERATIONS_PER_UNIT: u64 = 2_000;
/// PBKDF2-HMAC-SHA512 iterations per unit (each hashes twice the block).
const PBKDF2_SHA512_ITERATIONS_PER_UNIT: u64 = 1_000;
/// scrypt: units per MiB of 128·N·r·p (Aegis' 32 MiB take about 0.1 s).
const SCRYPT_UNITS_PER_MIB: u64 = 3;
/// Argon2: MiB·passes per unit (64 MiB × 3 passes take about 0.2 s on one core).
const ARGON2_MIB_PASSES_PER_UNIT: u64 = 1;

const MIB: u64 = 1024 * 1024;

/// What one format's derivations may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KdfLimits {
    /// The most memory one derivation may take, in bytes.
    pub max_memory: u64,
    /// The most work one derivation may take, in units.
    pub max_work: u64,
    /// The most work all derivations of one file may take together.
    pub budget: u64,
    /// The most Argon2 lanes.
    pub max_lanes: u64,
}

impl KdfLimits {
    /// A format whose single derivation may take `max_work` units and
    /// `max_memory` bytes; the whole file may take twice that (a second
    /// slot, a retry of an older layout).
    const fn per_derivation(max_work: u64, max_memory: u64) -> Self {
        KdfLimits {
            max_memory,
            max_work,
            budget: 2 * max_work,
            max_lanes: 16,
        }
    }

    /// The limits of `format`, each about four times its app's default.
    pub(crate) const fn of(format: Format) -> KdfLimits {
        match format {
            // scrypt N=2^15, r=8, p=1 (32 MiB, ~96 units): ×4.
            Format::Aegis => KdfLimits::per_derivation(4 * 96, 4 * 32 * MIB),
            // PBKDF2-SHA1, 140,000–160,000 iterations (~80 units): ×4.
            Format::AndOtp => KdfLimits::per_derivation(4 * 80, 0),
            // PBKDF2-SHA256 600,000 (300 units) or Argon2id 64 MiB × 3
            // passes × 4 lanes (192 units): ×4 of the larger.
            Format::BitwardenJson => KdfLimits::per_derivation(4 * 300, 4 * 64 * MIB),
            // PBKDF2-SHA512 100,000 (`MasterKey.ITERATIONS`, 100 units): ×4.
            Format::FreeOtp2 => KdfLimits::per_derivation(4 * 100, 0),
            // Argon2id 64 MiB × 3 (192 units), legacy PBKDF2-SHA1 64,000.
            Format::Stratum => KdfLimits::per_derivation(4 * 192, 4 * 64 * MIB),
            // Argon2id 19 MiB × 2 passes (38 units).
            Format::ProtonAuthenticator => KdfLimits::per_derivation(4 * 38, 4 * 19 * MIB),
            // libsodium's "sensitive" level: 1 GiB × 4 passes, or on smaller
            // devices 256 MiB × 16 (4096 units either way). Only ×2: a
            // single derivation of it is already seconds.
            Format::EnteEncrypted => KdfLimits::per_derivation(2 * 4096, 1024 * MIB),
            // PBKDF2-SHA256 10,000 (5 units).
            Format::TwoFas => KdfLimits::per_derivation(4 * 5, 0),
            // PBKDF2-SHA1 1,000 per token (0.5 unit): a budget for the
            // tokens of a large real export (a few hundred), not 100,000.
            Format::Authy => KdfLimits {
                max_memory: 0,
                max_work: 1,
                budget: 1_000,
                max_lanes: 1,
            },
            // Formats without a password-based key derivation.
            _ => KdfLimits::per_derivation(1, 0),
        }
    }
}

/// The key-derivation work one import may still spend: created once per
/// imported file with its format's [`KdfLimits`], charged before every
/// derivation.
#[derive(Debug)]
pub(crate) struct Budget {
    limits: KdfLimits,
    spent: Cell<u64>,
}

impl Budget {
    /// A fresh budget for one file of `format`.
    pub(crate) fn new(format: Format) -> Self {
        Budget::with_limits(KdfLimits::of(format))
    }

    pub(crate) fn with_limits(limits: KdfLimits) -> Self {
        Budget {
            limits,
            spent: Cell::new(0),
        }
    }

    /// Takes `work` units and `memory` bytes for one derivation described
    /// by `what`, or refuses without taking anything.
    fn charge(&self, what: impl Fn() -> String, work: u64, memory: u64) -> Result<(), CryptoError> {
        let limits = self.limits;
        if memory > limits.max_memory.max(MIB) || work > limits.max_work {
            return Err(CryptoError::ExcessiveWork {
                what: what(),
                limit: format!(
                    "about {} s of work and {} MiB of memory for one key",
                    limits.max_work.div_ceil(1000),
                    limits.max_memory.max(MIB) / MIB
                ),
            });
        }
        let spent = self.spent.get().saturating_add(work);
        if spent > limits.budget {
            return Err(CryptoError::ExcessiveWork {
                what: format!("{} after earlier keys of the same file", what()),
                limit: format!(
                    "about {} s of work for the whole file",
                    limits.budget.div_ceil(1000)
                ),
            });
        }
        self.spent.set(spent);
        Ok(())
    }

    /// The units charged so far (for tests).
    #[cfg(test)]
    pub(crate) fn spent(&self) -> u64 {
        self.spent.get()
    }
}

/// The hash inside PBKDF2.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Hash {
    Sha1,
    Sha256,
    Sha512,
}

/// The units `iterations` of PBKDF2-HMAC-`hash` cost.
fn pbkdf2_work(hash: Hash, iterations: u64) -> u64 {
    let per_unit = match hash {
        Hash::Sha512 => PBKDF2_SHA512_ITERATIONS_PER_UNIT,
        Hash::Sha1 | Hash::Sha256 => PBKDF2_ITERATIONS_PER_UNIT,
    };
    iterations.div_ceil(per_unit)
}

/// Checks that one PBKDF2 derivation of `iterations` is within `format`'s
/// limits, without deriving anything: for importers that read the
/// parameters before they have a password.
pub(crate) fn check_pbkdf2(format: Format, hash: Hash, iterations: u64) -> Result<(), CryptoError> {
    Budget::new(format).charge(
        || format!("{iterations} PBKDF2 iterations"),
        pbkdf2_work(hash, iterations),
        0,
    )
}

/// PBKDF2-HMAC-`hash`(password, salt, iterations) → `out`, charged to `budget`.
pub(crate) fn pbkdf2(
    budget: &Budget,
    hash: Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u64,
    out: &mut [u8],
) -> Result<(), CryptoError> {
    if iterations == 0 {
        return Err(CryptoError::Invalid("zero PBKDF2 iterations".into()));
    }
    budget.charge(
        || format!("{iterations} PBKDF2 iterations"),
        pbkdf2_work(hash, iterations),
        0,
    )?;
    let algorithm = match hash {
        Hash::Sha1 => ring::pbkdf2::PBKDF2_HMAC_SHA1,
        Hash::Sha256 => ring::pbkdf2::PBKDF2_HMAC_SHA256,
        Hash::Sha512 => ring::pbkdf2::PBKDF2_HMAC_SHA512,
    };
    let iterations = u32::try_from(iterations)
        .ok()
        .and_then(std::num::NonZeroU32::new)
        .ok_or_else(|| CryptoError::Invalid("PBKDF2 iterations out of range".into()))?;
    ring::pbkdf2::derive(algorithm, iterations, salt, password, out);
    Ok(())
}

/// scrypt(password, salt, N, r, p) → 32-byte key, charged to `budget`.
pub(crate) fn scrypt(
    budget: &Budget,
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u64,
    p: u64,
) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
        return Err(CryptoError::Invalid(format!(
            "scrypt parameters N={n} r={r} p={p} are not valid"
        )));
    }
    let memory = 128u64.saturating_mul(n).saturating_mul(r);
    let work = memory
        .saturating_mul(p)
        .div_ceil(MIB)
        .saturating_mul(SCRYPT_UNITS_PER_MIB);
    budget.charge(|| format!("scrypt N={n} r={r} p={p}"), work, memory)?;
    let log_n = n.trailing_zeros() as u8;
    let params = scrypt::Params::new(
        log_n,
        u32::try_from(r).map_err(|_| CryptoError::Invalid("scrypt r".into()))?,
        u32::try_from(p).map_err(|_| CryptoError::Invalid("scrypt p".into()))?,
    )
    .map_err(|_| CryptoError::Invalid("scrypt parameters rejected".into()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, salt, &params, out.as_mut())
        .map_err(|_| CryptoError::Invalid("scrypt output length".into()))?;
    Ok(out)
}

/// Argon2 parameters as a file states them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Argon2Params {
    pub passes: u64,
    pub memory_kib: u64,
    pub lanes: u64,
}

/// Argon2id v1.3(password, salt, params) → 32-byte key, charged to `budget`.
pub(crate) fn argon2id(
    budget: &Budget,
    password: &[u8],
    salt: &[u8],
    params: Argon2Params,
) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    let Argon2Params {
        passes,
        memory_kib,
        lanes,
    } = params;
    let what = || {
        format!(
            "Argon2id with {} MiB of memory, {passes} passes and {lanes} lanes",
            memory_kib / 1024
        )
    };
    if lanes > budget.limits.max_lanes {
        return Err(CryptoError::ExcessiveWork {
            what: what(),
            limit: format!("{} lanes", budget.limits.max_lanes),
        });
    }
    let work = memory_kib
        .saturating_mul(passes)
        .div_ceil(1024 * ARGON2_MIB_PASSES_PER_UNIT);
    budget.charge(what, work, memory_kib.saturating_mul(1024))?;
    let invalid = || {
        CryptoError::Invalid(format!(
            "Argon2 parameters t={passes} m={memory_kib} KiB p={lanes} are not valid"
        ))
    };
    let (Ok(m), Ok(t), Ok(p)) = (
        u32::try_from(memory_kib),
        u32::try_from(passes),
        u32::try_from(lanes),
    ) else {
        return Err(invalid());
    };
    let params = argon2::Params::new(m, t, p, Some(32)).map_err(|_| invalid())?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password, salt, out.as_mut())
        .map_err(|_| invalid())?;
    Ok(out)
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// HKDF-Expand-SHA256(prk, info) → 32 bytes (RFC 5869 §2.3, no extract).
pub(crate) fn hkdf_expand_sha256(prk: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    struct Len32;
    impl ring::hkdf::KeyType for Len32 {
        fn len(&self) -> usize {
            32
        }
    }
    let prk = ring::hkdf::Prk::new_less_safe(ring::hkdf::HKDF_SHA256, prk);
    let infos = [info];
    let okm = prk
        .expand(&infos, Len32)
        .expect("32 bytes is within HKDF-SHA256's 255·32 output limit");
    let mut out = Zeroizing::new([0u8; 32]);
    okm.fill(out.as_mut())
        .expect("the buffer has exactly the requested length");
    out
}

/// Checks HMAC-SHA256(key, data) == tag in constant time.
pub(crate) fn hmac_sha256_verify(key: &[u8], data: &[u8], tag: &[u8]) -> Result<(), CryptoError> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key);
    ring::hmac::verify(&key, data, tag).map_err(|_| CryptoError::Decryption)
}

fn gcm_key(key: &[u8]) -> Result<LessSafeKey, CryptoError> {
    let key = UnboundKey::new(&AES_256_GCM, key)
        .map_err(|_| CryptoError::Invalid("AES-256 keys are 32 bytes".into()))?;
    Ok(LessSafeKey::new(key))
}

fn gcm_nonce(nonce: &[u8]) -> Result<Nonce, CryptoError> {
    Nonce::try_assume_unique_for_key(nonce).map_err(|_| {
        CryptoError::Invalid(format!("a {}-byte GCM nonce (12 expected)", nonce.len()))
    })
}

/// AES-256-GCM decryption of `ciphertext || tag`.
pub(crate) fn aes_gcm_open(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let key = gcm_key(key)?;
    let nonce = gcm_nonce(nonce)?;
    if ciphertext_and_tag.len() < AES_256_GCM.tag_len() {
        return Err(CryptoError::Decryption);
    }
    let mut buffer = Zeroizing::new(ciphertext_and_tag.to_vec());
    let plain_len = key
        .open_in_place(nonce, Aad::from(aad), buffer.as_mut_slice())
        .map_err(|_| CryptoError::Decryption)?
        .len();
    buffer.truncate(plain_len);
    Ok(buffer)
}

/// AES-256-GCM encryption; returns `ciphertext || tag`.
pub(crate) fn aes_gcm_seal(key: &[u8], nonce: &[u8; 12], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let key = gcm_key(key).expect("callers pass 32-byte keys");
    let nonce = aead::Nonce::assume_unique_for_key(*nonce);
    let mut buffer = plaintext.to_vec();
    key.seal_in_place_append_tag(nonce, Aad::from(aad), &mut buffer)
        .expect("plaintexts here are far below GCM's length limit");
    buffer
}

/// AES-256-CBC decryption with PKCS#7 padding.
pub(crate) fn aes_cbc_decrypt(
    key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if key.len() != 32 || iv.len() != 16 {
        return Err(CryptoError::Invalid("AES-CBC key or IV length".into()));
    }
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return Err(CryptoError::Decryption);
    }
    let decryptor = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
        .map_err(|_| CryptoError::Invalid("AES-CBC key or IV length".into()))?;
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let len = decryptor
        .decrypt_padded::<Pkcs7>(buffer.as_mut_slice())
        .map_err(|_| CryptoError::Decryption)?
        .len();
    buffer.truncate(len);
    Ok(buffer)
}

/// libsodium `crypto_secretstream_xchacha20poly1305` pull of a stream that
/// holds exactly one message (what Ente Auth writes).
pub(crate) fn secretstream_pull_single(
    key: &[u8],
    header: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    use dryoc::classic::crypto_secretstream_xchacha20poly1305 as ss;
    let key: &ss::Key = key
        .try_into()
        .map_err(|_| CryptoError::Invalid("secretstream keys are 32 bytes".into()))?;
    let header: &ss::Header = header
        .try_into()
        .map_err(|_| CryptoError::Invalid("the stream header is not 24 bytes".into()))?;
    const ABYTES: usize = 17;
    if ciphertext.len() < ABYTES {
        return Err(CryptoError::Decryption);
    }
    let mut state = ss::State::new();
    ss::crypto_secretstream_xchacha20poly1305_init_pull(&mut state, header, key);
    let mut message = Zeroizing::new(vec![0u8; ciphertext.len() - ABYTES]);
    let mut tag = 0u8;
    ss::crypto_secretstream_xchacha20poly1305_pull(
        &mut state,
        &mut message,
        &mut tag,
        ciphertext,
        None,
    )
    .map_err(|_| CryptoError::Decryption)?;
    Ok(message)
}

/// Fills `out` from the operating system's random source.
pub(crate) fn random(out: &mut [u8]) {
    SystemRandom::new()
        .fill(out)
        .expect("the OS random source does not fail on supported systems");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Charges what `derivation` would, without deriving anything.
    fn fits(format: Format, work: u64, memory: u64) -> bool {
        Budget::new(format)
            .charge(String::new, work, memory)
            .is_ok()
    }

    #[test]
    fn every_app_default_fits_its_limits_and_four_times_it_does_not() {
        let scrypt = |n: u64, r: u64, p: u64| ((128 * n * r * p).div_ceil(MIB) * 3, 128 * n * r);
        let (w, m) = scrypt(1 << 15, 8, 1);
        assert!(fits(Format::Aegis, w, m));
        let (w, m) = scrypt(1 << 16, 8, 32);
        assert!(
            !fits(Format::Aegis, w, m),
            "N·r·p = 2^24 was allowed before issue 11"
        );
        let pbkdf2 = |hash, n| pbkdf2_work(hash, n);
        assert!(fits(Format::AndOtp, pbkdf2(Hash::Sha1, 160_000), 0));
        assert!(!fits(Format::AndOtp, pbkdf2(Hash::Sha1, 5_000_000), 0));
        assert!(fits(
            Format::BitwardenJson,
            pbkdf2(Hash::Sha256, 600_000),
            0
        ));
        assert!(fits(Format::FreeOtp2, pbkdf2(Hash::Sha512, 100_000), 0));
        assert!(!fits(Format::FreeOtp2, pbkdf2(Hash::Sha512, 1_000_000), 0));
        assert!(fits(Format::TwoFas, pbkdf2(Hash::Sha256, 10_000), 0));
        // Argon2: MiB·passes.
        assert!(fits(Format::BitwardenJson, 64 * 3, 64 * MIB));
        assert!(fits(Format::Stratum, 64 * 3, 64 * MIB));
        assert!(fits(Format::ProtonAuthenticator, 19 * 2, 19 * MIB));
        assert!(fits(Format::EnteEncrypted, 1024 * 4, 1024 * MIB));
        assert!(fits(Format::EnteEncrypted, 256 * 16, 256 * MIB));
        assert!(!fits(Format::Stratum, 1024 * 3, 1024 * MIB));
    }

    #[test]
    fn one_budget_covers_every_derivation_of_a_file() {
        let budget = Budget::new(Format::Aegis);
        let slot = KdfLimits::of(Format::Aegis).max_work;
        assert!(budget.charge(String::new, slot, 0).is_ok());
        assert!(budget.charge(String::new, slot, 0).is_ok());
        let err = budget
            .charge(|| "a third slot".into(), slot, 0)
            .unwrap_err();
        assert!(
            matches!(err, CryptoError::ExcessiveWork { ref what, .. } if what.contains("third"))
        );
        assert_eq!(budget.spent(), 2 * slot, "a refused charge takes nothing");
        // Authy: a token's derivation is cheap, thousands of them are not.
        let budget = Budget::new(Format::Authy);
        let token = pbkdf2_work(Hash::Sha1, 1000);
        let accepted = (0..5_000)
            .take_while(|_| budget.charge(String::new, token, 0).is_ok())
            .count();
        assert_eq!(accepted, 1_000);
    }
}
