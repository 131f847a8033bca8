"""Gauges drawn in text characters beside a result (shared/analysis/gauges.py, lexicon.GAUGE_*): a word made only
of gauge characters is a drawing, not a name, value, flag or separator; what such characters mean alone is kept;
a gauge whose ends print the bounds gives the interval. The generated family: layoutgen/families/char_gauge.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.analysis.gauges import drop_gauges, is_gauge_word
from shared.analysis.lexicon import (
    FLAG_WORDS,
    GAUGE_CHARS,
    GAUGE_ENDS,
    GAUGE_GLYPHS,
    GAUGE_MARKERS,
    GAUGE_TRACK,
    GE_SIGNS,
    LE_SIGNS,
    RANGE_SEPARATORS,
)
from shared.analysis.parser import parse_texts, text_words

PROFILE = settings(max_examples=200, deadline=None)
KEPT = sorted(k for k in set(FLAG_WORDS) | RANGE_SEPARATORS | LE_SIGNS | GE_SIGNS if k and set(k) <= GAUGE_CHARS)
TRACK = st.sampled_from(sorted(set(GAUGE_TRACK) - set("|")))
MARK = st.sampled_from(sorted(set(GAUGE_MARKERS)))


def _bar(track: str, n: int, mark: str, at: int) -> str:
    cells = [track] * n
    cells[min(at, n - 1)] = mark
    return "|" + "".join(cells) + "|"


@PROFILE
@given(TRACK, st.integers(2, 12), MARK, st.integers(0, 12))
def test_a_bar_with_a_marker_is_a_drawing(track: str, n: int, mark: str, at: int) -> None:
    assert is_gauge_word(_bar(track, n, mark, at))
    assert is_gauge_word(mark + "|" + track * n + "|") and is_gauge_word("|" + track * n + "|" + mark)


@PROFILE
@given(st.text(alphabet="".join(sorted(GAUGE_CHARS)), min_size=2, max_size=20))
def test_a_word_of_gauge_characters_is_a_drawing_unless_it_means_something_alone(word: str) -> None:
    core = [c for c in word if c not in GAUGE_ENDS]
    kept = (word in KEPT or (len(set(word)) == 1 and word[0] in "*+-–—−!†")
            or (len(core) < 2 and not set(core) & set(GAUGE_GLYPHS)))
    assert is_gauge_word(word) is not kept


@pytest.mark.parametrize("word", KEPT + ["*", "**", "***", "+", "++", "-", "--", "---", "----", "–", "↑", "↓", "▲",
                                         "▼", "↑↑", "<", ">", "<=", "≥", "(", ")", "[", "]", "|", "..", "!", "(*)",
                                         "(<", "[>", "(≤", "<)", "(-", "-)", "()", "<>"])
def test_flags_separators_signs_and_missing_results_are_kept(word: str) -> None:
    assert not is_gauge_word(word)


@pytest.mark.parametrize("word", ["H", "L", "70", "70-99", "(70-99)", "Glucose", "mg/dL", "x10^9/L", "<5", "--5"])
def test_words_with_letters_or_digits_are_never_a_drawing(word: str) -> None:
    assert not is_gauge_word(word)


@pytest.mark.parametrize("word", ["|---x--|", "x|------|", "|------|X", "|--o---|", "|--#---|", "#|-----|", "[==X==]"])
def test_a_marker_drawn_as_a_letter_or_hash_is_part_of_the_drawing(word: str) -> None:
    assert is_gauge_word(word)


@pytest.mark.parametrize("word", ["x", "X", "o", "xx", "x--", "|x|", "Box", "|-xx-|", "#", "x10^9/L"])
def test_a_letter_is_no_marker_without_a_track_around_it(word: str) -> None:
    assert not is_gauge_word(word)


@pytest.mark.parametrize("glyph", sorted(GAUGE_GLYPHS))
def test_one_glyph_alone_is_a_drawing(glyph: str) -> None:
    assert is_gauge_word(glyph)


def test_the_tables_are_disjoint_from_letters_and_digits() -> None:
    assert not any(c.isalnum() for c in GAUGE_CHARS)
    assert set(GAUGE_ENDS) <= GAUGE_CHARS


def _texts(line: str) -> list[str]:
    return [w.text for w in drop_gauges(text_words(line))]


def test_a_gauge_between_its_bounds_is_the_interval_and_its_end_labels_go() -> None:
    assert _texts("Glucose 105 mg/dL L [ 70 ----+---- 99 ] H ▲") == ["Glucose", "105", "mg/dL", "[", "70", "-", "99",
                                                                      "]", "▲"]
    assert _texts("Glucose 105 mg/dL [70 ----+---- 99]") == ["Glucose", "105", "mg/dL", "[70", "-", "99]"]


def test_a_gauge_between_the_value_and_the_interval_is_dropped() -> None:
    # '105 ○○●○ 70 - 99': the value, then the interval (no bounds: 70 is where an interval starts)
    assert _texts("Glucose 105 ○○○○● 70 - 99") == ["Glucose", "105", "70", "-", "99"]
    assert _texts("INR 1.1 |--*--| 0.8 - 1.2") == ["INR", "1.1", "0.8", "-", "1.2"]   # 1.1 > 0.8: no bounds
    # a flag right after a value and before the bounds is no end label (no high label after them)
    assert _texts("Glucose 105 L [ 70 ----+---- 99 ]") == ["Glucose", "105", "L", "[", "70", "-", "99", "]"]


@pytest.mark.parametrize("text, flags", [
    ("Test Result Unit Reference\nGlucose 105 mg/dL 70-99 |------|--*\nHemoglobin 13.5 g/dL 12.0-16.0 |---*--|\n"
     "Ferritin 8 ng/mL 15-150 *|------|", ["high", "normal", "low"]),
    ("Test Result Unit Reference Range\nGlucose 105 mg/dL [=====|=====|==●==] 70 - 99\n"
     "Hemoglobin 13.5 g/dL [=====|==●==|=====] 12.0 - 16.0\nFerritin 8 ng/mL [==●==|=====|=====] 15 - 150",
     ["high", "normal", "low"]),
    ("Glucose 105 mg/dL ▁▁▁▁▁▁█▁ (70-99) HIGH\nHemoglobin 13.5 g/dL ▁▁▁█▁▁▁▁ (12.0-16.0)\n"
     "Ferritin 8 ng/mL █▁▁▁▁▁▁▁ (15-150) LOW", ["high", "normal", "low"]),
    ("Glucose ........ 105 mg/dL   L [ 70 ----+---- 99 ] H  ▲\nHemoglobin ........ 13.5 g/dL   L [ 12.0 ----+---- 16.0 ] H\n"
     "Ferritin ........ 8 ng/mL   L [ 15 *-------- 150 ] H  ▼", ["high", "normal", "low"]),
    ("Glucose 105 mg/dL ○○○○● 70-99\nHemoglobin 13.5 g/dL ○○●○○ 12.0-16.0\nFerritin 8 ng/mL ●○○○○ 15-150",
     ["high", "normal", "low"]),
    ("Test Result Unit Reference\nGlucose 105 mg/dL 70-99 |------|x\nHemoglobin 13.5 g/dL 12.0-16.0 |---o--|\n"
     "Ferritin 8 ng/mL 15-150 #|------|", ["high", "normal", "low"]),
    ("Glucose 105 mg/dL ■■■■■ 70-99 *\nHemoglobin 13.5 g/dL ■■■□□ 12.0-16.0\nFerritin 8 ng/mL ■□□□□ 15-150 *",
     ["high", "normal", "low"]),
])
def test_rows_with_a_gauge_read_as_without_it(text: str, flags: list[str]) -> None:
    got = parse_texts([text]).biomarkers
    assert [(b.name, b.value, b.ref_low, b.ref_high, b.flag) for b in got] == [
        ("Glucose", 105.0, 70.0, 99.0, flags[0]), ("Hemoglobin", 13.5, 12.0, 16.0, flags[1]),
        ("Ferritin", 8.0, 15.0, 150.0, flags[2])]


def test_a_bracketed_one_sided_interval_is_no_drawing() -> None:
    got = parse_texts(["Glucose 105 mg/dL (70 - 99)\nGFR 126 mL/min/1.73 m2 (> 90) ○○○●○\nCRP 5.3 mg/L [< 5.0] ▁▁▁▁█"]).biomarkers
    assert [(b.name, b.ref_low, b.ref_high, b.flag) for b in got] == [
        ("Glucose", 70.0, 99.0, "high"), ("GFR", 90.0, None, "normal"), ("CRP", None, 5.0, "high")]


def test_a_missing_result_and_flags_next_to_a_gauge_keep_their_meaning() -> None:
    got = parse_texts(["Test Result Unit Reference\nGlucose 105 mg/dL ++ 70 - 99 |------|*\n"
                       "Hemoglobin 13.5 g/dL 12.0 - 16.0 |---*--|\nFerritin 8 ng/mL ↓ 15 - 150 *|------|"]).biomarkers
    assert [(b.name, b.flag) for b in got] == [("Glucose", "high"), ("Hemoglobin", "normal"), ("Ferritin", "low")]
