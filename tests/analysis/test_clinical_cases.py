"""Clinical cases: one or two abnormal values each, read as a physician would.

Each case lists phrases that must not appear (advice pointing the wrong way) and phrases of
which one must (the right advice, the answer, the urgency). Cases are built directly as
ParsedReports (fast); a handful run end to end through generated PDFs (test_clinical_pdfs).
Two sweeps cover the whole table: both directions of every marker that has advice, and every
marked / critical threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from shared.analysis.advice.table import table
from shared.analysis.interpret import interpret
from shared.analysis.markers import BY_KEY
from shared.analysis.pipeline import DEFAULT_QUERY
from shared.analysis.result import AdviceRole, Severity
from tests.analysis.clinical import Row, guard_failures, premise_failures, report


@dataclass
class Case:
    id: str
    rows: list[Row]
    one_of: list[str]
    must_not: list[str] = field(default_factory=list)
    sex: str | None = None
    age: int | None = None
    query: str = DEFAULT_QUERY
    urgency: Severity | None = None  # the most urgent level expected in `urgent` (None: nothing urgent)
    rows_unread: int = 0


FE_HIGH = [("Serum Iron", 210, "ug/dL", 60, 170), ("Ferritin", 650, "ng/mL", 24, 336),
           ("Transferrin Saturation", 62, "%", 20, 50)]
HB_LOW = ("Hemoglobin", 10.9, "g/dL", 13.0, 17.0)
HB_OK = ("Hemoglobin", 14.5, "g/dL", 13.0, 17.0)
FERRITIN_LOW = ("Ferritin", 8, "ng/mL", 20, 250)
LDL_HIGH = ("LDL Cholesterol", 162, "mg/dL", None, 100)
LFT_OK = [("ALT", 30, "U/L", 7, 56), ("AST", 25, "U/L", 10, 40), ("Alkaline Phosphatase", 90, "U/L", 44, 147)]

CASES = [
    # ---- the examples
    Case("iron-high", FE_HIGH, ["do not take iron supplements"], sex="male",
         must_not=["red meat", "pair plant iron", "iron deficiency needs a cause", "until they are restored",
                   "iron tablets are the usual", "heavy periods"]),
    Case("glucose-critically-low", [("Glucose", 35, "mg/dL", 70, 99)], ["fast-acting sugar"],
         must_not=["limit sugary", "walk after meals", "lowers blood sugar", "prediabetes", "diabetes range"],
         urgency=Severity.CRITICAL),
    Case("vitamin-d-high-calcium-high", [("Vitamin D (25-OH)", 160, "ng/mL", 30, 100), ("Calcium", 11.2, "mg/dL", 8.5, 10.2)],
         ["stop taking vitamin d"], must_not=["corrected with a vitamin d supplement", "supplement is often needed",
                                              "sunlight"], urgency=Severity.MARKED),
    Case("ast-16x-bilirubin-4.5x", [("AST", 640, "U/L", 10, 40), ("Total Bilirubin", 5.4, "mg/dL", 0.1, 1.2)],
         ["needs a doctor today"], must_not=["gilbert", "harmless", "repeated in a few weeks",
                                             "mildly raised liver tests are usually repeated", "routine appointment"],
         urgency=Severity.CRITICAL),
    Case("hemoglobin-high", [("Hemoglobin", 18.9, "g/dL", 13.5, 17.5)], ["dehydration"], sex="male",
         must_not=["anaemia", "build activity up gradually", "iron-rich", "red meat", "heavy periods"]),
    Case("lymphocytes-low", [("Lymphocytes", 0.7, "10^3/uL", 1.0, 4.0)], ["viral infection"],
         must_not=["anaemia", "build activity up"]),
    Case("ck-high", [("CK", 900, "U/L", 30, 200)], ["muscle enzyme"],
         must_not=["heart marker", "heart-strain", "heart results", "raised heart"]),
    Case("creatinine-low", [("Creatinine", 0.4, "mg/dL", 0.6, 1.3)], ["muscle mass"],
         must_not=["filtering less", "kidney results are clarified", "nephrology", "creatine supplements"]),
    Case("heavy-periods-never-for-a-man", [HB_LOW, FERRITIN_LOW], ["blood loss from the gut"], sex="male",
         must_not=["heavy periods"]),
    Case("potassium-6.8", [("Potassium", 6.8, "mmol/L", 3.5, 5.1)], ["contact your doctor today"],
         must_not=["avoid hard training for 2-3 days", "repeated within a few days", "150 minutes"],
         urgency=Severity.CRITICAL),
    Case("iron-question-low-stores", [HB_LOW, FERRITIN_LOW], ["## your question\n\nprobably yes"],
         query="Should I take iron supplements?", sex="female", age=34, must_not=["could not tell what you asked"]),
    Case("anaemic-question-normal", [HB_OK], ["## your question\n\nno: your hemoglobin"], query="Am I anaemic?"),
    Case("few-rows-read", [HB_OK, ("TSH", 2.0, "mIU/L", 0.4, 4.0), ("Sodium", 140, "mmol/L", 135, 145)],
         ["most of the report was not checked"], rows_unread=46,
         must_not=["all 3 results", "all results with a range are within it", "keep up your routine check-ups"]),
    # ---- iron studies with red-cell indices, by sex and age
    Case("iron-deficiency-woman-34", [HB_LOW, FERRITIN_LOW], ["heavy periods"], sex="female", age=34,
         must_not=["in men", "after the menopause"]),
    Case("iron-deficiency-woman-62", [HB_LOW, FERRITIN_LOW], ["after the menopause"], sex="female", age=62,
         must_not=["heavy periods"]),
    Case("small-cells-no-ferritin", [HB_LOW, ("MCV", 71, "fL", 80, 100)], ["a ferritin test tells which"],
         must_not=["for iron: red meat", "iron tablets"]),
    Case("small-cells-normal-ferritin", [("MCV", 70, "fL", 80, 100), ("Ferritin", 90, "ng/mL", 20, 250)],
         ["thalassaemia"], must_not=["iron tablets", "for iron: red meat"]),
    Case("ferritin-high-saturation-normal", [("Ferritin", 520, "ng/mL", 24, 336),
                                             ("Transferrin Saturation", 30, "%", 20, 50)],
         ["rather than too much iron"], must_not=["haemochromatosis gene test", "red meat"]),
    # ---- questions, in English and Spanish
    Case("anemic-question-low", [HB_LOW], ["## your question\n\nyes: your hemoglobin"], query="am I anemic??"),
    Case("spanish-anaemia-question", [HB_LOW], ["## your question\n\nsí: su hemoglobin"], query="¿Tengo anemia?"),
    Case("stop-statin-never-advised", [LDL_HIGH], ["ask the doctor who prescribed a statin"],
         query="Should I stop my statin?", must_not=["yes, stop", "stop it for now"]),
    Case("spanish-stop-metformin", [("HbA1c", 7.2, "%", 4.0, 5.6)], ["pregunte antes al médico que le recetó metformina"],
         query="¿Puedo dejar de tomar la metformina?"),
    Case("is-cholesterol-ok", [LDL_HIGH, ("HDL Cholesterol", 55, "mg/dL", 40, None)],
         ["## your question\n\nnot entirely: ldl cholesterol 162 mg/dl"], query="Is my cholesterol ok?"),
    Case("is-ldl-too-high-no", [("LDL Cholesterol", 88, "mg/dL", None, 100), ("Glucose", 130, "mg/dL", 70, 99)],
         ["## your question\n\nno: your ldl cholesterol 88"], query="Is my LDL too high?"),
    Case("glucose-too-high-but-critically-low", [("Glucose", 38, "mg/dL", 70, 99)],
         ["## your question\n\nno: your glucose 38 mg/dl is below the range"], query="Is my glucose too high?",
         urgency=Severity.CRITICAL),
    Case("question-not-understood", [HB_OK], ["i could not tell what you asked"], query="purple elephants tomorrow"),
    Case("stop-vitamin-d-when-high", [("Vitamin D", 130, "ng/mL", 30, 100)], ["yes, stop it for now"],
         query="Should I stop taking vitamin D?"),
    Case("take-vitamin-d-when-low", [("Vitamin D", 12, "ng/mL", 30, 100)], ["probably yes"],
         query="Do I need vitamin D supplements?", must_not=["stop taking vitamin d"]),
    Case("take-iron-unmeasured", [("TSH", 2.0, "mIU/L", 0.4, 4.0)], ["cannot tell whether you need iron"],
         query="Should I take iron?"),
    # ---- diabetes: HbA1c with fasting glucose
    Case("diabetes-two-tests", [("HbA1c", 6.8, "%", 4.0, 5.6), ("Glucose Fasting", 131, "mg/dL", 70, 99)],
         ["meet the ada criteria"], query="Do I have diabetes?"),
    Case("diabetes-one-test", [("HbA1c", 6.8, "%", 4.0, 5.6)], ["a second test"],
         must_not=["meet the ada criteria", "meet the diagnostic criteria"]),
    Case("prediabetes-glucose", [("Glucose", 110, "mg/dL", 70, 99)], ["prediabetes range"],
         must_not=["meet the ada criteria", "is in the diabetes range"]),
    Case("hba1c-above-10", [("HbA1c", 11.2, "%", 4.0, 5.6)], ["considering insulin"], urgency=Severity.MARKED),
    Case("glucose-400", [("Glucose", 400, "mg/dL", 70, 99)], ["limit sugary drinks"], must_not=["fast-acting sugar"],
         urgency=Severity.MARKED),
    # ---- thyroid
    Case("hypothyroid", [("TSH", 12, "mIU/L", 0.4, 4.0), ("Free T4", 0.5, "ng/dL", 0.8, 1.8)],
         ["underactive thyroid (hypothyroidism)"], must_not=["overactive thyroid (hyperthyroidism)"]),
    Case("hyperthyroid", [("TSH", 0.05, "mIU/L", 0.4, 4.0), ("Free T4", 2.6, "ng/dL", 0.8, 1.8)],
         ["overactive thyroid (hyperthyroidism)"], must_not=["underactive thyroid (hypothyroidism)"]),
    Case("subclinical-hypothyroid", [("TSH", 6.5, "mIU/L", 0.4, 4.0), ("Free T4", 1.2, "ng/dL", 0.8, 1.8)],
         ["subclinical hypothyroidism"]),
    # ---- liver
    Case("gilbert", [("Total Bilirubin", 1.9, "mg/dL", 0.1, 1.2), *LFT_OK], ["gilbert's syndrome"]),
    Case("bilirubin-liver-tests-unknown", [("Total Bilirubin", 1.9, "mg/dL", 0.1, 1.2)], ["yellow pigment"],
         must_not=["gilbert"]),
    Case("ast-with-ck", [("AST", 70, "U/L", 10, 40), ("CK", 1500, "U/L", 30, 200), ("ALT", 30, "U/L", 7, 56)],
         ["muscle rather than the liver"], urgency=Severity.MARKED),
    Case("alt-mild", [("ALT", 80, "U/L", 7, 56)], ["fatty liver"], must_not=["today", "within the next few days"]),
    # ---- gout, prostate, calcium, LDH: their own advice
    Case("uric-acid-high", [("Uric Acid", 9.1, "mg/dL", 3.4, 7.0)], ["gout"], must_not=["filtering less"]),
    Case("psa-high", [("PSA", 6.2, "ng/mL", None, 4.0)], ["avoid ejaculation"], sex="male", age=58,
         must_not=["hormone"]),
    Case("calcium-high-vitamin-d-normal", [("Calcium", 10.9, "mg/dL", 8.5, 10.2), ("Vitamin D", 35, "ng/mL", 30, 100)],
         ["parathyroid hormone (pth) test is the usual next step"], must_not=["vitamin d toxicity"]),
    Case("calcium-low-albumin-low", [("Calcium", 7.9, "mg/dL", 8.5, 10.2), ("Albumin", 2.9, "g/dL", 3.4, 5.4)],
         ["albumin-corrected calcium tells"]),
    Case("ldh-high", [("LDH", 400, "U/L", 140, 280)], ["almost every tissue"], must_not=["liver cells"]),
    # ---- critical and marked values
    Case("sodium-118", [("Sodium", 118, "mmol/L", 135, 145)], ["contact your doctor today"], urgency=Severity.CRITICAL),
    Case("platelets-15", [("Platelets", 15, "10^3/uL", 150, 400)], ["contact your doctor today"],
         must_not=["repeated in about 4 weeks"], urgency=Severity.CRITICAL),
    Case("platelets-high", [("Platelets", 480, "10^3/uL", 150, 400)], ["reaction to infection"],
         must_not=["bruising"]),
    Case("wbc-18-neutrophilia", [("WBC", 18, "10^3/uL", 4, 11), ("Neutrophils", 85, "%", 40, 75)],
         ["within the next few days"], must_not=["re-checked once any infection has settled"],
         urgency=Severity.MARKED),
    Case("wbc-13-mild", [("WBC", 13, "10^3/uL", 4, 11)], ["re-checked once any infection has settled"]),
    Case("neutrophils-0.3", [("Absolute Neutrophil Count", 0.3, "10^3/uL", 2.0, 7.0)], ["fever of 38"],
         urgency=Severity.CRITICAL),
    Case("egfr-25", [("eGFR", 25, "mL/min/1.73m2", 60, None)], ["nephrology"],
         must_not=["a reduced egfr should be repeated"], urgency=Severity.MARKED),
    Case("egfr-52", [("eGFR", 52, "mL/min/1.73m2", 60, None)], ["category g3a"], must_not=["nephrology"]),
    Case("inr-6", [("INR", 6.0, None, 0.8, 1.2)], ["anticoagulation clinic"], must_not=["repeat in a few weeks"],
         urgency=Severity.CRITICAL),
    Case("hematocrit-57", [("Hematocrit", 57, "%", 40, 50)], ["raises the risk of clots"], sex="male",
         urgency=Severity.MARKED),
    Case("crp-80", [("CRP", 80, "mg/L", None, 5)], ["significant inflammation"],
         must_not=["repeated once an infection has settled"], urgency=Severity.MARKED),
    Case("troponin-high", [("Troponin I", 0.5, "ng/mL", None, 0.04)], ["call an ambulance"],
         urgency=Severity.CRITICAL),
    Case("nt-probnp-2500", [("NT-proBNP", 2500, "pg/mL", None, 125)], ["within 2 weeks"], urgency=Severity.MARKED),
    Case("triglycerides-1200", [("Triglycerides", 1200, "mg/dL", None, 150)], ["pancreatitis"],
         must_not=["regular aerobic exercise"], urgency=Severity.MARKED),
    # ---- vitamins, minerals, supplements
    Case("vitamin-d-low", [("Vitamin D", 12, "ng/mL", 30, 100)], ["vitamin d supplement at a dose"],
         must_not=["stop taking vitamin d"]),
    Case("b12-low", [("Vitamin B12", 150, "pg/mL", 200, 900)], ["animal foods"], must_not=["no need for extra b12"]),
    Case("magnesium-high", [("Magnesium", 3.1, "mg/dL", 1.7, 2.2)], ["stop magnesium supplements"]),
    Case("zinc-high", [("Zinc", 180, "ug/dL", 60, 120)], ["stop zinc supplements"]),
    # ---- lipids, hormones
    Case("ldl-190", [("LDL Cholesterol", 205, "mg/dL", None, 100)], ["familial hypercholesterolaemia"]),
    Case("testosterone-high-woman", [("Testosterone", 120, "ng/dL", 15, 70)], ["polycystic"], sex="female",
         must_not=["anabolic"]),
]


def _analysis(case: Case) -> dict:
    rep = report(case.rows, sex=case.sex, age=case.age, rows_unread=case.rows_unread)
    return interpret(rep, case.query).model_dump(mode="json")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case) -> None:
    r = _analysis(case)
    text = r["analysis"].lower()
    assert any(p.lower() in text for p in case.one_of), f"none of {case.one_of} in:\n{r['analysis']}"
    wrong = [p for p in case.must_not if p.lower() in text]
    assert not wrong, f"must not say {wrong}:\n{r['analysis']}"
    top = max((u["severity"] for u in r["urgent"]), key=lambda s: Severity(s).rank, default=None)
    assert top == (case.urgency.value if case.urgency else None), r["urgent"]
    assert guard_failures(r) == [] and premise_failures(r) == []


def test_the_suite_is_wide_enough() -> None:
    assert len(CASES) >= 40
    assert all(1 <= sum(1 for _ in c.rows) for c in CASES)


def test_the_same_test_in_two_units_is_read_twice_and_said_once() -> None:
    rep = report([("Glucose", 7.4, "mmol/L", 3.9, 5.5), ("Glucose", 133, "mg/dL", 70, 99)])
    r = interpret(rep, DEFAULT_QUERY)
    assert [b.value for b in r.biomarkers] == [7.4, 133]  # neither overwrites the other
    assert r.analysis.count("is in the diabetes range if the sample was taken fasting") == 1
    assert r.counts.outside == 2


def test_sex_and_age_from_the_question_choose_range_and_wording() -> None:
    rep = report([("Ferritin", 8, "ng/mL", 20, 250), ("Hemoglobin", 11.1, "g/dL", 12.0, 15.5)])
    r = interpret(rep, "I'm a 62 year old woman: should I take iron?")
    assert "after the menopause" in r.analysis and "heavy periods" not in r.analysis
    assert any("from your question (female)" in n for n in r.notes) and any("(62)" in n for n in r.notes)
    spanish = interpret(report([("Hemoglobin", 13.0, "g/dL", None, None)]), "Soy mujer, ¿tengo anemia?")
    assert spanish.biomarkers[0].ref_low == 12.0  # the female default range, from the question
    assert spanish.answer is not None and spanish.answer.text.startswith("No:")


def test_age_specific_default_range_for_psa() -> None:
    young = interpret(report([("PSA", 3.0, "ng/mL", None, None)], sex="male", age=45), DEFAULT_QUERY)
    older = interpret(report([("PSA", 3.0, "ng/mL", None, None)], sex="male", age=65), DEFAULT_QUERY)
    assert (young.biomarkers[0].ref_high, young.biomarkers[0].flag) == (2.5, "high")  # NICE NG12, age 40-49
    assert (older.biomarkers[0].ref_high, older.biomarkers[0].flag) == (4.5, "normal")


# --------------------------------------------------------------------------- sweeps over the whole table


def _outside(key: str, direction: str) -> Row:
    """One result of `key` just outside its range in `direction` (the catalogue range, else a made-up one)."""
    m = BY_KEY["glucose" if key == "glucose_random" else key]
    name = "Random blood sugar" if key == "glucose_random" else m.label
    lo, hi = m.default_range(None) or (None, None)
    if lo is None and hi is None:
        lo, hi = 10.0, 20.0
    lo = hi / 2 if lo is None and direction == "low" else lo
    hi = lo * 2 if hi is None and direction == "high" else hi
    value = (lo * 0.9 if lo else -1.0) if direction == "low" else hi * 1.1
    return name, round(value, 4), m.unit, lo, hi


def _advised() -> list[tuple[str, str]]:
    return sorted((k, d) for k, d in table().by_marker if any(s.role is AdviceRole.EXPLAIN
                                                              for s in table().by_marker[(k, d)]))


@pytest.mark.parametrize(("key", "direction"), _advised(), ids=lambda x: str(x))
def test_every_advised_marker_in_each_direction(key: str, direction: str) -> None:
    t = table()
    context = {"rbc": [("Hemoglobin", 14.5, "g/dL", 13, 17)], "insulin": [("Glucose", 90, "mg/dL", 70, 99)],
               "testosterone": []}.get(key, [])
    r = interpret(report([_outside(key, direction), *context], sex="male", age=45), DEFAULT_QUERY)
    text = r.analysis
    mine = [s for s in t.by_marker[(key, direction)] if s.role is AdviceRole.EXPLAIN]
    other = {s.text for s in t.by_marker.get((key, "high" if direction == "low" else "low"), [])} - {s.text for s in mine}
    assert any(s.text in text for s in mine), f"{key} {direction}: no explanation in\n{text}"
    assert not [x for x in other if x in text], f"{key} {direction}: the other direction's text appears"
    assert guard_failures(r) == []


def _threshold_cases() -> list[tuple[str, str, str, float, str]]:
    cases = []
    for key, th in table().thresholds.items():
        for rule in th.rules:
            cases.append((key, rule.level.value, rule.op, rule.number, rule.scale or ""))
    return cases


@pytest.mark.parametrize(("key", "level", "op", "number", "scale"), _threshold_cases(), ids=lambda x: str(x))
def test_every_marked_and_critical_threshold(key: str, level: str, op: str, number: float, scale: str) -> None:
    m = BY_KEY["glucose" if key == "glucose_random" else key]
    name = "Random blood sugar" if key == "glucose_random" else m.label
    low = op.startswith("<")
    step = 0.97 if low else 1.03
    if scale:
        lo, hi = 10.0, 40.0
        value = (lo * number * step) if scale == "lln" else hi * number * step
    else:
        value = number * step
        lo, hi = (value * 2 + 1, value * 3 + 2) if low else (value / 3, value / 2)
    rows = [(name, round(value, 4), m.unit, lo, hi)]
    if key == "wbc" and not low:
        rows.append(("Neutrophils", 85, "%", 40, 75))  # the rule's `when`: neutrophilia
    r = interpret(report(rows), DEFAULT_QUERY)
    b = r.biomarkers[0]
    assert Severity(b.severity).rank >= Severity(level).rank, (rows, b)
    assert b.name in [u.name for u in r.urgent]
    wording = "today" if b.severity == Severity.CRITICAL else "within the next few days"
    assert wording in next(u.action for u in r.urgent if u.name == b.name)
    if b.severity == Severity.CRITICAL:
        assert b.flag in ("critical_low", "critical_high")
    assert guard_failures(r) == []


def test_random_reports_say_nothing_whose_premise_is_false() -> None:
    """Reports drawn at random (fixed seed) from the whole catalogue, values from far below to far above the
    range, with questions in both languages: the analysis never fails and every statement's premise holds."""
    import random

    from shared.analysis.markers import MARKERS

    rng = random.Random(14)
    questions = [DEFAULT_QUERY, "Am I anaemic?", "¿Tengo anemia?", "Is my cholesterol ok?", "Should I stop my statin?",
                 "Should I take iron?", "Do I have diabetes?", "Are my results ok?", "How is my liver?", "?",
                 "I'm a 70 year old man, should I take vitamin D?", "¿Debo dejar el hierro?", "Is my TSH too low?"]
    for _ in range(150):
        rows = []
        for m in rng.sample(MARKERS, rng.randint(1, 12)):
            lo, hi = m.default_range(None) or (None, None)
            if lo is None and hi is None:
                lo, hi = 1.0, 10.0
            base = hi if hi is not None else lo * 2
            rows.append((m.label, round(base * rng.choice([0.05, 0.3, 0.7, 0.95, 1.05, 1.5, 4, 12, 40, 100]), 3),
                         m.unit, lo, hi))
        rep = report(rows, sex=rng.choice([None, "male", "female"]), age=rng.choice([None, 25, 45, 62, 80]),
                     rows_unread=rng.choice([0, 0, 3]))
        r = interpret(rep, rng.choice(questions))
        assert guard_failures(r) == [] and premise_failures(r) == [], (rows, r.query)
