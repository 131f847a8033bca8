"""Write generated lab reports and their truth files to a folder.

    python -m tests.analysis.layoutgen --out DIR [--families F ...] [--langs L ...] [--units conv si]
                                       [--seeds N] [--n ROWS] [--no-holdout] [--list]
                                       [--titles known|foreign|none]

Files are named <family>-<lang>-<units>-<seed>.pdf with <...>.truth.json beside them, so that
`python scripts/corpus_report.py --corpus DIR` scores the parser on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from tests.analysis.layoutgen import (
    BLIND_FAMILIES,
    DEV_FAMILIES,
    FAMILIES,
    HOLDOUT_FAMILIES,
    LANGUAGES,
    UNIT_SYSTEMS,
    make_case,
    render,
    report_length,
)
from tests.analysis.layoutgen.family import REGISTRY
from tests.analysis.layoutgen.locales import ALL_LANGUAGES, MORE_LANGUAGES
from tests.analysis.layoutgen.perturb import TITLE_MODES


def _tag(name: str) -> str:
    return "(blind)" if name in BLIND_FAMILIES else "(holdout)" if name in HOLDOUT_FAMILIES else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.analysis.layoutgen", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, help="output folder (created if missing)")
    ap.add_argument("--families", nargs="+", choices=FAMILIES, metavar="FAMILY", help="default: all")
    ap.add_argument("--no-holdout", action="store_true", help="leave out the holdout and blind families")
    ap.add_argument("--langs", nargs="+", choices=ALL_LANGUAGES, default=list(LANGUAGES), metavar="LANG",
                    help="default: the first eight (the further ones: " + " ".join(MORE_LANGUAGES) + ")")
    ap.add_argument("--units", nargs="+", choices=UNIT_SYSTEMS, default=list(UNIT_SYSTEMS))
    ap.add_argument("--seeds", type=int, default=1, help="seeds 0..N-1 (default 1)")
    ap.add_argument("--n", type=int, help="results per report (6..70; default: 10..40, chosen by the seed)")
    ap.add_argument("--titles", choices=TITLE_MODES, default="known",
                    help="column titles: the family's own (known), in words the parser does not know (foreign), or none")
    ap.add_argument("--list", action="store_true", help="list the families and exit")
    args = ap.parse_args(argv)
    if args.list:
        for name in FAMILIES:   # holdout and blind families are named, not described: rules are not written from them
            print(f"{name:24} {_tag(name) or REGISTRY[name].summary}")
        return 0
    if args.out is None:
        ap.error("--out is required")
    if args.seeds < 1:
        ap.error("--seeds must be at least 1")
    families = args.families or list(DEV_FAMILIES if args.no_holdout else FAMILIES)
    args.out.mkdir(parents=True, exist_ok=True)
    count = 0
    for fam in families:
        for lang in args.langs:
            for units in args.units:
                for seed in range(args.seeds):
                    try:
                        case = make_case(seed, lang, units, report_length(seed) if args.n is None else args.n)
                    except ValueError as exc:
                        ap.error(str(exc))
                    out = render(fam, replace(case, titles=args.titles))
                    stem = args.out / f"{fam}-{lang}-{units}-{seed}"
                    stem.with_suffix(".pdf").write_bytes(out.pdf)
                    stem.with_suffix(".truth.json").write_text(
                        json.dumps([r.as_json() for r in out.rows], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
                    count += 1
    print(f"wrote {count} reports to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
