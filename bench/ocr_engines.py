#!/usr/bin/env python
"""OCR engine comparison (how the engine was chosen): prints one JSON object per engine.

    python bench/ocr_engines.py --engine tesseract|rapidocr [--dpi 200] [--kind clean] [--files a,b]

Each engine reads the same pages (the corpus rendered at --dpi, degraded by --kind; no preparation
of ours, so the engines are compared as they come) and its words go through the same parser;
scored against the corpus truth (recall against what the text PDF yields, precision, flags) and
timed per page. RapidOCR is not a dependency: install it in the environment that runs this
(`pip install rapidocr-onnxruntime==1.4.4`; its models ship in the wheel). RapidOCR returns lines;
a line's words get boxes in proportion to their characters.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

from shared.analysis.evaluate import base_flag, match  # noqa: E402
from shared.analysis.layout.words import PageWords, Word  # noqa: E402
from shared.analysis.parser import parse_words  # noqa: E402
from shared.analysis.pipeline import parse_pdf  # noqa: E402
from tests.analysis.scans import degrade, render_pages  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def tesseract_reader(languages: str):
    from shared.analysis import ocr

    def read(image, number: int, width: float, height: float) -> PageWords:
        return ocr.read_page(image.convert("L"), number, width, height, languages=languages)

    return read


def rapidocr_reader():
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()

    def read(image, number: int, width: float, height: float) -> PageWords:
        found, _ = engine(np.asarray(image))
        sx, sy = width / image.width, height / image.height
        words = []
        for box, text, conf in found or []:
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            pos = 0
            for token in text.split():
                start = text.index(token, pos)
                pos = start + len(token)
                wx0, wx1 = x0 + (x1 - x0) * start / len(text), x0 + (x1 - x0) * pos / len(text)
                words.append(Word(token, wx0 * sx, wx1 * sx, y0 * sy, y1 * sy, conf=float(conf)))
        return PageWords(number, width, height, words, source="ocr")

    return read


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", choices=("tesseract", "rapidocr"), required=True)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--kind", default="clean", choices=("clean", "scan", "photo"))
    ap.add_argument("--languages", default="eng")
    ap.add_argument("--files")
    args = ap.parse_args()
    read = tesseract_reader(args.languages) if args.engine == "tesseract" else rapidocr_reader()
    wanted = set(args.files.split(",")) if args.files else None
    total = {"text": 0, "matched": 0, "parsed": 0, "flags": 0, "pages": 0, "seconds": 0.0}
    rows = []
    for pdf in sorted(CORPUS.glob("*.pdf")):
        if wanted and pdf.stem not in wanted:
            continue
        data = pdf.read_bytes()
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        text_matched = len(match(truth, parse_pdf(data).biomarkers)[0])
        pages = [degrade(p, args.kind, seed=i) for i, p in enumerate(render_pages(data, dpi=args.dpi))]
        started = time.perf_counter()
        words = [read(p, i + 1, p.width * 72 / args.dpi, p.height * 72 / args.dpi) for i, p in enumerate(pages)]
        seconds = time.perf_counter() - started
        parsed = parse_words(words).biomarkers
        pairs = match(truth, parsed)[0]
        flags = sum(base_flag(g.flag) == t["flag"] for t, g in pairs)
        rows.append({"file": pdf.stem, "text": text_matched, "matched": len(pairs), "parsed": len(parsed),
                     "flags": flags, "s_per_page": round(seconds / len(pages), 2)})
        for key, value in (("text", text_matched), ("matched", len(pairs)), ("parsed", len(parsed)),
                           ("flags", flags), ("pages", len(pages)), ("seconds", seconds)):
            total[key] += value
    print(json.dumps({
        "engine": args.engine, "dpi": args.dpi, "kind": args.kind, "load_avg": [round(x, 2) for x in os.getloadavg()],
        "recall_vs_text": round(total["matched"] / max(1, total["text"]), 4),
        "precision": round(total["matched"] / max(1, total["parsed"]), 4),
        "flags": round(total["flags"] / max(1, total["matched"]), 4),
        "s_per_page": round(total["seconds"] / max(1, total["pages"]), 2), "rows": rows,
    }, indent=1))


if __name__ == "__main__":
    main()
