#!/usr/bin/env python
"""Byte-identical check of the analysis output, for speed work.

    python bench/identical.py dump DIR  [PDF or folder ...]   # write each file's analyze_pdf JSON to DIR
    python bench/identical.py check DIR [PDF or folder ...]   # compare against DIR; exit 1 on any difference

Default inputs: the corpus (../shared/corpus) and /tmp/spd (`python -m tests.analysis.layoutgen --out /tmp/spd
--no-holdout --seeds 1`). Each output is the JSON of `analyze_pdf` (or the error it raised), keys sorted.
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


def outputs(paths: list[Path]):
    from shared.analysis import analyze_pdf

    for path in paths:
        try:
            got = analyze_pdf(path.read_bytes())
        except Exception as exc:  # the error is part of the output
            got = {"error": type(exc).__name__, "message": str(exc)}
        yield path, json.dumps(got, sort_keys=True, ensure_ascii=False, indent=0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("dir", type=Path, help="where the reference JSON files are (dump writes them)")
    ap.add_argument("inputs", type=Path, nargs="*", help="PDFs or folders of PDFs (default: the corpus and /tmp/spd)")
    args = ap.parse_args()
    mode, out = args.mode, args.dir
    inputs = args.inputs or [ROOT / ".." / "shared" / "corpus", Path("/tmp/spd")]
    paths = sorted(p for i in inputs for p in ([i] if i.is_file() else i.glob("*.pdf")))
    out.mkdir(parents=True, exist_ok=True)
    differ = 0
    for path, text in outputs(paths):
        ref = out / f"{path.parent.name}__{path.stem}.json"
        if mode == "dump":
            ref.write_text(text)
        elif not ref.exists() or ref.read_text() != text:
            differ += 1
            print(f"DIFFERS: {path}")
    print(f"{mode}: {len(paths)} files, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
