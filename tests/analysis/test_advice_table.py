"""The advice table and its premises: the language, the checks at load, and every corpus narrative.

The corpus test re-reads each narrative from the outside: for every statement shown (listed in
`advice`, or found in the text), its premise is evaluated again against the biomarkers of the
result; it must hold. Independent guards (tests/analysis/clinical.py) check phrases that must
never appear without their condition (anaemia wording without a low haemoglobin, ...).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.analysis import analyze_pdf
from shared.analysis.advice import premise as pr
from shared.analysis.advice.__main__ import rows as csv_rows
from shared.analysis.advice.table import TableError, load, table
from shared.analysis.facts import Facts, Reading
from shared.analysis.result import Flag, Severity
from tests.analysis.clinical import guard_failures, premise_failures
from tests.analysis.conftest import corpus_files


def reading(key: str, flag: str | None, *, std: float | None = None, severity: str | None = None,
            ref_high: float | None = None, value: float = 1.0) -> Reading:
    r = Reading(key=key, name=key, value=value, unit=None, flag=Flag(flag) if flag else None,
                severity=Severity(severity) if severity else None, ref_low=None, ref_high=ref_high,
                direction=Flag(flag).direction if flag else None)
    r._std = std
    return r


def holds(text: str, *readings: Reading, sex: str | None = None, age: int | None = None,
          complete: bool = True) -> bool | None:
    p = pr.parse(text)
    pr.check_refs(p, table().pattern_premises, "test")
    ev = pr.Evaluator(Facts(list(readings), sex=sex, age=age, coverage_complete=complete), table().pattern_premises)
    return p.node.eval(ev)


def test_three_valued_logic_treats_unmeasured_as_unknown() -> None:
    hb_low = reading("hemoglobin", "low")
    assert holds("hemoglobin low", hb_low) is True
    assert holds("ferritin low", hb_low) is None  # not measured: unknown, never normal
    assert holds("ferritin normal", hb_low) is None
    assert holds("not ferritin low", hb_low) is None
    assert holds("no ferritin low", hb_low) is True  # "not known to be low"
    assert holds("hemoglobin low and ferritin low", hb_low) is None
    assert holds("hemoglobin low or ferritin low", hb_low) is True
    assert holds("hemoglobin high and ferritin low", hb_low) is False
    assert holds("ferritin unmeasured and hemoglobin measured", hb_low) is True
    assert holds("hemoglobin low", reading("hemoglobin", None)) is None  # no range: unknown


def test_two_results_of_one_test_are_both_read() -> None:
    both = (reading("glucose", "high", std=133), reading("glucose", "normal", std=95))
    assert holds("glucose high", *both) is True and holds("glucose normal", *both) is False
    assert holds("glucose >= 126", *both) is True


def test_levels_multiples_of_the_limit_sex_age_patterns_and_coverage() -> None:
    alt = reading("alt", "high", severity="marked", value=300, ref_high=40)
    assert holds("alt high marked+", alt) is True and holds("alt high mild", alt) is False
    assert holds("alt > 5 x uln", alt) is True and holds("alt > 10 x uln", alt) is False
    assert holds("sex female", sex="female") is True and holds("sex male") is None and holds("sex unknown") is True
    assert holds("age >= 50", age=62) is True and holds("age >= 50") is None
    ferritin = reading("ferritin", "low")
    assert holds("@iron_stores_low", ferritin) is True and holds("@iron_stores_low") is None
    assert holds("any abnormal", ferritin) is True and holds("any critical", ferritin) is False
    assert holds("coverage partial", complete=False) is True


@pytest.mark.parametrize(("text", "why"), [
    ("haemoglobin low", "unknown marker"), ("hemoglobin lowish", "expected a state"), ("hemoglobin low and", "early"),
    ("(hemoglobin low", "early"), ("alt > 5 x ulm", "uln or lln"), ("hemoglobin normal marked", "a level needs"),
    ("sex other", "sex"),
])
def test_bad_premises_fail_loudly(text: str, why: str) -> None:
    with pytest.raises(pr.PremiseError, match=why):
        pr.parse(text)


def test_the_table_checks_itself_at_load(tmp_path: Path) -> None:
    t = table()
    assert len(t.statements) > 200 and len(t.patterns) > 30 and len(t.thresholds) > 25
    assert all(s.text and s.sources for s in t.statements)
    ids = [s.id for s in t.statements]
    assert len(ids) == len(set(ids))
    good = Path(__file__).resolve().parents[2] / "shared" / "analysis" / "advice" / "advice.toml"
    thresholds = good.with_name("thresholds.toml")
    for bad, error in [
        ('marker = "ferritin"\ndirection = "low"', "unknown source"),
        ('marker = "ferritn"\ndirection = "low"', "unknown marker"),
        ('marker = "ferritin"\ndirection = "sideways"', "direction"),
    ]:
        broken = tmp_path / "advice.toml"
        body = good.read_text(encoding="utf-8").replace('marker = "ferritin"\ndirection = "low"', bad, 1)
        if error == "unknown source":
            body = body.replace('source = ["mlp-ferritin", "nice-cks-ida"]', 'source = "no-such-source"', 1)
        broken.write_text(body, encoding="utf-8")
        with pytest.raises(TableError, match=error):
            load(broken, thresholds)


def test_csv_export_has_every_statement_pattern_and_threshold() -> None:
    t = table()
    out = csv_rows()
    assert out[0][:3] == ["kind", "id", "about"]
    assert len(out) - 1 == len(t.statements) + len(t.patterns) + sum(len(th.rules) for th in t.thresholds.values())


@pytest.mark.parametrize("pdf_path", corpus_files(), ids=lambda p: p.stem)
def test_corpus_narrative_says_nothing_whose_premise_is_false(pdf_path: Path) -> None:
    r = analyze_pdf(pdf_path.read_bytes())
    assert premise_failures(r) == []
    assert guard_failures(r) == []
    assert r["advice"], "every narrative says something"
    assert all(item["source"] for item in r["advice"])
    if not r["coverage"]["complete"]:
        assert "All results with a range are within it" not in r["analysis"]
        assert r["coverage"]["note"] in r["analysis"]
