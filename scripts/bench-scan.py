#!/usr/bin/env python3
"""zxing-cpp on the corpus pixels written by bench_corpus, then the side-by-side tables.

Usage: scripts/bench-scan.py DIR [REPEAT]   (see scripts/bench-scan.sh)

Reads DIR/index.tsv and DIR/omamori.tsv (one "exact/median-ms" cell per case
and decoder), times zxing-cpp (pip package `zxing-cpp`) on the same gray
pixels, and prints per case, per category (decode rate) and per image group
(decode rate, median and worst time).
"""
import statistics
import sys
import time

import zxingcpp

d = sys.argv[1]
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5

LABELS = {
    "rqrr_rgb": "ours+rqrr (RGB in)",
    "rqrr_gray": "ours+rqrr (gray in)",
    "front_rxing_gray": "ours+rxing (gray in)",
    "rxing_alone_gray": "rxing alone (gray in)",
    "zxing_cpp_gray": "zxing-cpp (gray in)",
}

lines = open(f"{d}/omamori.tsv", encoding="utf-8").read().splitlines()
decoders = lines[0].split("\t")[1:]
results = {}  # case -> decoder -> (ok, ms)
for line in lines[1:]:
    name, *cells = line.split("\t")
    results[name] = {}
    for dec, cell in zip(decoders, cells):
        ok, ms = cell.split("/")
        results[name][dec] = (ok == "true", float(ms))

cases = []  # (name, width)
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
        # zxing-cpp's order is its own; compare as sets of payloads.
        ok &= sorted(b.text for b in found) == expected
    results[name]["zxing_cpp_gray"] = (ok, statistics.median(times))
    cases.append((name, w))
decoders.append("zxing_cpp_gray")

width = 13
print(f"{'case':<28}" + "".join(f"{dec[:width - 1]:>{width}}" for dec in decoders))
for name, _ in cases:
    cells = []
    for dec in decoders:
        ok, ms = results[name][dec]
        cells.append(f"{ms:>{width - 2}.1f}{' ' if ok else '!'} ")
    print(f"{name:<28}" + "".join(cells))
print("(ms, median of the runs; '!' marks a wrong or missing reading)")

print()
print("decode rate per category (both sizes)")
categories = list(dict.fromkeys(n.split("-")[0] for n, _ in cases))
print(f"{'category':<14}" + "".join(f"{LABELS[dec]:>24}" for dec in decoders))
for cat in categories:
    sel = [n for n, _ in cases if n.split("-")[0] == cat]
    cells = [f"{sum(results[n][dec][0] for n in sel)}/{len(sel)}" for dec in decoders]
    print(f"{cat:<14}" + "".join(f"{c:>24}" for c in cells))


def summary(label, sel):
    if not sel:
        return
    print(f"{label} (n={len(sel)})")
    for dec in decoders:
        ms = [results[n][dec][1] for n in sel]
        ok = sum(results[n][dec][0] for n in sel)
        print(f"  {LABELS[dec]:<24} ok {ok:>2}/{len(sel):<3} median {statistics.median(ms):6.1f} ms   worst {max(ms):7.1f} ms")


print()
summary("3840x2160 screenshots", [n for n, w in cases if w == 3840 and not n.startswith("photo")])
summary("1920x1080 screenshots", [n for n, w in cases if w == 1920 and not n.startswith("photo")])
summary("phone photos of a monitor", [n for n, _ in cases if n.startswith("photo")])
summary("all", [n for n, _ in cases])
