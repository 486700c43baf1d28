#!/usr/bin/env python3
"""zxing-cpp on the corpus pixels written by bench_corpus, then the side-by-side table.

Usage: scripts/bench-scan.py DIR [REPEAT]   (see scripts/bench-scan.sh)
"""
import statistics
import sys
import time

import zxingcpp

d = sys.argv[1]
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
ours = {}
for line in open(f"{d}/omamori.tsv", encoding="utf-8"):
    name, ok, rgb, gray = line.rstrip("\n").split("\t")
    ours[name] = (ok == "true", float(rgb), float(gray))

rows = []
for line in open(f"{d}/index.tsv", encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    name, w, h = parts[0], int(parts[1]), int(parts[2])
    expected = sorted(p for p in parts[3:] if p)
    pixels = open(f"{d}/{name}.gray", "rb").read()
    view = memoryview(pixels).cast("B", (h, w))
    times, ok = [], True
    for _ in range(repeat):
        t = time.perf_counter()
        found = zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode, try_invert=True)
        times.append((time.perf_counter() - t) * 1e3)
        ok &= sorted(b.text for b in found) == expected
    rows.append((name, w, h, ok, statistics.median(times)))

print(f"{'case':<30} {'omamori ok':>10} {'rgb ms':>8} {'gray ms':>8} {'zxing ok':>9} {'zxing ms':>9}")
for name, w, h, zok, zms in rows:
    ok, rgb, gray = ours[name]
    print(f"{name:<30} {str(ok):>10} {rgb:>8.1f} {gray:>8.1f} {str(zok):>9} {zms:>9.1f}")

def summary(label, sel):
    sel = list(sel)
    if not sel:
        return
    o_rgb = [ours[n][1] for n, *_ in sel]
    o_gray = [ours[n][2] for n, *_ in sel]
    z = [r[4] for r in sel]
    o_ok = sum(ours[n][0] for n, *_ in sel)
    z_ok = sum(r[3] for r in sel)
    print(f"{label:<22} n={len(sel):<3} omamori ok {o_ok}/{len(sel)} median rgb {statistics.median(o_rgb):.1f} ms "
          f"gray {statistics.median(o_gray):.1f} ms worst {max(o_rgb):.1f} ms | zxing-cpp ok {z_ok}/{len(sel)} "
          f"median {statistics.median(z):.1f} ms worst {max(z):.1f} ms")

print()
summary("all", rows)
summary("3840x2160 screenshots", [r for r in rows if r[1] == 3840 and not r[0].startswith("photo")])
summary("1920x1080 screenshots", [r for r in rows if r[1] == 1920])
