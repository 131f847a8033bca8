"""Numbers, ranges, units, flags and single result lines, in the formats real reports use."""

from __future__ import annotations

import pytest

from shared.analysis.markers import BY_KEY, canonical
from shared.analysis.parser import parse_line
from shared.analysis.units import convert, is_unit_token
from shared.analysis.values import judge, parse_number, parse_range, resolve_flag


@pytest.mark.parametrize("text,dc,expected", [
    ("5,400", False, 5400.0), ("150,000", False, 150000.0), ("1,234.5", False, 1234.5), ("6,73", True, 6.73),
    ("0,026", False, 0.026), ("327,01", False, 327.01), ("1,500", True, 1.5), ("1.234,5", False, 1234.5),
    ("12.8", False, 12.8), ("12", False, 12.0), (".5", False, 0.5), ("04.10.2022", False, None), ("abc", False, None),
    ("1,2,3", False, None), ("1,000,000", False, 1_000_000.0), ("1,50,000", False, 150_000.0),
    ("12,34,567", False, 1_234_567.0),
])
def test_parse_number(text: str, dc: bool, expected: float | None) -> None:
    assert parse_number(text, dc) == expected


@pytest.mark.parametrize("text,low,high,strict", [
    ("13.0 - 17.0", 13.0, 17.0, (False, False)), ("13.0-17.0", 13.0, 17.0, (False, False)),
    ("<200", None, 200.0, (False, True)), ("< 200", None, 200.0, (False, True)), ("> 40", 40.0, None, (True, False)),
    (">=40", 40.0, None, (False, False)), ("≤ 5", None, 5.0, (False, False)), ("Up to 5.0", None, 5.0, (False, False)),
    ("upto 5", None, 5.0, (False, False)), ("Less than 5", None, 5.0, (False, True)),
    ("4,00 - 9,50", 4.0, 9.5, (False, False)), ("150,000 - 400,000", 150000.0, 400000.0, (False, False)),
    ("0,058 - 0,234", 0.058, 0.234, (False, False)), ("(4.5 - 11.0)", 4.5, 11.0, (False, False)),
    ("4.5 to 11", 4.5, 11.0, (False, False)), ("fino a 5", None, 5.0, (False, False)),
    ("hasta 200", None, 200.0, (False, False)),
])
def test_parse_range(text: str, low, high, strict) -> None:
    rng = parse_range(text, decimal_comma=text.startswith("4,00"))
    assert rng is not None
    assert (rng.low, rng.high) == (low, high)
    assert (rng.low_strict, rng.high_strict) == strict


def test_reversed_or_garbage_range_is_rejected() -> None:
    assert parse_range("17 - 13") is None
    assert parse_range("Normal") is None


def test_judge_inclusive_and_strict_bounds() -> None:
    assert judge(13.0, parse_range("13.0 - 17.0")) == "normal"
    assert judge(17.0, parse_range("13.0 - 17.0")) == "normal"
    assert judge(12.9, parse_range("13.0 - 17.0")) == "low"
    assert judge(200, parse_range("Up to 200")) == "normal"
    assert judge(1.0, parse_range("<1.00")) is None  # equal to a strict bound: ambiguous
    assert judge(40, parse_range("> 40")) is None
    assert judge(41, parse_range("> 40")) == "normal"
    assert judge(5, None) is None


def test_report_flag_comes_first() -> None:
    rng = parse_range("4.0 - 10.0")
    assert resolve_flag(["high"], 5.0, rng) == "high"  # the lab's own mark wins
    assert resolve_flag(["abnormal"], 11.0, rng) == "high"  # '*' / '¬' take the direction from the range
    assert resolve_flag(["abnormal"], 3.0, rng) == "low"
    assert resolve_flag(["normal"], 11.0, None) == "normal"
    assert resolve_flag([], 11.0, rng) == "high"


@pytest.mark.parametrize("unit", ["g/dL", "G/DL", "mg/dL", "mmol/L", "UMOL/L", "x10^3/μl", "X10^9/L", "x10⁹/L",
                                  "10^3/µL", "/cumm", "/cu mm", "lakhs/cumm", "million/uL", "cells/mcL", "K/uL",
                                  "mL/min/1.73m2", "ug/mL FEU", "mEq/L", "uIU/mL", "MU/L", "%", "fL", "pg", "mm/hr",
                                  "seconds", "ratio", "MMOL/MOL", "U/L", "IU/L", "ng/dL", "pmol/L", "mm/1st hr"])
def test_units_recognised(unit: str) -> None:
    assert is_unit_token(unit)


@pytest.mark.parametrize("word", ["M", "L", "H", "Y", "years", "Male", "of", "04/04/25", "minutes/week", "IU", "A",
                                  "Normal", "mg", "/"])
def test_not_units(word: str) -> None:
    assert not is_unit_token(word)


@pytest.mark.parametrize("key,value,unit,expected", [
    ("hemoglobin", 135, "g/L", 13.5), ("hemoglobin", 8.4, "mmol/L", 13.54), ("glucose", 5.5, "mmol/L", 99.1),
    ("total_cholesterol", 5.2, "mmol/L", 201.1), ("triglycerides", 1.7, "mmol/L", 150.6),
    ("creatinine", 88.4, "umol/L", 1.0), ("platelets", 250000, "/cumm", 250.0), ("platelets", 2.5, "lakhs/cumm", 250.0),
    ("wbc", 7200, "/uL", 7.2), ("wbc", 7.2, "x10^9/L", 7.2), ("wbc", 7.2, "K/uL", 7.2), ("rbc", 4.5, "x10^12/L", 4.5),
    ("vitamin_d", 75, "nmol/L", 30.0), ("vitamin_b12", 300, "pmol/L", 406.6), ("free_t4", 15.4, "pmol/L", 1.196),
    ("calcium", 2.5, "mmol/L", 10.0), ("bun", 5.0, "mmol/L", 14.0), ("urea", 5.0, "mmol/L", 30.0),
    ("hba1c", 48, "mmol/mol", 6.54), ("sodium", 140, "mEq/L", 140.0), ("testosterone", 5.6, "ng/mL", 560.0),
    ("apob", 0.78, "g/L", 78.0), ("tsh", 2.0, "uIU/mL", 2.0), ("insulin", 3.7, "MU/L", 3.7),
])
def test_unit_conversion_to_catalogue_unit(key: str, value: float, unit: str, expected: float) -> None:
    assert BY_KEY[key].to_unit(value, unit) == pytest.approx(expected, rel=2e-3)


@pytest.mark.parametrize("value,unit,to,expected", [
    (40.0, "mmHg", "kPa", 5.333), (5.3, "kPa", "mm Hg", 39.75), (760.0, "torr", "mmHg", 760.0), (1.0, "kPa", "torr", 7.5006),
])
def test_partial_pressures_convert_between_mmhg_and_kpa(value: float, unit: str, to: str, expected: float) -> None:
    assert convert(value, unit, to) == pytest.approx(expected, rel=1e-3)
    assert convert(value, unit, "mmol/L") is None


def test_unconvertible_unit() -> None:
    assert BY_KEY["glucose"].to_unit(5.0, "furlongs") is None
    assert convert(1.0, "mg/dL", "mmol/L") is None  # mass -> molar needs a molar mass


@pytest.mark.parametrize("name,key", [
    ("Hb", "hemoglobin"), ("Haemoglobin", "hemoglobin"), ("HEMOGLOBIN", "hemoglobin"), ("Emoglobina", "hemoglobin"),
    ("TLC", "wbc"), ("Total Leucocyte Count", "wbc"), ("WBC Count", "wbc"), ("SGPT", "alt"), ("SGPT / ALT", "alt"),
    ("ALT (SGPT)", "alt"), ("Fasting Blood Sugar", "glucose"), ("HBA1C (HPLC)", "hba1c"), ("PCV/Hematocrit", "hematocrit"),
    ("NON-HDL CHOLESTEROL", "non_hdl"), ("HDL Cholesterol", "hdl"), ("Total Cholesterol/HDL Ratio", "chol_hdl_ratio"),
    ("CORRECTED CALCIUM", "corrected_calcium"), ("Calcium (Total)", "calcium"), ("25-OH VITAMIN D", "vitamin_d"),
    ("Vitamin D 25-OH Total", "vitamin_d"), ("hs-CRP", "hs_crp"), ("CRP", "crp"), ("TSH Sensitive", "tsh"),
    ("Free T4 (FT4)", "free_t4"), ("Sodium (Na⁺)", "sodium"), ("Glucosa", "glucose"), ("Colesterol total", "total_cholesterol"),
    ("Triglicéridos", "triglycerides"), ("Plaquetas", "platelets"), ("LP(a)", "lpa"), ("BUN/Creatinine Ratio", "bun_creatinine_ratio"),
])
def test_canonical_names(name: str, key: str) -> None:
    assert canonical(name) == key


def test_canonical_differential_by_unit() -> None:
    assert canonical("NEUTROPHIL", "%") == "neutrophils_pct"
    assert canonical("NEUTROPHIL", "X10^9/L") == "neutrophils_abs"
    assert canonical("NEUTROFILI #", "x10^3/μl") == "neutrophils_abs"
    assert canonical("Absolute Lymphocyte Count", "cells/uL") == "lymphocytes_abs"


@pytest.mark.parametrize("name", ["Age", "Page", "DELHI", "Albumin ratio", "Report Date", "LOW RISK"])
def test_not_markers(name: str) -> None:
    assert canonical(name) is None


@pytest.mark.parametrize("line,name,value,unit,low,high,flags", [
    ("Hemoglobin 13.5 g/dL 13.0 - 17.0", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, []),
    ("Hemoglobin 13.5 g/dL 13.0-17.0", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, []),
    ("Total Cholesterol 245 mg/dL Up to 200", "Total Cholesterol", 245.0, "mg/dL", None, 200.0, []),
    ("HDL Cholesterol 48 > 40 mg/dl", "HDL Cholesterol", 48.0, "mg/dl", 40.0, None, []),
    ("LDL <100 pattern: LDL Cholesterol 86 MG/DL <100", "LDL <100 pattern: LDL Cholesterol", None, None, None, None, None),
    ("WBC Count 9,800 /uL 4,000 - 11,000", "WBC Count", 9800.0, "/uL", 4000.0, 11000.0, []),
    ("TLC 5,400 /cumm 4000 - 11000", "TLC", 5400.0, "/cumm", 4000.0, 11000.0, []),
    ("Platelet Count 2.5 lakhs/cumm 1.5 - 4.5", "Platelet Count", 2.5, "lakhs/cumm", 1.5, 4.5, []),
    ("LYMPHOCYTE 1.4 L X10^9/L 1.5-4.5", "LYMPHOCYTE", 1.4, "X10^9/L", 1.5, 4.5, ["low"]),
    ("SERUM IRON 32.5 H UMOL/L 11.6-31.3", "SERUM IRON", 32.5, "UMOL/L", 11.6, 31.3, ["high"]),
    ("Triglycerides 180 * 35 - 160 mg/dl", "Triglycerides", 180.0, "mg/dl", 35.0, 160.0, ["abnormal"]),
    ("Serum Iron (SI) 115.6 59 - 158 ug/dL", "Serum Iron (SI)", 115.6, "ug/dL", 59.0, 158.0, []),
    ("HbA1c: 5.4% (Normal)", "HbA1c", 5.4, "%", None, None, ["normal"]),
    ("Neutrophils 83%", "Neutrophils", 83.0, "%", None, None, []),
    ("D-Dimer 0.85 ug/mL FEU < 0.50", "D-Dimer", 0.85, "ug/mL FEU", None, 0.5, []),
    ("Hemoglobin 10.2 g/dL 12.0 - 17.5 LOW", "Hemoglobin", 10.2, "g/dL", 12.0, 17.5, ["low"]),
    ("Potassium 6.8 H mmol/L 3.5 - 5.1", "Potassium", 6.8, "mmol/L", 3.5, 5.1, ["high"]),
    ("Hemoglobin (g/dL) 13.5 12 - 16", "Hemoglobin", 13.5, "g/dL", 12.0, 16.0, []),
    ("Vitamin B 12 350 pg/mL 200 - 900", "Vitamin B 12", 350.0, "pg/mL", 200.0, 900.0, []),
    ("Hemoglobina 14,2 g/dL 12,0 - 16,0", "Hemoglobina", 14.2, "g/dL", 12.0, 16.0, []),
    ("WBC 7.2 x 10^3/uL 4.0 - 11.0", "WBC", 7.2, "x 10^3/uL", 4.0, 11.0, []),
    ("Hemoglobin 13.5 g/dL 13.0 17.0", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, []),
    ("TOTAL CHOLESTEROL PHOTOMETRY 180 mg/dL < 200", "TOTAL CHOLESTEROL", 180.0, "mg/dL", None, 200.0, []),
    ("Hemoglobin H 18.5 g/dL 13-17", "Hemoglobin", 18.5, "g/dL", 13.0, 17.0, ["high"]),
    ("WBC 01 6.2 5.8 01/03/2019 x10E3/uL 3.4-10.8", "WBC", 6.2, "x10E3/uL", 3.4, 10.8, []),
    ("Total Cholesterol 180 mg/dL Desirable: < 200 Borderline: 200-239 High: >= 240", "Total Cholesterol", 180.0,
     "mg/dL", None, 200.0, []),
    ("1 Hemoglobin 13.5 g/dL 13-17", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, []),
    ("2) Glucose 95 mg/dL 70-110", "Glucose", 95.0, "mg/dL", 70.0, 110.0, []),
    ("CA 125 12.5 U/mL <35", "CA 125", 12.5, "U/mL", None, 35.0, []),
    ("Haemoglobin (Hb) 13.5 gm/dL 13.0-17.0", "Haemoglobin (Hb)", 13.5, "gm/dL", 13.0, 17.0, []),
    ("Hb 12.1 gm% 12-16", "Hb", 12.1, "gm%", 12.0, 16.0, []),
    ("Hemoglobin 12345678 13.5 g/dL 13-17", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, []),
    ("Hemoglobin 13.5 g/dL 13.0-17.0 (M)", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, []),
    ("Platelets 250 10*9/L 150-400", "Platelets", 250.0, "10*9/L", 150.0, 400.0, []),
    ("Hemoglobin 13.5 g/dL 13-17 Electrical Impedance", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, []),
    ("Glucose 65 Low mg/dL 70-99", "Glucose", 65.0, "mg/dL", 70.0, 99.0, ["low"]),
    ("GLUCOSE 105 H 65-99 mg/dL", "GLUCOSE", 105.0, "mg/dL", 65.0, 99.0, ["high"]),
    ("Hemoglobin : 13.5 g/dL (13.0 - 17.0)", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, []),
    ("HAEMOGLOBIN........ 13.5 g/dL 13.0-17.0", "HAEMOGLOBIN", 13.5, "g/dL", 13.0, 17.0, []),
    ("Glucosa 95 mg/dL bis 100", "Glucosa", 95.0, "mg/dL", None, 100.0, []),
    ("Hemoglobin 13.5H g/dL 13-17", "Hemoglobin", 13.5, "g/dL", 13.0, 17.0, ["high"]),
    # LabCorp / Quest styles: lab-code column, flag words, range before unit, '> OR =', '(calc)'
    ("WBC: 7.5 x10E3/uL (Ref: 4.0-11.0)", "WBC", 7.5, "x10E3/uL", 4.0, 11.0, []),
    ("Hemoglobin A1c 01 5.9 High % 4.8-5.6", "Hemoglobin A1c", 5.9, "%", 4.8, 5.6, ["high"]),
    ("Platelets 210 th/uL 150-400", "Platelets", 210.0, "th/uL", 150.0, 400.0, []),
    ("eGFR 01 95 mL/min/1.73 >59", "eGFR", 95.0, "mL/min/1.73", 59.0, None, []),
    ("Lymphs 01 32 % Not Estab.", "Lymphs", 32.0, "%", None, None, []),
    ("HDL CHOLESTEROL 45 > OR = 40 mg/dL", "HDL CHOLESTEROL", 45.0, "mg/dL", 40.0, None, []),
    ("NON HDL CHOLESTEROL 165 H <130 mg/dL (calc)", "NON HDL CHOLESTEROL", 165.0, "mg/dL", None, 130.0, ["high"]),
    ("CHOL/HDLC RATIO 4.7 <5.0 (calc)", "CHOL/HDLC RATIO", 4.7, None, None, 5.0, []),
    ("Glucose 101 H 65-99 mg/dL See Note", "Glucose", 101.0, "mg/dL", 65.0, 99.0, ["high"]),
    ("Platelet Count 1,50,000 /cumm 1,50,000 - 4,50,000", "Platelet Count", 150000.0, "/cumm", 150000.0, 450000.0, []),
    ("Total Leucocyte Count (WBC) 14500 4000 - 10000 /cumm", "Total Leucocyte Count (WBC)", 14500.0, "/cumm", 4000.0,
     10000.0, []),
    ("EOSINOPHIL 3 % 01-06", "EOSINOPHIL", 3.0, "%", 1.0, 6.0, []),
])
def test_result_lines(line, name, value, unit, low, high, flags) -> None:
    lp = parse_line(line, decimal_comma="14,2" in line)
    if value is None:
        assert lp.kind != "result"
        return
    assert lp.kind == "result", lp
    assert (lp.name, lp.value, lp.unit) == (name, value, unit)
    assert (lp.rng.low if lp.rng else None, lp.rng.high if lp.rng else None) == (low, high)
    assert lp.flags == flags


def test_sex_specific_ranges_pick_the_patients() -> None:
    from shared.analysis.parser import parse_texts

    text = "Patient Name: Ann Lee  Sex: Female\nTest Result Unit Range\nHemoglobin 12.5 g/dL M: 13.0-17.0 F: 12.0-15.5"
    b = parse_texts([text]).biomarkers[0]
    assert (b.ref_low, b.ref_high, b.flag) == (12.0, 15.5, "normal")
    b = parse_texts([text.replace("Female", "Male")]).biomarkers[0]
    assert (b.ref_low, b.ref_high, b.flag) == (13.0, 17.0, "low")


def test_censored_value() -> None:
    lp = parse_line("hs-C REACTIVE PROTEIN <0.5 MG/L", False)
    assert lp.kind == "censored" and lp.result == "<0.5" and lp.unit == "MG/L"


@pytest.mark.parametrize("line", [
    "Age/Gender: 58 years / Male Report ID: BLR-2024-4521",
    "Page 1/4 | Report ID: RPT-2026-00847",
    "*Z6152301* Page 1 of 6",
    "2. Vitamin B12 deficiency detected (180 pg/mL). Supplementation recommended.",
    "- Vitamin D3: 60,000 IU weekly for 8 weeks, then maintenance dose of 1000 IU daily",
    "- Iron supplementation: Ferrous sulfate 325mg daily with Vitamin C for enhanced absorption",
    "Jl Cargo Permai No 18 A Denpasar utara",
    "Telp. (62)-813 5306 6678",
    "G2 Mildly decreased* 60-89",
    "HbA1c % 4.00 - 5.60",
    "IF hs-CRP LEVEL IS >10 MG/L, THE TEST SHOULD BE REPEATED AND",
    "LUTEAL PHASE +2 90-200",
    "OMEGA 3 INDEX -",
    "Subtotal 158.90",
    "Your Hemoglobin is 13.2 g/dL which is fine",
])
def test_non_result_lines(line: str) -> None:
    assert parse_line(line, False).kind not in ("result", "value")


def test_giga_and_tera_per_litre_are_cell_counts_and_grams_stay_grams() -> None:
    """'G/L' (French, German counts) is 10^9/L and 'T/l' 10^12/L; lower-case 'g/L' is grams per litre."""
    assert convert(5.1, "G/L", "10^9/L") == 5.1
    assert convert(4.34, "T/l", "10^6/uL") == 4.34
    assert convert(5.1, "g/L", "g/dL") == 0.51
    assert is_unit_token("T/l") and is_unit_token("G/L")


def test_seconds_are_a_unit_only_right_after_a_value() -> None:
    row = parse_line("PT: 11.5 s (Ref: 11.0 - 13.5 s)")
    assert (row.value, row.unit, row.rng.low, row.rng.high) == (11.5, "s", 11.0, 13.5)
    assert not is_unit_token("s")  # alone, in a name or a sentence, 's' is no unit


@pytest.mark.parametrize(("word", "plain"), [("1.36E+01", "13.6"), ("4,50E-02", "0,0450"), ("1.71E+05", "171000"),
                                             ("5.70E+00", "5.70"), ("1.234E+03", "1234"), ("3,39E+02", "339"),
                                             ("1E5", None), ("718-7", None), ("2.5E", None)])
def test_a_spreadsheets_scientific_format_is_written_out(word: str, plain: str | None) -> None:
    from shared.analysis.tokens import plain_scientific

    assert plain_scientific(word) == plain


@pytest.mark.parametrize(("line", "comma", "value"), [
    ("Hemoglobin  1.36E+01  g/dL  13.5 - 17.5", False, 13.6),
    ("Hämoglobin  1,21E+01  g/dl  12,0 - 15,5", True, 12.1),
    ("Eosinophils #  1.00E-02  x10^3/uL  0.02 - 0.50", False, 0.01),
    ("Platelets  1.71E+05  /uL  150000 - 400000", False, 171000.0),
])
def test_a_value_in_scientific_format_is_read(line: str, comma: bool, value: float) -> None:
    """A spreadsheet printed to PDF with its result column formatted 'Scientific' ('1.36E+01')."""
    row = parse_line(line, comma)
    assert row.kind == "result" and row.value == value


@pytest.mark.parametrize(("line", "flag"), [
    ("Hemácias  6,01  x10^6/uL  4,20 - 5,40  Fora da faixa", "high"),
    ("Glóbulos brancos  5,15  mil/mm³  4,50 - 11,00  Dentro da faixa", "normal"),
    ("Globules rouges  3,81  T/l  4,20 - 5,40  Hors normes", "low"),
    ("Hémoglobine  13,6  g/dl  12,1 - 15,1  Dans les normes", "normal"),
    ("Erythrozyten  6,01  /pl  4,20 - 5,40  Außerhalb", "high"),
])
def test_a_status_columns_in_range_and_out_of_range_words_are_flags(line: str, flag: str) -> None:
    """lexicon.IN_RANGE_TITLES / OUT_OF_RANGE_TITLES as a status column's values, phrases of three words too."""
    from shared.analysis.rows import pick_range
    from shared.analysis.values import resolve_flag

    row = parse_line(line, True)
    assert row.kind == "result" and row.printed_flag is not None
    assert resolve_flag([f.value for f in row.flags], row.value, pick_range(row, None)) == flag


def test_a_catalogue_name_keeps_its_own_small_words() -> None:
    """'Coefficient de saturation de la transferrine' holds 'la', a word of sentences: a catalogue name all the same
    (a sentence with the same words and no catalogue name stays none)."""
    row = parse_line("Coefficient de saturation de la transferrine  41  %  20 - 50")
    assert row.kind == "result" and row.value == 41.0
    assert parse_line("Voir la note de la transferrine  41  %  20 - 50").kind != "result"
