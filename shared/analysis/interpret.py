"""Local, deterministic interpretation of parsed biomarkers.

- Final flags: the report's own range and flag come first; a built-in adult
  range (markers.py, source named there) is used only when the report prints
  no range, converted into the printed unit, and marked `range_source: "default"`.
  A value beyond a critical limit becomes `critical_low` / `critical_high`.
- Findings: abnormal results grouped by panel, each with a plain-language
  explanation, plus a few well-known patterns (small red cells with low
  haemoglobin, TSH with free T4, HbA1c bands, ...).
- Specialist views (physician, nutritionist, exercise physiologist) derived
  from the findings.
- The user's query: markers and panels it names come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shared.analysis import markers as mk
from shared.analysis.markers import PANELS, SYNONYMS, marker, norm_name
from shared.analysis.parser import ParsedMarker, ParsedReport
from shared.analysis.values import Range, judge

SPECIALISTS = ["Physician", "Nutritionist", "Exercise physiologist"]

DISCLAIMER = ("This analysis is generated automatically for information only and is not a medical diagnosis. "
              "Reference ranges differ between laboratories, and results must be read together with your history "
              "and symptoms: discuss them with a qualified healthcare professional, and seek prompt care for any "
              "result marked critical.")

_PANEL_TITLES = {
    mk.BLOOD: "Blood count", mk.DIABETES: "Blood sugar (diabetes)", mk.LIPIDS: "Cholesterol and lipids",
    mk.LIVER: "Liver", mk.KIDNEY: "Kidneys", mk.THYROID: "Thyroid", mk.VITAMINS: "Vitamins and minerals",
    mk.IRON: "Iron", mk.INFLAMMATION: "Inflammation", mk.ELECTROLYTES: "Electrolytes (salts)",
    mk.HEART: "Heart", mk.CLOTTING: "Clotting", mk.HORMONES: "Hormones", mk.OTHER: "Other results",
}

_PANEL_QUERY_WORDS = {
    mk.BLOOD: ("cbc", "blood count", "hemogram", "haemogram", "anemia", "anaemia", "red cells", "white cells",
               "red blood", "white blood", "emocromo", "hemograma"),
    mk.DIABETES: ("diabetes", "diabetic", "sugar", "prediabetes", "blood sugar", "glycemic", "glycaemic"),
    mk.LIPIDS: ("cholesterol", "lipid", "lipids", "lipid profile", "fats", "colesterolo", "colesterol"),
    mk.LIVER: ("liver", "lft", "hepatic", "fegato", "higado"),
    mk.KIDNEY: ("kidney", "kidneys", "renal", "kft", "rft", "rene", "rinon"),
    mk.THYROID: ("thyroid", "tiroide", "tiroides"),
    mk.VITAMINS: ("vitamin", "vitamins", "mineral", "minerals", "deficiency", "deficiencies", "vitamine", "vitaminas"),
    mk.IRON: ("iron", "anemia", "anaemia", "ferro", "hierro"),
    mk.INFLAMMATION: ("inflammation", "inflammatory", "infection", "infiammazione", "inflamacion"),
    mk.ELECTROLYTES: ("electrolyte", "electrolytes", "salts", "elettroliti", "electrolitos"),
    mk.HEART: ("heart", "cardiac", "cardio", "cuore", "corazon"),
    mk.CLOTTING: ("clotting", "coagulation", "bleeding", "coagulazione", "coagulacion"),
    mk.HORMONES: ("hormone", "hormones", "ormoni", "hormonas"),
}
# Synonyms that are ordinary words in a question unless written as an abbreviation (e.g. "PT", "TC").
_QUERY_AMBIGUOUS = {"got", "sap", "ves", "pcr", "si", "se", "pt", "ld", "tc", "ca", "mg", "k", "na", "cl", "co2", "fe",
                    "zn", "cu", "sg", "e2", "lh", "ph", "mono", "eos", "baso", "neut", "lymph", "total count",
                    "saturation", "hb", "ck", "alt", "ast", "alp", "ggt", "crp", "esr", "tsh", "inr", "bun",
                    "iron", "homa", "sugar fasting", "psa"}
_QUERY_ALWAYS = {"alt", "ast", "alp", "ggt", "crp", "esr", "tsh", "inr", "bun", "iron", "homa", "psa", "hb"}


@dataclass(slots=True)
class QueryFocus:
    keys: list[str] = field(default_factory=list)  # canonical keys, in query order
    panels: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.keys and not self.panels


_PANEL_WORDS_NORM = {panel: tuple(norm_name(w) for w in words) for panel, words in _PANEL_QUERY_WORDS.items()}
_MAX_NGRAM = max(len(k.split()) for k in SYNONYMS)


def query_focus(query: str) -> QueryFocus:
    """Markers and panels the user's question names, in the order it names them."""
    focus = QueryFocus()
    if not query:
        return focus
    words = norm_name(query).split()
    raw_tokens = set(re.findall(r"[A-Za-z0-9+]+", query))
    hits: list[tuple[int, int, str]] = []
    for i in range(len(words)):
        for size in range(min(_MAX_NGRAM, len(words) - i), 0, -1):
            syn = " ".join(words[i:i + size])
            key = SYNONYMS.get(syn)
            if key is None:
                continue
            if syn in _QUERY_AMBIGUOUS and syn not in _QUERY_ALWAYS:
                if not any(t.lower() == syn.replace(" ", "") and t[:1].isupper() for t in raw_tokens):
                    continue
            hits.append((i, -size, key))
            break
    for _, _, key in sorted(hits):
        if key in ("neutrophils", "lymphocytes", "monocytes", "eosinophils", "basophils"):
            for k in (f"{key}_pct", f"{key}_abs"):
                if k not in focus.keys:
                    focus.keys.append(k)
        elif key not in focus.keys:
            focus.keys.append(key)
    q = f" {' '.join(words)} "
    phits = []
    for panel, normed in _PANEL_WORDS_NORM.items():
        positions = [q.find(f" {w} ") for w in normed]
        positions = [p for p in positions if p >= 0]
        if positions:
            phits.append((min(positions), panel))
    focus.panels = [p for _, p in sorted(phits)]
    return focus


# --------------------------------------------------------------------------- final flags


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    if abs(x) >= 1000 or x == int(x):
        return f"{x:,.0f}" if abs(x) >= 10000 else f"{x:g}"
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.4g}"


def _to_printed(m: mk.Marker, value: float | None, printed_unit: str | None) -> float | None:
    if value is None:
        return None
    if m.unit is None:
        return value if not printed_unit else None
    if printed_unit is None:
        return None
    if m.key == "hba1c" and printed_unit.replace(" ", "").lower() == "mmol/mol":
        return round((value - 2.15) * 10.929, 1)
    from shared.analysis.units import convert

    out = convert(value, m.unit, printed_unit, molar_mass=m.molar_mass, valence=m.valence)
    return None if out is None else float(f"{out:.3g}")


def final_biomarker(pm: ParsedMarker, sex: str | None) -> dict:
    m = marker(pm.canonical)
    ref_low, ref_high, ref_text, flag = pm.ref_low, pm.ref_high, pm.ref_text, pm.flag
    has_range = ref_low is not None or ref_high is not None
    source = "report" if has_range else None
    if not has_range and m is not None:
        interval = m.default_range(sex)
        if interval and (interval[0] is not None or interval[1] is not None):
            lo, hi = _to_printed(m, interval[0], pm.unit), _to_printed(m, interval[1], pm.unit)
            convertible = (interval[0] is None or lo is not None) and (interval[1] is None or hi is not None)
            if convertible:
                ref_low, ref_high, source = lo, hi, "default"
                unit = f" {pm.unit}" if pm.unit else ""
                if lo is not None and hi is not None:
                    ref_text = f"{_fmt(lo)}-{_fmt(hi)}{unit} (typical adult range)"
                elif hi is not None:
                    ref_text = f"up to {_fmt(hi)}{unit} (typical adult range)"
                else:
                    ref_text = f"{_fmt(lo)} or more{unit} (typical adult range)"
                if flag is None:  # the report's own mark, if any, still comes first
                    flag = judge(pm.value, Range(lo, hi, ref_text))
    if m is not None and flag in ("low", "high", None) and (m.critical[0] is not None or m.critical[1] is not None):
        v = m.to_unit(pm.value, pm.unit)
        if v is not None:
            if m.critical[0] is not None and v < m.critical[0] and flag in ("low", None) and source:
                flag = "critical_low"
            elif m.critical[1] is not None and v > m.critical[1] and flag in ("high", None) and source:
                flag = "critical_high"
    return {
        "name": pm.name, "canonical": pm.canonical, "value": pm.value, "unit": pm.unit,
        "ref_low": ref_low, "ref_high": ref_high, "ref_text": ref_text, "flag": flag,
        "range_source": source, "panel": pm.panel,
    }


# --------------------------------------------------------------------------- explanations


def _direction(flag: str | None) -> str | None:
    if flag in ("low", "critical_low"):
        return "low"
    if flag in ("high", "critical_high"):
        return "high"
    return None


def _value_text(b: dict) -> str:
    unit = f" {b['unit']}" if b.get("unit") else ""
    return f"{_fmt(b['value'])}{unit}"


def explain(b: dict) -> str:
    m = marker(b["canonical"])
    d = _direction(b["flag"])
    where = {"low": "below", "high": "above"}.get(d or "", "outside")
    range_note = ""
    if b.get("ref_text"):
        range_note = f" ({'typical adult range' if b['range_source'] == 'default' else 'report range'}: " \
                     f"{b['ref_text'].replace(' (typical adult range)', '')})"
    head = f"{b['name']} is {_value_text(b)}, {where} the range{range_note}."
    if b["flag"] in ("critical_low", "critical_high"):
        head += " This is far outside the range (a critical value): contact a doctor promptly."
    body = ""
    if m is not None:
        body = (m.low if d == "low" else m.high) or ""
        if not body and m.about:
            body = f"It measures {m.about}."
    return f"{head} {body}".strip()


def _get(bs: list[dict], key: str) -> dict | None:
    return next((b for b in bs if b["canonical"] == key), None)


def _in_unit(b: dict | None) -> float | None:
    if b is None:
        return None
    m = marker(b["canonical"])
    return m.to_unit(b["value"], b["unit"]) if m else None


def _patterns(panel: str, bs: list[dict]) -> list[str]:
    """Well-known combinations within a panel, stated cautiously."""
    out: list[str] = []
    d = {b["canonical"]: _direction(b["flag"]) for b in bs}
    if panel == mk.BLOOD:
        if d.get("hemoglobin") == "low" and ("low" in (d.get("mcv"), d.get("mch"))):
            out.append("Low haemoglobin with small or pale red cells is the typical pattern of iron deficiency "
                       "(a thalassaemia trait can look similar); iron studies show which.")
        elif d.get("hemoglobin") == "low" and d.get("mcv") == "high":
            out.append("Low haemoglobin with large red cells suggests checking vitamin B12 and folate.")
        if d.get("wbc") == "high" and "high" in (d.get("neutrophils_abs"), d.get("neutrophils_pct")):
            out.append("A raised white count led by neutrophils usually reflects a bacterial infection or "
                       "inflammation.")
    elif panel == mk.DIABETES:
        a1c = _in_unit(_get(bs, "hba1c"))
        glu = _in_unit(_get(bs, "glucose"))
        if a1c is not None and a1c >= 6.5:
            out.append("An HbA1c of 6.5 % or more is in the diabetes range; a doctor confirms this with a repeat "
                       "test.")
        elif a1c is not None and a1c >= 5.7:
            out.append("An HbA1c of 5.7-6.4 % is in the prediabetes range: a signal to act on diet, activity and "
                       "weight, which can bring it back down.")
        if glu is not None and glu >= 126:
            out.append("A fasting glucose of 126 mg/dL (7.0 mmol/L) or more is in the diabetes range if the "
                       "sample was fasting; it needs confirming.")
        elif glu is not None and glu >= 100 and (a1c is None or a1c < 6.5):
            out.append("A fasting glucose of 100-125 mg/dL (5.6-6.9 mmol/L) is in the prediabetes range if the "
                       "sample was fasting.")
    elif panel == mk.LIPIDS:
        if d.get("triglycerides") == "high" and d.get("hdl") == "low":
            out.append("High triglycerides with low HDL often go with insulin resistance; cutting sugar, refined "
                       "carbohydrates and alcohol and being more active improve both.")
    elif panel == mk.THYROID:
        tsh, ft4 = d.get("tsh"), _get(bs, "free_t4")
        if tsh == "high":
            if ft4 is not None and d.get("free_t4") == "low":
                out.append("High TSH with low free T4 is the pattern of an underactive thyroid (hypothyroidism).")
            elif ft4 is not None and d.get("free_t4") is None and ft4["flag"] == "normal":
                out.append("High TSH with a normal free T4 is called subclinical hypothyroidism; it is often "
                           "re-checked in 6-12 weeks, together with thyroid antibodies.")
        elif tsh == "low":
            if "high" in (d.get("free_t4"), d.get("free_t3")):
                out.append("Low TSH with high thyroid hormones is the pattern of an overactive thyroid "
                           "(hyperthyroidism).")
            elif ft4 is not None and ft4["flag"] == "normal":
                out.append("Low TSH with a normal free T4 (subclinical hyperthyroidism) is usually re-checked; "
                           "thyroid medicine dose is a common cause.")
    elif panel == mk.IRON:
        if d.get("ferritin") == "low" and d.get("iron") == "low":
            out.append("Low ferritin together with low serum iron is the typical picture of iron deficiency.")
        elif d.get("ferritin") == "high" and d.get("transferrin_saturation") != "high":
            out.append("High ferritin with normal iron saturation most often reflects inflammation or liver "
                       "stress rather than too much iron.")
    elif panel == mk.KIDNEY:
        egfr = _get(bs, "egfr")
        if egfr is not None and d.get("egfr") == "low":
            out.append("A reduced eGFR should be repeated (well hydrated) and, if it stays low, checked with a urine "
                       "albumin test.")
    return out


# --------------------------------------------------------------------------- findings and views


def findings_by_panel(bs: list[dict], focus: QueryFocus) -> list[dict]:
    by_panel: dict[str, list[dict]] = {}
    for b in bs:
        by_panel.setdefault(b["panel"], []).append(b)
    order = list(dict.fromkeys([*focus.panels, *[mk.panel_of(k) for k in focus.keys], *PANELS]))
    out = []
    for panel in order:
        items = by_panel.get(panel, [])
        if not items:
            continue
        abnormal = [b for b in items if _direction(b["flag"])]
        asked = panel in focus.panels or any(b["canonical"] in focus.keys for b in items)
        if not abnormal and not asked:
            continue
        title = _PANEL_TITLES.get(panel, panel.capitalize())
        if abnormal:
            critical = [b for b in abnormal if b["flag"].startswith("critical")]
            names = ", ".join(b["name"] for b in abnormal[:4]) + (" and more" if len(abnormal) > 4 else "")
            title = f"{title}: {names} {'critical' if critical else 'outside the range'}"
            parts = [explain(b) for b in abnormal]
            parts += _patterns(panel, items)
            markers_ = [b["name"] for b in abnormal]
        else:
            parts = ["All results in this group are within the range: "
                     + "; ".join(f"{b['name']} {_value_text(b)}" for b in items) + "."]
            no_range = [b["name"] for b in items if b["flag"] is None]
            if no_range:
                parts.append(f"No range to judge {', '.join(no_range)} by.")
            title = f"{title}: within the range"
            markers_ = [b["name"] for b in items]
        out.append({"panel": panel, "title": title, "markers": markers_, "explanation": " ".join(parts)})
    return out


_PHYSICIAN = {
    mk.BLOOD: "Blood count changes are best read together with iron, B12 and folate results and any symptoms; a "
              "repeat count is often done in a few weeks.",
    mk.DIABETES: "Raised blood sugar markers are confirmed with a repeat test; the doctor will also look at blood "
                 "pressure, weight and cholesterol to judge overall risk.",
    mk.LIPIDS: "Lipid results are used to estimate long-term heart risk together with age, blood pressure, smoking "
               "and family history; whether medicine is needed depends on that overall risk.",
    mk.LIVER: "Raised liver tests are usually repeated; the doctor may ask about alcohol, medicines and "
              "supplements and may order an ultrasound.",
    mk.KIDNEY: "Kidney results are usually repeated with good hydration and a urine test before drawing "
               "conclusions; some medicines may need dose checks.",
    mk.THYROID: "Thyroid results outside the range are usually re-checked, often with thyroid antibodies, before "
                "any treatment decision.",
    mk.VITAMINS: "Low vitamin levels are usually corrected with supplements at a dose your doctor recommends, and "
                 "re-checked after about three months.",
    mk.IRON: "Iron deficiency needs a cause: diet, heavy periods or hidden blood loss; the doctor decides on "
             "iron supplements and any further tests.",
    mk.INFLAMMATION: "Raised inflammation markers are non-specific; they are interpreted with symptoms and usually "
                     "repeated after any infection has settled.",
    mk.ELECTROLYTES: "Salt (electrolyte) changes are often caused by medicines or fluid balance; marked changes "
                     "need prompt attention.",
    mk.HEART: "Raised heart markers need a prompt medical assessment; do not wait for a routine appointment.",
    mk.CLOTTING: "Clotting results outside the range matter before surgery or dental work and if you take blood "
                 "thinners; tell your doctor.",
    mk.HORMONES: "Hormone levels depend on time of day, cycle and age; abnormal results are usually repeated.",
}
_NUTRITION = {
    mk.BLOOD: "Eat regular iron, B12 and folate sources (meat, fish, eggs, dairy, legumes, leafy greens).",
    mk.IRON: "For iron: red meat, poultry, fish, lentils, beans, tofu and fortified cereals; pair plant iron with "
             "vitamin C (citrus, peppers) and keep tea and coffee away from iron-rich meals.",
    mk.VITAMINS: "Vitamin D comes mainly from sunlight, oily fish, eggs and fortified foods (a supplement is often "
                 "needed); B12 from animal foods or fortified foods; folate from leafy greens and legumes.",
    mk.DIABETES: "Limit sugary drinks, sweets and refined starches; choose whole grains, legumes, vegetables and "
                 "protein at each meal, and watch portion sizes.",
    mk.LIPIDS: "Cut saturated fat (fatty meat, butter, pastries) and trans fats; add soluble fibre (oats, beans), "
               "nuts, olive oil and oily fish twice a week; for high triglycerides also cut sugar and alcohol.",
    mk.LIVER: "Limit alcohol, sugary drinks and ultra-processed food; gradual weight loss helps a fatty liver.",
    mk.KIDNEY: "Stay well hydrated and keep salt moderate; avoid very high-protein diets and creatine supplements "
               "until the kidney results are clarified.",
    mk.THYROID: "Eat enough iodine (dairy, fish, iodised salt) but do not take iodine or kelp supplements without "
                "advice.",
    mk.INFLAMMATION: "A Mediterranean-style diet (vegetables, fruit, whole grains, olive oil, fish) supports lower "
                     "inflammation.",
    mk.ELECTROLYTES: "Do not change salt or potassium intake sharply on your own; follow your doctor's advice.",
    mk.HEART: "A heart-healthy diet low in salt and saturated fat supports the heart.",
}
_EXERCISE = {
    mk.BLOOD: "With anaemia, build activity up gradually and avoid intense training until haemoglobin improves; "
              "stop if you feel dizzy or breathless.",
    mk.IRON: "Low iron reduces endurance; keep training easy until iron stores are restored.",
    mk.DIABETES: "Aim for at least 150 minutes a week of moderate activity plus two strength sessions; a short "
                 "walk after meals lowers blood sugar.",
    mk.LIPIDS: "Regular aerobic exercise (150 minutes a week) raises HDL and lowers triglycerides.",
    mk.LIVER: "Regular exercise reduces liver fat; note that hard training in the 2-3 days before a test can raise "
              "AST and ALT.",
    mk.KIDNEY: "Avoid very hard training and dehydration before a repeat kidney test: both raise creatinine.",
    mk.VITAMINS: "Outdoor activity adds sunlight for vitamin D; weight-bearing exercise protects bones.",
    mk.THYROID: "With an overactive thyroid avoid intense exercise until it is treated; with an underactive one, "
                "regular moderate activity helps energy.",
    mk.INFLAMMATION: "Rest during an infection; resume training gradually once inflammation settles.",
    mk.ELECTROLYTES: "Avoid strenuous exercise until salt (electrolyte) levels are corrected, especially potassium.",
    mk.HEART: "Do not start or intensify training until a doctor has reviewed the heart results.",
    mk.CLOTTING: "Avoid contact sports while clotting is slower than normal.",
    mk.HORMONES: "Strength training, sleep and a healthy weight support healthy hormone levels.",
}


def specialist_views(bs: list[dict], focus: QueryFocus) -> dict[str, str]:
    abnormal = [b for b in bs if _direction(b["flag"])]
    critical = [b for b in abnormal if b["flag"].startswith("critical")]
    panels = list(dict.fromkeys(
        [p for p in focus.panels if any(b["panel"] == p for b in abnormal)]
        + [mk.panel_of(k) for k in focus.keys if any(b["canonical"] == k for b in abnormal)]
        + [b["panel"] for b in abnormal]))
    phys: list[str] = []
    if critical:
        phys.append("Critical values: " + ", ".join(f"{b['name']} {_value_text(b)}" for b in critical)
                    + ". Contact a doctor today.")
    if not abnormal:
        phys.append("All results with a range are within it. Keep up routine check-ups.")
    for p in panels:
        names = ", ".join(b["name"] for b in abnormal if b["panel"] == p)
        phys.append(f"{_PANEL_TITLES.get(p, p)} ({names}): {_PHYSICIAN.get(p, 'discuss these results with your doctor.')}")
    nut = [_NUTRITION[p] for p in panels if p in _NUTRITION]
    if not nut:
        nut = ["Nothing in these results calls for a specific diet change; a varied diet with plenty of vegetables, "
               "fruit, whole grains and protein keeps it that way."]
    ex = [_EXERCISE[p] for p in panels if p in _EXERCISE]
    if not ex:
        ex = ["No result limits exercise. Aim for at least 150 minutes a week of moderate activity and two strength "
              "sessions (WHO guidance)."]
    else:
        ex.append("Avoid hard training for 2-3 days before a repeat blood test, as it can change muscle, liver and "
                  "kidney results.")
    return {"physician": " ".join(phys), "nutritionist": " ".join(nut), "exercise": " ".join(dict.fromkeys(ex))}


# --------------------------------------------------------------------------- the whole local analysis


def summary_text(bs: list[dict], patient: dict, focus: QueryFocus, censored: list[dict]) -> str:
    abnormal = [b for b in bs if _direction(b["flag"])]
    critical = [b for b in abnormal if b["flag"].startswith("critical")]
    judged = [b for b in bs if b["flag"] is not None]
    parts = []
    asked = [b for b in bs if b["canonical"] in focus.keys or b["panel"] in focus.panels]
    if asked:
        bits = [f"{b['name']} {_value_text(b)} ({_flag_word(b['flag'])})" for b in asked[:8]]
        parts.append("You asked about " + "; ".join(bits) + ("; and more" if len(asked) > 8 else "") + ".")
    elif not focus.empty:
        parts.append("The results you asked about are not in this report.")
    where = f" from {patient['lab']}" if patient.get("lab") else ""
    when = f" dated {patient['date']}" if patient.get("date") else ""
    parts.append(f"The report{where}{when} lists {len(bs)} numeric results"
                 + (f" (and {len(censored)} reported as below or above the measurable limit)" if censored else "")
                 + ".")
    if critical:
        parts.append("Critical: " + ", ".join(f"{b['name']} {_value_text(b)}" for b in critical)
                     + ". Contact a doctor promptly.")
    if abnormal:
        ordered = sorted(abnormal, key=lambda b: (not b["flag"].startswith("critical"),
                                                  b["canonical"] not in focus.keys))
        names = ", ".join(f"{b['name']} ({_flag_word(b['flag'])})" for b in ordered[:8])
        parts.append(f"{len(abnormal)} of the {len(judged)} results that could be judged are outside the range: "
                     f"{names}{' and more' if len(abnormal) > 8 else ''}.")
    elif judged:
        parts.append(f"All {len(judged)} results that could be judged are within the range.")
    unjudged = len(bs) - len(judged)
    if unjudged:
        parts.append(f"{unjudged} result{'s' if unjudged != 1 else ''} had no range to judge by.")
    return " ".join(parts)


def _flag_word(flag: str | None) -> str:
    return {"low": "low", "high": "high", "critical_low": "critically low", "critical_high": "critically high",
            "normal": "within range", None: "no range"}[flag]


def compose_markdown(summary: str, findings: list[dict], views: dict[str, str], notes: list[str]) -> str:
    lines = ["## Summary", "", summary, ""]
    if findings:
        lines += ["## Findings by panel", ""]
        for f in findings:
            lines += [f"### {f['title']}", "", f["explanation"], ""]
    else:
        lines += ["## Findings by panel", "", "No result is outside its range.", ""]
    lines += ["## Specialist views", "", "### Physician", "", views["physician"], "",
              "### Nutritionist", "", views["nutritionist"], "", "### Exercise physiologist", "", views["exercise"], ""]
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(lines).strip() + "\n"


def order_for_query(bs: list[dict], focus: QueryFocus) -> list[dict]:
    if focus.empty:
        return bs
    def rank(b: dict) -> int:
        if b["canonical"] in focus.keys:
            return focus.keys.index(b["canonical"])
        if b["panel"] in focus.panels:
            return 100 + focus.panels.index(b["panel"])
        return 1000
    return sorted(bs, key=rank)  # stable: report order within each rank


def interpret(report: ParsedReport, query: str) -> dict:
    patient = {"name": report.patient.name, "age": report.patient.age, "sex": report.patient.sex,
               "date": report.patient.date, "lab": report.patient.lab}
    focus = query_focus(query)
    bs = [final_biomarker(pm, report.patient.sex) for pm in report.biomarkers]
    bs = order_for_query(bs, focus)
    abnormal = [dict(b, explanation=explain(b)) for b in bs if _direction(b["flag"])]
    findings = findings_by_panel(bs, focus)
    views = specialist_views(bs, focus)
    censored = [{"name": c.name, "canonical": c.canonical, "result": c.result, "unit": c.unit,
                 "ref_text": c.ref_text} for c in report.censored]
    notes: list[str] = []
    defaults = [b for b in bs if b["range_source"] == "default"]
    if defaults:
        notes.append(f"{len(defaults)} result{'s' if len(defaults) != 1 else ''} had no range printed on the "
                     "report; a typical adult range was used instead (marked range_source 'default').")
    unknown = [b for b in bs if b["canonical"] is None]
    if unknown:
        notes.append(f"{len(unknown)} test name{'s' if len(unknown) != 1 else ''} not in our catalogue "
                     "are shown as printed and judged only by the report's own range.")
    if censored:
        notes.append("Results printed as below or above a limit (for example '<0.5') are listed under "
                     "'other_results' and not judged.")
    if report.patient.sex is None and any(marker(b["canonical"]) and len(marker(b["canonical"]).ranges) > 1
                                          for b in defaults):
        notes.append("The report does not state sex, so sex-specific default ranges were combined.")
    summary = summary_text(bs, patient, focus, censored)
    return {
        "biomarkers": bs, "abnormal": abnormal, "findings": findings, "specialist_views": views,
        "patient": patient, "notes": notes, "other_results": censored, "summary": summary,
        "focus": {"markers": focus.keys, "panels": focus.panels},
        "analysis": compose_markdown(summary, findings, views, notes),
    }
