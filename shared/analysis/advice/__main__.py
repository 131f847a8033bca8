"""`python -m shared.analysis.advice --csv`: the advice table as one CSV, for review in a spreadsheet.

Columns: kind (advice | pattern | threshold), id, marker or pattern, direction, severity, role,
premise (in full), text, source (full citations).
"""

from __future__ import annotations

import argparse
import csv
import sys

from shared.analysis.advice.table import table


def rows() -> list[list[str]]:
    t = table()
    out = [["kind", "id", "about", "direction", "severity", "role", "premise", "text", "source"]]
    for p in t.patterns.values():
        out.append(["pattern", p.id, p.panel or "", "", p.escalate.value if p.escalate else "", "pattern",
                    p.premise.text, p.text or "", t.source_text(p.sources)])
    for s in t.statements:
        out.append(["advice", s.id, s.marker or (f"@{s.pattern}" if s.pattern else ""), s.direction or "",
                    s.severity, s.role.value, s.premise.text, s.text, t.source_text(s.sources)])
    for key, th in t.thresholds.items():
        for r in th.rules:
            rule = f"{r.op} {r.number:g}" + (f" x {r.scale.upper()}" if r.scale else "")
            out.append(["threshold", f"{key}.{r.level.value}.{r.direction}", key, r.direction, r.level.value, "",
                        rule + (f" and ({r.when.text})" if r.when else ""), th.danger.get(r.direction, ""),
                        t.source_text(r.sources)])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.analysis.advice", description=__doc__.splitlines()[0])
    parser.add_argument("--csv", action="store_true", help="print the table as CSV (the default)")
    parser.parse_args(argv)
    csv.writer(sys.stdout).writerows(rows())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
