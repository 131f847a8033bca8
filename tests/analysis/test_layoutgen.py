"""Self-tests of the layout generator (tests/analysis/layoutgen): the test data must be right before
it can judge the parser. Fast: one rendering per family and language, no parsing."""

from __future__ import annotations

import base64
import importlib
import json
import math
import re
import zlib
from random import Random

import pypdfium2 as pdfium
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.analysis.layoutgen import (
    BLIND_FAMILIES,
    BROWSER_FAMILIES,
    DEV_FAMILIES,
    FAMILIES,
    HOLDOUT_FAMILIES,
    LANGUAGES,
    OFFICE_FAMILIES,
    OPENED_FAMILIES,
    PENDING_FAMILIES,
    UNIT_SYSTEMS,
    generate,
    make_case,
    render,
)
from tests.analysis.layoutgen.__main__ import main as cli_main
from tests.analysis.layoutgen.canvas import Run
from tests.analysis.layoutgen.canvas import _groups as canvas_groups
from tests.analysis.layoutgen.canvas import _order as canvas_order
from tests.analysis.layoutgen.case import NumberStyle
from tests.analysis.layoutgen.catalogue import BY_KEY, MARKERS, OWN_MARKERS
from tests.analysis.layoutgen.family import REGISTRY
from tests.analysis.layoutgen.locales import ALL_LANGUAGES
from tests.analysis.layoutgen.names import NAMES
from tests.analysis.layoutgen.phrases import PHRASES
from tests.analysis.layoutgen.printing import implied_flag

TRUTH_KEYS = ["name", "value", "unit", "ref_low", "ref_high", "flag"]


def pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def positional_text(pdf: bytes) -> str:
    """The text rebuilt from character positions (lines by baseline, characters by x, a space at a gap), for
    content streams whose order says nothing (every glyph its own object, shuffled)."""
    doc = pdfium.PdfDocument(pdf)
    out: list[str] = []
    try:
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            chars = []
            for k in range(tp.count_chars()):
                ch = tp.get_text_range(k, 1)
                if ch.strip():
                    left, bottom, right, top = tp.get_charbox(k, loose=True)
                    chars.append((bottom, left, right, ch))
            lines: list[list[tuple[float, float, float, str]]] = []
            for c in sorted(chars, key=lambda c: (-c[0], c[1])):
                if lines and abs(lines[-1][0][0] - c[0]) < 2.5:
                    lines[-1].append(c)
                else:
                    lines.append([c])
            for line in lines:
                text, prev_right = "", None
                for _, left, right, ch in sorted(line, key=lambda c: c[1]):
                    if prev_right is not None and left - prev_right > 1.2:
                        text += " "
                    text, prev_right = text + ch, right
                out.append(text)
    finally:
        doc.close()
    return "\n".join(out)


def plausible(key: str, value: float) -> bool:
    m = BY_KEY[key]
    ends = [o.convert(b) for o in m.conv + m.si for b in m.bounds]
    low = min(ends)
    if low < 0:  # a base excess: below zero within its bounds
        return low * 1.5 <= value <= max(ends) * 1.5
    return low * 0.5 - 1e-9 <= value <= max(ends) * 1.5 and value >= 0


def test_catalogue_covers_the_brief() -> None:
    assert len(MARKERS) >= 60
    panels = {m.panel for m in MARKERS}
    assert {"cbc", "diff", "diabetes", "lipids", "liver", "kidney", "electrolytes", "thyroid", "iron", "vitamins",
            "inflammation", "coagulation", "hormones", "enzymes", "tumour"} <= panels
    for m in MARKERS:
        names = NAMES[m.key]
        assert set(names) == set(ALL_LANGUAGES), m.key
        assert all(n.endswith(")") and n.isascii() is False for n in names["zh"]), m.key  # 血红蛋白(HGB)
        for opt in m.conv + m.si:
            for ivl in (opt.ref.male, opt.ref.female):
                if ivl.low and ivl.high:
                    assert float(ivl.low) < float(ivl.high), m.key


def test_conversions_agree_with_the_printed_intervals() -> None:
    """A conventional bound converted to SI lands near the SI bound: laboratories differ a little, a wrong
    conversion factor (x10, x88.4) by far more."""
    for m in MARKERS:
        conv, si = m.conv[0], m.si[0]
        assert conv.factor == 1 and conv.offset == 0, m.key
        for sex in "MF":
            c, s = conv.ref.for_sex(sex), si.ref.for_sex(sex)
            for a, b in ((c.low, s.low), (c.high, s.high)):
                if a and b and float(a) > 0:
                    got = si.convert(float(a))
                    assert math.isclose(got, float(b), rel_tol=0.5, abs_tol=0.35), (m.key, sex, a, b, got)


@pytest.mark.parametrize("family", FAMILIES)
def test_deterministic_for_a_seed(family: str) -> None:
    a = generate(family, "en", "conv", 5)
    b = generate(family, "en", "conv", 5)
    assert a == b


def test_seeds_differ() -> None:
    assert generate(FAMILIES[0], "en", "conv", 6) != generate(FAMILIES[0], "en", "conv", 7)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_and_language_renders_its_truth(family: str, lang: str) -> None:
    i = FAMILIES.index(family) + LANGUAGES.index(lang)
    units, seed = UNIT_SYSTEMS[i % 2], i % 5
    out = render(family, make_case(seed, lang, units))
    text = positional_text(out.pdf) if out.order == "chars_shuffled" else pdf_text(out.pdf)
    assert out.rows, "no truth rows"
    for row in out.rows:
        # a thousands group printed with a no-break or thin space ('247\u00a0000') extracts as a plain space
        assert " ".join(row.value_text.split()) in text, (row.name, row.value_text)
        for word in row.name.split():
            assert word in text, (row.name, word)
        if row.unit:
            # an exponent drawn as a raised run (its own text object) is written with a caret in the truth ('x10^9/L')
            for part in row.unit.split()[0].split("^"):
                assert part.lstrip("0123456789").rstrip("³") in text, row.unit
        assert plausible(row.key, row.value), (row.key, row.value)
        if row.ref_low is not None or row.ref_high is not None:
            # the report's own mark agrees with its printed interval, as real reports' marks do
            assert row.flag == implied_flag(row.value, row.ref_low, row.ref_high), row
        else:
            assert row.flag in (None, "low", "high", "normal")
    json.dumps([r.as_json() for r in out.rows])


@pytest.mark.parametrize("lang,units,seed", [("en", "conv", 11), ("de", "si", 12), ("zh", "si", 13)])
def test_same_case_same_values_in_every_family(lang: str, units: str, seed: int) -> None:
    case = make_case(seed, lang, units)
    expected = [(r.key, r.value) for r in case.results]
    for family in FAMILIES:
        fam = REGISTRY[family]
        if fam.own_results:
            continue
        own = {m.key for m in OWN_MARKERS}  # rows a family prints beside the case's (smear_counts, serology_index)
        rows = [r for r in render(family, case).rows if r.key not in own]
        got = [(r.key, r.value) for r in rows]
        assert (sorted(got) if fam.reorders else got) == (sorted(expected) if fam.reorders else expected), family
        if fam.reorders:
            continue
        if not fam.rewrites_names:
            assert [r.name for r in rows] == [r.name for r in case.results], family
        if not fam.rewrites_units:
            assert [r.unit for r in rows] == [r.unit for r in case.results], family


def test_same_seed_same_patient_in_every_language_and_unit_system() -> None:
    cases = [make_case(4, lang, units) for lang in LANGUAGES for units in UNIT_SYSTEMS]
    assert len({tuple(r.key for r in c.results) for c in cases}) == 1
    assert len({(c.header.sex, c.header.age) for c in cases}) == 1
    assert len({tuple(r.intent for r in c.results) for c in cases}) == 1


def test_case_mixes_normal_abnormal_and_respects_arguments() -> None:
    case = make_case(8, "fr", "si", n=40, abnormal=0.3)
    assert len(case.results) == 40
    statuses = [r.status(case.sex) for r in case.results]
    assert "normal" in statuses and {"low", "high", "critical_low", "critical_high"} & set(statuses)
    assert all(r.marker.sex_only in (None, case.sex) for r in case.results)
    with pytest.raises(ValueError):
        make_case(1, "xx")
    with pytest.raises(ValueError):
        make_case(1, "en", "metric")


@pytest.mark.parametrize("n", [40, len(MARKERS)])
def test_long_cases_in_every_language_and_unit_system(n: int) -> None:
    """Long reports draw tests whose interval is two-sided in one unit system and one-sided in the other (ALT
    '7 - 56 U/L' conventional, '< 41 U/L' SI): a low intent there is a value in range, never a crash."""
    for lang in ALL_LANGUAGES:
        for units in ("conv", "si"):
            for seed in range(3):
                case = make_case(seed, lang, units, n)
                assert len(case.results) == n if n == 40 else len(case.results) <= n  # one sex's tests: fewer
                for r in case.results:
                    ivl = r.interval(case.sex)
                    if r.status(case.sex) in ("low", "critical_low"):
                        assert ivl.low is not None


def test_holdout_families_are_five_real_families() -> None:
    assert len(HOLDOUT_FAMILIES) == 5
    assert set(HOLDOUT_FAMILIES) <= set(FAMILIES)
    assert len(FAMILIES) >= 24
    # kept in one module, which whoever writes parser rules does not read
    assert {f for f in FAMILIES if REGISTRY[f].__module__.endswith(".holdout")} == set(HOLDOUT_FAMILIES)
    assert set(PENDING_FAMILIES) <= set(DEV_FAMILIES) | set(OPENED_FAMILIES)


def test_blind_families_are_twelve_real_families_apart_from_the_rest() -> None:
    assert len(BLIND_FAMILIES) + len(OPENED_FAMILIES) == 12 and set(BLIND_FAMILIES) <= set(FAMILIES)
    assert not set(BLIND_FAMILIES) & (set(DEV_FAMILIES) | set(HOLDOUT_FAMILIES) | set(PENDING_FAMILIES))
    assert not set(OPENED_FAMILIES) & (set(DEV_FAMILIES) | set(HOLDOUT_FAMILIES) | set(BLIND_FAMILIES))
    # kept in three modules (four families each), which whoever writes parser rules does not read
    for module in (".holdout2", ".holdout3", ".holdout4"):
        assert len({f for f in FAMILIES if REGISTRY[f].__module__.endswith(module)}) == 4, module
    assert {f for f in FAMILIES if REGISTRY[f].__module__.endswith((".holdout2", ".holdout3", ".holdout4"))} == set(BLIND_FAMILIES + OPENED_FAMILIES)
    apart = BROWSER_FAMILIES + OFFICE_FAMILIES   # printed by another program (Chromium, LibreOffice)
    assert set(FAMILIES) | set(apart) == set(REGISTRY) and len(FAMILIES) + len(apart) == len(REGISTRY)


@pytest.mark.parametrize("family", BLIND_FAMILIES + OPENED_FAMILIES)
def test_blind_family_renders_every_language_unit_system_and_seed(family: str) -> None:
    """Renders without error and with a sound truth; the parser's accuracy on these is never asserted."""
    for lang in LANGUAGES:
        for units in UNIT_SYSTEMS:
            for seed in range(3):
                case = make_case(seed, lang, units)
                out = render(family, case)
                assert sorted(r.key for r in out.rows) == sorted(r.key for r in case.results), (lang, units, seed)
                for row in out.rows:
                    assert plausible(row.key, row.value), (lang, units, seed, row)
                    if row.ref_low is not None or row.ref_high is not None:
                        assert row.flag == implied_flag(row.value, row.ref_low, row.ref_high), row
    out = render(family, make_case(1, "es", "si"))
    text = pdf_text(out.pdf)
    assert all(r.value_text in text for r in out.rows)


@pytest.mark.parametrize("module", ["holdout2", "holdout3", "holdout4"])
def test_blind_words_cover_every_language(module: str) -> None:
    WORDS = importlib.import_module(f"tests.analysis.layoutgen.families.{module}").WORDS

    assert set(WORDS) == set(LANGUAGES)
    assert all(set(WORDS[lang]) == set(WORDS["en"]) for lang in LANGUAGES)


def test_cli_list_names_but_does_not_describe_holdout_or_blind_families(capsys) -> None:
    assert cli_main(["--list"]) == 0
    listed = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    assert set(listed) == set(FAMILIES)
    for name in BLIND_FAMILIES:
        assert listed[name].strip() == "(blind)"
    for name in HOLDOUT_FAMILIES:
        assert listed[name].strip() == "(holdout)"
    assert listed[DEV_FAMILIES[0]].strip() == REGISTRY[DEV_FAMILIES[0]].summary


def test_cli_writes_corpus_format(tmp_path) -> None:
    assert cli_main(["--out", str(tmp_path), "--families", FAMILIES[0], "--langs", "pt", "--units", "si",
                     "--seeds", "2"]) == 0
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert pdfs == [f"{FAMILIES[0]}-pt-si-0.pdf", f"{FAMILIES[0]}-pt-si-1.pdf"]
    truth = json.loads((tmp_path / f"{FAMILIES[0]}-pt-si-0.truth.json").read_text(encoding="utf-8"))
    assert truth and all(list(row) == TRUTH_KEYS for row in truth)
    assert all(row["flag"] in (None, "low", "high", "normal") for row in truth)


def test_cli_rejects_bad_arguments(capsys) -> None:
    with pytest.raises(SystemExit):
        cli_main(["--out", "/tmp/x", "--families", "no_such_family"])
    with pytest.raises(SystemExit):
        cli_main(["--out", "/tmp/x", "--n", "500"])
    assert "n must be between" in capsys.readouterr().err


@given(st.floats(min_value=0, max_value=2_000_000, allow_nan=False), st.integers(0, 3),
       st.sampled_from([NumberStyle(".", ""), NumberStyle(".", ","), NumberStyle(",", ""), NumberStyle(",", ".")]))
def test_number_style_reads_back_what_it_prints(value: float, decimals: int, style: NumberStyle) -> None:
    text = style.fmt(value, decimals)
    assert math.isclose(style.read(text), round(value, decimals), abs_tol=10 ** -decimals / 2 + 1e-9)


# --- the families of families/placement.py, per_test.py, documents.py and streams.py ---

def content_streams(pdf: bytes) -> list[bytes]:
    """The decoded page content streams (reportlab writes them ASCII85 + Flate), the ones that draw text."""
    out = []
    for raw in re.findall(rb"(?<!end)stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            data = zlib.decompress(base64.a85decode(raw.strip().removesuffix(b"~>")))
        except (ValueError, zlib.error):
            continue
        if b" Tf" in data:
            out.append(data)
    return out


def text_objects(pdf: bytes) -> list[bytes]:
    return [m for s in content_streams(pdf) for m in re.findall(rb"\bBT\b(.*?)\bET\b", s, re.S)]


def test_phrases_cover_every_language() -> None:
    keys = set(PHRASES["en"])
    assert set(PHRASES) == set(ALL_LANGUAGES)
    for lang in ALL_LANGUAGES:
        assert set(PHRASES[lang]) == keys, lang
        letter = PHRASES[lang]["letter"]
        filled = letter.sentence.format(name="N", value="1", unit="u", range="0-2", status=letter.status["high"])
        assert "1" in filled and "0-2" in filled
        for name, choices, ref in PHRASES[lang]["urine"]:
            assert ref in choices and not any(c.replace(",", ".").replace(".", "").isdigit() for c in choices), name


def test_glyph_order_and_groups() -> None:
    runs = [Run(10, 700, "Hb 13.2", "Helvetica", 9), Run(10, 690, "Na", "Helvetica", 9, group="name"),
            Run(200, 700, "g/dL", "Helvetica", 9), Run(10, 710, "Test", "Helvetica", 9, group="name")]
    chars = canvas_order(runs[:1], "chars", Random(0), 595)
    assert [r.text for r in chars] == list("Hb13.2")               # no space characters, only a gap
    xs = [r.x for r in chars]
    assert xs == sorted(xs) and xs[2] - xs[1] > Run(0, 0, "b", "Helvetica", 9).width   # the gap is kept
    groups = canvas_groups(runs)
    assert [[r.text for r in g] for g in groups] == [["Hb 13.2"], ["Test", "Na"], ["g/dL"]]


def test_glyph_objects_draw_one_glyph_per_text_object() -> None:
    out = next(o for o in (render("glyph_objects", make_case(s, "de", "si")) for s in range(8)) if o.order == "chars")
    shown = [o for o in text_objects(out.pdf) if b"Tj" in o]
    assert len(shown) > 300 and all(len(re.findall(rb"\bTj\b", o)) == 1 for o in shown)
    assert not any(re.search(rb"\( \) Tj", o) for o in shown)          # spaces are gaps, never characters
    text = pdf_text(out.pdf)
    assert all(r.value_text in text for r in out.rows)


def test_column_objects_write_each_column_as_one_text_object() -> None:
    out = next(o for o in (render("column_objects", make_case(s, "en", "conv", n=30)) for s in range(8))
               if o.order == "grouped")
    objs = text_objects(out.pdf)
    moves = sorted(len(re.findall(rb"\bTd\b", o)) for o in objs)
    assert sum(m >= 10 for m in moves) >= 4     # name, result, unit, range: a column's cells, one relative move each
    text = pdf_text(out.pdf)
    assert all(r.value_text in text for r in out.rows)


def _previous_printed(out, text: str, case) -> bool:
    prev = [case.numbers.fmt(r.previous[0], r.decimals) for r in case.results]
    return sum(p in text for p in prev) >= len(prev) // 2


TRAPS = {
    # family: (what the PDF must carry besides the truth rows, as a check on the rendered text)
    "dated_columns": _previous_printed,
    "letter_summary": lambda out, text, case: all(text.count(r.value_text) >= 2 for r in out.rows
                                                  if r.flag in ("low", "high")),
    "urinalysis_mixed": lambda out, text, case: all(n in text for n, _, _ in PHRASES[case.lang]["urine"]),
    "stamped_watermark": lambda out, text, case: PHRASES[case.lang]["stamp"] in text,
    "quest_in_out_range": lambda out, text, case: all(r.unit is None or r.unit in text for r in out.rows),
}


@pytest.mark.parametrize("family", sorted(TRAPS))
def test_traps_are_printed_but_are_no_truth_rows(family: str) -> None:
    case = make_case(9, "fr", "si")
    out = render(family, case)
    text = pdf_text(out.pdf)
    assert TRAPS[family](out, text, case), family
    assert sorted(r.key for r in out.rows) == sorted(r.key for r in case.results)


def test_rotated_and_fitted_sheets() -> None:
    """rotated_landscape: a landscape drawing on a portrait MediaBox turned by /Rotate 90; shrunk_to_fit: every
    page a Form XObject scaled onto the other paper size. Either way the text layer holds the truth."""
    out = render("rotated_landscape", make_case(3, "it", "si"))
    doc = pdfium.PdfDocument(out.pdf)
    try:
        page = doc[0]
        left, bottom, right, top = page.get_mediabox()
        assert page.get_rotation() == 90 and right - left < top - bottom       # portrait sheet, shown landscape
        tp = page.get_textpage()
        first, second = tp.get_charbox(0), tp.get_charbox(1)         # the logo's two letters
        assert abs(first[0] - second[0]) < 2 and second[1] > first[1]  # on the sheet, text runs upwards
    finally:
        doc.close()
    fitted = render("shrunk_to_fit", make_case(3, "it", "si"))
    assert b"/Subtype /Form" in fitted.pdf
    doc = pdfium.PdfDocument(fitted.pdf)
    try:
        width = doc[0].get_size()[0]
    finally:
        doc.close()
    assert round(width) in (595, 612)
    for rendered in (out, fitted):
        text = pdf_text(rendered.pdf)
        assert all(r.value_text in text for r in rendered.rows)
