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
//! done, like age's `ExcessiveWork`. Each limit is a few times what the most
//! demanding real app writes (named beside it), so every genuine file opens
//! and a hostile one cannot cost more than a few seconds and 512 MiB.

use aes::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
use ring::aead::{self, AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

/// Why a primitive failed. Converted by each importer into an
/// [`crate::ImportError`] that names the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CryptoError {
    /// Authentication failed or padding was wrong: wrong key or damaged data.
    Decryption,
    /// KDF parameters beyond the limits below.
    ExcessiveWork { what: String, limit: String },
    /// Parameters that make no sense (zero iterations, bad lengths).
    Invalid(String),
}

/// PBKDF2 iterations accepted: Bitwarden allows up to 2,000,000; andOTP
/// picks 140,000–160,000; 2FAS 10,000.
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 5_000_000;
/// PBKDF2 iterations accepted in a FreeOTP 2 backup: the app always writes
/// 100,000 (`MasterKey.ITERATIONS`), and with HMAC-SHA512 each iteration
/// costs about twice a SHA-256 one, so the general limit would allow many
/// seconds of work for a file no FreeOTP ever wrote.
pub(crate) const MAX_FREEOTP_PBKDF2_ITERATIONS: u32 = 1_000_000;
/// scrypt memory (128·N·r bytes) accepted: Aegis uses N=2^15, r=8 = 32 MiB.
pub(crate) const MAX_SCRYPT_MEMORY: u64 = 512 * 1024 * 1024;
/// scrypt total work N·r·p accepted (Aegis: 2^18).
pub(crate) const MAX_SCRYPT_WORK: u64 = 1 << 24;
/// Argon2 memory accepted, in KiB: Ente's nominal export uses 256 MiB
/// (libsodium "sensitive" memory scaled down), Bitwarden defaults to 64 MiB,
/// its maximum is 1 GiB but no client writes that by default.
pub(crate) const MAX_ARGON2_MEMORY_KIB: u32 = 512 * 1024;
/// Argon2 passes × memory accepted, in KiB-passes: Ente's nominal export is
/// 16 passes × 256 MiB; twice that is the ceiling.
pub(crate) const MAX_ARGON2_WORK_KIB: u64 = 2 * 16 * 256 * 1024;
/// Argon2 lanes accepted (Bitwarden allows up to 16).
pub(crate) const MAX_ARGON2_LANES: u32 = 16;

/// The hash inside PBKDF2.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Hash {
    Sha1,
    Sha256,
    Sha512,
}

/// PBKDF2-HMAC-`hash`(password, salt, iterations) → `out`.
pub(crate) fn pbkdf2(
    hash: Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u64,
    out: &mut [u8],
) -> Result<(), CryptoError> {
    if iterations == 0 {
        return Err(CryptoError::Invalid("zero PBKDF2 iterations".into()));
    }
    if iterations > u64::from(MAX_PBKDF2_ITERATIONS) {
        return Err(CryptoError::ExcessiveWork {
            what: format!("{iterations} PBKDF2 iterations"),
            limit: MAX_PBKDF2_ITERATIONS.to_string(),
        });
    }
    let algorithm = match hash {
        Hash::Sha1 => ring::pbkdf2::PBKDF2_HMAC_SHA1,
        Hash::Sha256 => ring::pbkdf2::PBKDF2_HMAC_SHA256,
        Hash::Sha512 => ring::pbkdf2::PBKDF2_HMAC_SHA512,
    };
    let iterations = std::num::NonZeroU32::new(iterations as u32)
        .expect("iterations checked to be in 1..=MAX_PBKDF2_ITERATIONS");
    ring::pbkdf2::derive(algorithm, iterations, salt, password, out);
    Ok(())
}

/// scrypt(password, salt, N, r, p) → 32-byte key.
pub(crate) fn scrypt(
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
    let work = n.saturating_mul(r).saturating_mul(p);
    if memory > MAX_SCRYPT_MEMORY || work > MAX_SCRYPT_WORK {
        return Err(CryptoError::ExcessiveWork {
            what: format!("scrypt N={n} r={r} p={p}"),
            limit: format!("{} MiB of memory and N·r·p ≤ 2^24", MAX_SCRYPT_MEMORY >> 20),
        });
    }
    let log_n = n.trailing_zeros() as u8;
    let params = scrypt::Params::new(log_n, r as u32, p as u32)
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

/// Argon2id v1.3(password, salt, params) → 32-byte key.
pub(crate) fn argon2id(
    password: &[u8],
    salt: &[u8],
    params: Argon2Params,
) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    let Argon2Params {
        passes,
        memory_kib,
        lanes,
    } = params;
    if memory_kib > u64::from(MAX_ARGON2_MEMORY_KIB)
        || passes.saturating_mul(memory_kib) > MAX_ARGON2_WORK_KIB
        || lanes > u64::from(MAX_ARGON2_LANES)
        || passes > 1024
    {
        return Err(CryptoError::ExcessiveWork {
            what: format!(
                "Argon2id with {} MiB of memory, {passes} passes and {lanes} lanes",
                memory_kib / 1024
            ),
            limit: format!(
                "{} MiB and {} MiB·passes",
                MAX_ARGON2_MEMORY_KIB / 1024,
                MAX_ARGON2_WORK_KIB / 1024
            ),
        });
    }
    let invalid = || {
        CryptoError::Invalid(format!(
            "Argon2 parameters t={passes} m={memory_kib} KiB p={lanes} are not valid"
        ))
    };
    let params = argon2::Params::new(memory_kib as u32, passes as u32, lanes as u32, Some(32))
        .map_err(|_| invalid())?;
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
