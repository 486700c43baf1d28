//! Turns the real-keyring tests on when `scripts/with-keyrings.sh` (which
//! provides a keyutils session and an unlocked gnome-keyring) sets
//! OMAMORI_KEYRING_TESTS=1; without it they are ignored with a reason.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(omamori_keyring_tests)");
    println!("cargo::rerun-if-env-changed=OMAMORI_KEYRING_TESTS");
    if std::env::var("OMAMORI_KEYRING_TESTS").as_deref() == Ok("1") {
        println!("cargo::rustc-cfg=omamori_keyring_tests");
    }
}
