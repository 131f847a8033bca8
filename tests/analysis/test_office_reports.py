"""Reports printed from office software, as laboratories and patients print results from a spreadsheet or a
word processor: LibreOffice Calc sheets (gridlines, printed column letters and row numbers, limits in two cells,
formula flags, conditional-format fills, numbers right-aligned under left-aligned titles) and Writer documents
(a table with a repeated header row, lines aligned by tab stops, the letterhead in the page header).

The PDFs in `office_reports/` were made by `python -m tests.analysis.office_reports.make` (LibreOffice; CI has
none), each with its truth as printed (tests/analysis/layoutgen/office.py). Every file is held to the issue-13
targets on reports we never see (recall >= 95 %, precision >= 98 %, flags >= 99 %) over the whole set, and no
file may fall below its floor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.analysis import parse_pdf
from shared.analysis.evaluate import base_flag, match
from shared.analysis.layout.columns import Column, Columns
from shared.analysis.lexicon import Role
from tests.analysis.layoutgen import LANGUAGES, UNIT_SYSTEMS, make_case
from tests.analysis.layoutgen.family import REGISTRY
from tests.analysis.layoutgen.office import OFFICE_FAMILIES, OfficeFamily, soffice
from tests.analysis.layoutgen.printing import implied_flag

HERE = Path(__file__).parent / "office_reports"
NAMES = sorted(p.stem for p in HERE.glob("*.pdf"))
# per-file recall floors where today's parser misses rows (the rest must be read whole)
FLOORS: dict[str, float] = {"office_sheet_plain-fr-conv-0": 0.95}
# per-file wrong flags today's parser still gives (the rest must be right)
FLAG_MISSES: dict[str, int] = {}


def _score(name: str) -> tuple[int, int, int, int]:
    truth = json.loads((HERE / f"{name}.truth.json").read_text(encoding="utf-8"))
    parsed = parse_pdf((HERE / f"{name}.pdf").read_bytes()).biomarkers
    pairs, _, _ = match(truth, parsed)
    return len(truth), len(parsed), len(pairs), sum(base_flag(g.flag) == t["flag"] for t, g in pairs)


def test_fixtures_cover_the_office_families() -> None:
    assert len(NAMES) >= 8
    assert {n.split("-")[0] for n in NAMES} == {"office_sheet", "office_sheet_plain", "office_doc_table", "office_doc_tabs"}
    assert {n.split("-")[1] for n in NAMES} == {"en", "es", "pt", "fr", "it", "de", "id", "zh"}


@pytest.mark.parametrize("name", NAMES)
def test_office_printed_report(name: str) -> None:
    truth, parsed, matched, flags_ok = _score(name)
    assert matched / truth >= FLOORS.get(name, 1.0), (name, truth, parsed, matched)
    assert parsed - matched <= max(1, truth // 20), (name, truth, parsed, matched)
    assert flags_ok >= matched - FLAG_MISSES.get(name, 0), (name, matched, flags_ok)


def test_office_reports_meet_the_targets() -> None:
    t = [_score(n) for n in NAMES]
    truth, parsed, matched, flags_ok = (sum(x[i] for x in t) for i in range(4))
    assert matched / truth >= 0.95 and matched / parsed >= 0.98 and flags_ok / matched >= 0.99, (truth, parsed, matched, flags_ok)


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is missing")
def test_office_families_print_their_truth() -> None:
    """Every office family prints every language (one soffice batch): each truth row's value, name words and
    unit stand in the text layer, and a printed mark agrees with the printed interval."""
    from tests.analysis.test_layoutgen import pdf_text

    for family in OFFICE_FAMILIES:
        fam = REGISTRY[family]
        assert isinstance(fam, OfficeFamily)
        cases = [make_case(i % 3, lang, UNIT_SYSTEMS[i % 2]) for i, lang in enumerate(LANGUAGES)]
        for case, out in zip(cases, fam.render_many(cases), strict=True):
            text = " ".join(pdf_text(out.pdf).split())
            assert out.rows, (family, case.lang)
            for row in out.rows:
                assert " ".join(row.value_text.split()) in text, (family, case.lang, row.name, row.value_text)
                # (a name wrapped in its cell: Chinese breaks anywhere, so it is looked for without the breaks)
                assert all(w in text or w in "".join(text.split()) for w in row.name.split()), (family, case.lang, row.name)
                assert row.unit is None or row.unit in text, (family, case.lang, row.unit)
                if row.ref_low is not None or row.ref_high is not None:
                    assert row.flag == implied_flag(row.value, row.ref_low, row.ref_high), (family, row)


def test_a_number_right_aligned_in_its_cell_belongs_to_the_title_on_its_left() -> None:
    """A sheet's titles are left-aligned and its numbers right-aligned: a number ends just before the next title
    starts ('Min' 4.00 | 'Max' 10.00 | 'Flag', the numbers under the next titles' padding); it is the column
    whose cell it fills, and a lone limit keeps its side. Words, and numbers under the name's title, do not move."""
    cols = Columns([Column(Role.NAME, 44, 88), Column(Role.RESULT, 277, 321), Column(Role.UNIT, 340, 362),
                    Column(Role.RANGE, 399, 421), Column(Role.RANGE, 450, 472), Column(Role.FLAG, 501, 523)], top=0)
    em = 10.0
    assert cols.place(430, 448, em, number=True) == (Role.RANGE, True) and cols.bound(430, 448, em) == 0
    assert cols.place(481, 499, em, number=True) == (Role.RANGE, True) and cols.bound(481, 499, em) == 1
    assert cols.column_at(481, 499, em, number=True) == 4
    assert cols.place(481, 499, em)[0] is Role.FLAG                 # a word there stays where it overlaps
    assert cols.place(316, 338, em, number=True)[0] is Role.RESULT   # 4.60 right-aligned before 'Unit'
    assert cols.bound(402, 418, em) == 0                               # not just before a title: overlap decides
    assert cols.right_aligned_in(260, 275, em) is None                # never into the name's column


def test_a_sheets_printed_headings_are_no_part_of_the_report() -> None:
    """Column letters on one line and row numbers down the left edge under them are dropped; a numbered first
    column with no line of column letters stays."""
    from shared.analysis.layout.words import Word
    from shared.analysis.parser import _drop_sheet_headings

    letters = [Word(c, 100 + 60 * i, 106 + 60 * i, 10, 18) for i, c in enumerate("ABCDE")]
    rows = [w for n in range(1, 9) for w in (Word(str(n), 62, 66, 20 + 12 * n, 28 + 12 * n),
                                             Word(f"Test{n}", 72, 110, 20 + 12 * n, 28 + 12 * n),
                                             Word(f"{n}.5", 200, 215, 20 + 12 * n, 28 + 12 * n))]
    kept = [w.text for w in _drop_sheet_headings(letters + rows)]
    assert kept == [w.text for w in rows if not w.text.isdigit()]
    assert _drop_sheet_headings(rows) == rows


def test_a_chinese_name_set_in_two_fonts_is_one_word() -> None:
    """'维生素' (a CJK face) and 'B12(VB12)' (a Latin one) a hair apart are one name; a space's gap, or a number
    after the Chinese, keeps them apart; a name's lines run on with no space after a Chinese character."""
    from shared.analysis.layout.words import Word
    from shared.analysis.parser import _joined, _run_on_cjk

    words = [Word("维生素", 44, 66.5, 296.6, 303.4), Word("B12(VB12)", 68, 103, 296.9, 303.9),
             Word("339", 271, 283, 296.9, 303.9)]
    assert [w.text for w in _run_on_cjk(words)] == ["维生素B12(VB12)", "339"]
    apart = [Word("维生素", 44, 66.5, 296.6, 303.4), Word("B12", 70, 90, 296.9, 303.9)]
    assert [w.text for w in _run_on_cjk(apart)] == ["维生素", "B12"]
    assert _joined("平均红细胞血红", "蛋白浓度") == "平均红细胞血红蛋白浓度" and _joined("Mean Cell", "Volume") == "Mean Cell Volume"
