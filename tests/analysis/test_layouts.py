"""Whole-document parsing of layouts real reports use, on PDFs generated here (not corpus files)."""

from __future__ import annotations

import pytest

from shared.analysis import analyze_pdf, parse_pdf
from shared.analysis.parser import parse_patient, parse_texts, split_lines
from tests.analysis.pdfgen import build_pdf, one_run_page, report_pdf, text_page


def lines_pdf(*pages: list[str], x: float = 50, top: float = 790, step: float = 14) -> bytes:
    return build_pdf([text_page([(x, top - i * step, line) for i, line in enumerate(p)]) for p in pages])


def got(report) -> list[tuple]:
    return [(b.name, b.value, b.unit, b.ref_low, b.ref_high, b.flag) for b in report.biomarkers]


def test_table_with_header_several_pages_and_patient() -> None:
    rows = [["Haemoglobin", "11.2", "g/dL", "13.0 - 17.0"], ["Total Leucocyte Count", "5,400", "/cumm", "4000 - 11000"],
            ["Platelet Count", "1.8", "lakhs/cumm", "1.5 - 4.1"], ["SGPT", "62", "U/L", "< 45"],
            ["Glucose Fasting", "5.8", "mmol/L", "3.9 - 6.0"], ["Total Cholesterol", "5.9", "mmol/L", "< 5.2"]]
    pdf = report_pdf(rows, header=["Investigation", "Observed Value", "Unit", "Biological Ref. Interval"],
                     title=["Sunrise Diagnostics Laboratory", "Patient Name: Asha Verma   Age / Sex: 34 Y / F",
                            "Report Date: 03/02/2025"], rows_per_page=3)
    rep = parse_pdf(pdf)
    assert rep.pages == 2
    assert got(rep) == [
        ("Haemoglobin", 11.2, "g/dL", 13.0, 17.0, "low"),
        ("Total Leucocyte Count", 5400.0, "/cumm", 4000.0, 11000.0, "normal"),
        ("Platelet Count", 1.8, "lakhs/cumm", 1.5, 4.1, "normal"),
        ("SGPT", 62.0, "U/L", None, 45.0, "high"),
        ("Glucose Fasting", 5.8, "mmol/L", 3.9, 6.0, "normal"),
        ("Total Cholesterol", 5.9, "mmol/L", None, 5.2, "high"),
    ]
    assert [b.canonical for b in rep.biomarkers] == ["hemoglobin", "wbc", "platelets", "alt", "glucose",
                                                     "total_cholesterol"]
    p = rep.patient
    assert (p.name, p.age, p.sex, p.date, p.lab) == ("Asha Verma", 34, "female", "03/02/2025",
                                                     "Sunrise Diagnostics Laboratory")


def test_name_line_then_method_then_value_line() -> None:
    pdf = lines_pdf([
        "Test Name Results Units Bio. Ref. Interval",
        "LIPID PROFILE, BASIC, SERUM",
        "APOLIPOPROTEIN A1",
        "(Immunoturbidimetry)",
        "132.00 mg/dL 110 - 205",
        "THYROID STIMULATING HORMONE (TSH), ULTRASENSITIVE",
        "(CLIA)",
        "6.80 uIU/mL 0.27 - 4.20",
        "GLUCOSE, FASTING (F), PLASMA",
        "(GOD POD)",
        "mg/dL 70 - 100",
        "Interpretation",
        "| <6 | <4 | Low Risk |",
    ])
    assert got(parse_pdf(pdf)) == [
        ("APOLIPOPROTEIN A1", 132.0, "mg/dL", 110.0, 205.0, "normal"),
        ("THYROID STIMULATING HORMONE (TSH), ULTRASENSITIVE", 6.8, "uIU/mL", 0.27, 4.2, "high"),
    ]


def test_second_unit_on_next_line_and_range_under_result() -> None:
    pdf = lines_pdf([
        "TEST NAME RESULT UNIT REFERENCE RANGE",
        "HBA1C 6.1 % NGSP UNIT",
        ". 43 MMOL/MOL IFCC UNIT",
        "INSULIN 30.2 UIU/ML",
        " FASTING LEVEL: 3.0 - 25.0",
        "GLUCOSE 5.6 MMOL/L",
        " NORMAL <5.7 % (<39 MMOL/MOL)",
        "CREATININE 101 UMOL/L 62-115",
    ])
    rows = got(parse_pdf(pdf))
    assert rows == [
        ("HBA1C", 6.1, "%", None, None, None),
        ("HBA1C", 43.0, "MMOL/MOL", None, None, None),
        ("INSULIN", 30.2, "UIU/ML", 3.0, 25.0, "high"),
        ("GLUCOSE", 5.6, "MMOL/L", None, None, None),
        ("CREATININE", 101.0, "UMOL/L", 62.0, 115.0, "normal"),
    ]


def test_wrapped_name() -> None:
    pdf = lines_pdf([
        "Test Result Unit Reference Range",
        "Total Iron Binding",
        "capacity 412 ug/dL 250 - 450",
        "Gamma Glutamyl 88 U/L 9 - 48",
        "transferase",
    ])
    assert got(parse_pdf(pdf)) == [
        ("Total Iron Binding capacity", 412.0, "ug/dL", 250.0, 450.0, "normal"),
        ("Gamma Glutamyl transferase", 88.0, "U/L", 9.0, 48.0, "high"),
    ]


def test_wrapped_names_around_a_centred_value() -> None:
    pdf = lines_pdf([
        "Test Result Unit Reference Range",
        "Total Iron Binding",
        "Capacity",
        "412 ug/dL 250 - 450",
        "Unsaturated Iron Binding 280 ug/dL 110 - 370",
        "Capacity",
        "Hemoglobin 13.5 g/dL 13.0 - 17.0 g/dL",
        "Platelets 250",
        "10^3/uL 150 - 400",
    ])
    rep = parse_pdf(pdf)
    assert got(rep) == [("Total Iron Binding Capacity", 412.0, "ug/dL", 250.0, 450.0, "normal"),
                        ("Unsaturated Iron Binding Capacity", 280.0, "ug/dL", 110.0, 370.0, "normal"),
                        ("Hemoglobin", 13.5, "g/dL", 13.0, 17.0, "normal"),
                        ("Platelets", 250.0, "10^3/uL", 150.0, 400.0, "normal")]
    assert [b.canonical for b in rep.biomarkers] == ["tibc", "uibc", "hemoglobin", "platelets"]


def test_columns_emitted_one_after_another_are_read_by_position() -> None:
    rows = [["Hemoglobin", "10.1", "g/dL", "12.0 - 15.5"], ["WBC", "12.6", "10^3/uL", "4.0 - 11.0"],
            ["Platelets", "220", "10^3/uL", "150 - 400"], ["Creatinine", "0.8", "mg/dL", "0.6 - 1.1"]]
    pdf = report_pdf(rows, header=["Test", "Result", "Unit", "Reference Range"], column_order=True)
    assert got(parse_pdf(pdf)) == [
        ("Hemoglobin", 10.1, "g/dL", 12.0, 15.5, "low"), ("WBC", 12.6, "10^3/uL", 4.0, 11.0, "high"),
        ("Platelets", 220.0, "10^3/uL", 150.0, 400.0, "normal"), ("Creatinine", 0.8, "mg/dL", 0.6, 1.1, "normal"),
    ]


def test_private_use_area_text_is_mapped_back() -> None:
    rows = [["Hemoglobin", "13.1", "g/dL", "13.0 - 17.0"], ["Ferritin", "9", "ng/mL", "20 - 250"]]
    pdf = report_pdf(rows, header=["Test", "Result", "Unit", "Reference Range"], pua=True)
    assert got(parse_pdf(pdf)) == [("Hemoglobin", 13.1, "g/dL", 13.0, 17.0, "normal"),
                                   ("Ferritin", 9.0, "ng/mL", 20.0, 250.0, "low")]


def test_qr_code_lines_and_barcodes_are_ignored() -> None:
    pdf = lines_pdf([
        "Test Result Unit Reference Range",
        "0101110010111 0100011101",
        "1110100010101110001010111",
        "*Z6152301* Page 1 of 2",
        "Hemoglobin 14.0 g/dL 13.0 - 17.0",
        "Sample barcode 88112734 collected at 08:10",
    ])
    assert got(parse_pdf(pdf)) == [("Hemoglobin", 14.0, "g/dL", 13.0, 17.0, "normal")]


def test_spanish_report_with_decimal_commas() -> None:
    pdf = lines_pdf([
        "LABORATORIO CLINICO SAN JOSE",
        "Paciente: MARIA LOPEZ   Edad: 51 años   Sexo: Femenino",
        "Prueba Resultado Unidades Valores de referencia",
        "HEMOGRAMA",
        "Hemoglobina 11,9 g/dL 12,0 - 16,0",
        "Leucocitos 6,45 x10^3/uL 4,00 - 10,50",
        "Plaquetas 312 x10^3/uL 150 - 450",
        "BIOQUIMICA",
        "Glucosa 104 mg/dL 70 - 100",
        "Colesterol total 231 mg/dL < 200",
        "Triglicéridos 1.250 mg/dL < 150",
    ])
    rep = parse_pdf(pdf)
    assert got(rep) == [
        ("Hemoglobina", 11.9, "g/dL", 12.0, 16.0, "low"),
        ("Leucocitos", 6.45, "x10^3/uL", 4.0, 10.5, "normal"),
        ("Plaquetas", 312.0, "x10^3/uL", 150.0, 450.0, "normal"),
        ("Glucosa", 104.0, "mg/dL", 70.0, 100.0, "high"),
        ("Colesterol total", 231.0, "mg/dL", None, 200.0, "high"),
        ("Triglicéridos", 1250.0, "mg/dL", None, 150.0, "high"),
    ]
    assert [b.canonical for b in rep.biomarkers] == ["hemoglobin", "wbc", "platelets", "glucose",
                                                     "total_cholesterol", "triglycerides"]
    assert (rep.patient.name, rep.patient.sex) == ("MARIA LOPEZ", "female")


def test_flags_only_in_colour_are_judged_by_the_printed_range() -> None:
    # No flag column at all (the lab only used red type): the printed range decides.
    rows = [["HDL Cholesterol", "35", "mg/dL", "40 - 60"], ["LDL Cholesterol", "165", "mg/dL", "Up to 100"],
            ["Triglycerides", "150", "mg/dL", "Up to 150"]]
    rep = parse_pdf(report_pdf(rows, header=["Test Name", "Result", "Unit", "Reference Range"]))
    assert [b.flag for b in rep.biomarkers] == ["low", "high", "normal"]


def test_narrative_repeats_are_not_results() -> None:
    pdf = lines_pdf([
        "Test Name Result Unit Reference Range Status",
        "Vitamin B12 180 pg/mL 200 - 900 LOW",
        "CLINICAL OBSERVATIONS",
        "1. Vitamin B12 deficiency detected (180 pg/mL). Supplementation recommended.",
        "- Vitamin D3: 60,000 IU weekly for 8 weeks, then maintenance dose of 1000 IU daily",
        "- Regular aerobic exercise: 150 minutes/week of moderate intensity",
    ])
    assert got(parse_pdf(pdf)) == [("Vitamin B12", 180.0, "pg/mL", 200.0, 900.0, "low")]


def test_bare_values_only_for_known_markers_inside_a_results_table() -> None:
    pdf = lines_pdf([
        "DELHI 110085",
        "TEST NAME RESULT UNIT REFERENCE RANGE",
        "HOMA IR 0.7 <2.6",
        "HOMA BETA CELL FUNCTION 92.5",
        "INR 1.1",
        "SOMETHING ELSE 42",
    ])
    assert got(parse_pdf(pdf)) == [("HOMA IR", 0.7, None, None, 2.6, "normal"),
                                   ("HOMA BETA CELL FUNCTION", 92.5, None, None, None, None),
                                   ("INR", 1.1, None, None, None, None)]


def test_method_column_between_name_and_value() -> None:
    pdf = lines_pdf([
        "TEST NAME TECHNOLOGY VALUE UNITS REFERENCE RANGE",
        "HDL CHOLESTEROL - DIRECT PHOTOMETRY 45 mg/dL 40-60",
        "25-OH VITAMIN D (TOTAL) C.L.I.A 18.5 ng/mL 30-100",
        "BILIRUBIN DIRECT PHOTOMETRY 0.2 mg/dL 0.0-0.3",
        "A : G Ratio CALCULATED 1.67 0.9-2.0",
    ])
    rep = parse_pdf(pdf)
    assert got(rep) == [("HDL CHOLESTEROL - DIRECT", 45.0, "mg/dL", 40.0, 60.0, "normal"),
                        ("25-OH VITAMIN D (TOTAL)", 18.5, "ng/mL", 30.0, 100.0, "low"),
                        ("BILIRUBIN DIRECT", 0.2, "mg/dL", 0.0, 0.3, "normal"),
                        ("A : G Ratio", 1.67, None, 0.9, 2.0, "normal")]
    assert [b.canonical for b in rep.biomarkers] == ["hdl", "vitamin_d", "direct_bilirubin", "ag_ratio"]


def test_split_lines_drops_rules_and_fixes_pua() -> None:
    assert split_lines("----------\r\n\uf048\uf062 12\r\n") == ["Hb 12"]


@pytest.mark.parametrize("text,expected", [
    ("Patient Name: Rajesh Kumar Report Date: 15-Dec-2025\nAge/Gender: 58 years / Male",
     ("Rajesh Kumar", 58, "male", "15-Dec-2025")),
    ("NSO PATIENT: SHROOMINIC\nATTN: MR. X SEX: M AGE: 22 Y COLL: 04/04/25 13:13",
     ("SHROOMINIC", 22, "male", "04/04/25")),
    ("Date of Sampling : 06-12-2024 Name : SHROOMINIC ( M )\nTime of Sampling : 09:00:00 BirthDate/Age : 08-11-2002/22",
     ("SHROOMINIC", 22, "male", "06-12-2024")),
    ("Name: Sarah Johnson\nAge: 45 years | Gender: Female\nDate of Test: 2026-04-08",
     ("Sarah Johnson", 45, "female", "2026-04-08")),
    ("METROPOLIS HEALTHCARE LABS\nPATIENT: Anjali Verma, 34 Y / Female\nDATE: 04/09/2026",
     ("Anjali Verma", 34, "female", "04/09/2026")),
    ("Name : Mr. Test Patient     Age/Sex : 45 Y / M\nSample Collected On : 02-Aug-2026 09:30     "
     "Reported On : 02-Aug-2026 18:05", ("Mr. Test Patient", 45, "male", "02-Aug-2026")),
])
def test_patient_header(text: str, expected: tuple) -> None:
    p = parse_patient([text.split("\n")])
    assert (p.name, p.age, p.sex, p.date) == expected


def test_duplicate_rows_are_reported_once() -> None:
    rep = parse_texts(["Test Result Unit Reference Range\nHemoglobin 13.5 g/dL 13-17",
                       "Test Result Unit Reference Range\nHemoglobin 13.5 g/dL 13-17"])
    assert len(rep.biomarkers) == 1


def test_result_is_compact_and_json_serialisable() -> None:
    import json

    rows = [["Hemoglobin", "9.0", "g/dL", "13.0 - 17.0"], ["Potassium", "6.9", "mmol/L", "3.5 - 5.1"]]
    result = analyze_pdf(report_pdf(rows, header=["Test", "Result", "Unit", "Reference Range"]))
    text = json.dumps(result)
    assert "Reference Range" not in text  # no raw page text in the result
    assert len(text) < 20_000


def test_a_raised_footnote_mark_after_a_value_is_dropped_and_a_power_of_ten_kept() -> None:
    from shared.analysis.layout.lines import build_lines
    from shared.analysis.layout.words import Word

    def line(*words: tuple[str, float, float, float, float]) -> str:
        return build_lines([Word(t, x0, x1, top, bottom) for t, x0, x1, top, bottom in words])[0].text

    # 'Ferritin  12.3¹  ng/mL': a smaller '1' (or 'a') raised right after the value is a footnote's mark
    for mark in ("1", "a", "b2"):
        assert line(("Ferritin", 10, 50, 100, 110), ("12.3", 80, 95, 100, 110), (mark, 95.5, 99, 98, 105),
                    ("ng/mL", 120, 145, 100, 110)) == "Ferritin 12.3 ng/mL"
    # a raised '9' after '10' is the power of ten (one word with the unit after it); a raised '3' after 'mm' the cube
    assert line(("WBC", 10, 30, 100, 110), ("7.2", 80, 92, 100, 110), ("x10", 100, 112, 100, 110),
                ("9", 112.5, 115, 98, 105), ("/L", 115.5, 122, 100, 110)) == "WBC 7.2 x10^9/L"
    assert line(("PLT", 10, 30, 100, 110), ("250", 80, 92, 100, 110), ("mm", 100, 112, 100, 110),
                ("3", 112.5, 115, 98, 105)) == "PLT 250 mm³"
    # a raised digit after a name's letter is no power ('Vitamin B' + '12' stays two words)
    assert line(("Vitamin", 10, 40, 100, 110), ("B", 42, 48, 100, 110), ("12", 48.5, 53, 98, 105),
                ("350", 80, 95, 100, 110)) == "Vitamin B 12 350"
    # a mark in full-size type beside the value is no footnote: it stays ('5.2 H')
    assert line(("K", 10, 20, 100, 110), ("5.2", 80, 92, 100, 110), ("H", 92.5, 98, 100, 110)) == "K 5.2 H"


@pytest.mark.parametrize("line", ["Fasting : 12 hrs", "Fasting  10 hours", "Ayuno: 12 horas", "Puasa  10 jam"])
def test_a_time_in_hours_is_no_result(line: str) -> None:
    from shared.analysis.parser import parse_line

    assert parse_line(line).kind != "result", line
    assert parse_line("Fasting  165  mg/dL  70 - 100").kind == "result"  # 'Fasting' alone names a fasting glucose


def test_a_panel_printed_across_the_page_is_read_one_test_per_column() -> None:
    """Names as column titles, the values, units and intervals under them, each line labelled at the left."""
    from shared.analysis.parser import parse_texts

    text = """Electrolytes
              Sodium      Potassium     Chloride
Result         141          5.6 H         101
Unit          mmol/L       mmol/L        mmol/L
Reference    136 - 145    3.5 - 5.1     98 - 107
"""
    got = [(b.name, b.value, b.unit, b.ref_low, b.ref_high, b.flag) for b in parse_texts([text]).biomarkers]
    assert got == [("Sodium", 141.0, "mmol/L", 136.0, 145.0, "normal"),
                   ("Potassium", 5.6, "mmol/L", 3.5, 5.1, "high"),
                   ("Chloride", 101.0, "mmol/L", 98.0, 107.0, "normal")]


@pytest.mark.parametrize(("age", "band"), [(63, (0.70, 1.30)), (35, (0.60, 1.20))])
def test_an_interval_by_age_band_is_the_one_of_the_patients_age(age: int, band: tuple[float, float]) -> None:
    """'18-49 years: …' / '>= 50 years: …' over two lines of the reference cell: the band that holds the age in the
    patient header is the interval (and no band is a result)."""
    from shared.analysis.parser import parse_texts

    text = f"""Patient: John Doe   Age: {age} years   Sex: Male
Test            Result   Unit     Reference
Creatinine      1.25     mg/dL    18-49 years: 0.60 - 1.20
                                  >= 50 years: 0.70 - 1.30
Glucose         92       mg/dL    70 - 99
"""
    got = [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in parse_texts([text]).biomarkers]
    flag = "high" if 1.25 > band[1] else "normal"
    assert got == [("Creatinine", 1.25, *band, flag), ("Glucose", 92.0, 70.0, 99.0, "normal")]


@pytest.mark.parametrize("line", ["Hemoglobin 13.20 ± 0.41 g/dL 12.0-15.5", "Hemoglobin 13.20±0.41 g/dL 12.0-15.5",
                                  "Hemoglobin 13.20 ±0.41 g/dL 12.0-15.5"])
def test_uncertainty_after_a_value_is_dropped(line: str) -> None:
    rep = parse_texts(["Test Result Unit Reference Range\n" + line + "\nGlucose 95.00 ± 2.10 mg/dL 70-99"])
    got = {b.name: (b.value, b.unit, b.ref_low, b.ref_high) for b in rep.biomarkers}
    assert got["Hemoglobin"] == (13.2, "g/dL", 12.0, 15.5)


def test_bracketed_interval_with_a_semicolon() -> None:
    rep = parse_texts(["Test Result Unit Reference\nLeukocytes 5,1 G/l [4,5;11,0]\nSodium 140 mmol/l [137;145]"])
    got = {b.name: (b.value, b.ref_low, b.ref_high) for b in rep.biomarkers}
    assert got == {"Leukocytes": (5.1, 4.5, 11.0), "Sodium": (140.0, 137.0, 145.0)}


def test_catalogue_code_before_the_name_is_not_part_of_it() -> None:
    rep = parse_texts(["NPU Analyte Result Unit Reference\nNPU29885 B-WBC 5.15 10^9/L [4.50;11.00]\n"
                       "NPU54779 B-Hemoglobin 13.6 g/dL [12.1;15.1]"])
    assert [(b.canonical, b.value) for b in rep.biomarkers] == [("wbc", 5.15), ("hemoglobin", 13.6)]


def test_specimen_prefix_before_the_name_is_not_part_of_it() -> None:
    rep = parse_texts(["Analyte Result Unit Reference\nS—PSA gesamt 2.04 ng/ml [<4.00]\nP-Ferro sérico 132 mcg/dL [60;170]\n"
                       "P-LCR 25.1 % [13;43]"])
    assert [(b.name, b.value) for b in rep.biomarkers] == [("PSA gesamt", 2.04), ("Ferro sérico", 132.0),
                                                            ("P-LCR", 25.1)]


@pytest.mark.parametrize("title, two_line_range", [
    ("U (k=2)", False), ("U (k=2)", True), ("U(k=2)", True), ("± U", False), ("Messunsicherheit", False),
    ("Incertidumbre", True),
])
def test_a_measurement_uncertainty_column_is_never_the_result_nor_the_range(title: str, two_line_range: bool) -> None:
    """A column of expanded uncertainties ('U (k=2)', lexicon.HEADER_WORDS[Role.UNCERTAINTY]) between the result
    and the unit: titled, it is read as no value; the range title printed on two lines under it still merges."""
    xs = [50, 200, 270, 340, 430]
    rows = [["Haemoglobin", "13.20", "0.41", "g/dL", "13.0 - 17.0"], ["Ferritin", "12.00", "0.84", "ng/mL", "30 - 400"],
            ["Sodium", "139.00", "2.78", "mmol/L", "135 - 145"]]
    titles = ["Prueba", "Resultado", title, "Unidad", "Valores de"] if two_line_range \
        else ["Test", "Result", title, "Unit", "Reference"]
    head = [(x, 760, t) for x, t in zip(xs, titles, strict=True)]
    if two_line_range:
        head.append((xs[-1], 749, "referencia"))  # 'Valores de' / 'referencia': no title until both lines join
    body = [(x, 730 - 16 * r, cell) for r, row in enumerate(rows) for x, cell in zip(xs, row, strict=True)]
    pdf = build_pdf([text_page(head + body)])
    assert [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in parse_pdf(pdf).biomarkers] == [
        ("Haemoglobin", 13.2, 13.0, 17.0, "normal"), ("Ferritin", 12.0, 30.0, 400.0, "low"),
        ("Sodium", 139.0, 135.0, 145.0, "normal")]


@pytest.mark.parametrize("footer", ["(continued)", "(continúa)", "(Fortsetzung)", "(segue)", "CONT'D...", "(forts.)"])
@pytest.mark.parametrize("x", [50, 340, 400])
def test_a_continued_footer_under_the_last_row_is_no_part_of_it(footer: str, x: float) -> None:
    """'(continued)' printed right under the page's last row (lexicon.CONTINUATION_FOOTERS), under the name or the
    reference column: the row keeps its cells and the footer is no result and no piece of a name."""
    xs = [50, 200, 270, 340]
    rows = [["Haemoglobin", "13.2", "g/dL", "13.0 - 17.0"], ["Ferritin", "12", "ng/mL", "30 - 400"],
            ["Sodium", "139", "mmol/L", "135 - 145"]]
    head = [(x_, 760, t) for x_, t in zip(xs, ["Test", "Result", "Unit", "Reference"], strict=True)]
    body = [(x_, 740 - 16 * r, c) for r, row in enumerate(rows) for x_, c in zip(xs, row, strict=True)]
    rep = parse_pdf(build_pdf([text_page([*head, *body, (x, 740 - 32 - 11, footer)])]))
    assert [(b.name, b.value, b.unit, b.ref_low, b.ref_high) for b in rep.biomarkers] == [
        ("Haemoglobin", 13.2, "g/dL", 13.0, 17.0), ("Ferritin", 12.0, "ng/mL", 30.0, 400.0),
        ("Sodium", 139.0, "mmol/L", 135.0, 145.0)]


@pytest.mark.parametrize(("line", "sex", "age", "interval"), [
    ("MCV 85.8 fL Newborns: 95.0 - 121.0 Adults: 80.0 - 100.0", "female", 44, (80.0, 100.0)),
    ("Platelets 171 K/uL Pregnant women: 115 - 380 Adults: 150 - 400", "female", 30, (150.0, 400.0)),
    ("Hemoglobin 13.6 g/dL Children: 11.5 - 15.5 Women: 12.1 - 15.1 Men: 13.8 - 17.2", "male", 60, (13.8, 17.2)),
    ("Hemoglobin 13.6 g/dL Children: 11.5 - 15.5 Women: 12.1 - 15.1 Men: 13.8 - 17.2", "female", None, (12.1, 15.1)),
    ("Potassium 5.6 mmol/L Bayi baru lahir: 3.7 - 5.9 Dewasa: 3.5 - 5.1", None, None, (3.5, 5.1)),
    ("Potassium 5.6 mmol/L Children: 3.4 - 4.7 Adults: 3.5 - 5.1", None, 9, (3.4, 4.7)),
])
def test_the_interval_of_the_patients_population(line: str, sex: str | None, age: int | None,
                                                 interval: tuple[float, float]) -> None:
    """lexicon.POPULATION_WORDS: a child's or a newborn's interval only for a patient that young, a pregnancy's
    never (no report says the patient is pregnant), an adult's otherwise; a sex's where both are printed."""
    from shared.analysis.parser import parse_line
    from shared.analysis.rows import pick_range

    rng = pick_range(parse_line(line), sex, age)
    assert rng is not None and (rng.low, rng.high) == interval


@pytest.mark.parametrize(("sex", "band"), [("Female", (12.1, 15.1)), ("Male", (13.8, 17.2))])
def test_intervals_by_population_take_the_adult_patients_own(sex: str, band: tuple[float, float]) -> None:
    """Reference cells listing children's, newborns' and pregnancy intervals beside the adults' (on one line or
    stacked, the adults' not first, labels of several words): the interval is the adult patient's (by sex where
    the cell gives both), never a child's, a newborn's or a pregnancy's, and the flag follows it."""
    text = f"""Patient: Alex Doe   Age: 44 years   Sex: {sex}
Test            Result   Unit     Reference
Hemoglobin      13.6     g/dL     Children: 11.5 - 15.5
                                  Men: 13.8 - 17.2
                                  Women: 12.1 - 15.1
MCV             85.8     fL       Newborns: 95.0 - 121.0; Adults: 80.0 - 100.0
Platelets       171      K/uL     Pregnant women: 115 - 380
                                  Adults: 150 - 400
Potassium       5.6      mmol/L   Bayi baru lahir: 3.7 - 5.9; Dewasa: 3.5 - 5.1
"""
    got = [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in parse_texts([text]).biomarkers]
    assert got == [("Hemoglobin", 13.6, *band, "normal" if band[0] <= 13.6 else "low"),
                   ("MCV", 85.8, 80.0, 100.0, "normal"), ("Platelets", 171.0, 150.0, 400.0, "normal"),
                   ("Potassium", 5.6, 3.5, 5.1, "high")]



@pytest.mark.parametrize("legend", ["Low   Normal   5.15   High", "Bajo  Normal  Alto", "Niedrig   Normal   13,6   Hoch",
                                    "L   N   H"])
def test_a_gauges_zone_words_are_no_row(legend: str) -> None:
    """'Low | Normal | High' over a drawn gauge's zones, the value maybe printed again over its marker: neither a
    result ('Niedrig Normal' 13.6 'Hoch') nor a name or a flag line."""
    from shared.analysis.parser import parse_line

    assert parse_line(legend, "," in legend).kind == "other"
    assert parse_line("Hemoglobin   13.6   g/dL   Low").kind == "result"


def test_a_gauges_bounds_under_its_zone_edges_are_the_interval() -> None:
    """A gauge prints the interval's bounds under the edges of its normal zone, on the line under the value and
    right of it ('4.50      11.00'); the result printing no interval takes them, and their flag. Bounds that fall
    (no interval) or stand left of the value are not taken."""
    text = """Complete Blood Count
WBC                      5.15 x10^3/uL
                                              4.50           11.00
Hemoglobin               11.6 g/dL
                                              12.0           15.5
Platelets                171 x10^3/uL
                                              400            150
"""
    got = [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in parse_texts([text]).biomarkers]
    assert got == [("WBC", 5.15, 4.5, 11.0, "normal"), ("Hemoglobin", 11.6, 12.0, 15.5, "low"),
                   ("Platelets", 171.0, None, None, None)]


@pytest.mark.parametrize("order", [[0, 3, 2, 1], [2, 3, 0, 1], [0, 1, 2, 3], [3, 1, 0, 2]])
def test_a_row_drawn_as_one_run_of_text_in_any_order(order: list[int]) -> None:
    """A re-distilled PDF (Ghostscript's pdfwrite) can draw a row's cells as one run of text without spaces, in
    any order, placed by kerning moves: PDFium then gives '17.013.0 - 17.0'-like words. A word whose characters
    jump back left, or spread wider than its letters, is cut where they jump (layout/words.py)."""
    rows = [["Test", "Result", "Unit", "Reference range"],
            ["Haemoglobin", "12.1", "g/dL", "13.0 - 17.0"],
            ["Platelets", "174", "x10^9/L", "150 - 400"],
            ["Ferritin", "46.00", "ng/mL", "30 - 400"],
            ["Glucose", "5.4", "mmol/L", "3.9 - 6.1"]]
    pdf = build_pdf([one_run_page(rows, [50, 220, 300, 400], order=order)])
    got = {b.name: (b.value, b.unit, b.ref_low, b.ref_high) for b in parse_pdf(pdf).biomarkers}
    assert got == {"Haemoglobin": (12.1, "g/dL", 13.0, 17.0), "Platelets": (174, "x10^9/L", 150, 400),
                   "Ferritin": (46.0, "ng/mL", 30, 400), "Glucose": (5.4, "mmol/L", 3.9, 6.1)}


def test_a_report_typed_into_a_pdf_form_is_read() -> None:
    """A clinic's PDF template filled in: the values live in form fields (widget annotations), outside the page's
    text; the page is read as a viewer shows it (its annotations flattened into it)."""
    import io

    from reportlab.pdfgen import canvas

    rows = [("Hemoglobin", "11.2", "g/dL", "13.0 - 17.0"), ("Glucose", "98", "mg/dL", "70 - 100"),
            ("Platelets", "250", "10^3/uL", "150 - 400"), ("Creatinine", "1.4", "mg/dL", "0.7 - 1.2")]
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("Helvetica", 10)
    for x, title in zip([50, 200, 290, 370], ["Test", "Result", "Unit", "Reference Range"], strict=True):
        c.drawString(x, 760, title)
    for i, (name, value, unit, interval) in enumerate(rows):
        y = 740 - 20 * i
        c.drawString(50, y, name)
        c.drawString(290, y, unit)
        c.drawString(370, y, interval)
        c.acroForm.textfield(name=f"result{i}", value=value, x=195, y=y - 4, width=70, height=16, borderWidth=0,
                             fontSize=10, fontName="Helvetica")
    c.linkURL("https://lab.example", (50, 60, 200, 72))  # an annotation without appearance: nothing to draw
    c.save()
    got = [(b.name, b.value, b.flag) for b in parse_pdf(out.getvalue()).biomarkers]
    assert got == [("Hemoglobin", 11.2, "low"), ("Glucose", 98.0, "normal"), ("Platelets", 250.0, "normal"),
                   ("Creatinine", 1.4, "high")]


def test_a_cell_whose_text_runs_on_into_the_next() -> None:
    """Fixed-width cells that do not clip (FPDF / TCPDF `Cell`, reportlab `drawString`): a long name or unit runs on
    to or over the next cell's start, and PDFium joins the two runs without a space ('estimated85',
    'mL/min/1.73m2>'). Such a word is cut where another text object starts over it or at a letter / digit / sign
    change (layout/words.py `_split_by_overlap`)."""
    import io

    from reportlab.pdfgen import canvas

    rows = [("Mean Corpuscular Hemoglobin Concentration", "33.1", "g/dL", "32.0 - 36.0"),
            ("Glomerular filtration rate estimated", "85", "mL/min/1.73m2", "> 60"),
            ("Glucose", "95", "mg/dL", "70 - 99")]
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("Helvetica", 10)
    for x, title in zip([50, 200, 260, 330], ["Test", "Result", "Unit", "Reference"], strict=True):
        c.drawString(x, 760, title)
    for i, row in enumerate(rows):
        for x, text in zip([50, 200, 260, 330], row, strict=True):
            c.drawString(x, 740 - 16 * i, text)
    c.save()
    got = [(b.name, b.value, b.unit, b.ref_low) for b in parse_pdf(out.getvalue()).biomarkers]
    assert got == [("Mean Corpuscular Hemoglobin Concentration", 33.1, "g/dL", 32.0),
                   ("Glomerular filtration rate estimated", 85.0, "mL/min/1.73m2", 60.0), ("Glucose", 95.0, "mg/dL", 70.0)]
