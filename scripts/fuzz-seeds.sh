#!/usr/bin/env bash
# Rebuilds fuzz/seeds/TARGET/ (committed) from the test fixtures, so every
# fuzz target starts from real files of its family instead of from nothing:
# the importers' interop fixtures by kind, the URIs and migration links they
# contain one per file, the vault example, and the small QR images. Run it
# after adding fixtures; `./dev fuzz` and scripts/fuzz-smoke.sh read the seeds
# as a second, read-only corpus directory.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=fuzz/seeds
rm -rf "$seeds"
targets=(migration omamori_backup otpauth_uri scan_image scan_pixels transfer_binary
         transfer_json transfer_migration transfer_sqlite transfer_text vault_content
         vault_envelope)
for t in "${targets[@]}"; do mkdir -p "$seeds/$t"; done

# Files larger than this are left out: libFuzzer mutates small inputs best.
max=65536
copy() { # TARGET FILE
    local size
    size=$(stat -c %s "$2")
    [ "$size" -le "$max" ] || return 0
    cp "$2" "$seeds/$1/$(sha1sum "$2" | cut -c1-16)-$(basename "$2")"
}
one_per_line() { # TARGET PREFIX FILE...
    local target=$1 prefix=$2
    shift 2
    grep -hoE "${prefix}[^\"'[:space:]<>]+" "$@" 2>/dev/null | sort -u | head -400 |
        while IFS= read -r line; do
            printf '%s' "$line" >"$seeds/$target/$(printf '%s' "$line" | sha1sum | cut -c1-16)"
        done
}

fixtures=$(find tests/fixtures crates/*/tests -type f ! -name '*.rs' ! -name '*.md' \
    ! -name '*.proptest-regressions' | sort)
for f in $fixtures; do
    case "$f" in
        # Real key derivation at its app's full cost (Ente's 256 MiB × 16
        # passes) would spend seconds on every run that keeps its header.
        *nominalcomplexity*) continue ;;
        *.sqlite|*.db) copy transfer_sqlite "$f" ;;
        *.png|*.jpg|*.jpeg|*.gif|*.bmp|*.webp) copy scan_image "$f" ;;
        *.csv|*.xml|*.txt) copy transfer_text "$f" ;;
        *.bin) copy transfer_binary "$f" ;;
    esac
    # JSON whatever the extension (.json, .2fas, Ente's .txt, maFiles).
    if head -c 64 "$f" | tr -d ' \t\r\n\357\273\277' | grep -q '^[{[]'; then
        copy transfer_json "$f"
    fi
    # Java-serialized maps (FreeOTP 2's externalBackup.xml).
    if head -c 2 "$f" | od -An -tx1 | grep -q 'ac ed'; then copy transfer_binary "$f"; fi
    case "$f" in
        *omamori*|crates/vault/tests/fixtures/*) copy omamori_backup "$f"; copy vault_envelope "$f" ;;
    esac
done
text_fixtures=$(grep -rlIE 'otpauth(-migration)?://' tests/fixtures crates/*/tests || true)
one_per_line otpauth_uri 'otpauth://' $text_fixtures
one_per_line migration 'otpauth-migration://' $text_fixtures
one_per_line transfer_migration 'otpauth-migration://' $text_fixtures
for f in $(grep -lIE 'otpauth(-migration)?://' $fixtures || true); do copy transfer_migration "$f"; done

# Decrypted vault content as the documented examples show it (a hostile
# backup file's content is chosen by whoever made the file).
cat >"$seeds/vault_content/v1.json" <<'JSON'
{"version":1,"accounts":[{"id":"0707070707070707070707070707070a","kind":"totp","issuer":"Pep Up","name":"taro@example.jp","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA1","digits":6,"period":30,"counter":0,"note":"例","group":null,"icon":null,"created":1767225600}]}
JSON
cat >"$seeds/vault_content/v2.json" <<'JSON'
{"version":2,"accounts":[{"id":"0707070707070707070707070707070a","kind":"hotp","issuer":"Pep Up","name":"taro@example.jp","secret":"JBSWY3DPEHPK3PXP","algorithm":"SHA256","digits":8,"period":30,"counter":3,"note":null,"group":"仕事","icon":null,"created":1767225600}],"trash":[{"deleted":1767312000,"account":{"id":"0707070707070707070707070707070b","kind":"steam","issuer":"Steam","name":"","secret":"GEZDGNBVGY3TQOJQ","algorithm":"SHA1","digits":5,"period":30,"counter":0,"note":null,"group":null,"icon":null,"created":1767225000}}],"trash_days":30}
JSON

# The same QR codes in every other format the scanner accepts.
for f in "$seeds"/scan_image/*.png; do
    for ext in jpg gif bmp webp; do convert "$f" "${f%.png}.$ext" 2>/dev/null || true; done
done

# Grey pixels for the scanner's front end: a width byte, then rows.
for f in "$seeds"/scan_image/*.png; do
    out="$seeds/scan_pixels/$(basename "${f%.*}").gray"
    width=$(convert "$f" -format '%w' info: 2>/dev/null) || continue
    [ "$width" -le 255 ] || { convert "$f" -resize 255x "$f.tmp.png" && f="$f.tmp.png" && width=255; }
    { printf "\\$(printf '%03o' "$width")"; convert "$f" -colorspace gray -depth 8 gray:-; } >"$out"
    rm -f "$seeds"/scan_image/*.tmp.png
    [ "$(stat -c %s "$out")" -le $((max * 4)) ] || rm -f "$out"
done
for t in "${targets[@]}"; do
    printf '%-20s %3d seeds\n' "$t" "$(find "$seeds/$t" -type f | wc -l)"
done
