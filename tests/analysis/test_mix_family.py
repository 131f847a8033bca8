"""The combinatorial family (tests/analysis/layoutgen/families/mix.py): every report draws its layout dimensions
independently, so these reports combine layout ideas no single family does. The parser is held to floors just
under what it reads today (raise them as it improves; `python -m tests.analysis.layoutgen.buckets` shows which
dimension values it reads worst)."""

from __future__ import annotations

from collections import Counter

from tests.analysis.layoutgen import LANGUAGES, UNIT_SYSTEMS, make_case
from tests.analysis.layoutgen.buckets import table
from tests.analysis.layoutgen.families.mix import DIMENSIONS, dims
from tests.analysis.layoutgen.scoring import score_family

SEEDS = range(4)            # x 8 languages x 2 unit systems = 64 reports
RECALL_FLOOR = 0.97         # measured: 97.8 % recall, 98.4 % precision, flags 100 %, none rejected (was 94.9 / 97.2 %)
PRECISION_FLOOR = 0.98
FLAGS_FLOOR = 0.99


def test_mix_family_reads_to_its_floors() -> None:
    s = score_family("mix", LANGUAGES, SEEDS, UNIT_SYSTEMS)
    assert s["files"] == len(LANGUAGES) * len(UNIT_SYSTEMS) * len(SEEDS)
    assert s["recall"] >= RECALL_FLOOR, s
    assert s["precision"] >= PRECISION_FLOOR, s
    assert s["flag_accuracy"] >= FLAGS_FLOOR, s


def test_every_dimension_value_is_drawn_and_independently() -> None:
    """Over many cases every value of every dimension occurs, and no two free dimensions are tied together."""
    drawn = [dims(make_case(seed, lang, "si", 6)) for seed in range(40) for lang in LANGUAGES]
    for dim, values in DIMENSIONS.items():
        seen = Counter(d[dim] for d in drawn)
        assert set(values) <= set(seen), (dim, seen)
    pairs = Counter((d["rules"], d["range_sep"]) for d in drawn)
    assert len(pairs) == len(set(DIMENSIONS["rules"])) * len(set(DIMENSIONS["range_sep"]))


def test_buckets_cover_each_dimension() -> None:
    reports = [{"lang": "en", "units": "si", "seed": 0, "dims": {"rules": "grid", "flag": "bold"},
                "truth": 10, "parsed": 8, "matched": 8, "flags_ok": 7, "rejected": 0},
               {"lang": "de", "units": "si", "seed": 1, "dims": {"rules": "grid", "flag": "none"},
                "truth": 10, "parsed": 10, "matched": 4, "flags_ok": 4, "rejected": 0}]
    rows = {(r["dimension"], r["value"]): r for r in table(reports)}
    assert rows[("rules", "grid")]["recall"] == 12 / 20 and rows[("rules", "grid")]["reports"] == 2
    assert rows[("flag", "bold")]["precision"] == 1.0 and rows[("flag", "none")]["recall"] == 0.4
    assert rows[("lang", "de")]["flags"] == 1.0 and rows[("flag", "bold")]["flags"] == 7 / 8
