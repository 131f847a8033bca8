#!/usr/bin/env python
"""Print the per-file accuracy table of the parser on a lab-report corpus.

    python scripts/corpus_report.py [--corpus DIR] [--engine pdfium|pdfplumber] [--details] [--json]

Each PDF in DIR needs a <name>.truth.json next to it. Matching rules: shared/analysis/evaluate.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.analysis.evaluate import score_file  # noqa: E402

DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--engine", choices=["pdfium", "pdfplumber"], default="pdfium")
    ap.add_argument("--details", action="store_true", help="list missed, extra and wrongly flagged results")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args()
    files = sorted(p for p in args.corpus.glob("*.pdf") if p.with_suffix(".truth.json").exists())
    if not files:
        print(f"no PDFs with .truth.json found in {args.corpus.resolve()}", file=sys.stderr)
        return 2
    scores = [score_file(p, engine=args.engine) for p in files]
    if args.json:
        print(json.dumps([{"file": s.file, "pages": s.pages, "truth": s.truth, "parsed": s.parsed,
                           "matched": s.matched, "recall": round(s.recall, 4), "precision": round(s.precision, 4),
                           "flags_ok": s.flags_ok, "flag_accuracy": round(s.flag_accuracy, 4)} for s in scores],
                         indent=1))
        return 0
    head = f"{'file':30} {'pages':>5} {'truth':>5} {'parsed':>6} {'matched':>7} {'recall':>7} {'precision':>9} " \
           f"{'flags':>9}  pass"
    print(f"engine: {args.engine}")
    print(head)
    print("-" * len(head))
    ok_all = True
    for s in scores:
        ok = s.recall >= 0.95 and s.precision >= 0.98 and s.flags_ok == s.matched
        ok_all &= ok
        print(f"{s.file:30} {s.pages:5d} {s.truth:5d} {s.parsed:6d} {s.matched:7d} {s.recall:7.1%} "
              f"{s.precision:9.1%} {s.flags_ok:>4d}/{s.matched:<4d}  {'yes' if ok else 'NO'}")
        if args.details:
            for m in s.missed:
                print(f"    missed: {m['name']} {m['value']} {m['unit']}")
            for e in s.extra:
                print(f"    extra:  {e[0]} {e[1]} {e[2]}")
            for w in s.wrong_flags:
                print(f"    flag:   {w[0]} {w[1]} truth={w[2]} parsed={w[3]}")
    t_truth = sum(s.truth for s in scores)
    t_parsed = sum(s.parsed for s in scores)
    t_match = sum(s.matched for s in scores)
    t_flags = sum(s.flags_ok for s in scores)
    print("-" * len(head))
    print(f"{'all':30} {sum(s.pages for s in scores):5d} {t_truth:5d} {t_parsed:6d} {t_match:7d} "
          f"{t_match / t_truth:7.1%} {t_match / max(1, t_parsed):9.1%} {t_flags:>4d}/{t_match:<4d}  "
          f"{'yes' if ok_all else 'NO'}")
    return 0 if ok_all else 1


if __name__ == "__main__":
    raise SystemExit(main())
