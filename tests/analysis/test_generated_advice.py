"""Property tests over generated clinical cases (tests/analysis/casegen.py): advice right for marker,
direction and severity; urgency first; sex-specific words only for that sex; questions answered from
the marker they name; coverage honest; OCR doubts and units handled before judging.

The guards here are written from clinical reasoning, not from the advice table: each is a phrase a
narrative may only contain when a condition on the results holds. They are checked against the
biomarkers re-read from the output. `test_every_guard_can_fire` proves each guard's phrase does
occur in the generated narratives (a guard that never matches would assert nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.analysis import markers as mk
from shared.analysis.interpret import CHECK_BELOW, interpret
from shared.analysis.pipeline import DEFAULT_QUERY
from shared.analysis.result import AnalysisResult, Severity
from tests.analysis.casegen import Result, abnormal, build, in_si, levels, normal, single_results
from tests.analysis.clinical import facts_of

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- guards


def _dirs(f, *keys: str) -> set[str | None]:
    return {r.direction for k in keys for r in f.of_key(k) if r.flag is not None}


def _low(f, *keys: str) -> bool:
    return "low" in _dirs(f, *keys)


def _high(f, *keys: str) -> bool:
    return "high" in _dirs(f, *keys)


def _critical(f) -> bool:
    return any(r.severity is Severity.CRITICAL for r in f.readings)


@dataclass
class Guard:
    phrase: str
    ok: Callable  # Facts -> bool: the phrase may appear
    why: str
    regex: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        self.regex = re.compile(self.phrase, re.IGNORECASE)


GUARDS = [
    # iron: repletion advice only with low stores, never with high ones; 'no iron' never with low stores
    Guard(r"red meat, poultry|pair plant iron|iron tablets are|(?<!not )(?<!no )take iron\b(?!\?)|until (they are|iron "
          r"stores are) restored", lambda f: _low(f, "ferritin", "transferrin_saturation") and not _high(
              f, "ferritin", "transferrin_saturation", "iron"), "iron repletion needs low iron stores, none high"),
    Guard(r"do not take iron", lambda f: not _low(f, "ferritin"), "'no iron' never with low ferritin"),
    # glucose
    Guard(r"limit sugary|lowers? blood sugar|lower blood sugar", lambda f: not _low(f, "glucose", "glucose_random"),
          "sugar-lowering advice never with a low glucose"),
    Guard(r"fast-acting sugar", lambda f: _low(f, "glucose", "glucose_random"), "treating a low needs a low glucose"),
    Guard(r"(?<!pre)(?<!not in the )diabetes range|criteria for diabetes", lambda f: any(
        (r.std or 0) >= 126 for r in f.of_key("glucose")) or any((r.std or 0) >= 6.5 for r in f.of_key("hba1c"))
        or any((r.std or 0) >= 200 for r in f.of_key("glucose_random")), "diabetes wording needs a diabetic value"),
    # vitamin D / calcium
    Guard(r"vitamin d supplement at a dose|supplement is often needed", lambda f: _low(f, "vitamin_d")
          and not _high(f, "calcium", "corrected_calcium", "ionized_calcium"),
          "vitamin D supplements only for a low vitamin D and never with a high calcium"),
    Guard(r"stop taking vitamin d|do not take calcium or vitamin d", lambda f: _high(
        f, "vitamin_d", "calcium", "corrected_calcium", "ionized_calcium"), "stopping vitamin D needs a high one"),
    # potassium, magnesium, zinc, B12
    Guard(r"potassium-rich|bananas", lambda f: _low(f, "potassium"), "more potassium needs a low potassium"),
    Guard(r"salt substitutes", lambda f: _high(f, "potassium") or _low(f, "egfr"),
          "no-potassium advice needs a high potassium or low eGFR"),
    Guard(r"magnesium-rich", lambda f: _low(f, "magnesium"), "magnesium foods need a low magnesium"),
    Guard(r"stop magnesium", lambda f: _high(f, "magnesium"), "stopping magnesium needs a high one"),
    Guard(r"zinc comes from", lambda f: _low(f, "zinc"), "zinc foods need a low zinc"),
    Guard(r"stop zinc", lambda f: _high(f, "zinc"), "stopping zinc needs a high zinc"),
    Guard(r"tablets or injections|reliable b12 source", lambda f: _low(f, "vitamin_b12"),
          "B12 treatment needs a low B12"),
    Guard(r"no need for extra b12", lambda f: not _low(f, "vitamin_b12"), "'no B12' never with a low B12"),
    # organs
    Guard(r"with anaemia, |anaemia needs a cause|assessed the anaemia|means anaemia", lambda f: _low(f, "hemoglobin"),
          "anaemia statements need a low haemoglobin"),
    Guard(r"gilbert", lambda f: _high(f, "total_bilirubin", "indirect_bilirubin") and not _high(
        f, "alt", "ast", "alp", "ggt", "direct_bilirubin") and not _low(f, "hemoglobin"),
          "Gilbert's needs a raised bilirubin with otherwise normal liver tests and no anaemia"),
    Guard(r"raised heart|heart-strain|heart attack|heart muscle damage",
          lambda f: _high(f, "troponin_i", "troponin_t", "nt_probnp", "bnp", "ck_mb"),
          "heart wording needs a heart marker"),
    Guard(r"filtering less|kidney function is (severely )?reduced|nephrology|kidney results are clarified",
          lambda f: _high(f, "creatinine", "cystatin_c", "urea", "bun") or _low(f, "egfr"),
          "kidney advice needs a kidney result pointing that way"),
    Guard(r"with an underactive thyroid", lambda f: _high(f, "tsh") or _low(f, "free_t4", "free_t3"),
          "underactive-thyroid advice needs a high TSH or low T4"),
    Guard(r"with an overactive thyroid", lambda f: _low(f, "tsh") or _high(f, "free_t4", "free_t3"),
          "overactive-thyroid advice needs a low TSH or high T4"),
    Guard(r"to lower uric acid", lambda f: _high(f, "uric_acid"), "uric acid lowering needs a high uric acid"),
    Guard(r"cut saturated fat", lambda f: _high(f, "ldl", "total_cholesterol", "non_hdl", "apob"),
          "saturated-fat advice needs a high LDL-type lipid"),
    # sex-specific wording
    Guard(r"heavy periods|menstrua|pregnan|breastfeed", lambda f: f.sex != "male", "female wording never for a man"),
    Guard(r"prostate|ejaculat|erectile|in men,", lambda f: f.sex != "female" or f.measured("psa"),
          "male wording never for a woman (unless her report has a PSA)"),
    # urgency and coverage
    Guard(r"needs? a doctor today|contact your doctor today", _critical, "'today' needs a critical result"),
    Guard(r"all (\d+ )?results (with a range |that could be judged )?are within|keep up (your )?routine check",
          lambda f: f.coverage_complete and not f.abnormal, "'all within range' needs a complete, normal report"),
]

ROUTINE_WITH_CRITICAL = re.compile(
    r"150 minutes|no result here limits|build (training|activity|it) (back )?up|keep up (your )?routine|"
    r"repeated in (a few|about \d+) weeks|re-checked once|before a repeat blood test", re.IGNORECASE)


def guard_failures(res: AnalysisResult) -> list[str]:
    r = res.model_dump(mode="json")
    f = facts_of(r)
    text = r["analysis"]
    return [f"{g.why}: {m.group(0)!r}" for g in GUARDS if (m := g.regex.search(text)) and not g.ok(f)]


# Lasting diet changes: with a critical result they may only follow the urgent action, framed as for later.
LIFESTYLE = re.compile(r"limit sugary|cut saturated fat|for high triglycerides, cut|limit alcohol, sugary|"
                       r"to lower uric acid|(potassium|magnesium|iron)-rich foods|comes (mainly |only )?from|mediterranean|eat enough iodine|"
                       r"for iron: red meat", re.IGNORECASE)
AFTER_DOCTOR = "After you have seen a doctor about the urgent"


def urgency_failures(res: AnalysisResult) -> list[str]:
    out = []
    text = res.analysis
    crit = [b for b in res.biomarkers if b.severity is Severity.CRITICAL]
    marked = [b for b in res.biomarkers if b.severity is Severity.MARKED]
    if crit or marked:
        if "## Needs attention" not in text:
            return ["urgent results without a 'Needs attention' section"]
        if text.index("## Needs attention") > text.index("## Summary"):
            out.append("'Needs attention' after the summary")
        if res.urgent and crit and res.urgent[0].severity is not Severity.CRITICAL:
            out.append("a marked finding listed before a critical one")
        named = {u.name for u in res.urgent}
        for b in crit + marked:
            if b.name not in named:
                out.append(f"{b.name} ({b.severity}) missing from urgent")
            if re.search(rf"Discuss the [^.]*\b{re.escape(b.name)}\b(?! \()[^.]* routine appointment", text):
                out.append(f"{b.name} is urgent but sent to a routine appointment")
    if crit:
        for view in (res.specialist_views.physician, res.specialist_views.nutritionist,
                     res.specialist_views.exercise):
            m = ROUTINE_WITH_CRITICAL.search(view)
            if m:
                out.append(f"routine advice with a critical result: {m.group(0)!r}")
            for m in LIFESTYLE.finditer(view):
                if not 0 <= view.find(AFTER_DOCTOR) < m.start():
                    out.append(f"lifestyle advice with a critical result, not after the doctor: {m.group(0)!r}")
    return out


def direction_failures(res: AnalysisResult) -> list[str]:
    out = []
    for a in res.abnormal:
        d = a.flag.direction if a.flag else None
        where = re.search(r"\b(below|above) the range", a.explanation)
        if not where or where.group(1) != {"low": "below", "high": "above"}.get(d or ""):
            out.append(f"{a.name} {d}: {a.explanation[:80]!r}")
    return out


def all_failures(res: AnalysisResult) -> list[str]:
    return guard_failures(res) + urgency_failures(res) + direction_failures(res)


# --------------------------------------------------------------------------- single results


SEXES = (None, "male", "female")
SINGLES = [(sex, r) for sex in SEXES for r in single_results(sex)]


@pytest.mark.parametrize("sex,r", SINGLES, ids=[f"{s or 'x'}-{r.key}-{r.direction}-{r.level.value}"
                                                 for s, r in SINGLES])
def test_single_result(sex: str | None, r: Result) -> None:
    res = interpret(build([r], sex=sex), DEFAULT_QUERY)
    b = res.biomarkers[0]
    assert (b.flag.direction if b.flag else None) == r.direction
    assert b.severity is r.level, f"{r.key} {r.value} {r.unit}: {b.severity} (generated as {r.level})"
    assert not all_failures(res), all_failures(res)


def test_generator_covers_every_advised_marker_both_ways() -> None:
    from shared.analysis.advice.table import table

    made = {(r.key, r.direction) for _, r in SINGLES}
    advised = set(table().advised_markers())
    missing = {(k, d) for k, d in advised - made
               if k in mk.BY_KEY and any(d == x for sex in SEXES for x, _ in levels(k, sex))}
    assert not missing, sorted(missing)
    assert len(SINGLES) > 400


@pytest.mark.parametrize("sex,r", [(s, r) for s, r in SINGLES if in_si(r) is not None],
                         ids=lambda x: x if isinstance(x, str) else getattr(x, "key", "x"))
def test_si_units_judged_like_conventional(sex: str | None, r: Result) -> None:
    si = in_si(r)
    assert si is not None
    a = interpret(build([r], sex=sex), DEFAULT_QUERY).biomarkers[0]
    b = interpret(build([si], sex=sex), DEFAULT_QUERY).biomarkers[0]
    assert (a.flag, a.severity) == (b.flag, b.severity), f"{r.value} {r.unit} vs {si.value} {si.unit}"


# Values at the published critical / marked limits (thresholds.toml: Kost 1990, ARUP, Mayo, Atlanta 2012,
# NHS hyperkalaemia), each with the range a lab would print: the severity a physician expects.
LIMIT_CASES = [
    ("hematocrit", 19.0, "%", 36.0, 46.0, Severity.CRITICAL), ("hematocrit", 22.0, "%", 36.0, 46.0, Severity.MARKED),
    ("hematocrit", 30.0, "%", 36.0, 46.0, Severity.MILD), ("hematocrit", 62.0, "%", 40.0, 50.0, Severity.CRITICAL),
    ("ionized_calcium", 0.75, "mmol/L", 1.12, 1.32, Severity.CRITICAL),
    ("ionized_calcium", 1.65, "mmol/L", 1.12, 1.32, Severity.CRITICAL),
    ("ionized_calcium", 1.0, "mmol/L", 1.12, 1.32, Severity.MILD),
    ("lipase", 500.0, "U/L", 0.0, 160.0, Severity.MARKED), ("lipase", 400.0, "U/L", 0.0, 160.0, Severity.MILD),
    ("lipase", 200.0, "U/L", 13.0, 60.0, Severity.MARKED), ("amylase", 450.0, "U/L", 40.0, 140.0, Severity.MARKED),
    ("potassium", 5.7, "mmol/L", 3.5, 5.1, Severity.MARKED), ("potassium", 6.1, "mmol/L", 3.5, 5.1, Severity.CRITICAL),
    ("calcium", 13.2, "mg/dL", 8.5, 10.2, Severity.CRITICAL), ("calcium", 12.4, "mg/dL", 8.5, 10.2, Severity.MARKED),
    ("platelets", 35.0, "10^3/uL", 150.0, 400.0, Severity.CRITICAL),
    ("platelets", 45.0, "10^3/uL", 150.0, 400.0, Severity.MARKED),
    ("total_bilirubin", 16.0, "mg/dL", 0.2, 2.0, Severity.CRITICAL),
    ("magnesium", 5.0, "mg/dL", 1.7, 2.2, Severity.CRITICAL), ("phosphate", 9.2, "mg/dL", 2.5, 4.5, Severity.CRITICAL),
    ("bicarbonate", 8.0, "mmol/L", 22.0, 29.0, Severity.CRITICAL),
    ("bicarbonate", 42.0, "mmol/L", 22.0, 29.0, Severity.CRITICAL),
    ("fibrinogen", 90.0, "mg/dL", 200.0, 400.0, Severity.CRITICAL),
    ("creatinine", 8.0, "mg/dL", 0.6, 1.3, Severity.CRITICAL), ("bun", 110.0, "mg/dL", 6.0, 20.0, Severity.CRITICAL),
    ("glucose", 40.0, "mg/dL", 70.0, 99.0, Severity.CRITICAL), ("sodium", 118.0, "mmol/L", 135.0, 145.0,
                                                                 Severity.CRITICAL),
]


@pytest.mark.parametrize("key,value,unit,low,high,level", LIMIT_CASES,
                         ids=[f"{c[0]}-{c[1]:g}" for c in LIMIT_CASES])
def test_published_limits(key: str, value: float, unit: str, low: float, high: float, level: Severity) -> None:
    d = "low" if value < low else "high"
    r = Result(key, value, unit, low, high, d, level)
    res = interpret(build([r]), DEFAULT_QUERY)
    b = res.biomarkers[0]
    assert b.severity is level, f"{key} {value} {unit}: {b.severity}, expected {level}"
    if level.rank >= Severity.MARKED.rank:
        assert res.urgent and res.urgent[0].name == b.name
        assert ("today" in res.urgent[0].action) == (level is Severity.CRITICAL), res.urgent[0].action
    assert not all_failures(res), all_failures(res)


# --------------------------------------------------------------------------- combinations


def _ab(key: str, d: str, lv: Severity = Severity.MILD, sex: str | None = None) -> Result:
    r = abnormal(key, d, lv, sex)
    assert r is not None, (key, d, lv)
    return r


def _ok(key: str, sex: str | None = None) -> Result:
    r = normal(key, sex)
    assert r is not None, key
    return r


@dataclass
class Combo:
    id: str
    rows: Callable[[str | None], list[Result]]
    must: list[str] = field(default_factory=list)  # regexes that must all match
    must_not: list[str] = field(default_factory=list)
    sexes: tuple[str | None, ...] = SEXES
    query: str = DEFAULT_QUERY


COMBOS = [
    Combo("iron-overload", lambda s: [_ab("ferritin", "high", sex=s), _ab("transferrin_saturation", "high"),
                                      _ab("iron", "high")],
          must=[r"do not take iron"], must_not=[r"red meat|iron deficiency needs|pair plant iron|iron tablets"]),
    Combo("microcytic-iron-deficiency", lambda s: [_ab("hemoglobin", "low", sex=s), _ab("mcv", "low"),
                                                   _ab("ferritin", "low", sex=s)],
          must=[r"iron"], must_not=[r"do not take iron"]),
    Combo("diabetes-two-tests", lambda s: [replace(_ab("glucose", "high"), value=160.0),
                                           replace(_ab("hba1c", "high"), value=7.4)],
          must=[r"diabetes"], must_not=[r"fast-acting sugar"], query="Am I diabetic?"),
    Combo("hypothyroid", lambda s: [_ab("tsh", "high"), _ab("free_t4", "low")], must=[r"underactive"],
          must_not=[r"overactive thyroid"]),
    Combo("hyperthyroid", lambda s: [_ab("tsh", "low"), _ab("free_t4", "high")], must=[r"overactive"],
          must_not=[r"with an underactive"]),
    Combo("kidney", lambda s: [_ab("creatinine", "high", sex=s), _ab("egfr", "low", Severity.MARKED)],
          must=[r"kidney"], must_not=[r"muscle mass"]),
    Combo("potassium-critical", lambda s: [_ab("potassium", "high", Severity.CRITICAL), _ok("sodium")],
          must=[r"today"]),
    Combo("calcium-vitd-high", lambda s: [_ab("calcium", "high", Severity.MARKED), _ab("vitamin_d", "high")],
          must=[r"vitamin d"], must_not=[r"vitamin d supplement at a dose|sunlight"]),
    Combo("hepatitis", lambda s: [_ab("ast", "high", Severity.CRITICAL), _ab("alt", "high", Severity.MARKED),
                                  _ab("total_bilirubin", "high", Severity.MARKED)],
          must=[r"today"], must_not=[r"gilbert|harmless|a few weeks"]),
    Combo("athlete-ck", lambda s: [_ab("ck", "high") if abnormal("ck", "high", Severity.MILD) else
                                   Result("ck", 900.0, "U/L", 30.0, 200.0, "high", Severity.MILD, name="CK"),
                                   _ok("creatinine", s), _ok("alt")],
          must=[r"muscle"], must_not=[r"heart (attack|damage|marker)|liver (injury|damage|disease)"]),
    Combo("b12-macrocytic", lambda s: [_ab("vitamin_b12", "low"), _ab("mcv", "high"), _ok("folate")],
          must=[r"b12"], must_not=[r"no need for extra b12|iron-rich"]),
    Combo("glucose-low-with-a1c-high", lambda s: [_ab("glucose", "low", Severity.CRITICAL),
                                                  replace(_ab("hba1c", "high"), value=7.0)],
          must=[r"fast-acting sugar"], must_not=[r"limit sugary|lowers? blood sugar"]),
    Combo("low-lymphocytes", lambda s: [Result("lymphocytes_abs", 0.7, "10^3/uL", 1.0, 4.0, "low", Severity.MILD,
                                               name="Lymphocytes")], must_not=[r"anaemia"]),
    Combo("hb-high-hct-high", lambda s: [_ab("hemoglobin", "high", sex=s), _ab("hematocrit", "high", sex=s)],
          must_not=[r"anaemia|iron-rich|red meat"]),
    Combo("glucose-critical-high-lifestyle-later", lambda s: [_ab("glucose", "high", Severity.CRITICAL),
                                                              _ab("ldl", "high")],
          must=[rf"## Needs attention[\s\S]*### Nutritionist\n\n{AFTER_DOCTOR} result: Limit sugary"]),
    Combo("potassium-critical-no-supplements-first", lambda s: [_ab("potassium", "high", Severity.CRITICAL),
                                                                _ab("uric_acid", "high", sex=s)],
          must=[r"Do not take potassium supplements[^.]*\. After you have seen a doctor[^:]*: To lower uric acid"]),
    Combo("low-creatinine-normal-egfr", lambda s: [_ab("creatinine", "low", sex=s), _ok("egfr")],
          must=[r"muscle"], must_not=[r"filtering less|nephrology"]),
]


@pytest.mark.parametrize("combo,sex", [(c, s) for c in COMBOS for s in c.sexes],
                         ids=[f"{c.id}-{s or 'x'}" for c in COMBOS for s in c.sexes])
def test_combination(combo: Combo, sex: str | None) -> None:
    res = interpret(build(combo.rows(sex), sex=sex), combo.query)
    text = res.analysis
    assert not all_failures(res), all_failures(res)
    for p in combo.must:
        assert re.search(p, text, re.IGNORECASE), f"{p!r} missing"
    for p in combo.must_not:
        m = re.search(p, text, re.IGNORECASE)
        assert not m, f"{m.group(0)!r} present"


# Hypothesis: random reports of 1-6 results (any marker, any level), sex, coverage and OCR confidence.

_KEYS = sorted({r.key for _, r in SINGLES})


@st.composite
def reports(draw: st.DrawFn) -> tuple[list[Result], str | None, int]:
    sex = draw(st.sampled_from(SEXES))
    n = draw(st.integers(1, 6))
    keys = draw(st.lists(st.sampled_from(_KEYS), min_size=n, max_size=n, unique=True))
    rows = []
    for k in keys:
        options = levels(k, sex)
        choice = draw(st.sampled_from([None, *options]))
        r = normal(k, sex, draw(st.floats(0, 1))) if choice is None else abnormal(k, choice[0], choice[1], sex)
        if r is None:
            continue
        if draw(st.booleans()) and in_si(r) is not None:
            r = in_si(r)
        rows.append(r)
    unread = draw(st.sampled_from([0, 0, 0, 2, 40]))
    return rows, sex, unread


@SETTINGS
@given(reports())
def test_random_reports(case: tuple[list[Result], str | None, int]) -> None:
    rows, sex, unread = case
    res = interpret(build(rows, sex=sex, rows_unread=unread), DEFAULT_QUERY)
    assert not all_failures(res), all_failures(res)
    for b, r in zip(res.biomarkers, rows, strict=True):
        assert (b.flag.direction if b.flag else None) == r.direction, (r, b.flag)
        assert b.severity is not None and b.severity.rank >= (r.level or Severity.NORMAL).rank, (r, b.severity)


@pytest.mark.parametrize("high_key, value, low, high", [("transferrin_saturation", 62.0, 20.0, 50.0),
                                                         ("iron", 210.0, 60.0, 170.0)])
def test_low_ferritin_beside_high_iron_marker(high_key: str, value: float, low: float, high: float) -> None:
    """A mixed iron picture found by test_random_reports: a low ferritin with a high transferrin saturation or serum
    iron gets neither repletion advice (iron tablets, iron-rich food) nor 'do not take iron'."""
    rows = [Result("ferritin", 8.0, "ng/mL", 12.0, 300.0, "low", Severity.MILD),
            Result(high_key, value, "%" if high_key == "transferrin_saturation" else "ug/dL", low, high, "high",
                   Severity.MILD)]
    res = interpret(build(rows, sex=None), DEFAULT_QUERY)
    assert not all_failures(res), all_failures(res)
    text = " ".join(a.text for a in res.advice).lower()
    assert "iron tablets are" not in text and "red meat" not in text and "do not take iron" not in text


def test_every_guard_can_fire() -> None:
    """Each guard's phrase appears in some generated narrative where it is allowed (it can match)."""
    texts = []
    for sex, r in SINGLES:
        texts.append(interpret(build([r], sex=sex), DEFAULT_QUERY).analysis)
    texts.append(interpret(build([_ok("hemoglobin"), _ok("glucose")]), DEFAULT_QUERY).analysis)
    for c in COMBOS:
        texts.append(interpret(build(c.rows("female"), sex="female"), c.query).analysis)
    dead = [g.why for g in GUARDS if not any(g.regex.search(t) for t in texts)]
    assert not dead, dead


# --------------------------------------------------------------------------- partial reports


@pytest.mark.parametrize("unread", [1, 5, 60])
def test_partly_read_report_never_says_all_normal(unread: int) -> None:
    rows = [_ok("hemoglobin"), _ok("glucose"), _ok("tsh")]
    for q in (DEFAULT_QUERY, "Are my results ok?", "Is everything normal?", "¿Están bien mis resultados?"):
        res = interpret(build(rows, rows_unread=unread), q)
        assert not res.coverage.complete
        assert not re.search(r"\ball (3 )?results .*within|keep up (your )?routine|todos .*dentro", res.analysis,
                             re.IGNORECASE), res.analysis
        assert re.search(r"not (be )?(read|checked)|could not be read|no se pudieron", res.analysis), res.analysis


# --------------------------------------------------------------------------- OCR confidence


@pytest.mark.parametrize("key,d", [("potassium", "high"), ("glucose", "low"), ("sodium", "low"),
                                   ("hemoglobin", "low"), ("platelets", "low")])
def test_low_confidence_ocr_value_is_not_urgent_on_its_own(key: str, d: str) -> None:
    r = replace(_ab(key, d, Severity.CRITICAL), source="ocr", confidence=CHECK_BELOW - 0.2)
    res = interpret(build([r, replace(_ok("alt"), source="ocr", confidence=0.97)]), DEFAULT_QUERY)
    text = res.analysis
    assert res.to_check and res.to_check[0].name == r.printed
    # the value is named for checking before any instruction to act on it
    assert text.index("## Check these against your report") < text.index("## Needs attention"), text[:600]
    for u in res.urgent:
        assert re.search(r"if (it|the value) (is )?(confirmed|reads the same|matches)", u.action, re.IGNORECASE), \
            u.action
    assert not re.search(r"(?<!would )needs? a doctor today", res.specialist_views.physician), \
        res.specialist_views.physician
    # a confident read of the same value is urgent without condition
    sure = interpret(build([replace(r, confidence=0.99)]), DEFAULT_QUERY)
    assert sure.urgent and not re.search(r"if (it|the value)", sure.urgent[0].action)


@pytest.mark.parametrize("query", ["Are my results ok?", "Can I exercise?", "¿Están bien mis resultados?",
                                   "¿Puedo hacer ejercicio?"])  # fmt: skip
def test_low_confidence_ocr_value_drives_no_urgent_answer_on_its_own(query: str) -> None:
    """The answer to the question names a doubtful critical value only on condition of a check; a confident
    read of the same value gets the urgent answer without condition."""
    r = replace(_ab("potassium", "high", Severity.CRITICAL), source="ocr", confidence=CHECK_BELOW - 0.2)
    doubtful = interpret(build([r, replace(_ok("alt"), source="ocr", confidence=0.97)]), query).answer
    assert doubtful is not None and doubtful.understood
    assert re.search(r"low confidence|baja confianza", doubtful.text), doubtful.text
    unconditional = re.sub(r"(if it reads the same there|si coincide), [^.(]*", "", doubtful.text)
    assert not re.search(r"a doctor|un médico|Not yet|Todavía no", unconditional), doubtful.text
    sure = interpret(build([replace(r, confidence=0.99), _ok("alt")]), query).answer
    assert sure is not None and not re.search(r"low confidence|baja confianza", sure.text)
    assert re.search(r"needs? a doctor|necesita un médico|necesita(n)? un médico", sure.text), sure.text


def test_low_confidence_ocr_value_makes_no_other_result_urgent() -> None:
    """ALT 5x the limit with a raised bilirubin escalates the bilirubin to critical; an ALT read from a scan
    with low confidence does not (it is itself listed, unconfirmed), a confident one does."""
    alt, bili = _ab("alt", "high", Severity.MARKED), _ab("total_bilirubin", "high")
    sure = interpret(build([replace(alt, source="ocr", confidence=0.99), bili]), DEFAULT_QUERY)
    assert [u.name for u in sure.urgent if u.severity is Severity.CRITICAL] == [bili.printed]
    doubt = interpret(build([replace(alt, source="ocr", confidence=CHECK_BELOW - 0.2), bili]), DEFAULT_QUERY)
    assert [(u.name, u.unconfirmed) for u in doubt.urgent] == [(alt.printed, True)]


# --------------------------------------------------------------------------- questions


def _label_words(key: str) -> list[str]:
    m = mk.BY_KEY[key]
    return [m.label, *(s for s in m.synonyms[:3] if len(s) > 3)]


# "Is my X high/low/ok?" and "what about my X?" in every language the questions are understood in:
# (template, the direction it asks about: high | low | ok | None).
MARKER_QUESTIONS = {
    "en": [("Is my {x} ok?", "ok"), ("is my {x} too high?", "high"), ("Is my {x} low?", "low"),
           ("What about my {x}?", None)],
    "es": [("¿Tengo el {x} alto?", "high"), ("¿Está bien mi {x}?", "ok"), ("¿Tengo el {x} bajo?", "low"),
           ("¿Cómo está mi {x}?", None)],
    "fr": [("Mon {x} est-il trop élevé ?", "high"), ("Est-ce que mon {x} est bas ?", "low"),
           ("Mon {x} est-il normal ?", "ok"), ("Et mon {x} ?", None)],
    "de": [("Ist mein {x} zu hoch?", "high"), ("Ist mein {x} niedrig?", "low"), ("Ist mein {x} in Ordnung?", "ok"),
           ("Was bedeutet mein {x}?", None)],
    "it": [("Il mio {x} è alto?", "high"), ("Il mio {x} è troppo basso?", "low"), ("Il mio {x} va bene?", "ok"),
           ("Cosa significa il mio {x}?", None)],
    "pt": [("O meu {x} está alto?", "high"), ("Meu {x} está baixo?", "low"), ("Meu {x} está normal?", "ok"),
           ("O que significa o meu {x}?", None)],
    "id": [("Apakah {x} saya tinggi?", "high"), ("Apakah {x} saya terlalu rendah?", "low"),
           ("Apakah {x} saya normal?", "ok"), ("Bagaimana {x} saya?", None)],
}
YES = ("Yes", "Sí")
Q_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("lang", list(MARKER_QUESTIONS))
def test_question_about_a_marker_is_answered_from_it(lang: str) -> None:
    @Q_SETTINGS
    @given(st.sampled_from(_KEYS), st.sampled_from(MARKER_QUESTIONS[lang]), st.data())
    def check(key: str, template: tuple[str, str | None], data: st.DataObject) -> None:
        asked = data.draw(st.sampled_from(_label_words(key)))
        q, asks = template[0].format(x=asked), template[1]
        included = data.draw(st.booleans())
        options = levels(key)
        choice = data.draw(st.sampled_from([None, *options])) if included else None
        other = _ok("sodium") if key != "sodium" else _ok("chloride")
        rows = [other]
        if included:
            r = normal(key) if choice is None else abnormal(key, *choice)
            assert r is not None
            rows.append(r)
        res = interpret(build(rows), q)
        assert res.answer is not None and res.analysis.startswith("## Your question"), q
        text = res.answer.text
        assert res.answer.understood, f"{q!r} not understood: {text}"
        asked_key = mk.canonical(asked) or key
        if asked_key != key:
            return  # a synonym shared with another test: nothing to check here
        if included:
            b = next(x for x in res.biomarkers if x.canonical == key)
            assert b.name in text, f"{q!r}: answer does not use {b.name}: {text}"
            d = b.flag.direction if b.flag else None
            if d == "high":
                assert not re.search(rf"{re.escape(b.name)}[^.;]*(below|por debajo)", text), text
            if d == "low":
                assert not re.search(rf"{re.escape(b.name)}[^.;]*(above|por encima)", text), text
            if d and asks == "ok":
                assert not text.startswith(YES) or b.severity is Severity.MILD, text
            if b.flag is not None and asks in ("high", "low"):
                assert text.startswith(YES) == (d == asks), f"{q!r} ({d}): {text}"
        else:
            assert re.search(r"has no|no incluye|not in", text), f"{q!r} with no {key}: {text}"
            assert not text.startswith(YES), text

    check()


# "Should I take / stop X?" in every language, for each supplement, with its marker low, high, within the
# range or not measured: the answer comes from that marker, or says the report does not have it.
SUPPLEMENT_QUESTIONS = {
    "en": ("Should I take {s}?", "Should I stop taking {s}?"),
    "es": ("¿Debo tomar {s}?", "¿Debo dejar de tomar {s}?"),
    "fr": ("Dois-je prendre {s} ?", "Dois-je arrêter {s} ?"),
    "de": ("Soll ich {s} nehmen?", "Soll ich {s} absetzen?"),
    "it": ("Devo prendere {s}?", "Devo smettere di prendere {s}?"),
    "pt": ("Devo tomar {s}?", "Devo parar de tomar {s}?"),
    "id": ("Apakah saya perlu minum {s}?", "Apakah saya harus berhenti minum {s}?"),
}
# supplement -> (the marker that decides, its name in en, es, fr, de, it, pt, id)
SUPPLEMENTS = {
    "iron": ("ferritin", ("iron", "hierro", "du fer", "Eisen", "il ferro", "ferro", "zat besi")),
    "vitamin_d": ("vitamin_d", ("vitamin D", "vitamina D", "de la vitamine D", "Vitamin D", "la vitamina D",
                                "vitamina D", "vitamin D")),
    "vitamin_b12": ("vitamin_b12", ("B12", "vitamina B12", "de la vitamine B12", "Vitamin B12", "la B12", "B12",
                                    "vitamin B12")),
    "folate": ("folate", ("folic acid", "ácido fólico", "de l'acide folique", "Folsäure", "acido folico",
                          "ácido fólico", "asam folat")),
    "zinc": ("zinc", ("zinc", "zinc", "du zinc", "Zink", "lo zinco", "zinco", "seng")),
    "magnesium": ("magnesium", ("magnesium", "magnesio", "du magnésium", "Magnesium", "il magnesio", "magnésio",
                                "magnesium")),
    "calcium": ("calcium", ("calcium", "calcio", "du calcium", "Kalzium", "il calcio", "cálcio", "kalsium")),
}
EXPECT = {  # (stop?, state of the marker) -> how the answer must start
    (False, "low"): r"^(Probably yes|Probablemente sí|Only if a doctor|Solo si)",
    (False, "high"): r"^No:", (False, "normal"): r"show no need|no muestran necesidad",
    (False, "absent"): r"has no|no incluye",
    (True, "low"): r"^No:", (True, "high"): r"^(Yes, stop|Sí, déjelo)",
    (True, "normal"): r"now within the range|ya están dentro", (True, "absent"): r"has no|no incluye",
}
LANGS = list(SUPPLEMENT_QUESTIONS)


def _spanish(text: str) -> bool:
    """Spanish questions get Spanish answers; the others English (the narrative's language)."""
    return bool(re.search(r"\b(está|están|informe|su|sus|pregunta|hay|valores|tome|pregunte|médico|necesita|todavía)\b", text))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("supplement", list(SUPPLEMENTS))
def test_supplement_question_answered_from_its_marker(lang: str, supplement: str) -> None:
    key, names = SUPPLEMENTS[supplement]
    name = names[LANGS.index(lang)]
    for stop, template in enumerate(SUPPLEMENT_QUESTIONS[lang]):
        q = template.format(s=name)
        for state in ("low", "high", "normal", "absent"):
            rows = [_ok("sodium")]
            if state in ("low", "high"):
                rows.append(_ab(key, state))
            elif state == "normal":
                rows.append(_ok(key))
            res = interpret(build(rows), q)
            assert res.answer is not None and res.answer.understood, (q, res.answer)
            text = res.answer.text
            assert re.search(EXPECT[(bool(stop), state)], text), f"{q!r} with {key} {state}: {text}"
            if state != "absent":
                b = next(x for x in res.biomarkers if x.canonical == key)
                assert b.name in text, f"{q!r}: answer does not use {b.name}: {text}"
            assert _spanish(text) == (lang == "es"), f"{q!r} answered in the wrong language: {text}"


# The named intents (anaemia, diabetes, organs, cholesterol, exercise, stopping a medicine, a supplement
# that would harm) asked in each language, and a question that is none of them.
INTENT_QUESTIONS: dict[str, dict[str, str]] = {
    "anaemia": {"en": "Am I anaemic?", "es": "¿Tengo anemia?", "fr": "Suis-je anémique ?",
                "de": "Habe ich eine Anämie?", "it": "Sono anemica?", "pt": "Estou com anemia?",
                "id": "Apakah saya anemia?"},
    "not-anaemia": {"en": "Am I anemic?", "es": "¿Estoy anémico?", "fr": "Est-ce que j'ai une anémie ?",
                    "de": "Bin ich anämisch?", "it": "Ho l'anemia?", "pt": "Tenho anemia?",
                    "id": "Apakah saya kurang darah?"},
    "diabetes": {"en": "Do I have diabetes?", "es": "¿Tengo diabetes?", "fr": "Est-ce que j'ai du diabète ?",
                 "de": "Habe ich Diabetes?", "it": "Ho il diabete?", "pt": "Tenho diabetes?",
                 "id": "Apakah saya kena kencing manis?"},
    "liver": {"en": "Is my liver ok?", "es": "¿Está bien mi hígado?", "fr": "Mon foie va-t-il bien ?",
              "de": "Ist meine Leber in Ordnung?", "it": "Il mio fegato va bene?", "pt": "Meu fígado está bem?",
              "id": "Apakah hati saya baik?"},
    "kidney": {"en": "How are my kidneys?", "es": "¿Cómo están mis riñones?", "fr": "Comment vont mes reins ?",
               "de": "Wie sind meine Nierenwerte?", "it": "Come stanno i miei reni?", "pt": "Como estão meus rins?",
               "id": "Bagaimana fungsi ginjal saya?"},
    "thyroid": {"en": "Is my thyroid ok?", "es": "¿Está bien mi tiroides?", "fr": "Ma thyroïde est-elle normale ?",
                "de": "Ist meine Schilddrüse in Ordnung?", "it": "La mia tiroide va bene?",
                "pt": "Minha tireoide está normal?", "id": "Apakah tiroid saya normal?"},
    "cholesterol": {"en": "Is my cholesterol too high?", "es": "¿Tengo el colesterol alto?",
                    "fr": "Mon cholestérol est-il trop élevé ?", "de": "Ist mein Cholesterin zu hoch?",
                    "it": "Il mio colesterolo è alto?", "pt": "Meu colesterol está alto?",
                    "id": "Apakah kolesterol saya tinggi?"},
    "exercise": {"en": "Can I train for a marathon?", "es": "¿Puedo correr una maratón?",
                 "fr": "Puis-je courir un marathon ?", "de": "Kann ich für einen Marathon trainieren?",
                 "it": "Posso correre una maratona?", "pt": "Posso correr uma maratona?",
                 "id": "Apakah saya boleh lari maraton?"},
    "stop-statin": {"en": "Should I stop my statin?", "es": "¿Debo dejar la estatina?",
                    "fr": "Dois-je arrêter ma statine ?", "de": "Soll ich mein Statin absetzen?",
                    "it": "Devo smettere la statina?", "pt": "Devo parar a estatina?",
                    "id": "Apakah saya harus berhenti minum statin?"},
    "stop-medicine": {"en": "Can I stop my medication?", "es": "¿Puedo dejar mi medicamento?",
                      "fr": "Puis-je arrêter mon traitement ?", "de": "Kann ich meine Tabletten absetzen?",
                      "it": "Posso sospendere il farmaco?", "pt": "Posso parar o remédio?",
                      "id": "Bolehkah saya berhenti minum obat?"},
    "vitd-with-high-calcium": {"en": "Should I take vitamin D?", "es": "¿Debo tomar vitamina D?",
                               "fr": "Dois-je prendre de la vitamine D ?", "de": "Soll ich Vitamin D nehmen?",
                               "it": "Devo prendere la vitamina D?", "pt": "Devo tomar vitamina D?",
                               "id": "Perlukah saya minum vitamin D?"},
    "unknown": {"en": "What's the weather tomorrow?", "es": "¿Dónde está la farmacia?",
                "fr": "Quelle heure est-il ?", "de": "Wie spät ist es?", "it": "Che tempo fa domani?",
                "pt": "Onde fica a farmácia?", "id": "Di mana apotek terdekat?"},
}
# intent -> (rows, regexes of which one must match the answer, regexes that must not)
INTENT_CASES: dict[str, tuple[Callable[[], list[Result]], list[str], list[str]]] = {
    "anaemia": (lambda: [_ab("hemoglobin", "low")], [r"^(Yes|Sí)\b.*(anaemia|anemia)"], [r"^No\b"]),
    "not-anaemia": (lambda: [_ab("hemoglobin", "high")], [r"^No\b.*(not below|no por debajo|no es anemia)"],
                    [r"^(Yes|Sí)\b"]),
    "diabetes": (lambda: [replace(_ab("glucose", "high"), value=140.0), replace(_ab("hba1c", "high"), value=6.9)],
                 [r"criteria for diabetes|criterios de diagnóstico de diabetes"], []),
    "liver": (lambda: [_ab("alt", "high", Severity.MARKED), _ok("ast")], [r"^(Not entirely|No del todo)"],
              [r"^(Yes|Sí)\b"]),
    "kidney": (lambda: [_ab("egfr", "low", Severity.MARKED)], [r"egfr .*(below|por debajo)"], [r"^(Yes|Sí)\b"]),
    "thyroid": (lambda: [_ab("tsh", "high"), _ok("free_t4")], [r"^(Not entirely|No del todo).*TSH .*(above|encima)"],
                [r"^(Yes|Sí)\b"]),
    "cholesterol": (lambda: [_ab("ldl", "high"), _ok("hdl")], [r"^(Yes|Sí)\b.*LDL"], [r"^No\b"]),
    "exercise": (lambda: [_ab("potassium", "high", Severity.CRITICAL)], [r"^(Not yet|Todavía no)\b.*[Pp]otassium"],
                 [r"^(Yes|Sí)\b"]),
    "stop-statin": (lambda: [_ab("ldl", "high")], [r"^(Don't stop|No deje)\b.*(statin|estatina)"], [r"^(Yes|Sí)\b"]),
    "stop-medicine": (lambda: [_ok("hemoglobin")], [r"^(Don't stop|No deje)\b"], [r"^(Yes|Sí)\b"]),
    "vitd-with-high-calcium": (lambda: [_ab("vitamin_d", "low"), _ab("calcium", "high", Severity.MARKED)],
                               [r"^No:.*(Calcium|Calcio)"], [r"^(Probably|Probablemente)"]),
    "unknown": (lambda: [_ab("ferritin", "high"), _ok("hemoglobin")], [r"could not tell|no he entendido"],
                [r"Ferritin|Haemoglobin|Hemoglobin"]),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("intent", list(INTENT_QUESTIONS))
def test_intent_in_each_language(intent: str, lang: str) -> None:
    q = INTENT_QUESTIONS[intent][lang]
    rows, one_of, must_not = INTENT_CASES[intent]
    res = interpret(build(rows()), q)
    assert res.answer is not None and res.analysis.startswith("## Your question")
    text = res.answer.text
    assert res.answer.understood == (intent != "unknown"), (q, text)
    assert any(re.search(p, text, re.DOTALL | re.IGNORECASE) for p in one_of), f"{q!r}: {text}"
    for p in must_not:
        assert not re.search(p, text, re.IGNORECASE), f"{q!r}: {text}"
    assert _spanish(text) == (lang == "es"), f"{q!r} answered in the wrong language: {text}"
    assert not all_failures(res), all_failures(res)


@dataclass
class Asked:
    q: str
    rows: Callable[[], list[Result]]
    one_of: list[str]
    must_not: list[str] = field(default_factory=list)
    sex: str | None = None


QUESTIONS = [
    Asked("should I take iron?", lambda: [_ab("ferritin", "high"), _ab("transferrin_saturation", "high")],
          [r"^No"], [r"^(Probably )?yes"]),
    Asked("Should I take iron supplements?", lambda: [_ab("ferritin", "low"), _ab("hemoglobin", "low")],
          [r"yes"], [r"^No\b"]),
    Asked("Do I need iron tablets?", lambda: [_ok("hemoglobin")], [r"ferritin|iron"]),
    Asked("¿Debo tomar hierro?", lambda: [_ab("ferritin", "high"), _ab("iron", "high")], [r"^No"]),
    Asked("Should I take vitamin D?", lambda: [_ab("vitamin_d", "low"), _ab("calcium", "high", Severity.MARKED)],
          [r"^No"], [r"^Probably yes"]),
    Asked("am I diabetic?", lambda: [_ab("glucose", "low", Severity.CRITICAL)], [r"^No"], [r"^(Yes|Possibly)"]),
    Asked("Am I diabetic?", lambda: [replace(_ab("glucose", "high"), value=140.0),
                                     replace(_ab("hba1c", "high"), value=6.9)], [r"criteria for diabetes"]),
    Asked("Do I have diabetes?", lambda: [_ok("hemoglobin")], [r"no hba1c or fasting glucose"]),
    Asked("¿Tengo diabetes?", lambda: [replace(_ab("hba1c", "high"), value=6.0)], [r"prediabetes"]),
    Asked("is my liver ok?", lambda: [_ab("alt", "high", Severity.MARKED), _ok("ast")], [r"^Not entirely"],
          [r"^Yes"]),
    Asked("Is my liver ok?", lambda: [_ok("alt"), _ok("ast"), _ok("alp")], [r"^Yes"]),
    Asked("How are my kidneys?", lambda: [_ab("egfr", "low", Severity.MARKED)], [r"egfr"]),
    Asked("Am I anaemic?", lambda: [_ab("hemoglobin", "high")], [r"^No"]),
    Asked("¿Estoy anémica?", lambda: [_ab("hemoglobin", "low", sex="female")], [r"^Sí"], sex="female"),
    Asked("Should I stop my statin?", lambda: [_ab("ldl", "high")], [r"don't stop|ask the doctor"]),
    Asked("can I train for a marathon?", lambda: [_ab("potassium", "high", Severity.CRITICAL)],
          [r"potassium|doctor"], [r"^Yes"]),
    Asked("Can I run a marathon with these results?", lambda: [_ab("hemoglobin", "low", Severity.MARKED)],
          [r"haemoglobin|hemoglobin|doctor"], [r"^Yes"]),
    Asked("Is it safe to exercise?", lambda: [_ab("ck", "high", Severity.MARKED)] if abnormal(
        "ck", "high", Severity.MARKED) else [Result("ck", 2500.0, "U/L", 30.0, 200.0, "high", name="CK")],
          [r"ck|creatine kinase|muscle"], [r"^Yes"]),
    Asked("Can I go to the gym?", lambda: [_ok("hemoglobin"), _ok("glucose")], [r"stands in the way"]),
    Asked("¿Puedo correr una maratón?", lambda: [_ab("glucose", "low", Severity.CRITICAL)], [r"^Todavía no"]),
    Asked("Can I keep training?", lambda: [_ab("hemoglobin", "low")], [r"anaemia"], [r"^Not yet"]),
    Asked("Is my Albumin / globulin ratio ok?", lambda: [_ok("ag_ratio")], [r"^Yes"], [r"has no"]),
    Asked("Bin ich anämisch?", lambda: [_ab("hemoglobin", "low")], [r"^Yes|could not tell"], [r"^No\b"]),
    Asked("Il mio colesterolo è alto?", lambda: [_ab("ldl", "high")], [r"LDL|could not tell"]),
]


@pytest.mark.parametrize("a", QUESTIONS, ids=[a.q for a in QUESTIONS])
def test_question(a: Asked) -> None:
    res = interpret(build(a.rows(), sex=a.sex), a.q)
    assert res.answer is not None and res.analysis.startswith("## Your question")
    text = res.answer.text
    assert any(re.search(p, text, re.IGNORECASE | re.MULTILINE) for p in a.one_of), text
    for p in a.must_not:
        assert not re.search(p, text, re.IGNORECASE | re.MULTILINE), text
    assert not all_failures(res), all_failures(res)
