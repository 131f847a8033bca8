"""The combinatorial family's failures bucketed by layout dimension (families/mix.py DIMENSIONS).

    python -m tests.analysis.layoutgen.buckets [--seeds N] [--langs L ...] [--units U ...] [--worst K] [--json]

scores every report of the mix family as the scorer does (scoring.score_family), then prints per dimension and
value: reports, truth rows, recall, precision and flag accuracy; values whose recall or precision falls below
the whole run's come first, so the biggest buckets of failures stand out. --worst K lists the K reports read
worst with their drawn dimensions.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from tests.analysis.layoutgen.case import UNIT_SYSTEMS, make_case, report_length
from tests.analysis.layoutgen.families.mix import DIMENSIONS, dims
from tests.analysis.layoutgen.locales import ALL_LANGUAGES, LANGUAGES
from tests.analysis.layoutgen.scoring import score_family

KEYS = ("truth", "parsed", "matched", "flags_ok")


def report_scores(langs: list[str], seeds: range, units: list[str]) -> list[dict]:
    """One score per report, with the dimensions it drew."""
    out = []
    for lang in langs:
        for u in units:
            for seed in seeds:
                s = score_family("mix", [lang], [seed], [u])
                out.append({"lang": lang, "units": u, "seed": seed,
                            "dims": dims(make_case(seed, lang, u, report_length(seed))),
                            **{k: s[k] for k in KEYS}, "rejected": len(s["rejected"])})
    return out


def _figures(rows: list[dict]) -> dict:
    t = {k: sum(r[k] for r in rows) for k in KEYS}
    return {"reports": len(rows), **t, "recall": t["matched"] / max(1, t["truth"]),
            "precision": t["matched"] / max(1, t["parsed"]), "flags": t["flags_ok"] / max(1, t["matched"])}


def table(reports: list[dict]) -> list[dict]:
    """Figures per (dimension, value), the language as a dimension too."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in reports:
        groups[("lang", r["lang"])].append(r)
        for k, v in r["dims"].items():
            groups[(k, v)].append(r)
    return [{"dimension": k, "value": v, **_figures(rows)} for (k, v), rows in groups.items()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.analysis.layoutgen.buckets", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--langs", nargs="+", choices=ALL_LANGUAGES, default=list(LANGUAGES), metavar="LANG")
    ap.add_argument("--units", nargs="+", choices=UNIT_SYSTEMS, default=list(UNIT_SYSTEMS))
    ap.add_argument("--worst", type=int, default=0, help="list the K reports read worst")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    reports = report_scores(args.langs, range(args.seeds), args.units)
    rows = table(reports)
    if args.json:
        print(json.dumps({"total": _figures(reports), "buckets": rows, "reports": reports}, indent=1))
        return 0
    total = _figures(reports)
    print(f"{'dimension':14} {'value':18} {'reports':>7} {'truth':>6} {'recall':>7} {'precision':>9} {'flags':>6}")
    order = [*DIMENSIONS, "lang"]
    for dim in order:
        for r in sorted((r for r in rows if r["dimension"] == dim), key=lambda r: r["recall"] + r["precision"]):
            mark = " <" if r["recall"] < total["recall"] - 0.02 or r["precision"] < total["precision"] - 0.02 else ""
            print(f"{dim:14} {r['value']:18} {r['reports']:7d} {r['truth']:6d} {r['recall']:7.1%} "
                  f"{r['precision']:9.1%} {r['flags']:6.1%}{mark}")
    print(f"{'all':33} {total['reports']:7d} {total['truth']:6d} {total['recall']:7.1%} {total['precision']:9.1%} "
          f"{total['flags']:6.1%}")
    for r in sorted(reports, key=lambda r: r["matched"] / max(1, r["truth"]) + r["matched"] / max(1, r["parsed"]))[:args.worst]:
        print(f"{r['lang']} {r['units']} seed {r['seed']}: {r['matched']}/{r['truth']} matched, {r['parsed']} parsed; "
              + " ".join(f"{k}={v}" for k, v in r["dims"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
