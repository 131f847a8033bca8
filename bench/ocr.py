#!/usr/bin/env python
"""OCR benchmark: prints one JSON object.

    python bench/ocr.py [--files a,b] [--dpi 200] [--kind scan] [--rounds 3] [--rss-reports 50]

Pages: the first page of each chosen corpus file, rendered at --dpi and degraded (--kind, see
tests/analysis/scans.py), written as PNG files. On the same files, rounds interleaved, medians:
- ours_s: our job's whole local analysis of the image upload (analyze_pdf with OCR: decoding with
  the pixel cap, preparation, Tesseract through tesserocr, parsing, interpretation);
- ocr_only_s: just `ocr.read_image` (preparation + Tesseract + words);
- cli_s: the chosen engine's own CLI on the same PNG (`tesseract page.png - --psm 11 -l <langs> tsv`,
  words with boxes, what we take from the engine), process start included, as a user would run it.
ratio = ours_s / cli_s per page, and the median of those. Then RSS of this process after each of
--rss-reports scanned reports analysed one after another (the pages above, round robin), as a
sandbox process would live through them: first, after 10, and at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from PIL import Image  # noqa: E402

from shared.analysis import ocr  # noqa: E402
from shared.analysis.ocr_pages import OcrOptions  # noqa: E402
from shared.analysis.pipeline import analyze_pdf  # noqa: E402
from shared.errors import AnalysisError  # noqa: E402
from tests.analysis.scans import degrade, encode, render_pages  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_FILES = ("synth-borderless-normal-col-lt-gt", "cardiocare-synthetic", "medtech-synthetic",
                 "synth-ks-quest-style-status-col", "pathlab-johor", "italian-emocromo-fake")  # fmt: skip


def rss_mb() -> float:
    for line in open("/proc/self/status"):  # noqa: SIM115
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def ours(data: bytes, options: OcrOptions) -> None:
    try:
        analyze_pdf(data, ocr=options)
    except AnalysisError:
        pass  # a page that reads as no report still cost its OCR


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", default=",".join(DEFAULT_FILES))
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--kind", default="scan", choices=("clean", "scan", "photo"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rss-reports", type=int, default=50)
    args = ap.parse_args()
    options = OcrOptions()
    langs = ocr.DEFAULT_LANGUAGES
    pages: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(args.files.split(",")):
            image = render_pages((CORPUS / f"{name}.pdf").read_bytes(), dpi=args.dpi)[0]
            pages[name] = encode(degrade(image, args.kind, seed=i), "png")
            Path(tmp, f"{name}.png").write_bytes(pages[name])
        ours(next(iter(pages.values())), options)  # warm-up: Tesseract's models load once per process
        times: dict[str, dict[str, list[float]]] = {n: {"ours": [], "ocr_only": [], "cli": []} for n in pages}
        for _ in range(args.rounds):
            for name, data in pages.items():
                png = str(Path(tmp, f"{name}.png"))
                times[name]["cli"].append(timed(lambda png=png: subprocess.run(
                    ["tesseract", png, "-", "--psm", "11", "-l", langs, "tsv"], check=True, capture_output=True,
                    env={**os.environ, "OMP_THREAD_LIMIT": "1"})))  # fmt: skip
                times[name]["ours"].append(timed(lambda data=data: ours(data, options)))
                image = Image.open(png).convert("RGB")
                times[name]["ocr_only"].append(timed(lambda image=image: ocr.read_image(
                    image, 1, 612, 792, languages=langs)))  # fmt: skip
    per_page = {name: {k: round(statistics.median(v), 3) for k, v in t.items()} for name, t in times.items()}
    for t in per_page.values():
        t["ratio"] = round(t["ours"] / t["cli"], 2)
    gc.collect()
    rss = {"start_mb": round(rss_mb(), 1)}
    datas = list(pages.values())
    for i in range(args.rss_reports):
        ours(datas[i % len(datas)], options)
        if i + 1 == 10:
            rss["after_10_mb"] = round(rss_mb(), 1)
    gc.collect()
    rss[f"after_{args.rss_reports}_mb"] = round(rss_mb(), 1)
    print(json.dumps({
        "engine": f"tesseract (tesserocr {__import__('tesserocr').__version__}), languages {langs}",
        "cli": subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0],
        "dpi": args.dpi, "kind": args.kind, "rounds": args.rounds, "host": platform.node(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "median_ours_s": round(statistics.median(t["ours"] for t in per_page.values()), 3),
        "median_ocr_only_s": round(statistics.median(t["ocr_only"] for t in per_page.values()), 3),
        "median_cli_s": round(statistics.median(t["cli"] for t in per_page.values()), 3),
        "median_ratio": round(statistics.median(t["ratio"] for t in per_page.values()), 2),
        "pages": per_page, "rss": rss,
    }, indent=1))


if __name__ == "__main__":
    main()
