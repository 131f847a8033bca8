"""Layout ideas found together in the combinatorial family (tests/analysis/layoutgen/families/mix.py), each on a
small PDF built here (text drawn out of reading order): a specimen column between the name and the value, a
numeric test code before the name, a header-less table with an earlier result and a unit column after the
value, and a header-less table whose marks stand before the values and whose intervals come first in brackets."""

from __future__ import annotations

from shared.analysis import parse_pdf
from shared.analysis.evaluate import match
from tests.analysis.layoutgen.case import make_case, report_length
from tests.analysis.layoutgen.families.mix import dims
from tests.analysis.layoutgen.family import REGISTRY
from tests.analysis.test_layout_kinds import got, shuffled_pdf


def _table(titles: list[tuple[int, str]], rows: list[tuple[str, ...]], xs: list[int]) -> list[tuple]:
    lines: list[tuple] = [(x, 780, t) for x, t in titles]
    for i, row in enumerate(rows):
        lines += [(x, 760 - 16 * i, cell) for x, cell in zip(xs, row, strict=True) if cell]
    return lines


def test_a_specimen_column_between_the_name_and_the_value_is_no_part_of_the_name() -> None:
    xs = [50, 190, 300, 360, 430]
    rows = [("Haemoglobin", "EDTA blood", "13.4", "g/dL", "12.0 - 15.5"), ("Platelets", "EDTA blood", "243", "10^9/L", "150 - 400"),
            ("Sodium", "Serum", "149", "mmol/L", "135 - 145"), ("Creatinine", "Serum", "0.9", "mg/dL", "0.6 - 1.1")]
    rep = parse_pdf(shuffled_pdf(_table([(50, "Test"), (190, "Specimen"), (300, "Result"), (360, "Unit"),
                                         (430, "Reference Range")], rows, xs)))
    assert got(rep) == [("Haemoglobin", 13.4, "g/dL", 12.0, 15.5, "normal"), ("Platelets", 243.0, "10^9/L", 150.0, 400.0, "normal"),
                        ("Sodium", 149.0, "mmol/L", 135.0, 145.0, "high"), ("Creatinine", 0.9, "mg/dL", 0.6, 1.1, "normal")]


def test_a_numeric_test_code_before_the_name_is_no_value() -> None:
    xs = [50, 100, 250, 310, 380]
    """Three rows under no header: too few to read columns from, the row grammar alone decides."""
    rows = [("3275", "Urea", "5.3", "mmol/L", "2.1 - 7.1"), ("8406", "Creatinine", "90", "umol/L", "64 - 104"),
            ("7069", "Ferritin", "18", "ug/L", "24 - 336")]
    rep = parse_pdf(shuffled_pdf(_table([], rows, xs)))
    assert got(rep) == [("Urea", 5.3, "mmol/L", 2.1, 7.1, "normal"), ("Creatinine", 90.0, "umol/L", 64.0, 104.0, "normal"),
                        ("Ferritin", 18.0, "ug/L", 24.0, 336.0, "low")]


def test_a_headerless_table_with_an_earlier_result_before_the_unit_column() -> None:
    """name | range | result | previous | unit: the second number is an earlier result, not the same test in
    another unit (that needs the result's own unit beside it: '55.4 %  7.1 10^9/L')."""
    xs = [50, 230, 330, 390, 450]
    rows = [("Leukocytes", "4.00 - 10.00", "5.03", "5.25", "10^9/L"), ("Haemoglobin", "130 - 175", "151", "161", "g/L"),
            ("Haematocrit", "40.0 - 50.0", "41.0", "40.1", "%"), ("MCV", "82.0 - 100.0", "95.4", "99.0", "fL"),
            ("Platelets", "150 - 400", "461", "221", "10^9/L")]
    rep = parse_pdf(shuffled_pdf(_table([], rows, xs)))
    assert got(rep) == [("Leukocytes", 5.03, "10^9/L", 4.0, 10.0, "normal"), ("Haemoglobin", 151.0, "g/L", 130.0, 175.0, "normal"),
                        ("Haematocrit", 41.0, "%", 40.0, 50.0, "normal"), ("MCV", 95.4, "fL", 82.0, 100.0, "normal"),
                        ("Platelets", 461.0, "10^9/L", 150.0, 400.0, "high")]


def test_a_headerless_table_with_marks_before_the_values_and_bracketed_intervals_first() -> None:
    xs = [50, 230, 330, 420]
    rows = [("Leukocytes", "[4500 - 11000]", "/uL", "** 1640"), ("Haemoglobin", "[13.8 - 17.2]", "g/dL", "16.4"),
            ("Platelets", "[150 - 400]", "10^3/uL", "* 565"), ("MCV", "[80.0 - 100.0]", "fL", "* 108.0"),
            ("Glucose", "[70 - 99]", "mg/dL", "* 55")]
    rep = parse_pdf(shuffled_pdf(_table([(50, "Tutkimus"), (230, "Viitearvot"), (330, "Yksikko"), (420, "Tulos")],
                                        rows, xs)))
    assert [(b.name, b.value, b.unit, b.ref_low, b.ref_high) for b in rep.biomarkers] == [
        ("Leukocytes", 1640.0, "/uL", 4500.0, 11000.0), ("Haemoglobin", 16.4, "g/dL", 13.8, 17.2),
        ("Platelets", 565.0, "10^3/uL", 150.0, 400.0), ("MCV", 108.0, "fL", 80.0, 100.0), ("Glucose", 55.0, "mg/dL", 70.0, 99.0)]
    assert [b.flag for b in rep.biomarkers] == ["low", "normal", "high", "high", "low"]


def test_a_headerless_table_whose_names_carry_their_units_and_whose_intervals_come_first() -> None:
    """'Hemoglobina (Hb) [g/dl]  ( 12.0 a 15.5 )  13.5': the name cell holds a unit, still the column of names."""
    xs = [50, 250, 400]
    rows = [("Hemoglobina (Hb) [g/dl]", "( 12.0 a 15.5 )", "13.5"), ("Hematocrito [%]", "( 36.0 a 46.0 )", "47.1"),
            ("VCM [fL]", "( 82.0 a 100.0 )", "95.4"), ("Plaquetas [10^3/uL]", "( 150 a 400 )", "243"),
            ("Glucosa [mg/dl]", "( 70 a 99 )", "88")]
    rep = parse_pdf(shuffled_pdf(_table([], rows, xs)))
    assert got(rep) == [("Hemoglobina (Hb)", 13.5, "g/dl", 12.0, 15.5, "normal"), ("Hematocrito", 47.1, "%", 36.0, 46.0, "high"),
                        ("VCM", 95.4, "fL", 82.0, 100.0, "normal"), ("Plaquetas", 243.0, "10^3/uL", 150.0, 400.0, "normal"),
                        ("Glucosa", 88.0, "mg/dl", 70.0, 99.0, "normal")]


def test_a_minus_sign_in_the_flag_column_before_the_range_column_is_a_low_flag() -> None:
    xs = [50, 220, 290, 340]
    rows = [("Leukosit", "1.6", "-", "4.5 - 11.0"), ("Eritrosit", "3.62", "-", "4.30 - 5.80"),
            ("Trombosit", "465", "+", "150 - 400"), ("Hematokrit", "44.0", "", "40.0 - 50.0")]
    rep = parse_pdf(shuffled_pdf(_table([(50, "Test"), (220, "Result"), (290, "Flag"), (340, "Reference Range")], rows, xs)))
    assert [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in rep.biomarkers] == [
        ("Leukosit", 1.6, 4.5, 11.0, "low"), ("Eritrosit", 3.62, 4.3, 5.8, "low"), ("Trombosit", 465.0, 150.0, 400.0, "high"),
        ("Hematokrit", 44.0, 40.0, 50.0, "normal")]


def test_a_bracketed_interval_whose_semicolon_is_spaced_from_the_upper_bound() -> None:
    xs = [50, 220, 290, 360]
    rows = [("Hemoglobin", "141", "g/L", "[130; 175]"), ("Sodium", "149", "mmol/L", "[135; 145]"),
            ("Urea", "5.3", "mmol/L", "[2.1; 7.1]")]
    rep = parse_pdf(shuffled_pdf(_table([(50, "Test"), (220, "Result"), (290, "Unit"), (360, "Reference Range")], rows, xs)))
    assert got(rep) == [("Hemoglobin", 141.0, "g/L", 130.0, 175.0, "normal"), ("Sodium", 149.0, "mmol/L", 135.0, 145.0, "high"),
                        ("Urea", 5.3, "mmol/L", 2.1, 7.1, "normal")]


def test_two_tables_side_by_side_whose_rows_start_with_a_numeric_test_code() -> None:
    """Code | Test | Result | Range | Unit twice across the page: the right table's codes start its rows as a row
    number would, so the page is cut between the two tables."""
    left = [("3212", "Leukocytes", "7.40", "4.00 - 10.00", "10^9/L"), ("3177", "Erythrocytes", "6.15", "4.30 - 5.80", "10^12/L"),
            ("8420", "Haemoglobin", "165", "130 - 175", "g/L"), ("8504", "Haematocrit", "48.6", "40.0 - 50.0", "%"),
            ("3282", "MCV", "88.0", "80.0 - 100.0", "fL"), ("3184", "MCH", "29.0", "27.0 - 33.0", "pg")]
    right = [("7818", "Platelets", "648", "150 - 450", "10^9/L"), ("3373", "MPV", "7.2", "7.4 - 10.4", "fL"),
             ("7062", "Neutrophils", "60.5", "40.0 - 75.0", "%"), ("7832", "Lymphocytes", "30.9", "20.0 - 45.0", "%"),
             ("7041", "Monocytes", "5.4", "2.0 - 10.0", "%"), ("6243", "Eosinophils", "1.9", "1.0 - 6.0", "%")]
    titles = ["Code", "Test", "Result", "Ref. range", "Unit"]
    lines: list[tuple] = []
    for x0, rows in ((40, left), (310, right)):
        xs = [x0, x0 + 25, x0 + 105, x0 + 150, x0 + 215]
        lines += _table(list(zip(xs, titles, strict=True)), rows, xs)
    rep = parse_pdf(shuffled_pdf(lines))
    assert sorted((b.name, b.value, b.unit, b.ref_low, b.ref_high) for b in rep.biomarkers) == sorted(
        (name, float(value), unit, float(rng.split(" - ")[0]), float(rng.split(" - ")[1]))
        for _, name, value, rng, unit in left + right)


def test_two_tables_side_by_side_under_foreign_titles_wrapped_over_the_values() -> None:
    """'What we measured | Your / number | Expected | Measure' twice across the page: the wrapped title's second
    word ('number') stands over the first value as a card's name over its value would, on both sides of the gap
    between the value and the range columns. The rows below are rows, not cards, so the page is cut between the
    two tables, not inside the left one."""
    left = [("Leucociti", "10040", "[4500;11000]", "/mm3"), ("Globuli rossi", "4.50", "[4.20;5.40]", "10^6/uL"),
            ("Emoglobina", "14.1", "[12.1;15.1]", "g/dL"), ("Ematocrito", "47.9", "[36.1;44.3]", "%"),
            ("MCV", "93.0", "[80.0;100.0]", "fL"), ("Prolattina", "18.8", "[2.0;29.0]", "ng/mL")]
    right = [("Eosinofili", "2.7", "[1.0;6.0]", "%"), ("Basofili", "3.4", "[0.0;2.0]", "%"),
             ("Folati", "4.7", "[2.7;17.0]", "ng/mL"), ("CPK", "232", "[26;192]", "U/L"),
             ("Amilasi", "22", "[40;140]", "U/L"), ("Sodio", "148", "[135;145]", "mmol/L")]
    lines: list[tuple] = []
    for x0, rows in ((35, left), (308, right)):
        xs = [x0, x0 + 118, x0 + 160, x0 + 222]
        lines += [(x0, 790, "What we measured"), (x0 + 118, 790, "Your"), (x0 + 113, 777, "number"),
                  (x0 + 160, 790, "Expected"), (x0 + 222, 790, "Measure")]
        lines += _table([], rows, xs)
    rep = parse_pdf(shuffled_pdf(lines))
    assert sorted((b.name, b.value, b.unit, b.ref_low, b.ref_high) for b in rep.biomarkers) == sorted(
        (name, float(value), unit, *(float(x) for x in rng.strip("[]").split(";"))) for name, value, rng, unit in left + right)



def test_a_table_under_foreign_titles_whose_code_and_value_stand_under_titles_like_cards() -> None:
    """The mix family's Italian SI report of seed 21 (code | name, unit | (range) | result | flag under Hungarian
    titles, a note among the rows): the first title over the first code and the result's title over the first
    value read as a row of cards on both sides of the wide gap before the results; the rows under them are rows,
    so the table is not cut there (its names and intervals were parted from their values: 9 of 36 read)."""
    case = make_case(21, "it", "si", report_length(21))
    assert dims(case)["extra_col"] == "code" and dims(case)["header"] == "foreign"
    out = REGISTRY["mix"].render(case)
    pairs, _, _ = match([r.as_json() for r in out.rows], parse_pdf(out.pdf).biomarkers)
    assert len(pairs) == len(out.rows)


def test_a_minus_sign_column_beside_a_bracketed_interval_is_a_low_flag() -> None:
    """A '-' (low) or '+' (high) column under no header, between the value and its bracketed interval
    ('1,8  -  [4,5;11,0]', '3,90  -  ( 4,30 - 5,80 )') or between the interval and the value: no interval runs
    into or out of a bracket, so the '-' is neither a separator ('1,8 - 4,5') nor a negative value ('-1,8')."""
    xs = [50, 220, 270, 330]
    rows = [("Leucocitos", "1,8", "-", "[4,5;11,0]"), ("Hematies", "3,90", "-", "( 4,30 - 5,80 )"),
            ("Linfocitos", "54,4", "+", "[20,0;45,0]"), ("Hematocrito", "48,5", "", "[40,0;50,0]")]
    want = [("Leucocitos", 1.8, 4.5, 11.0, "low"), ("Hematies", 3.9, 4.3, 5.8, "low"),
            ("Linfocitos", 54.4, 20.0, 45.0, "high"), ("Hematocrito", 48.5, 40.0, 50.0, "normal")]
    rep = parse_pdf(shuffled_pdf(_table([], rows, xs)))
    assert [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in rep.biomarkers] == want
    first = [(name, rng, sign, value) for name, value, sign, rng in rows]
    rep = parse_pdf(shuffled_pdf(_table([], first, [50, 220, 330, 380])))
    assert [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in rep.biomarkers] == want


def test_a_minus_sign_a_column_apart_before_the_value_is_a_low_flag() -> None:
    """Range | untitled flag column | result: '8,6 a 10,3   -   8,1' is flagged low, not a value of -8,1 (a
    negative number prints its sign against its digits)."""
    xs = [50, 170, 235, 260, 300]
    rows = [("Calcio", "8,6 a 10,3", "-", "8,1", "mg/dL"), ("Sodio", "135 a 145", "", "143", "mmol/L"),
            ("Bicarbonato", "22 a 29", "+", "30", "mmol/L"), ("Fósforo", "2,5 a 4,5", "-", "1,8", "mg/dL")]
    rep = parse_pdf(shuffled_pdf(_table([(50, "Prueba"), (170, "Valores de referencia"), (260, "Resultados"),
                                         (300, "Unidades")], rows, xs)))
    assert [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in rep.biomarkers] == [
        ("Calcio", 8.1, 8.6, 10.3, "low"), ("Sodio", 143.0, 135.0, 145.0, "normal"),
        ("Bicarbonato", 30.0, 22.0, 29.0, "high"), ("Fósforo", 1.8, 2.5, 4.5, "low")]


def test_a_specimen_title_a_space_before_the_range_title_is_a_column_of_its_own() -> None:
    """'PRÉLÈVEMENT VALEURS USUELLES': the specimen column's title (lexicon.HEADER_WORDS, Role.OTHER) printed a
    space before the range's; read as one range title, the specimen ('Sang total EDTA') ran into the names."""
    xs = [35, 170, 255, 417, 503]
    rows = [("Globules blancs", "Sang total EDTA", "( 4,5 - 11,0 )", "5,1", "/nL"),
            ("Hématies", "Sang total EDTA", "( 4,20 - 5,40 )", "6,01", "Million/uL"),
            ("Sodium", "Sérum", "( 135 - 145 )", "140", "mEq/L"), ("Calcium", "Sérum", "( 8,6 - 10,3 )", "9,6", "mg/dl")]
    rep = parse_pdf(shuffled_pdf(_table([(35, "PARAMÈTRE"), (170, "PRÉLÈVEMENT"), (248, "VALEURS USUELLES"),
                                         (417, "RÉSULTATS"), (503, "UNITÉS")], rows, xs)))
    assert got(rep) == [("Globules blancs", 5.1, "/nL", 4.5, 11.0, "normal"),
                        ("Hématies", 6.01, "Million/uL", 4.2, 5.4, "high"), ("Sodium", 140.0, "mEq/L", 135.0, 145.0, "normal"),
                        ("Calcium", 9.6, "mg/dl", 8.6, 10.3, "normal")]



def test_a_specimen_run_on_to_the_edge_of_the_value_column_is_no_part_of_the_name() -> None:
    """The mix family's English conventional report of seed 20: 'EDTA Whole Blood' under 'Sample', printed
    small to fit, its last word a space from the one before and at the edge of the value's column (that title
    widened a little reaches it). It is still the specimen's cell, not a word of the name (11 of 31 read)."""
    case = make_case(20, "en", "conv", report_length(20))
    assert dims(case)["extra_col"] == "specimen" and dims(case)["header"] == "known"
    out = REGISTRY["mix"].render(case)
    pairs, _, extra = match([r.as_json() for r in out.rows], parse_pdf(out.pdf).biomarkers)
    assert len(pairs) == len(out.rows) and not extra


def test_units_with_digits_in_the_names_do_not_make_a_column_of_names_a_table_of_its_own() -> None:
    """The mix family's Indonesian conventional report of seed 21 (names carrying their units, 'Trombosit,
    10^3/uL', a specimen column, notes between rows, titles in words we do not know): a name cell whose unit
    holds digits read as a result row, so the block cutter took the names for a table beside the specimens and
    values and cut the page between them (the rows below read as 'Darah EDTA 34.9': 26 of 36 read). The one
    row whose long name runs into the specimen's cell ('... Rata-rata, g/dl Darah EDTA') is still lost."""
    case = make_case(21, "id", "conv", report_length(21))
    assert dims(case)["unit_at"] == "name" and dims(case)["extra_col"] == "specimen"
    out = REGISTRY["mix"].render(case)
    parsed = parse_pdf(out.pdf).biomarkers
    pairs, _, extra = match([r.as_json() for r in out.rows], parsed)
    assert len(pairs) >= len(out.rows) - 1 and not extra


def _read_whole(seed: int, lang: str, units: str) -> tuple[int, int, int, int]:
    """(truth rows, matched, parsed, matched with the right flag) of one report of the mix family."""
    out = REGISTRY["mix"].render(make_case(seed, lang, units, report_length(seed)))
    parsed = parse_pdf(out.pdf).biomarkers
    pairs, _, _ = match([r.as_json() for r in out.rows], parsed)
    return len(out.rows), len(pairs), len(parsed), sum(g.flag == t["flag"] for t, g in pairs)


def test_a_code_column_under_a_title_is_no_row_of_cards() -> None:
    """The mix family's Chinese SI report of seed 3 (code | name | mark | value with unit | interval, under
    titles we do not know): the titles over the codes ('Catalogue' over '3212') and over the values ('Your
    number' over '1.6') read as a row of cards on both sides of the gap before the values, and the page was cut
    there (the report rejected: no result). A code followed by a name on its line starts a row, not a card."""
    case = make_case(3, "zh", "si", report_length(3))
    assert dims(case)["extra_col"] == "code" and dims(case)["header"] == "foreign"
    truth, matched, parsed, _ = _read_whole(3, "zh", "si")
    assert matched >= truth - 1 and parsed == matched


def test_a_letter_raised_after_the_unit_is_a_footnote_mark_not_a_flag() -> None:
    """Footnote marks raised after the value's unit ('165 g/l' + 'c', '1.9%' + 'a'): the letter is no flag
    ('a' reads 'alto', 'b' 'bajo') nor part of the unit. The mix family's German conventional report of seed 18
    (units glued to the values, raised footnotes): 30 of 36 flags right before."""
    truth, matched, parsed, flags = _read_whole(18, "de", "conv")
    assert matched == truth == parsed and flags == truth
    assert _read_whole(3, "zh", "si")[1:] == (16, 16, 16)


def test_a_sign_column_between_names_carrying_their_units_and_the_values() -> None:
    """'Ferritina - ug/L   -   8   9   [24; 336]': a '+' or '-' alone in its column between the name (its unit
    after a dash) and the value is the flag, neither the name's last word nor a negative value ('-8')."""
    xs = [40, 250, 300, 370, 440]
    rows = [("Ferritina - ug/L", "-", "8", "9", "[24; 336]"), ("Transferrina - g/l", "", "3.09", "2.74", "[2.00; 3.60]"),
            ("Basofili % - %", "+", "2.6", "2.4", "[0.0; 2.0]"), ("Urea - mmol/l", "-", "0.7", "0.8", "[2.1; 7.1]"),
            ("TSH - mIU/L", "", "2.21", "2.03", "[0.27; 4.20]")]
    rep = parse_pdf(shuffled_pdf(_table([(40, "Εξέταση"), (300, "Αποτέλεσμα"), (370, "Προηγούμενη"),
                                         (440, "Τιμές αναφοράς")], rows, xs)))
    assert got(rep) == [("Ferritina", 8.0, "ug/L", 24.0, 336.0, "low"), ("Transferrina", 3.09, "g/l", 2.0, 3.6, "normal"),
                        ("Basofili %", 2.6, "%", 0.0, 2.0, "high"), ("Urea", 0.7, "mmol/l", 2.1, 7.1, "low"),
                        ("TSH", 2.21, "mIU/L", 0.27, 4.2, "normal")]


def test_a_unit_wrapped_under_the_name_is_the_results_unit() -> None:
    """'Mean Corpuscular Hemoglobin' 30.3 ... with '(pg)' on the next line under the name: a name wrapped with
    its unit in brackets (units in the name, a narrow name column) leaves the unit on the second line."""
    lines: list[tuple] = [(50, 790, "Test"), (250, 790, "Result"), (330, 790, "Reference Range")]
    rows = [("Mean Corpuscular Hemoglobin", "(pg)", "30.3", "[27.0;33.0]"), ("Haemoglobin (g/dL)", None, "14.9", "[13.8;17.2]"),
            ("Absolute Neutrophil Count", "(10^3/uL)", "8.12", "[1.80;7.70]")]
    y = 770
    for name, unit, value, rng in rows:
        lines += [(50, y, name), (250, y, value), (330, y, rng)]
        if unit:
            y -= 12
            lines.append((50, y, unit))
        y -= 20
    rep = parse_pdf(shuffled_pdf(lines))
    assert got(rep) == [("Mean Corpuscular Hemoglobin", 30.3, "pg", 27.0, 33.0, "normal"),
                        ("Haemoglobin", 14.9, "g/dL", 13.8, 17.2, "normal"),
                        ("Absolute Neutrophil Count", 8.12, "10^3/uL", 1.8, 7.7, "high")]


def test_two_tables_side_by_side_are_cut_at_the_widest_gap() -> None:
    """The mix family's English SI report of seed 6: two tables side by side, each name | interval | value |
    prior result. The gap between the left table's values and its prior results passed for the gutter (the
    prior results '356', '221' read as the right side's row numbers), so the right table's rows took them as
    names (20 of 39 read). Between rows (not cards) the widest gap is tried first."""
    case = make_case(6, "en", "si", report_length(6))
    assert dims(case)["layout"] == "side" and dims(case)["extra_col"] == "prev"
    assert _read_whole(6, "en", "si") == (39, 39, 39, 39)


def test_a_section_title_over_a_code_column_is_no_fragment_of_the_row_below() -> None:
    """Code | Test | Reference | Result | Unit with a section title at the table's left edge, close above its
    first row: the title stands over the code column only, so it joined the row below as a cell printed over
    two lines would, and the row took the title for its name ('Haematology' 8.7 10^9/L)."""
    xs = [57, 104, 233, 362, 485]
    lines: list[tuple] = [(x, 790, t) for x, t in zip(xs, ["Code", "Test", "Reference", "Result", "Unit"], strict=True)]
    y = 772
    for title, rows in (("Haematology", [("3212", "Leukocytes", "4.5 - 11.0", "8.7", "10^9/L"),
                                         ("3177", "Erythrocytes", "4.30 - 5.80", "6.07", "10^12/L")]),
                        ("Iron studies", [("3270", "Ferritin", "24 - 336", "18", "ug/L"),
                                          ("3271", "Transferrin", "2.00 - 3.60", "2.40", "g/L")])):
        lines.append((57, y, title))
        y -= 13
        for row in rows:
            lines += [(x, y, cell) for x, cell in zip(xs, row, strict=True)]
            y -= 16
    rep = parse_pdf(shuffled_pdf(lines))
    assert got(rep) == [("Leukocytes", 8.7, "10^9/L", 4.5, 11.0, "normal"), ("Erythrocytes", 6.07, "10^12/L", 4.3, 5.8, "high"),
                        ("Ferritin", 18.0, "ug/L", 24.0, 336.0, "low"), ("Transferrin", 2.4, "g/L", 2.0, 3.6, "normal")]
