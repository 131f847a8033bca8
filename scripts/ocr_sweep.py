"""OCR accuracy over the corpus: each report rendered to images, degraded, read by OCR, scored.

    .venv/bin/python scripts/ocr_sweep.py --dpi 200 --kind scan [--files a,b] [--json out.json]

Per corpus file: the text PDF's own score (matched rows) and the scan's (matched, parsed, flags
right), so recall is reported against what the text PDF yields (the issue's target) as well as
against the truth. Kinds (tests/analysis/scans.py): clean (as rendered), scan (JPEG 60-75, up to
2 degrees, blur, noise), photo (scan + perspective + uneven light). Pages go through the worker's
path: an image-only PDF at that DPI, `parse_pdf(..., ocr=OcrOptions())`. Prints a table and a
JSON summary (last line). The degradation is seeded (page i of a file: seed i), so every run reads the same
pages and two runs compare the code alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.analysis.evaluate import base_flag, match  # noqa: E402
from shared.analysis.ocr_pages import OcrOptions  # noqa: E402
from shared.analysis.pipeline import parse_pdf  # noqa: E402
from shared.errors import AnalysisError  # noqa: E402
from tests.analysis.scans import degrade, image_pdf, render_pages  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def score(truth: list[dict], parsed: list) -> tuple[int, int, int]:
    pairs, _missed, _extra = match(truth, parsed)
    flags_ok = sum(base_flag(g.flag) == t["flag"] for t, g in pairs)
    return len(pairs), len(parsed), flags_ok


def sweep(dpi: int, kind: str, files: list[str] | None) -> dict:
    rows, total = [], {"truth": 0, "text": 0, "matched": 0, "parsed": 0, "flags": 0, "pages": 0, "seconds": 0.0}
    for pdf in sorted(CORPUS.glob("*.pdf")):
        if files and pdf.stem not in files:
            continue
        data = pdf.read_bytes()
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        text_matched = score(truth, parse_pdf(data).biomarkers)[0]
        pages = [degrade(p, kind, seed=i) for i, p in enumerate(render_pages(data, dpi=dpi))]
        scan = image_pdf(pages, dpi=dpi)
        started = time.perf_counter()
        try:
            parsed = parse_pdf(scan, ocr=OcrOptions(), max_pages=100).biomarkers
        except AnalysisError:
            parsed = []
        seconds = time.perf_counter() - started
        matched, n_parsed, flags = score(truth, parsed)
        row = {"file": pdf.stem, "pages": len(pages), "truth": len(truth), "text": text_matched, "matched": matched,
               "parsed": n_parsed, "flags": flags, "s_per_page": round(seconds / len(pages), 2)}
        rows.append(row)
        print(f"{pdf.stem:38s} text {text_matched:3d}/{len(truth):3d}  ocr {matched:3d} (parsed {n_parsed:3d}, "
              f"flags {flags:3d})  {row['s_per_page']:.2f} s/page", flush=True)
        for key in ("truth", "text", "matched", "parsed", "flags", "pages"):
            total[key] += row[key]
        total["seconds"] += seconds
    summary = {"dpi": dpi, "kind": kind, "files": len(rows), "pages": total["pages"],
               "recall_vs_text": round(total["matched"] / max(1, total["text"]), 4),
               "recall_vs_truth": round(total["matched"] / max(1, total["truth"]), 4),
               "precision": round(total["matched"] / max(1, total["parsed"]), 4),
               "flags": round(total["flags"] / max(1, total["matched"]), 4),
               "s_per_page": round(total["seconds"] / max(1, total["pages"]), 2), "rows": rows}
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--kind", choices=("clean", "scan", "photo"), default="scan")
    ap.add_argument("--files", help="comma-separated corpus file stems (default: all)")
    ap.add_argument("--json", type=Path, help="also write the summary here")
    args = ap.parse_args()
    summary = sweep(args.dpi, args.kind, args.files.split(",") if args.files else None)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "rows"}))


if __name__ == "__main__":
    main()
