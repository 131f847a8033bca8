"""The clinical content: ~70 common blood markers with units, conversions and typical adult intervals.

Each marker has its unit options in conventional (US) and SI units. An option carries the unit kind
(spellings: units.py), the printed decimals of a result, the reference interval as laboratories
print it, and the conversion from the marker's first conventional option (`value = base * factor +
offset`). Interval syntax: "a-b" two-sided, "<b" upper only, ">a" lower only, "M:…|F:…" per sex.

Sources (typical adult intervals; laboratories differ slightly, which is the point of printing them):
- MedlinePlus (U.S. National Library of Medicine) lab-test pages: CBC, blood differential, BMP/CMP,
  liver panel, lipid panel, iron tests, thyroid tests, vitamin B12/folate, ESR, CRP, PT/INR, PTT,
  fibrinogen, CK, LDH, amylase, lipase, PSA, testosterone, cortisol, prolactin, insulin.
- SI conversion factors: AMA Manual of Style, SI conversion table (e.g. glucose mg/dL x 0.0555 =
  mmol/L, creatinine mg/dL x 88.4 = µmol/L, cholesterol x 0.02586, triglycerides x 0.01129).
- HbA1c NGSP % to IFCC mmol/mol: IFCC = 10.929 x (NGSP - 2.15) (NGSP/IFCC master equation).
- Risk bands: NCEP ATP III (lipids), ADA Standards of Care (glucose, HbA1c).
- Critical limits: the approximate panic values hospital laboratories publish for call-back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PANELS = ["cbc", "diff", "diabetes", "lipids", "kidney", "electrolytes", "liver", "iron", "vitamins", "thyroid",
          "inflammation", "coagulation", "enzymes", "hormones", "tumour"]


@dataclass(frozen=True)
class Interval:
    """One printed interval: low/high as printed strings (None when one-sided)."""

    low: str | None
    high: str | None

    @property
    def kind(self) -> str:
        return "two" if self.low and self.high else ("upper" if self.high else "lower")


@dataclass(frozen=True)
class RefSpec:
    male: Interval
    female: Interval

    @property
    def by_sex(self) -> bool:
        return self.male != self.female

    def for_sex(self, sex: str) -> Interval:
        return self.male if sex == "M" else self.female


_ONE = re.compile(r"^\s*(?:(?P<lo>-?\d+(?:\.\d+)?)\s*-\s*(?P<hi>-?\d+(?:\.\d+)?)|<\s*(?P<lt>\d+(?:\.\d+)?)"
                  r"|>\s*(?P<gt>\d+(?:\.\d+)?))\s*$")


def _interval(text: str) -> Interval:
    m = _ONE.match(text)
    if not m:
        raise ValueError(f"bad interval {text!r}")
    if m["lt"]:
        return Interval(None, m["lt"])
    if m["gt"]:
        return Interval(m["gt"], None)
    return Interval(m["lo"], m["hi"])


def parse_ref(text: str) -> RefSpec:
    if "|" in text:
        parts = dict(p.split(":", 1) for p in text.split("|"))
        return RefSpec(_interval(parts["M"]), _interval(parts["F"]))
    one = _interval(text)
    return RefSpec(one, one)


@dataclass(frozen=True)
class UnitOption:
    kind: str            # a key of units.SPELLINGS, or "" for a unitless result (INR, ratios)
    decimals: int        # printed decimals of a result; negative = rounded to tens/hundreds/thousands
    ref: RefSpec
    factor: float = 1.0  # value = base * factor + offset, base = the first conventional option
    offset: float = 0.0
    weight: float = 1.0  # how often laboratories use this option

    def convert(self, base: float) -> float:
        return base * self.factor + self.offset


def U(kind: str, decimals: int, ref: str, factor: float = 1.0, offset: float = 0.0, weight: float = 1.0) -> UnitOption:
    return UnitOption(kind, decimals, parse_ref(ref), factor, offset, weight)


@dataclass(frozen=True)
class Marker:
    key: str
    panel: str
    abbr: str
    loinc: str
    conv: list[UnitOption]
    si: list[UnitOption]
    bounds: tuple[float, float]              # physiologically plausible range, first conventional option
    critical: tuple[float | None, float | None] = (None, None)  # panic limits, same unit
    risk: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # units -> [(band word key, text)]
    sex_only: str | None = None              # "M": printed for men only (PSA)

    def options(self, units: str) -> list[UnitOption]:
        return self.conv if units == "conv" else self.si


def M(key, panel, abbr, loinc, conv, si, bounds, critical=(None, None), risk=None, sex_only=None) -> Marker:
    return Marker(key, panel, abbr, loinc, conv, si, bounds, critical, risk or {}, sex_only)


_CELLS = ("neut", "lymph", "mono", "eos", "baso")
_DIFF = {  # percentage interval, absolute interval (10^3/uL = 10^9/L), LOINC %, LOINC abs
    "neut": ("40.0-75.0", "1.80-7.70", "770-8", "751-8"),
    "lymph": ("20.0-45.0", "1.00-4.80", "736-9", "731-0"),
    "mono": ("2.0-10.0", "0.20-1.00", "5905-5", "742-7"),
    "eos": ("1.0-6.0", "0.02-0.50", "713-8", "711-2"),
    "baso": ("0.0-2.0", "0.00-0.20", "706-2", "704-7"),
}

MARKERS: list[Marker] = [
    # Complete blood count
    M("wbc", "cbc", "WBC", "6690-2",
      [U("10^3/uL", 2, "4.50-11.00"), U("10^3/uL", 1, "4.5-11.0"), U("/uL", -1, "4500-11000", 1000, weight=0.4)],
      [U("10^9/L", 2, "4.00-10.00"), U("10^9/L", 1, "4.5-11.0")], (0.5, 60), (2.0, 30.0)),
    M("rbc", "cbc", "RBC", "789-8", [U("10^6/uL", 2, "M:4.70-6.10|F:4.20-5.40")],
      [U("10^12/L", 2, "M:4.30-5.80|F:3.80-5.20")], (1.5, 8.0)),
    M("hemoglobin", "cbc", "HGB", "718-7", [U("g/dL", 1, "M:13.8-17.2|F:12.1-15.1")],
      [U("g/L", 0, "M:130-175|F:115-150", 10), U("g/dL", 1, "M:13.5-17.5|F:12.0-15.5", weight=0.5)],
      (4.0, 22.0), (7.0, 20.0)),
    M("hematocrit", "cbc", "HCT", "4544-3", [U("%", 1, "M:40.7-50.3|F:36.1-44.3")],
      [U("L/L", 3, "M:0.400-0.500|F:0.360-0.460", 0.01), U("%", 1, "M:40.0-50.0|F:36.0-46.0")], (15, 65)),
    M("mcv", "cbc", "MCV", "787-2", [U("fL", 1, "80.0-100.0")], [U("fL", 1, "82.0-100.0")], (55, 130)),
    M("mch", "cbc", "MCH", "785-6", [U("pg", 1, "27.0-33.0")], [U("pg", 1, "27.0-34.0")], (15, 45)),
    M("mchc", "cbc", "MCHC", "786-4", [U("g/dL", 1, "32.0-36.0")], [U("g/L", 0, "316-354", 10)], (26, 40)),
    M("rdw", "cbc", "RDW", "788-0", [U("%", 1, "11.5-14.5")], [U("%", 1, "11.6-14.0")], (9, 30)),
    M("platelets", "cbc", "PLT", "777-3", [U("10^3/uL", 0, "150-400"), U("/uL", -3, "150000-400000", 1000, weight=0.4)],
      [U("10^9/L", 0, "150-400"), U("10^9/L", 0, "150-450")], (5, 1500), (20, 1000)),
    M("mpv", "cbc", "MPV", "32623-1", [U("fL", 1, "7.5-11.5")], [U("fL", 1, "7.4-10.4")], (5, 16)),
    *[M(f"{c}_pct", "diff", c.upper() + "%", _DIFF[c][2], [U("%", 1, _DIFF[c][0])], [U("%", 1, _DIFF[c][0])], (0, 95))
      for c in _CELLS],
    *[M(f"{c}_abs", "diff", c.upper() + "#", _DIFF[c][3], [U("10^3/uL", 2, _DIFF[c][1])], [U("10^9/L", 2, _DIFF[c][1])],
        (0, 40)) for c in _CELLS],
    # Diabetes
    M("glucose", "diabetes", "GLU", "2345-7", [U("mg/dL", 0, "70-99")], [U("mmol/L", 1, "3.9-5.5", 0.0555)],
      (25, 600), (40, 400),
      risk={"conv": [("normal", "<100"), ("prediabetes", "100-125"), ("diabetes", ">=126")],
            "si": [("normal", "<5.6"), ("prediabetes", "5.6-6.9"), ("diabetes", ">=7.0")]}),
    M("hba1c", "diabetes", "HbA1c", "4548-4", [U("%", 1, "4.0-5.6")], [U("mmol/mol", 0, "20-38", 10.929, -23.5)],
      (3.5, 16), risk={"conv": [("normal", "<5.7"), ("prediabetes", "5.7-6.4"), ("diabetes", ">=6.5")],
                       "si": [("normal", "<39"), ("prediabetes", "39-46"), ("diabetes", ">=48")]}),
    M("insulin", "diabetes", "INS", "20448-7", [U("uIU/mL", 1, "2.6-24.9")], [U("pmol/L", 0, "18-173", 6.945)], (0.5, 150)),
    # Lipids
    M("total_cholesterol", "lipids", "CHOL", "2093-3", [U("mg/dL", 0, "<200")], [U("mmol/L", 2, "<5.20", 0.02586)],
      (90, 450), risk={"conv": [("desirable", "<200"), ("borderline", "200-239"), ("high", ">=240")],
                       "si": [("desirable", "<5.2"), ("borderline", "5.2-6.2"), ("high", ">=6.2")]}),
    M("triglycerides", "lipids", "TG", "2571-8", [U("mg/dL", 0, "<150")], [U("mmol/L", 2, "<1.70", 0.01129)],
      (30, 1500), risk={"conv": [("normal", "<150"), ("borderline", "150-199"), ("high", "200-499"), ("very_high", ">=500")],
                        "si": [("normal", "<1.7"), ("borderline", "1.7-2.2"), ("high", "2.3-5.6"), ("very_high", ">=5.7")]}),
    M("hdl", "lipids", "HDL-C", "2085-9", [U("mg/dL", 0, "M:>40|F:>50")], [U("mmol/L", 2, "M:>1.00|F:>1.30", 0.02586)],
      (15, 110), risk={"conv": [("low", "<40"), ("high_good", ">=60")], "si": [("low", "<1.0"), ("high_good", ">=1.55")]}),
    M("ldl", "lipids", "LDL-C", "13457-7", [U("mg/dL", 0, "<100")], [U("mmol/L", 2, "<2.60", 0.02586)],
      (30, 300), risk={"conv": [("optimal", "<100"), ("near_optimal", "100-129"), ("borderline", "130-159"),
                                ("high", "160-189"), ("very_high", ">=190")],
                       "si": [("optimal", "<2.6"), ("near_optimal", "2.6-3.3"), ("borderline", "3.4-4.1"),
                              ("high", "4.1-4.9"), ("very_high", ">=4.9")]}),
    # Kidney
    M("bun", "kidney", "BUN", "3094-0", [U("mg/dL", 0, "6-20")], [U("mmol/L", 1, "2.1-7.1", 0.357)], (2, 150)),
    M("creatinine", "kidney", "CREA", "2160-0", [U("mg/dL", 2, "M:0.74-1.35|F:0.59-1.04")],
      [U("umol/L", 0, "M:64-104|F:49-90", 88.4)], (0.3, 12), (None, 7.0)),
    M("egfr", "kidney", "eGFR", "33914-3", [U("mL/min/1.73m2", 0, ">60")], [U("mL/min/1.73m2", 0, ">90")], (5, 150)),
    M("uric_acid", "kidney", "UA", "3084-1", [U("mg/dL", 1, "M:3.4-7.0|F:2.4-6.0")],
      [U("umol/L", 0, "M:202-416|F:143-357", 59.48)], (1, 15)),
    # Electrolytes
    M("sodium", "electrolytes", "Na", "2951-2", [U("mEq/L", 0, "135-145")], [U("mmol/L", 0, "136-145")],
      (110, 170), (120, 160)),
    M("potassium", "electrolytes", "K", "2823-3", [U("mEq/L", 1, "3.5-5.1")], [U("mmol/L", 1, "3.5-5.1")],
      (2.0, 7.5), (2.8, 6.2)),
    M("chloride", "electrolytes", "Cl", "2075-0", [U("mEq/L", 0, "98-107")], [U("mmol/L", 0, "98-107")], (80, 125)),
    M("bicarbonate", "electrolytes", "CO2", "2028-9", [U("mEq/L", 0, "22-29")], [U("mmol/L", 0, "22-29")], (10, 40)),
    M("calcium", "electrolytes", "Ca", "17861-6", [U("mg/dL", 1, "8.6-10.3")], [U("mmol/L", 2, "2.15-2.55", 0.2495)],
      (5.5, 15), (6.5, 13.0)),
    M("magnesium", "electrolytes", "Mg", "19123-9", [U("mg/dL", 1, "1.7-2.2")], [U("mmol/L", 2, "0.70-1.00", 0.4114)],
      (0.8, 5)),
    M("phosphorus", "electrolytes", "P", "2777-1", [U("mg/dL", 1, "2.5-4.5")], [U("mmol/L", 2, "0.81-1.45", 0.3229)],
      (0.8, 10)),
    # Liver
    M("alt", "liver", "ALT", "1742-6", [U("U/L", 0, "7-56")], [U("U/L", 0, "M:<41|F:<33")], (3, 2000)),
    M("ast", "liver", "AST", "1920-8", [U("U/L", 0, "10-40")], [U("U/L", 0, "M:<40|F:<32")], (5, 2000)),
    M("alp", "liver", "ALP", "6768-6", [U("U/L", 0, "44-147")], [U("U/L", 0, "40-129")], (15, 1200)),
    M("ggt", "liver", "GGT", "2324-2", [U("U/L", 0, "M:8-61|F:5-36")], [U("U/L", 0, "M:10-71|F:6-42")], (3, 1500)),
    M("bilirubin_total", "liver", "TBIL", "1975-2", [U("mg/dL", 1, "0.1-1.2")], [U("umol/L", 0, "3-21", 17.1)], (0.1, 25)),
    M("bilirubin_direct", "liver", "DBIL", "1968-7", [U("mg/dL", 2, "<0.30")], [U("umol/L", 1, "<5.0", 17.1)], (0.01, 15)),
    M("total_protein", "liver", "TP", "2885-2", [U("g/dL", 1, "6.0-8.3")], [U("g/L", 0, "64-83", 10)], (3.5, 11)),
    M("albumin", "liver", "ALB", "1751-7", [U("g/dL", 1, "3.4-5.4")], [U("g/L", 0, "35-52", 10)], (1.5, 6.5)),
    # Iron studies
    M("iron", "iron", "Fe", "2498-4", [U("ug/dL", 0, "60-170")], [U("umol/L", 1, "10.7-30.4", 0.179)], (10, 400)),
    M("ferritin", "iron", "FER", "2276-4", [U("ng/mL", 0, "M:24-336|F:11-307")], [U("ug/L", 0, "M:24-336|F:11-307")],
      (2, 3000)),
    M("transferrin", "iron", "TRF", "3034-6", [U("mg/dL", 0, "200-360")], [U("g/L", 2, "2.00-3.60", 0.01)], (80, 600)),
    M("tibc", "iron", "TIBC", "2500-7", [U("ug/dL", 0, "240-450")], [U("umol/L", 0, "45-81", 0.179)], (100, 700)),
    M("transferrin_saturation", "iron", "TSAT", "2502-3", [U("%", 0, "20-50")], [U("%", 0, "20-50")], (2, 100)),
    # Vitamins
    M("vitamin_b12", "vitamins", "B12", "2132-9", [U("pg/mL", 0, "200-900")], [U("pmol/L", 0, "148-664", 0.738)],
      (50, 2000)),
    M("folate", "vitamins", "FOL", "2284-8", [U("ng/mL", 1, "2.7-17.0")], [U("nmol/L", 1, "6.1-38.5", 2.266)], (0.8, 30)),
    M("vitamin_d", "vitamins", "25-OH-D", "62292-8", [U("ng/mL", 1, "30.0-100.0")], [U("nmol/L", 0, "75-250", 2.496)],
      (3, 150)),
    # Thyroid
    M("tsh", "thyroid", "TSH", "3016-3", [U("uIU/mL", 2, "0.40-4.00")], [U("mIU/L", 2, "0.27-4.20")], (0.01, 60)),
    M("ft4", "thyroid", "FT4", "3024-7", [U("ng/dL", 2, "0.93-1.70")], [U("pmol/L", 1, "12.0-22.0", 12.87)], (0.2, 5)),
    M("ft3", "thyroid", "FT3", "3051-0", [U("pg/mL", 2, "2.30-4.20")], [U("pmol/L", 2, "3.10-6.80", 1.536)], (1, 12)),
    # Inflammation
    M("crp", "inflammation", "CRP", "1988-5", [U("mg/dL", 2, "<0.50")], [U("mg/L", 1, "<5.0", 10)], (0.05, 30)),
    M("esr", "inflammation", "ESR", "4537-7", [U("mm/h", 0, "M:0-15|F:0-20")], [U("mm/h", 0, "M:0-15|F:0-20")], (1, 130)),
    # Coagulation
    M("prothrombin_time", "coagulation", "PT", "5902-2", [U("s", 1, "11.0-13.5")], [U("s", 1, "10.4-12.6")], (8, 60)),
    M("inr", "coagulation", "INR", "6301-6", [U("", 2, "0.80-1.20")], [U("", 2, "0.80-1.20")], (0.7, 8), (None, 5.0)),
    M("aptt", "coagulation", "APTT", "14979-9", [U("s", 1, "25.0-35.0")], [U("s", 1, "25.4-36.9")], (15, 150)),
    M("fibrinogen", "coagulation", "FIB", "3255-7", [U("mg/dL", 0, "200-400")], [U("g/L", 2, "2.00-4.00", 0.01)], (50, 900)),
    # Enzymes
    M("ck", "enzymes", "CK", "2157-6", [U("U/L", 0, "M:39-308|F:26-192")], [U("U/L", 0, "M:39-308|F:26-192")], (10, 20000)),
    M("ldh", "enzymes", "LDH", "14804-9", [U("U/L", 0, "140-280")], [U("U/L", 0, "135-225")], (60, 3000)),
    M("amylase", "enzymes", "AMY", "1798-8", [U("U/L", 0, "40-140")], [U("U/L", 0, "28-100")], (10, 2000)),
    M("lipase", "enzymes", "LPS", "3040-3", [U("U/L", 0, "13-60")], [U("U/L", 0, "13-60")], (3, 3000)),
    # Hormones
    M("testosterone", "hormones", "TESTO", "2986-8", [U("ng/dL", 0, "M:300-1000|F:15-70")],
      [U("nmol/L", 2, "M:8.64-29.00|F:0.29-1.67", 0.0347)], (5, 1500)),
    M("cortisol", "hormones", "COR", "2143-6", [U("ug/dL", 1, "5.0-25.0")], [U("nmol/L", 0, "138-690", 27.59)], (0.5, 60)),
    M("prolactin", "hormones", "PRL", "2842-3", [U("ng/mL", 1, "M:2.0-18.0|F:2.0-29.0")],
      [U("ug/L", 1, "M:2.6-13.1|F:3.3-26.7")], (0.5, 200)),
    # Tumour markers
    M("psa", "tumour", "PSA", "2857-1", [U("ng/mL", 2, "<4.00")], [U("ug/L", 2, "<4.00")], (0.05, 60), sex_only="M"),
]

# Blood gas analysis (arterial samples; printed by families/blood_gas.py only, so the other families' cases stay
# as they were). Intervals: adult arterial values as in MedlinePlus 'Blood gases' (pH 7.35-7.45, pCO2 35-45 mmHg /
# 4.7-6.0 kPa, pO2 75-100 mmHg / 10.5-13.5 kPa, HCO3 22-26 mmol/L, O2 saturation 95-100 %) and the base excess of
# Merck Manual 'Normal Laboratory Values' / blood gas analyser manuals (-2 to +3 mmol/L); lactate 0.5-2.2 mmol/L
# (MedlinePlus 'Lactic acid test', 4.5-19.8 mg/dL); ionised calcium 4.48-5.28 mg/dL = 1.12-1.32 mmol/L. kPa = mmHg x
# 0.1333. A low bound below zero is printed with its sign ('-2.0 - 3.0').
GAS_MARKERS: list[Marker] = [
    M("ph", "gas", "pH", "2744-1", [U("", 2, "7.35-7.45")], [U("", 2, "7.35-7.45")], (6.9, 7.8)),
    M("pco2", "gas", "pCO2", "2019-8", [U("mmHg", 0, "35-45")], [U("kPa", 1, "4.7-6.0", 0.1333)], (15, 100)),
    M("po2", "gas", "pO2", "2703-7", [U("mmHg", 0, "80-100")], [U("kPa", 1, "10.7-13.3", 0.1333)], (35, 250)),
    M("hco3", "gas", "HCO3", "1960-4", [U("mmol/L", 1, "22.0-26.0")], [U("mmol/L", 1, "22.0-26.0")], (8, 45)),
    M("base_excess", "gas", "BE", "1925-7", [U("mmol/L", 1, "-2.0-3.0"), U("mmol/L", 1, "-3.0-3.0", weight=0.4),
                                             U("mmol/L", 1, "-3-3", weight=0.3)],
      [U("mmol/L", 1, "-2.0-3.0"), U("mmol/L", 1, "-2.5-2.5", weight=0.4), U("mmol/L", 1, "-2-2", weight=0.3)],
      (-20, 20)),
    M("so2", "gas", "sO2", "2708-6", [U("%", 1, "95.0-99.0")], [U("%", 1, "95.0-99.0")], (60, 100)),
    # at the patient's temperature (the analyser's correction from 37 °C), printed under the 37 °C values
    M("ph_t", "gas", "pH(T)", "2746-6", [U("", 2, "7.35-7.45")], [U("", 2, "7.35-7.45")], (6.9, 7.8)),
    M("pco2_t", "gas", "pCO2(T)", "2020-6", [U("mmHg", 0, "35-45")], [U("kPa", 1, "4.7-6.0", 0.1333)], (15, 100)),
    M("po2_t", "gas", "pO2(T)", "2704-5", [U("mmHg", 0, "80-100")], [U("kPa", 1, "10.7-13.3", 0.1333)], (35, 250)),
    M("lactate", "gas", "Lac", "2524-7", [U("mmol/L", 1, "0.5-2.2")], [U("mmol/L", 1, "0.5-2.2")], (0.2, 15)),
    M("ionized_calcium", "gas", "iCa", "1994-3", [U("mg/dL", 2, "4.48-5.28")], [U("mmol/L", 2, "1.12-1.32", 0.2495)],
      (3.0, 7.0)),
]

# Printed by families of their own only, beside the case's results (so the other families' cases stay as they were):
# nucleated red cells counted per 100 white cells (families/smear_counts.py; adults none, 0-0.2 /100 WBC as analysers
# report them), and serology indices and titres read negative (families/serology_index.py; one key for them all,
# values from 0 to a titre's 200).
OWN_MARKERS: list[Marker] = [
    M("nrbc", "smear", "NRBC", "58413-6", [U("/100 WBC", 1, "0.0-0.2")], [U("/100 WBC", 1, "0.0-0.2")], (0, 10)),
    M("serology", "serology", "IDX", "", [U("S/CO", 2, "0.00-1.00")], [U("S/CO", 2, "0.00-1.00")], (0, 200)),
]

BY_KEY: dict[str, Marker] = {m.key: m for m in MARKERS + GAS_MARKERS + OWN_MARKERS}
assert len(BY_KEY) == len(MARKERS) + len(GAS_MARKERS) + len(OWN_MARKERS), "duplicate marker keys"
