"""Blocks: a page cut where a wide vertical gap runs down it, so two tables side by side are read as two.

Candidate gutters are the x-strips that (almost) no line covers: a column
projection of the words, as pdfplumber's text-alignment edges and camelot's
stream parser find columns. A column gap inside one table is such a strip too
(between the names and the values), so a strip alone does not split. The page is
split at a strip only where the lines on BOTH sides read like result rows on
their own — a name-like word followed by a number. Left of a name|value gap
there are only names; right of it only numbers, units and flags; left and right
of the gutter between two tables there are complete rows. Rows of the two
tables need not be level with each other: each side is rebuilt into lines on
its own.

Reading order: the part above, then the left block, then the right block (each
split again if it holds another gutter), then the part below.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from shared.analysis.layout.across import panel_lines
from shared.analysis.layout.columns import Columns, detect_header, merge_lines, title_like
from shared.analysis.layout.lines import Line, build_lines, median
from shared.analysis.layout.words import Word
from shared.analysis.lexicon import (
    GE_WORDS,
    LE_WORDS,
    LOWER_LABELS,
    METHOD_WORDS,
    MULTIWORD_FLAGS,
    NON_RESULT_LABELS,
    QUALITATIVE_RESULTS,
    RANGE_INTRODUCERS,
    RANGE_SEPARATORS,
    SECONDS,
    SEX_LABELS,
    UPPER_LABELS,
    Role,
    band_of,
    fold,
    population_of,
    sex_of,
)
from shared.analysis.units import is_unit_token
from shared.analysis.values import flag_of

_DIGIT = re.compile(r"\d")
_SEPARATORS = frozenset(fold(s) for s in RANGE_SEPARATORS)  # compared with folded words ('đến' -> 'den')
_INTRO_WORDS = frozenset(w.rstrip(":") for p in RANGE_INTRODUCERS for w in p.split())
# One-sided limits ('en fazla 4,00', 'Up to 200', 'poniżej 5,0') and a limit after its label ('Øvre grænse 5,40'):
# a reference cell, not a name and a value
_LIMIT_PHRASES = frozenset((*LE_WORDS, *GE_WORDS, *LOWER_LABELS, *UPPER_LABELS))
# The last word of a flag of several ('W NORMIE', 'Out of RANGE', 'ÇOK YÜKSEK'): never the start of a name
_FLAG_TAILS = frozenset(fold(k.split()[-1]) for k in MULTIWORD_FLAGS)
MIN_RUN = 3  # lines on each side of a gutter
CARD_NAME_LINES = 3  # a card's name may wrap over this many lines before its value
GUTTER_EM = 0.6  # a gutter is at least this many line heights wide
CROSSING_SHARE = 0.2  # lines allowed to cross a gutter (titles, footers, a long header)
ROW_SHARE = 0.5  # share of a side's lines that must read like result rows
TWIN_ROW_SHARE = 0.25  # the same under two tables' headers side by side
TITLE_INDENT = 0.5  # line heights a section title's cell may start left of its table's edge (its padding)


@lru_cache(maxsize=8192)
def _name_like(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    if letters < 2 or _DIGIT.search(text):
        return False
    if is_unit_token(text) or flag_of(text) is not None:
        return False
    f = fold(text).strip("():")
    return f not in METHOD_WORDS and f not in _SEPARATORS and f not in _INTRO_WORDS and f not in SEX_LABELS \
        and f not in _FLAG_TAILS


_SERIAL = re.compile(r"^(\d{1,3}[.)]?|\d{4,6})$")  # a row's number, or a test's numeric code, before its name
_NUMBER = re.compile(r"^[<>≤≥*↑↓.]*\d(?![\d.,]*[/:]\d)(?!\d*[.-]\d+[.-]\d)")  # a value, not a date or a time
_GLUED_RANGE = re.compile(r"\d\s*[-–~]\s*\d")
_GLUED_INTERVAL = re.compile(r"^\d+(?:[.,]\d+)?[-–~]\d+(?:[.,]\d+)?[;,]?$")  # '4,30-5,80;' in one word


def _population_label(text: str) -> bool:
    """A label of a sex's or a population's interval ('H:', 'Mujeres', 'Adultos:')."""
    return bool(sex_of(text) or population_of(text))


def _band_label(words: list[Word], k: int) -> bool:
    """words[k] follows a decision band's label and its colon ('Sufficiency: 30-100', 'Low : <3.5'): a band of a
    reference cell, not a value."""
    label = words[k - 1].text if words[k - 1].text != ":" or k < 2 else words[k - 2].text + ":"
    return label.endswith(":") and band_of(label) is not None


def _row_like(words: list[Word]) -> bool:
    """A row starts with a name (after an optional serial number) and has a number after it."""
    if words and _SERIAL.match(words[0].text) and len(words) > 1:
        words = words[1:]
    if not words or not _name_like(words[0].text):
        return False
    if fold(words[0].text).rstrip(":") in NON_RESULT_LABELS:
        return False  # a field of the patient header ('Pasient: …', 'Alder: 37 år  Lege: …'), never a result row
    head = next((k for k, w in enumerate(words) if _DIGIT.search(w.text)), len(words))
    if " ".join(fold(w.text) for w in words[:head]).rstrip(":") in _LIMIT_PHRASES:
        return False  # 'en fazla 4,00', 'Up to 200': an interval alone in its cell
    if head > 1 and is_unit_token(" ".join(w.text for w in words[:head])):
        return False  # 'grams per deciliter  12,0 - 16,0': a unit written out, then its interval (half a row)
    # a value after the name: a number that does not open an interval ('Hommes : 0,74 - 1,35' is a range line)
    # nor close one ('Niños: 5,04 - 13,75; Adultos: 4,50 - 11,00': intervals by population, one reference cell)
    for k in range(1, len(words)):
        if _NUMBER.match(words[k].text) and not _GLUED_RANGE.match(words[k].text) and not is_unit_token(words[k].text):
            # ('Trombosit, 10^3/uL': a unit printed with the name is no value)
            nxt = fold(words[k + 1].text) if k + 1 < len(words) else ""
            closes = k >= 2 and fold(words[k - 1].text) in _SEPARATORS and _NUMBER.match(words[k - 2].text)
            labelled = (_GLUED_INTERVAL.match(words[k].text) and _population_label(words[k - 1].text)  # 'H: 4,30-5,80'
                        or _band_label(words, k))
            if nxt not in _SEPARATORS and not closes and not labelled:
                return True
    return False


def _strips(all_lines: list[Line], left: float, right: float, cards: list[Line],
            row_like: list[bool]) -> list[tuple[float, float]]:
    """x-strips covered by few lines, in the middle of the page, wide enough to be a gutter. Only lines that
    read like result rows count (row_like: _row_like of each line): titles, addresses and notes run across the
    whole page; where there are cards (`cards`: _card_lines), their lines. Flag and status words do not cover
    a strip: they sit at a card's or a row's edge."""
    rows = [ln for ln, row in zip(all_lines, row_like, strict=True) if row]
    lines = cards if len(cards) >= MIN_RUN else rows if len(rows) >= 2 * MIN_RUN else all_lines
    n_bins = int(right - left) + 2
    diff = [0] * (n_bins + 1)
    for ln in lines:
        status = _status_words(ln.words)
        for k, w in enumerate(ln.words):
            if k in status:
                continue  # a card's status word at its right edge ('Normal', 'Bas') belongs to the card, not the gutter
            a = max(0, int(w.x0 - left))
            b = min(n_bins, int(w.x1 - left) + 1)
            diff[a] += 1
            diff[b] -= 1
    limit = CROSSING_SHARE * len(lines)
    em = median(ln.height for ln in lines)
    out = []
    cover, start = 0, None
    for x in range(n_bins):
        cover += diff[x]
        if cover <= limit:
            if start is None:
                start = x
        elif start is not None:
            out.append((left + start, left + x))
            start = None
    width = right - left
    lo, hi = left + 0.2 * width, right - 0.2 * width  # a gutter runs through the middle part of the page
    out = [(max(a, lo), b) for a, b in out if b <= hi]
    return [(a, b) for a, b in out if b - a >= GUTTER_EM * em]


def _status_words(words: list[Word]) -> set[int]:
    """The indices of flag and status words in a line, two-word ones too ('WITHIN RANGE', 'Sangat tinggi')."""
    out = {k for k, w in enumerate(words) if flag_of(w.text) is not None and not w.text.endswith(":")}
    for k in range(len(words) - 1):
        if flag_of(f"{words[k].text} {words[k + 1].text}") is not None and not words[k + 1].text.endswith(":"):
            out.update((k, k + 1))
    return out  # never a label's words ('Trị số bình thường:' is the interval's label, 'bình thường' a status)


def _card_tops(side: list[list[Word]], *, qualitative: bool = True) -> list[float]:
    """Where the cards start: a name line (its name maybe wrapped over three) with a value under its first
    word within three lines. `qualitative=False`: not a qualitative result's word ('negativ' over '<2,5' are two
    results' cells)."""
    tops = []
    for k, words in enumerate(side):
        if _card_name_line(words) and _has_card_value(words[0], side[k + 1:k + 1 + CARD_NAME_LINES], words) \
                and (qualitative or fold(words[0].text) not in QUALITATIVE_RESULTS):
            tops.append(words[0].top)
    return tops


_BARE_NUMBER = re.compile(r"^[<>]?\d[\d.,]*$")


def _card_name_line(words: list[Word]) -> bool:
    """A card's first line: a name (digits only inside words: 'Vitamin B12', '25-OH-Vitamin D'), maybe a status."""
    if not words or not _card_name_start(words[0].text):
        return False
    return not any(_number_or_field(w.text) for w in words)


@lru_cache(maxsize=8192)
def _card_name_start(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 2 and flag_of(text) is None and not is_unit_token(text)


@lru_cache(maxsize=16384)
def _number_or_field(text: str) -> bool:
    return bool(_BARE_NUMBER.match(text)) or ":" in text


def _card_lines(lines: list[Line]) -> list[Line]:
    """The lines of the rows of cards (from the names' line, five lines down): where a gutter between cards
    shows, past a patient box, an address or a note that run across it."""
    tops = set(_card_tops([ln.words for ln in lines]))
    out: list[Line] = []
    for k, ln in enumerate(lines):
        if ln.words[0].top in tops:
            out.extend(x for x in lines[k:k + 5] if x not in out)
    return out


def _cards(side: list[list[Word]]) -> int:
    return len(_card_tops(side))


def _value_line(words: list[Word]) -> bool:
    """A card's value: a number alone or followed by its unit or a flag ('5.15 Thousand/uL'), not an address."""
    if not words or not _BARE_NUMBER.match(words[0].text):
        return False  # a number, not an ID ('1H4197789') or a date
    if len(words) > 2 and fold(words[1].text) in _SEPARATORS and _BARE_NUMBER.match(words[2].text):
        return False  # '0,20 - 1,00': an interval (its '-' is no flag)
    if len(words) == 1 or flag_of(words[1].text) is not None or fold(words[1].text) in SECONDS:
        return True
    return is_unit_token(words[1].text) or (len(words) > 2 and is_unit_token(f"{words[1].text} {words[2].text}"))


class _Cuts:
    """What the gutter search asks of one line for any cut: the words left and right of it (the line's words run
    left to right), whether a word spans it, and the tests that do not depend on the cut (its header, whether it
    reads as a row), each computed once for all the strips tried."""

    __slots__ = ("line", "x0s", "reach", "header", "row", "sides", "indent")

    def __init__(self, line: Line, row: bool | None = None) -> None:
        self.line = line
        self.x0s = [w.x0 for w in line.words]
        self.reach: list[float] = []  # reach[j]: the right-most edge of words[:j + 1]
        right = float("-inf")
        for w in line.words:
            right = w.x1 if w.x1 > right else right
            self.reach.append(right)
        self.header: Columns | None | bool = False  # False: not computed yet
        self.row = row  # None: not computed yet
        self.sides: dict[int, tuple[bool, bool]] = {}
        # a word starting this little left of the cut may start at it (a section title over the right table)
        self.indent = TITLE_INDENT * line.height

    def spans(self, cut: float, indent: bool = False) -> bool:
        """A word of the left side starts left of cut - 1 and ends right of cut + 1."""
        j = min(bisect_left(self.x0s, cut - 1), self.split(cut, indent))
        return j > 0 and self.reach[j - 1] > cut + 1

    def split(self, cut: float, indent: bool = False) -> int:
        """How many words start left of the cut. `indent` (under two tables' headers side by side): the right side's
        first word may start up to the indent left of it where a gutter's gap, not a word space, stands before it (a
        section title's cell over the right table)."""
        k = bisect_left(self.x0s, cut)
        if indent and k and self.x0s[k - 1] >= cut - self.indent \
                and (k == 1 or self.x0s[k - 1] - self.reach[k - 2] >= GUTTER_EM * self.line.height):
            k -= 1
        return k

    def rows_at(self, k: int) -> tuple[bool, bool]:
        """(the words left of k read as a row, the words from k do)."""
        hit = self.sides.get(k)
        if hit is None:
            words = self.line.words
            hit = self.sides[k] = (_row_like(words[:k]), _row_like(words[k:]))
        return hit

    def columns(self) -> Columns | None:
        if self.header is False:
            self.header = detect_header(self.line) if title_like(self.line) else None
        return self.header  # type: ignore[return-value]

    def row_like(self) -> bool:
        if self.row is None:
            self.row = _row_like(self.line.words)
        return self.row


def _sides_are_tables(lines: list[_Cuts], lo: float, hi: float, share: float = ROW_SHARE, twin: bool = False) -> bool:
    """Both sides of the strip read as results of their own: rows, or cards. `twin` (under two tables' headers side
    by side): a line that starts with a value counts as a row too, its name wrapped on the lines around it."""
    left_rows = right_rows = left_n = right_n = 0
    left_values = right_values = 0
    cut = hi - 1
    left_side: list[list[Word]] = []
    right_side: list[list[Word]] = []
    for info in lines:
        words = info.line.words
        k = info.split(cut, twin)
        left_row, right_row = info.rows_at(k)
        if k:
            left_n += 1
            left_rows += left_row
            left_values += left_row or (twin and _value_first(words[0].text))
            left_side.append(words[:k])
        if k < len(words):
            right_n += 1
            right_rows += right_row
            right_values += right_row or (twin and _value_first(words[k].text))
            right_side.append(words[k:])
    if (left_rows >= 2 and right_rows >= 2 and left_values >= share * left_n
            and right_values >= share * right_n):
        return True
    right_tops = _card_tops(right_side)
    if not right_tops:
        return False  # no card on the right (the test below needs one): the left side need not be searched
    left_tops = _card_tops(left_side)
    if len(left_tops) >= 2 and len(right_tops) >= 2:
        return True
    # one row of cards: each card on the right starts level with one on the left (and one is named as a test);
    # not where the left side is rows (a table's header line over its first row reads as a card on both sides:
    # 'ID  Test  Range' over '3212 ...', 'Result  Flag' over '5.55')
    if left_rows >= ROW_SHARE * left_n:
        return False
    return bool(right_tops) and all(any(abs(a - b) < 2.0 for a in left_tops) for b in right_tops) \
        and bool(_card_tops(right_side, qualitative=False))


def _value_first(text: str) -> bool:
    """A line's side starts with a value ('5,34 G/L 1,80 - 7,70' beside a name wrapped over the lines around it)."""
    return bool(_NUMBER.match(text)) and not _GLUED_RANGE.search(text) and not is_unit_token(text)


def _crosses(info: _Cuts, lo: float, hi: float, cards: bool = False, twin: bool = False) -> bool:
    """A word of the line spans the middle of the strip, or the strip would cut one of its result rows in two
    (between cards, a line is no row: a card's wrapped name stands level with its neighbour's value; under two
    tables' headers side by side neither: the left table's wrapped name stands level with the right one's value,
    'Débit de | 0,14 G/L')."""
    cut = hi - 1  # the right table starts at the strip's right edge; the left one may overflow into the strip
    if info.spans(cut, twin):
        return True
    k = info.split(cut, twin)
    words = info.line.words
    if not 0 < k < len(words):
        return False  # all of it on one side
    if flag_of(f"{words[k - 1].text} {words[k].text}") is not None:
        return True  # the cut would part the two words of a status ('Bình | thường', 'WITHIN | RANGE')
    header = info.columns()
    if header is not None:
        # a table header: two tables side by side each have a name column; one table cut in two does not (the
        # left table's name title may stand on another line of its header: the right table's starts at the cut)
        return not ((any(c.role is Role.NAME and c.x1 <= cut for c in header.columns)
                     and any(c.role is Role.NAME and c.x0 >= cut for c in header.columns))
                    or _name_at(header, cut, info.line.height))
    if twin:  # only a line whose words run on across the gutter at a word space (a note's sentence) ends them
        return words[k].x0 - words[k - 1].x1 < GUTTER_EM * info.line.height
    if cards or not info.row_like():
        return False
    left_row, right_row = info.rows_at(k)
    return not left_row and not right_row


def _twin_header(cuts: list[_Cuts], i: int, end: int, cut: float) -> int | None:
    """The first line of lines[i:end] that is two tables' headers side by side: a name column left of the cut,
    and the right table's name column starting at the cut."""
    for k in range(i, end):
        header = cuts[k].columns()
        if header is None and k + 1 < end and title_like(cuts[k].line) and title_like(cuts[k + 1].line) \
                and cuts[k + 1].line.top - cuts[k].line.bottom < 0.6 * cuts[k].line.height:
            # titles wrapped onto a second line ('Valores de' / 'referência' in both tables' headers)
            header = detect_header(merge_lines([cuts[k].line, cuts[k + 1].line]))
        if header is not None and _name_at(header, cut, cuts[k].line.height) \
                and (any(c.role is Role.NAME and c.x1 <= cut for c in header.columns)
                     or any(title_like(ln.line) for ln in cuts[max(i, k - 2):k + 3] if ln is not cuts[k])):
            return k  # (the left table's name title may stand on a line of its header above or below)
    return None


def _name_at(header: Columns, cut: float, em: float) -> bool:
    """The first column of the header right of the cut is a name column starting at the cut: a second table."""
    right = [c for c in header.columns if c.x0 >= cut - 1]
    first = min(right, key=lambda c: c.x0) if right else None
    return first is not None and first.role is Role.NAME and first.x0 - cut < em


def _starts_result(words: list[Word], k: int, below: list[Line]) -> bool:
    """words[k] begins a result of its own: a name followed by a value on this line, or (a card) by a value
    under it on one of the next lines."""
    if _SERIAL.match(words[k].text) and k + 1 < len(words):
        k += 1  # a numbered row: '12  Absolute Lymphocytes  2.48 ...'
    w = words[k]
    if not _name_like(w.text):
        return False
    if any(_NUMBER.match(v.text) for v in words[k + 1:]):
        return True
    return _card_value(w, [ln.words for ln in below], words) is not None


def _under(w: Word, words: list[Word], name_line: Sequence[Word] = ()) -> list[Word]:
    """The words of a line in the card whose name starts with w (on `name_line`): from one starting under w, up
    to a wide gap. Nothing when a name stands right before them: that line is a row ('GB (Leucociti)  10040'
    under a header's wrapped title 'number' is no card); unless that name, across a wide gap, is the wrapped
    name of the card on its left (its cell starts under a word of the name line: 'eritrocitaria' under
    'Amplitud' level with the big '171000' under 'Plaquetas')."""
    em = max(w.height, 1.0)
    start = next((i for i, v in enumerate(words) if abs(v.x0 - w.x0) < 2 * em), None)
    if start is None or (start and _name_like(words[start - 1].text) and not _next_card(words, start, name_line, em)):
        return []
    end = start + 1
    while end < len(words) and words[end].x0 - words[end - 1].x1 < 2 * em:
        end += 1
    if end < len(words) and end == start + 1 and _SERIAL.match(words[start].text) and _name_like(words[end].text) \
            and fold(words[end].text) not in QUALITATIVE_RESULTS:
        return []  # a row's number or a test's code, then its name ('3212   白细胞计数(WBC)'): a row, no card
    return words[start:end]


def _next_card(words: list[Word], start: int, name_line: Sequence[Word], em: float) -> bool:
    """words[start] stands past a wide gap after a cell that starts under a word of the name line, left of it."""
    if words[start].x0 - words[start - 1].x1 < 2 * em:
        return False
    j = start - 1
    while j and words[j].x0 - words[j - 1].x1 < 2 * em:
        j -= 1
    x = words[j].x0
    return any(abs(v.x0 - x) < 0.5 * em for v in name_line if v.x1 < words[start].x0)


def _card_value(w: Word, below: list[list[Word]], name_line: Sequence[Word] = ()) -> list[Word] | None:
    """The value line of the card whose name starts with w: within three lines, past the name's wrapped lines."""
    for nxt in below[:CARD_NAME_LINES]:
        under = _under(w, nxt, name_line)
        if not under:
            continue
        if _NUMBER.match(under[0].text):
            return under
        if not _card_name_line(under):
            return None
    return None


def _has_card_value(w: Word, below: list[list[Word]], name_line: Sequence[Word] = ()) -> bool:
    """A card's value line (a number, then its unit or flag) stands under the name that starts with w."""
    value = _card_value(w, below, name_line)
    return value is not None and _value_line(value)


def _card_start(line: Line, k: int, below: list[Line]) -> bool:
    """The line's words from k begin a card: a name line (not a header's titles) whose value line starts under it."""
    words = line.words[k:]
    if not below or not _card_name_line(words) or detect_header(line) is not None:
        return False
    return _has_card_value(words[0], [ln.words for ln in below], line.words)


def _may_hold_two_tables(lines: list[Line], left: float, right: float) -> bool:
    """Cheap test before the real one: some lines start a second row (or card) right of the middle."""
    middle = left + 0.3 * (right - left)
    hits = 0
    for i, ln in enumerate(lines):
        below = lines[i + 1:i + 1 + CARD_NAME_LINES]
        words = ln.words
        for k in range(len(words)):
            w = words[k]
            if w.x0 > middle and (k == 0 or w.x0 - words[k - 1].x1 > ln.height) and _starts_result(words, k, below):
                # a row counts once; a card (a name line over its value line) is enough alone: it takes four lines
                hits += 1 if _row_like(words[k:]) or not _card_start(ln, k, below) else MIN_RUN
                break
        if hits >= MIN_RUN:
            return True
    return False


BAND_GAP = 2.0  # a vertical gap this many line heights wide separates bands (a header box from the results)


def _bands(lines: list[Line]) -> list[list[Line]]:
    """The lines cut where a wide vertical gap runs across the page."""
    em = median(ln.height for ln in lines)
    bands = [[lines[0]]]
    for a, b in zip(lines, lines[1:], strict=False):
        if b.top - a.bottom > BAND_GAP * em:
            bands.append([])
        bands[-1].append(b)
    return bands


def _regions(lines: list[Line]) -> list[list[Line]]:
    """The lines before the first band that holds cards (a header box), and the lines from there on."""
    bands = _bands(lines)
    first = next((k for k, band in enumerate(bands) if _cards([ln.words for ln in band]) > 0), None)
    if not first:
        return [lines]
    return [[ln for band in bands[:first] for ln in band], [ln for band in bands[first:] for ln in band]]


def split_blocks(words: list[Word], lines: list[Line] | None = None) -> list[list[Line]]:
    """The page's lines, cut into blocks in reading order (`lines`: build_lines(words), when the caller has them)."""
    if lines is None:
        lines = build_lines(words)
    if len(lines) < 2 * MIN_RUN and _cards([ln.words for ln in lines]) == 0:
        return [lines] if lines else []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    if not _may_hold_two_tables(lines, left, right):
        return [lines]
    regions = _regions(lines)
    if len(regions) > 1:  # a header box, then cards: each region has its own gutters
        return [block for region in regions for block in split_blocks([w for ln in region for w in ln.words])]
    card_lines = _card_lines(lines)
    cards = len(card_lines) >= MIN_RUN
    row_like = [_row_like(ln.words) for ln in lines]
    strips = _strips(lines, left, right, card_lines, row_like)
    cuts = [_Cuts(ln, row) for ln, row in zip(lines, row_like, strict=True)] if strips else []
    across = panel_lines(lines) if strips else set()  # a panel printed across the page: its columns are no gutter
    if not cards:  # rows: the widest gap first (a column gap inside a table is narrower than the gutter between two)
        strips.sort(key=lambda s: s[0] - s[1])
    for lo, hi in strips:
        i = 0
        while i < len(lines):
            if i in across or _crosses(cuts[i], lo, hi, cards):
                i += 1
                continue
            end = i + 1
            while end < len(lines) and end not in across and not _crosses(cuts[end], lo, hi, cards):
                end += 1
            ok = end - i >= MIN_RUN and _sides_are_tables(cuts[i:end], lo, hi)
            twin = False
            if not ok and (j := _twin_header(cuts, i, end, hi - 1)) is not None:
                # a box of other matter above the tables leaves the gap too (a patient box in two columns), and
                # names wrapped over two or three lines leave fewer lines that read as rows: the tables start at
                # their headers, and two headers side by side are evidence enough for a quarter of rows
                last = end
                while last < len(lines) and last not in across and not _crosses(cuts[last], lo, hi, cards, twin=True):
                    last += 1  # the tables run on past lines that only read as one row across the gutter
                ok = last - j >= MIN_RUN and _sides_are_tables(cuts[j:last], lo, hi, share=TWIN_ROW_SHARE, twin=True)
                i, end, twin = (j, last, True) if ok else (i, end, False)
            run = lines[i:end]
            if ok:
                cut = hi - 1
                at = [info.split(cut, twin) for info in cuts[i:end]]
                left_words = [w for ln, k in zip(run, at, strict=True) for w in ln.words[:k]]
                right_words = [w for ln, k in zip(run, at, strict=True) for w in ln.words[k:]]
                blocks = split_blocks([w for ln in lines[:i] for w in ln.words]) if i else []
                blocks.extend(split_blocks(left_words))
                blocks.extend(split_blocks(right_words))
                if end < len(lines):
                    blocks.extend(split_blocks([w for ln in lines[end:] for w in ln.words]))
                return blocks
            i = end
    return [lines]
