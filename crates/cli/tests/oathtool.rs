//! Differential test: `omamori code` against Debian's `oathtool` on
//! random keys, times, algorithms, digit counts, periods and HOTP counters.
//! `oathtool` is installed by `make deps`; without it this test fails and
//! says so, because a skipped differential test proves nothing.

use std::process::Command;

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn base32(bytes: &[u8]) -> String {
    omamori_otp::Secret::from_bytes(bytes.to_vec())
        .to_base32()
        .to_string()
}

fn run(program: &str, args: &[String]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}); install it with `make deps` (apt package oathtool)")
        });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn omamori_code_agrees_with_oathtool() {
    let omamori = env!("CARGO_BIN_EXE_omamori");
    let mut rng = Rng(0x0d15_ea5e_c0de);
    let mut cases = 0;
    for algorithm in ["SHA1", "SHA256", "SHA512"] {
        for digits in [6u8, 7, 8] {
            for period in [30u32, 60] {
                for _ in 0..30 {
                    let len = 10 + rng.below(55) as usize;
                    let key: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                    let key = base32(&key);
                    let time = rng.below(4_102_444_800); // up to 2100
                    // Our side gets the key as a person might type it.
                    let typed = if rng.below(2) == 0 {
                        key.to_lowercase()
                    } else {
                        key.as_bytes()
                            .chunks(4)
                            .map(|c| std::str::from_utf8(c).unwrap())
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    let ours = run(
                        omamori,
                        &[
                            "code".into(),
                            "--key".into(),
                            typed,
                            "--algorithm".into(),
                            algorithm.into(),
                            "--digits".into(),
                            digits.to_string(),
                            "--period".into(),
                            period.to_string(),
                            "--at".into(),
                            time.to_string(),
                        ],
                    );
                    let theirs = run(
                        "oathtool",
                        &[
                            format!("--totp={algorithm}"),
                            "-b".into(),
                            format!("--digits={digits}"),
                            format!("--time-step-size={period}s"),
                            format!("--now=@{time}"),
                            key.clone(),
                        ],
                    );
                    assert_eq!(ours, theirs, "{algorithm} {digits} {period}s t={time}");
                    cases += 1;
                }
            }
        }
    }
    for _ in 0..120 {
        let key: Vec<u8> = (0..20).map(|_| rng.next() as u8).collect();
        let key = base32(&key);
        let counter = match rng.below(3) {
            0 => rng.below(10),
            1 => rng.below(1 << 32),
            _ => rng.next() >> 1,
        };
        let digits = 6 + rng.below(3) as u8;
        let ours = run(
            omamori,
            &[
                "code".into(),
                "--key".into(),
                key.clone(),
                "--counter".into(),
                counter.to_string(),
                "--digits".into(),
                digits.to_string(),
            ],
        );
        let theirs = run(
            "oathtool",
            &[
                "--hotp".into(),
                "-b".into(),
                format!("--digits={digits}"),
                format!("--counter={counter}"),
                key,
            ],
        );
        assert_eq!(ours, theirs, "HOTP counter={counter} digits={digits}");
        cases += 1;
    }
    assert_eq!(cases, 660);
}
