"""Layouts the line grammar alone could not read, each on a PDF built here with its text out of reading order.

Every PDF draws its text objects in an order other than the reading order (column by
column, bottom-up, interleaved), so these tests also check that lines are rebuilt
from positions and not from the content stream.
"""

from __future__ import annotations

import random

from shared.analysis import parse_pdf
from tests.analysis.pdfgen import build_pdf, text_page


def got(report) -> list[tuple]:
    return [(b.name, b.value, b.unit, b.ref_low, b.ref_high, b.flag) for b in report.biomarkers]


def shuffled_pdf(lines: list[tuple], seed: int = 7) -> bytes:
    """One page; the text objects drawn in a random order."""
    order = list(lines)
    random.Random(seed).shuffle(order)
    return build_pdf([text_page(order)])


def test_colon_lines_with_reference_and_bracketed_flag() -> None:
    pdf = shuffled_pdf([
        (50, 800, "Patient: Jane Roe    Sex: Female    Date: 12/03/2025"),
        (50, 770, "Total Cholesterol: 240 mg/dL (Reference: < 200 mg/dL) [HIGH]"),
        (50, 755, "HDL Cholesterol: 38 mg/dL (Reference: > 50 mg/dL) [LOW]"),
        (50, 740, "Glucose, Fasting: 92 mg/dL (Reference: 70 - 99 mg/dL) [NORMAL]"),
        (50, 725, "Haemoglobin (LOINC: 718-7): 13.2 g/dL [Ref: 13.5–17.5] + LOW"),
    ])
    rep = parse_pdf(pdf)
    assert got(rep) == [
        ("Total Cholesterol", 240.0, "mg/dL", None, 200.0, "high"),
        ("HDL Cholesterol", 38.0, "mg/dL", 50.0, None, "low"),
        ("Glucose, Fasting", 92.0, "mg/dL", 70.0, 99.0, "normal"),
        ("Haemoglobin", 13.2, "g/dL", 13.5, 17.5, "low"),
    ]
    assert rep.biomarkers[3].code == "718-7"


def test_parenthesised_ranges_and_a_star_before_the_value() -> None:
    rows = [("Haemoglobin", "* 17.2", "g/dL", "( 13.0 - 16.0 )"), ("Haematocrit", "44.1", "%", "( 40.0 - 50.0 )"),
            ("Platelet Count", "*95", "x10^3/uL", "( 150 - 400 )"), ("MCV", "88", "fL", "( 80 - 100 )")]
    lines = [(50, 780, "Test"), (200, 780, "Result"), (280, 780, "Unit"), (360, 780, "Reference Range")]
    for i, row in enumerate(rows):
        y = 760 - 16 * i
        lines += [(50, y, row[0]), (200, y, row[1]), (280, y, row[2]), (360, y, row[3])]
    rep = parse_pdf(shuffled_pdf(lines))
    assert got(rep) == [
        ("Haemoglobin", 17.2, "g/dL", 13.0, 16.0, "high"),
        ("Haematocrit", 44.1, "%", 40.0, 50.0, "normal"),
        ("Platelet Count", 95.0, "x10^3/uL", 150.0, 400.0, "low"),
        ("MCV", 88.0, "fL", 80.0, 100.0, "normal"),
    ]


def test_two_tables_side_by_side_drawn_bottom_up_and_interleaved() -> None:
    left = [("Hemoglobin", "14.1", "g/dL", "13.0-17.5"), ("WBC", "11.8", "10^9/L", "4.0-10.0"),
            ("Platelets", "210", "10^9/L", "150-400"), ("Neutrophils", "72", "%", "40-75")]
    right = [("ALT", "62", "U/L", "7-40"), ("AST", "30", "U/L", "13-35"),
             ("Creatinine", "88", "umol/L", "57-111"), ("Glucose", "5.2", "mmol/L", "3.9-6.1")]
    lines = [(30, 800, "Clinical Laboratory Report   Name: A. Tan   Sex: Male"),
             (30, 770, "Item"), (110, 770, "Result"), (160, 770, "Unit"), (210, 770, "Range"),
             (310, 770, "Item"), (390, 770, "Result"), (440, 770, "Unit"), (490, 770, "Range")]
    for i in range(len(left)):
        y = 750 - 15 * i
        for x, cell in zip((30, 110, 160, 210), left[i], strict=True):
            lines.append((x, y, cell))
        for x, cell in zip((310, 390, 440, 490), right[i], strict=True):
            lines.append((x, y + 4, cell))  # the right table sits a little higher: rows are not level
    lines.sort(key=lambda t: (t[1], -t[0]))  # bottom-up, right to left: the content stream interleaves the tables
    rep = parse_pdf(build_pdf([text_page(lines)]))
    assert [b.name for b in rep.biomarkers] == [r[0] for r in left + right]
    assert [(b.value, b.flag) for b in rep.biomarkers] == [
        (14.1, "normal"), (11.8, "high"), (210.0, "normal"), (72.0, "normal"),
        (62.0, "high"), (30.0, "normal"), (88.0, "normal"), (5.2, "normal")]


def test_sample_and_method_lines_between_name_and_value_result_range_unit_columns() -> None:
    lines = [(50, 790, "Test"), (250, 790, "Result"), (330, 790, "Reference"), (430, 790, "Unit")]
    y = 770
    for name, value, rng, unit in (("Ferritin", "650", "30 - 400", "ng/mL"), ("Serum Iron", "210", "60 - 170", "ug/dL"),
                                   ("Transferrin Saturation", "62", "20 - 50", "%")):
        lines.append((50, y, name))
        lines.append((60, y - 12, "Sample: Serum"))
        lines.append((60, y - 24, "Method: Immunoassay"))
        lines += [(250, y - 36, value), (330, y - 36, rng), (430, y - 36, unit)]
        y -= 56
    rep = parse_pdf(shuffled_pdf(lines))
    assert got(rep) == [
        ("Ferritin", 650.0, "ng/mL", 30.0, 400.0, "high"),
        ("Serum Iron", 210.0, "ug/dL", 60.0, 170.0, "high"),
        ("Transferrin Saturation", 62.0, "%", 20.0, 50.0, "high"),
    ]


def test_spanish_risk_bands_and_bold_only_flags() -> None:
    lines = [(50, 800, "LABORATORIO CLÍNICO CENTRAL    Paciente: María López    Sexo: Femenino"),
             (50, 780, "Prueba"), (230, 780, "Resultado"), (310, 780, "Unidades"), (390, 780, "Valores de referencia")]
    rows = [("Colesterol total", "245", "mg/dL", "Deseable: < 200  Límite: 200-239  Alto: > 240", "bold"),
            ("Colesterol HDL", "55", "mg/dL", "> 40", ""),
            ("Triglicéridos", "120", "mg/dL", "< 150", ""),
            ("Glucosa", "126", "mg/dL", "70 - 110", "bold"),
            ("Hemoglobina", "13,8", "g/dL", "12,0 - 15,5", "")]
    for i, (name, value, unit, rng, style) in enumerate(rows):
        y = 760 - 16 * i
        lines += [(50, y, name), (230, y, value, style), (310, y, unit), (390, y, rng)]
    rep = parse_pdf(shuffled_pdf(lines))
    assert got(rep) == [
        ("Colesterol total", 245.0, "mg/dL", None, 200.0, "high"),
        ("Colesterol HDL", 55.0, "mg/dL", 40.0, None, "normal"),
        ("Triglicéridos", 120.0, "mg/dL", None, 150.0, "normal"),
        ("Glucosa", 126.0, "mg/dL", 70.0, 110.0, "high"),
        ("Hemoglobina", 13.8, "g/dL", 12.0, 15.5, "normal"),
    ]
    assert rep.patient.sex == "female"


def test_cards_name_value_and_range_on_successive_lines() -> None:
    lines = []
    y = 790
    for name, value, rng in (("Vitamin D (25-OH)", "18 ng/mL", "Reference: 30 - 100 ng/mL"),
                             ("Vitamin B12", "420 pg/mL", "Reference: 200 - 900 pg/mL"),
                             ("Folate", "2.1 ng/mL", "Reference: > 3.0 ng/mL")):
        lines += [(60, y, name, "bold"), (60, y - 14, value), (60, y - 28, rng)]
        y -= 60
    rep = parse_pdf(shuffled_pdf(lines))
    assert got(rep) == [
        ("Vitamin D (25-OH)", 18.0, "ng/mL", 30.0, 100.0, "low"),
        ("Vitamin B12", 420.0, "pg/mL", 200.0, 900.0, "normal"),
        ("Folate", 2.1, "ng/mL", 3.0, None, "low"),
    ]


def test_wrapped_name_with_its_value_centred_between_the_lines() -> None:
    lines = [(50, 790, "Test Name"), (250, 790, "Result"), (320, 790, "Units"), (400, 790, "Reference Range")]
    lines += [(50, 770, "Mean Corpuscular"), (50, 760, "Hemoglobin Concentration"),
              (250, 765, "36.9"), (320, 765, "g/dL"), (400, 765, "32.0 - 36.0"),
              (50, 740, "Red Cell Distribution"), (50, 730, "Width"),
              (250, 735, "13.1"), (320, 735, "%"), (400, 735, "11.5 - 14.5"),
              (50, 712, "Hemoglobin"), (250, 712, "12.0"), (320, 712, "g/dL"), (400, 712, "13.0 - 17.0")]
    rep = parse_pdf(shuffled_pdf(lines))
    assert got(rep) == [
        ("Mean Corpuscular Hemoglobin Concentration", 36.9, "g/dL", 32.0, 36.0, "high"),
        ("Red Cell Distribution Width", 13.1, "%", 11.5, 14.5, "normal"),
        ("Hemoglobin", 12.0, "g/dL", 13.0, 17.0, "low"),
    ]


def test_unknown_test_names_are_kept_when_the_row_has_the_shape_of_a_result() -> None:
    pdf = shuffled_pdf([
        (50, 790, "Test"), (250, 790, "Result"), (320, 790, "Unit"), (400, 790, "Reference"),
        (50, 770, "Hemoglobin"), (250, 770, "14.0"), (320, 770, "g/dL"), (400, 770, "13.0 - 17.0"),
        (50, 754, "Zonulin"), (250, 754, "61.2"), (320, 754, "ng/mL"), (400, 754, "< 48.0"),
        (50, 738, "Glucose"), (250, 738, "90"), (320, 738, "mg/dL"), (400, 738, "70 - 99"),
    ])
    rep = parse_pdf(pdf)
    assert [(b.name, b.canonical, b.flag) for b in rep.biomarkers] == [
        ("Hemoglobin", "hemoglobin", "normal"), ("Zonulin", None, "high"), ("Glucose", "glucose", "normal")]


def test_markup_in_a_name_is_not_a_biomarker() -> None:
    pdf = shuffled_pdf([
        (50, 790, "Hemoglobin 14.0 g/dL 13.0 - 17.0"),
        (50, 774, "<svg onload=alert(1)> 99 mg/dL 10 - 20"),
        (50, 758, "Glucose 90 mg/dL 70 - 99"),
    ])
    assert [b.name for b in parse_pdf(pdf).biomarkers] == ["Hemoglobin", "Glucose"]


def test_pages_shown_rotated_are_read_as_shown() -> None:
    """A landscape report saved as portrait pages with /Rotate: read as the viewer sees it, at every angle."""
    for rot in (90, 180, 270):
        w, h = (842, 595) if rot in (90, 270) else (595, 842)
        lines = [(50, h - 40, "Test"), (250, h - 40, "Result"), (330, h - 40, "Unit"), (420, h - 40, "Reference"),
                 (50, h - 60, "Hemoglobin"), (250, h - 60, "12.1"), (330, h - 60, "g/dL"), (420, h - 60, "13.0 - 17.0"),
                 (50, h - 76, "Glucose"), (250, h - 76, "92"), (330, h - 76, "mg/dL"), (420, h - 76, "70 - 99")]
        rep = parse_pdf(build_pdf([text_page(lines, turned=rot)], rotate=rot))
        assert got(rep) == [("Hemoglobin", 12.1, "g/dL", 13.0, 17.0, "low"),
                            ("Glucose", 92.0, "mg/dL", 70.0, 99.0, "normal")], rot


def test_several_name_value_pairs_on_one_line() -> None:
    pdf = shuffled_pdf([
        (50, 790, "Electrolytes"),
        (50, 774, "Na: 140 mmol/L (135-145)     K: 5.9 mmol/L (3.5-5.1)     Cl: 101 mmol/L (98-107)"),
        (50, 758, "Total Cholesterol: 240 mg/dL (< 200)     HDL: 38 mg/dL (> 40)"),
    ])
    assert got(parse_pdf(pdf)) == [
        ("Na", 140.0, "mmol/L", 135.0, 145.0, "normal"), ("K", 5.9, "mmol/L", 3.5, 5.1, "high"),
        ("Cl", 101.0, "mmol/L", 98.0, 107.0, "normal"), ("Total Cholesterol", 240.0, "mg/dL", None, 200.0, "high"),
        ("HDL", 38.0, "mg/dL", 40.0, None, "low")]


def test_thousands_grouped_by_a_thin_space_and_low_high_columns() -> None:
    lines = [(50, 790, "Analyse"), (250, 790, "Résultat"), (330, 790, "Unité"), (400, 790, "Min"), (470, 790, "Max")]
    for i, (name, value, unit, lo, hi) in enumerate((("Plaquettes", "95 000", "/mm3", "150 000", "400 000"),
                                                     ("Leucocytes", "7 300", "/mm3", "4 000", "10 000"),
                                                     ("Hémoglobine", "13,4", "g/dL", "12,0", "16,0"))):
        y = 770 - 16 * i
        lines += [(50, y, name), (250, y, value), (330, y, unit), (400, y, lo), (470, y, hi)]
    assert got(parse_pdf(shuffled_pdf(lines))) == [
        ("Plaquettes", 95000.0, "/mm3", 150000.0, 400000.0, "low"),
        ("Leucocytes", 7300.0, "/mm3", 4000.0, 10000.0, "normal"),
        ("Hémoglobine", 13.4, "g/dL", 12.0, 16.0, "normal")]


def test_header_edges_an_unknown_title_a_name_field_and_in_or_out_of_range_columns() -> None:
    """A column under a title the lexicon lacks is read around, not a reason to drop the table; a
    'Patient Name:' line just above the header stays a field; 'NORMAL' | 'ANORMAL' split results by range."""
    pdf = shuffled_pdf([
        (50, 800, "Harbour Diagnostics Laboratory"),
        (50, 786, "Patient Name: Octavia Brightwater"),
        (50, 772, "Examen"), (220, 772, "NORMAL"), (290, 772, "ANORMAL"), (370, 772, "Valeurs de référence"),
        (500, 772, "Zorblat"),
        (50, 755, "Hémoglobine"), (220, 755, "13,1"), (370, 755, "12,0-16,0 g/dL"), (500, 755, "09:12 C5"),
        (50, 740, "Ferritine"), (290, 740, "8 B"), (370, 740, "15-150 ng/mL"), (500, 740, "09:14 C5"),
    ])
    rep = parse_pdf(pdf)
    assert rep.patient.name == "Octavia Brightwater"
    assert got(rep) == [("Hémoglobine", 13.1, "g/dL", 12.0, 16.0, "normal"),
                        ("Ferritine", 8.0, "ng/mL", 15.0, 150.0, "low")]


def test_a_grid_of_cards_under_a_header_box_with_status_words_and_labelled_bounds() -> None:
    """Cards three to a row (one row of two), each: the name and a status word apart, the value and unit, the
    range bar's tick labels, then 'Min 4.50  Max 11.00' or 'von 6 bis 20'; the patient box above runs across."""
    cards = [("WBC", "NORMAL", "5.15", "10^3/uL", "4.50", "11.00", ("Min", "Max")),
             ("Red Blood Cell Count", "HIGH", "6.01", "Million/uL", "4.20", "5.40", ("Min", "Max")),
             ("Vitamin B12", "NORMAL", "339", "pg/mL", "200", "900", ("von", "bis")),
             ("PT", "WITHIN RANGE", "11.5", "s", "11.0", "13.5", ("Low", "High")),
             ("INR", "HIGH", "1.48", "", "0.80", "1.20", ("Low", "High"))]
    lines: list[tuple] = [(60, 800, "Name: Jane Roe"), (330, 800, "Reported: 15/07/2025 23:02"),
                          (60, 786, "MRN: 5336719458"), (330, 786, "Accession No.: 20C5125563"),
                          (60, 740, "Full Blood Count", "bold")]
    for k, (name, status, value, unit, low, high, labels) in enumerate(cards):
        x, y = 40 + (k % 3) * 190, 715 - (k // 3) * 90
        lines += [(x, y, name, "bold"), (x + 112, y, status), (x, y - 20, f"{value} {unit}".strip()),
                  (x + 20, y - 36, low), (x + 100, y - 36, high), (x, y - 50, f"{labels[0]} {low}   {labels[1]} {high}")]
    rep = parse_pdf(shuffled_pdf(lines))
    assert sorted(got(rep)) == sorted([
        ("WBC", 5.15, "10^3/uL", 4.5, 11.0, "normal"),
        ("Red Blood Cell Count", 6.01, "Million/uL", 4.2, 5.4, "high"),
        ("Vitamin B12", 339.0, "pg/mL", 200.0, 900.0, "normal"),
        ("PT", 11.5, "s", 11.0, 13.5, "normal"),
        ("INR", 1.48, None, 0.8, 1.2, "high"),
    ])


def test_records_of_labelled_fields_side_by_side_with_an_unknown_flag_label() -> None:
    """A LIS export: each test a record of labelled lines, the name a field too ('Test: …'), two records side by
    side; a flag label the lexicon does not know ('Bew.:') is a flag field by its value; a name that starts with
    digits ('25-OH Vitamin D') is a name; a record alone on its page is read."""
    def record(x: float, y: float, fields: list[tuple[str, str]]) -> list[tuple]:
        return [(x, y - 13 * i, f"{label}: {value}".rstrip()) for i, (label, value) in enumerate(fields)]

    page = [(50, 800, "Patient: Jane Roe    Sex: Female    Age: 41 Y")]
    page += record(50, 760, [("Test", "Hemoglobin"), ("Result", "11.2"), ("Units", "g/dL"),
                             ("Reference range", "12.0 - 15.5"), ("Bew.", "L")])
    page += record(300, 760, [("Test", "25-OH Vitamin D"), ("Result", "32"), ("Units", "ng/mL"),
                              ("Reference range", "30 - 100"), ("Bew.", "")])
    page += record(50, 680, [("Test", "Platelet Count"), ("Result", "412"), ("Units", "x10^3/uL"),
                             ("Reference range", "150 - 400"), ("Bew.", "H")])
    rep = parse_pdf(shuffled_pdf(page))
    assert got(rep) == [
        ("Hemoglobin", 11.2, "g/dL", 12.0, 15.5, "low"),
        ("25-OH Vitamin D", 32.0, "ng/mL", 30.0, 100.0, "normal"),
        ("Platelet Count", 412.0, "x10^3/uL", 150.0, 400.0, "high"),
    ]
    alone = parse_pdf(shuffled_pdf([(50, 800, "Patient: Jane Roe    Sex: Female")] + record(
        50, 760, [("Analyte", "Ferritin"), ("Value", "8"), ("Unit", "ng/mL"), ("Reference", "15 - 150")])))
    assert got(alone) == [("Ferritin", 8.0, "ng/mL", 15.0, 150.0, "low")]


def test_a_row_of_cards_where_one_name_wraps_level_with_the_big_values_and_their_small_units() -> None:
    """Cards four to a row (a browser's flex grid): a bold name, the value in larger type with its unit in the
    name's size on the same baseline, the interval under it. Where a card's name wraps ('Glomerular filtration' /
    'rate'), its second line stands level with the other cards' values, and lines were grouped by that small
    word's band: the units fell on a line of their own and the row of cards was neither cut nor read (2 of 8)."""
    import io

    from reportlab.pdfgen import canvas

    cards = [(["Urea Nitrogen (BUN)"], "15", "mg/dL", "6 - 20"), (["Creatinine"], "1.14", "mg/dL", "0.74 - 1.35"),
             (["Glomerular filtration", "rate"], "72", "mL/min/1.73m2", "> 60"),
             (["Uric Acid"], "4.6", "mg/dL", "3.4 - 7.0"), (["Ferritin"], "189", "ng/mL", "24 - 336"),
             (["Transferrin"], "330", "mg/dL", "200 - 360"), (["Total Iron Binding", "Capacity"], "340", "ug/dL",
                                                              "240 - 450"), (["Iron"], "132", "ug/dL", "60 - 170")]
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(40, 780, "Patient: Jane Roe    Sex: Female    Age: 41")
    for k, (name, value, unit, interval) in enumerate(cards):
        x, y = 40 + (k % 4) * 136, 740 - (k // 4) * 75
        c.setFont("Helvetica-Bold", 8.25)
        for i, part in enumerate(name):
            c.drawString(x, y - 9.7 * i, part)
        base = y - 9.7 * (len(name) - 1) - 14.3
        c.setFont("Helvetica", 13.2)
        c.drawString(x, base, value)
        c.setFont("Helvetica", 8.25)
        c.drawString(x + c.stringWidth(value, "Helvetica", 13.2) + 3, base, unit)
        c.drawString(x, base - 9.5, interval)
    c.save()
    rep = parse_pdf(out.getvalue())
    assert sorted(got(rep)) == sorted([
        ("Urea Nitrogen (BUN)", 15.0, "mg/dL", 6.0, 20.0, "normal"), ("Creatinine", 1.14, "mg/dL", 0.74, 1.35, "normal"),
        ("Glomerular filtration rate", 72.0, "mL/min/1.73m2", 60.0, None, "normal"),
        ("Uric Acid", 4.6, "mg/dL", 3.4, 7.0, "normal"), ("Ferritin", 189.0, "ng/mL", 24.0, 336.0, "normal"),
        ("Transferrin", 330.0, "mg/dL", 200.0, 360.0, "normal"),
        ("Total Iron Binding Capacity", 340.0, "ug/dL", 240.0, 450.0, "normal"), ("Iron", 132.0, "ug/dL", 60.0, 170.0, "normal"),
    ])


def test_a_title_that_goes_on_under_a_title_word_next_to_another_title() -> None:
    """'Valeurs de' / 'référence' printed close before 'Alerte': 'Valeurs' alone is a result title, but a title
    ending in a joining word goes on on the next line (lexicon.JOINING_WORDS), so the column is the range's."""
    lines = [(50, 790, "Analyse"), (200, 790, "Résultat"), (300, 790, "Valeurs de"), (352, 790, "Alerte"),
             (303, 779, "référence")]
    for i, (name, value, rng, flag) in enumerate((("Fer sérique", "39,6", "10,7 - 30,4", "H"),
                                                  ("Ferritine", "223", "11 - 307", ""),
                                                  ("Transferrine", "2,94", "2,00 - 3,60", ""))):
        y = 760 - 16 * i
        lines += [(50, y, name), (200, y, value), (300, y, rng)] + ([(356, y, flag)] if flag else [])
    assert got(parse_pdf(shuffled_pdf(lines))) == [
        ("Fer sérique", 39.6, None, 10.7, 30.4, "high"),
        ("Ferritine", 223.0, None, 11.0, 307.0, "normal"),
        ("Transferrine", 2.94, None, 2.0, 3.6, "normal")]


def test_two_tables_side_by_side_under_headers_with_wrapped_titles() -> None:
    """Two tables a narrow gutter apart whose headers wrap a title ('Valores de' / 'referência'): the two header
    lines read together are two tables' headers side by side, so the page is cut at the gutter."""
    lines: list[tuple] = [(36, 800, "Nome : Juliana Silva"), (316, 800, "Data de liberação : 05/08/2025"),
                          (36, 788, "Idade : 32 anos"), (316, 788, "Médico : Dr. Rafael Ferreira"),
                          (36, 776, "Sexo : F")]
    for x in (35, 316):
        lines += [(x, 740, "Exame"), (x + 137, 740, "Valores de"), (x + 216, 740, "Resultado"),
                  (x + 137, 729, "referência")]
    rows = ((("Leucócitos, x10^9/L", "4,00 - 10,00", "7,64"), ("HCM, pg", "27,0 - 34,0", "24,4")),
            (("Hemoglobina, g/l", "115 - 150", "128"), ("RDW, %", "11,6 - 14,0", "12,1")),
            (("Hematócrito, L/L", "0,360 - 0,460", "0,485"), ("Plaquetas, x10^9/L", "150 - 400", "194")))
    for i, pair in enumerate(rows):
        y = 712 - 16 * i
        for x, (name, rng, value) in zip((35, 316), pair, strict=True):
            lines += [(x, y, name), (x + 137, y, rng), (x + 216, y, value)]
    assert [(b.name, b.value, b.unit) for b in parse_pdf(shuffled_pdf(lines)).biomarkers] == [
        ("Leucócitos", 7.64, "x10^9/L"), ("Hemoglobina", 128.0, "g/l"), ("Hematócrito", 0.485, "L/L"),
        ("HCM", 24.4, "pg"), ("RDW", 12.1, "%"), ("Plaquetas", 194.0, "x10^9/L")]


def test_a_note_after_a_blank_line_is_no_line_of_a_row_of_cards() -> None:
    """Two cards side by side read as a panel across the page (names, values, intervals under them); the note a
    blank line under them is not the panel's fourth line (its sentence fell under the second card's column)."""
    pdf = shuffled_pdf([
        (50, 700, "Calcium"), (250, 700, "Magnesium"),
        (50, 688, "2.39 mmol/L"), (250, 688, "0.55 mmol/L"),
        (50, 676, "Ref: 2.15 - 2.55"), (250, 676, "Ref: 0.70 - 1.00"),
        (45, 650, "Note: sample received at 09:15, slight haemolysis; confirm potassium above 5.5 mmol/L."),
    ])
    assert got(parse_pdf(pdf)) == [("Calcium", 2.39, "mmol/L", 2.15, 2.55, "normal"),
                                   ("Magnesium", 0.55, "mmol/L", 0.7, 1.0, "low")]
