"""compile_led: the same matches as re.compile, with a lookahead for the first characters where they are known."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.analysis import patient
from shared.analysis.leadchars import compile_led

PATIENT_RES = [name for name, value in vars(patient).items() if isinstance(value, re.Pattern)]
# letters, digits and punctuation of the header fields, and the first letters of their labels in other cases
_ALPHABET = st.sampled_from(list("dDbBnNsSgGjJkKpPaAeEtTâÂMmFfLlyY0123456789 :/-.()\n性别姓名年龄出生日期报告") +
                            ["ſ", "K", "Date", "DOB", "Sex", "Age", "Name", "Patient", "Jenis Kelamin", "Tanggal",
                             "Report Date", "12/09/1987", "Laboratory", "Male", "Female", "Perempuan", " years"])


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def test_led_patterns_in_patient():
    """The label regexes of the patient header start with an alternation: they get a lookahead."""
    for name in ("_SEX_RE", "_BIRTH_RE", "_NAME_RE", "_DATE_LABEL_BEFORE", "_AGE_RE"):
        assert getattr(patient, name).pattern.startswith("(?=["), name


@pytest.mark.parametrize(("pattern", "lead"), [
    (r"(?:\bdob\b|born|出生)\s*(\d+)", "(?=[db出])"),
    (r"(?:\b|(?<=\W)|^)(?:(ab)|(c\d))\s*$", "(?=[ac])"),
    (r"\b(\d{1,3})\s*/\s*(m|f)\b", r"(?=[\d])"),
    (r"(?:x|y)?z", "(?=[xyz])"),
])
def test_lead_computed(pattern, lead):
    assert compile_led(pattern, re.IGNORECASE).pattern == f"{lead}(?:{pattern})"


@pytest.mark.parametrize("pattern", [r"a?", r".b", r"[^a]b", r"(?-i:a)b", r"abc", r"(?:.|a)b"])
def test_unknown_or_literal_start_compiles_plain(pattern):
    assert compile_led(pattern, re.IGNORECASE).pattern == pattern


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_same_matches_as_plain(text):
    for name in PATIENT_RES:
        led = getattr(patient, name)
        plain = re.compile(re.sub(r"^\(\?=\[[^\]]*\]\)\(\?:(.*)\)$", r"\1", led.pattern, flags=re.S), led.flags)
        assert _spans(led, text) == _spans(plain, text), name


def _labelled_date_every_position(text: str) -> str | None:
    """patient._labelled_date as it was before it skipped lines: the date pattern run over the whole text."""
    best = None
    for m in patient._DATE_ONLY.finditer(text):
        label = patient._DATE_LABEL_BEFORE.search(text[max(0, m.start() - 40):m.start()])
        if label is None:
            continue
        rank = next(i for i, g in enumerate(label.groups()) if g is not None)
        if best is None or rank < best[0]:
            best = (rank, m.group(0))
    return best[1] if best else None


_DATE_ALPHABET = st.sampled_from(list("0123456789 -/.,:\n年月日aAbMm") + [
    "Report Date", "Collected", "Date", "Fecha", "March", "Sept", "12", "2024", "1.2.25", "03/02/2025", "\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_DATE_ALPHABET, max_size=40).map("".join))
def test_labelled_date_skips_only_lines_without_a_date(text):
    """_labelled_date searches only the lines that may hold a date: the same date as a search of every position."""
    assert patient._labelled_date(text) == _labelled_date_every_position(text)
    for m in patient._DATE_ONLY.finditer(text):
        assert "\n" not in m.group(0) and patient._MAY_HOLD_DATE.search(m.group(0))
