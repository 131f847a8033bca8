"""Column roles from a table's header row.

A header is a line of column titles (Test / Result / Unit / Reference / Flag and
their equivalents in other languages, lexicon.HEADER_WORDS). Each title phrase
gives a column: its role and its x-extent. The words of a later line then get the
role of the column they stand under (most horizontal overlap with the title, the
title widened a little; else the nearest title when it is close). A token left of
every non-name column stands in the name column.

A header is accepted with at least two roles of which one is the result, or the
name and the range; most of its words must be title words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from shared.analysis.layout.lines import Line
from shared.analysis.layout.words import Word
from shared.analysis.lexicon import (
    HEADER_MIN_ROLES,
    HEADER_WORDS,
    HIGH_LOW_TITLES,
    IN_RANGE_TITLES,
    JOINING_WORDS,
    MONTHS,
    NAME_UNIT_BRACKETS,
    NAME_UNIT_SEPARATORS,
    NAME_WORD_UNITS,
    OUT_OF_RANGE_TITLES,
    SEX_LABELS,
    SEX_LETTER_PAIRS,
    Role,
    fold,
    sex_of,
)
from shared.analysis.markers import canonical
from shared.analysis.units import is_unit_token

_DIGIT = re.compile(r"\d")
@lru_cache(maxsize=16384)
def _clean(text: str) -> str:
    return fold(text).rstrip(",").strip(":|()[]*.").strip()  # 'Results,' of 'Results, g/dL' wrapped in its cell


_PHRASES: dict[str, Role] = {}
for _role, _words in HEADER_WORDS.items():
    for _w in _words:
        _PHRASES.setdefault(" ".join(_clean(p) for p in _w.split()), _role)
_MAX_PHRASE = max(len(p.split()) for p in _PHRASES)
_TITLE_WORDS = frozenset(w for p in _PHRASES for w in p.split())
_SEX_TITLES = frozenset(w for w in SEX_LABELS if len(w) >= 3)  # 'Masculino' under 'Valores de referencia'
_HEADER_LINE_WORDS = _TITLE_WORDS | _SEX_TITLES  # what a line of a header printed on two lines is made of
_SEX_LETTERS = frozenset(c for pair in SEX_LETTER_PAIRS for c in pair)


@dataclass(frozen=True, slots=True)
class Column:
    role: Role
    x0: float
    x1: float
    sex: str | None = None  # a range column for one sex ('Male' | 'Female', 'Referenz männlich')
    unit: str | None = None  # the unit printed in the title ('Result (mg/dL)', 'Ergebnis / mmol/l')


@dataclass(slots=True)
class Columns:
    columns: list[Column]
    top: float  # the header's bottom edge: rows start below it
    spaced: bool = True  # titles stand apart, over their columns; a run of words gives no positions to use

    def role_at(self, x0: float, x1: float, em: float) -> Role | None:
        return self.place(x0, x1, em)[0]

    def right_aligned_in(self, x0: float, x1: float, em: float) -> int | None:
        """The index of the column whose cell a number fills right-aligned, as a spreadsheet prints numbers under
        left-aligned titles: the number ends just before the next title starts (within 0.6 em, not past it) and
        starts right of its own title's start; never the name's column (it holds words). None otherwise."""
        for k, c in enumerate(self.columns):
            if k + 1 < len(self.columns):
                nxt = self.columns[k + 1].x0
                if nxt - 0.6 * em <= x1 <= nxt and x0 >= c.x0 - 0.6 * em and c.x1 < nxt and c.role is not Role.NAME:
                    return k
        return None

    def place(self, x0: float, x1: float, em: float, number: bool = False) -> tuple[Role | None, bool]:
        """(role, under its title): the column a token stands in, and whether it stands under the title itself
        (`number`: the token is a number, which may stand right-aligned in its cell)."""
        pad = 0.6 * em
        k = self.right_aligned_in(x0, x1, em) if number else None
        if k is not None:
            return self.columns[k].role, True
        best, best_ov = None, 0.0
        for c in self.columns:
            hi, lo = c.x1 + pad, c.x0 - pad
            ov = (x1 if x1 < hi else hi) - (x0 if x0 > lo else lo)
            if ov > best_ov:
                best, best_ov = c, ov
        if best is not None:
            return best.role, True
        name = next((c for c in self.columns if c.role is Role.NAME), None)
        if name is not None and not any(c.x1 <= name.x0 and c.x1 + pad > x0 for c in self.columns):
            # the name column runs to the next column on its right (a titled code column on its left stays apart)
            first_data = min((c.x0 for c in self.columns if c.role is not Role.NAME and c.x0 > name.x1), default=None)
            if first_data is None or x1 <= first_data - pad:
                return Role.NAME, False
        near = min(self.columns, key=lambda c: min(abs(x0 - c.x1), abs(c.x0 - x1)))
        if min(abs(x0 - near.x1), abs(near.x0 - x1)) <= 3 * em:
            return near.role, False
        return None, False

    @property
    def roles(self) -> set[Role]:
        return {c.role for c in self.columns}

    @property
    def unit(self) -> str | None:
        """The unit the titles print for the rows under them ('Result (mg/dL)'; else 'Reference (mg/dL)')."""
        for role in (Role.RESULT, Role.RANGE):
            unit = next((c.unit for c in self.columns if c.role is role and c.unit), None)
            if unit:
                return unit
        return None

    def column_at(self, x0: float, x1: float, em: float, number: bool = False) -> int | None:
        """The index of the column a word stands under (most overlap with its title, widened a little), if any;
        a number may stand right-aligned in its cell."""
        k = self.right_aligned_in(x0, x1, em) if number else None
        if k is not None:
            return k
        pad = 0.6 * em
        best, best_ov = None, 0.0
        for k, c in enumerate(self.columns):
            hi, lo = c.x1 + pad, c.x0 - pad
            ov = (hi if hi < x1 else x1) - (lo if lo > x0 else x0)  # min(x1, hi) - max(x0, lo), without the calls
            if ov > best_ov:
                best, best_ov = k, ov
        return best

    def holds_values(self, k: int | None) -> bool:
        """Column k holds a result (today's or an earlier one)."""
        return k is not None and self.columns[k].role in (Role.RESULT, Role.RESULT_OUT, Role.PREVIOUS)

    def sex_at(self, x0: float, x1: float, em: float) -> str | None:
        """The sex of the range column a token stands under, when the ranges are printed one column per sex."""
        k = self.column_at(x0, x1, em, number=True)
        return self.columns[k].sex if k is not None else None

    def bound(self, x0: float, x1: float, em: float = 0.0) -> int | None:
        """Under a pair of range columns ('Low' | 'High', 'von' | 'bis'): 0 for the lower limit's column,
        1 for the upper one's; None when the range is one column."""
        pair = [c for c in self.columns if c.role is Role.RANGE]
        if len(pair) != 2:
            return None
        k = self.right_aligned_in(x0, x1, em) if em > 0 else None
        if k is not None and self.columns[k] in pair:
            return pair.index(self.columns[k])
        mid = (x0 + x1) / 2
        return min((0, 1), key=lambda k: abs(mid - (pair[k].x0 + pair[k].x1) / 2))


def title_role(text: str) -> Role | None:
    """The column role a title stands for ('Result', 'Unidades', 'Valores de referencia' ...), or None."""
    return _PHRASES.get(" ".join(_clean(w) for w in text.split()))


_DATE_TITLE = re.compile(r"^\(?(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})\)?$")
_DATE_NAMED = re.compile(r"^\(?(\d{1,2})[/.\- ]?([^\W\d_]{3,9})\.?[/.\- ]?(\d{2,4})\)?$")  # 20-Feb-2024
_DATE_CJK = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")


@lru_cache(maxsize=4096)
def _date_parts(text: str) -> tuple[int, int, int, bool] | None:
    """(year or first, month or second, day or third, certain): a date printed as a column title. Numeric
    day/month dates are uncertain ('03/05/2025'): the other dates of the line settle the order."""
    m = _DATE_TITLE.match(text)
    if m:
        a, b, c = (int(g) for g in m.groups())
        if a > 31:
            return (a, b, c, True)  # 2025-03-02
        return (c + 2000 if c < 100 else c, b, a, False) if b <= 31 else None
    m = _DATE_NAMED.match(text) or None
    if m and (month := MONTHS.get(fold(m.group(2)))):
        year = int(m.group(3))
        return (year + 2000 if year < 100 else year, month, int(m.group(1)), True)
    m = _DATE_CJK.match(text)
    if m:
        return (int(m.group(1)), int(m.group(2)), int(m.group(3)), True)
    return None


def date_keys(texts: list[str]) -> list[tuple[int, int, int] | None]:
    """A sortable (year, month, day) for each text that is a date: day first, unless a date of the same line
    cannot be ('03/25/2025'), then month first for all of them."""
    parts = [_date_parts(t) if _DIGIT.search(t) else None for t in texts]
    month_first = any(p is not None and not p[3] and p[1] > 12 for p in parts)
    keys: list[tuple[int, int, int] | None] = []
    for p in parts:
        if p is None:
            keys.append(None)
        elif p[3]:
            keys.append((p[0], p[1], p[2]))
        else:
            year, second, first = p[0], p[1], p[2]  # printed first/second/year
            month, day = (first, second) if month_first else (second, first)
            keys.append((year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None)
    return keys


_HEADING_UNIT_ROLES = (Role.RESULT, Role.RANGE)


def heading_unit(text: str) -> tuple[str, str] | None:
    """('Result', 'mg/dL') from a column title that prints its column's unit: 'Result (mg/dL)', 'Resultado [g/L]',
    'Ergebnis / mmol/l', 'Results, g/dL' (the brackets and separators of a unit printed in a name cell,
    lexicon.NAME_UNIT_BRACKETS / NAME_UNIT_SEPARATORS); only over a result or range column. None otherwise."""
    text = text.strip()
    head = unit = ""
    for opening, closing in NAME_UNIT_BRACKETS:
        if text.endswith(closing) and opening in text:
            head, _, unit = text[:-len(closing)].rpartition(opening)
            break
    else:
        at, sep = max((text.rfind(sep), sep) for sep in NAME_UNIT_SEPARATORS)
        if at > 0:
            head, unit = text[:at], text[at + len(sep):]
    head, unit = head.strip(), unit.strip()
    if not head or not unit or title_role(head) not in _HEADING_UNIT_ROLES or not is_unit_token(unit) \
            or fold(unit) in NAME_WORD_UNITS or fold(unit) in HIGH_LOW_TITLES:
        return None  # ('Flag (H/L)': the flags the column holds)
    return head, unit


def _heading_units(line: Line) -> dict[int, str]:
    """The words of a header line that print a column's unit after its title ('Result' '(mg/dL)'; 'Results,'
    'g/dL'; 'Ergebnis' '/' 'mmol/l'), by index, each with the unit: the longest run of up to four words right
    after a result or range title, in its cell, that heading_unit reads so."""
    words = line.words
    out: dict[int, str] = {}
    for i in range(len(words) - 1):
        nxt = words[i + 1].text
        if not (words[i].text.endswith(",") or nxt[:1] in "([（/"):
            continue
        first = next((s for s in range(max(0, i - _MAX_PHRASE + 1), i + 1)
                      if title_role(" ".join(w.text for w in words[s:i + 1]).rstrip(",")) in _HEADING_UNIT_ROLES), None)
        if first is None:
            continue
        last = None
        for e in range(i + 1, min(i + 5, len(words))):
            if words[e].x0 - words[e - 1].x1 > 0.8 * line.height:
                break  # the cell ends
            got = heading_unit(" ".join(w.text for w in words[first:e + 1]))
            if got is not None:
                last = (e, got[1])  # the longest ('Result / mL/min/1.73 m2', not '... / mL/min/1.73')
        if last is not None:
            out.update((k, last[1]) for k in range(i + 1, last[0] + 1))
    return out


def units_under(cols: Columns, header: Line, line: Line) -> Columns | None:
    """The header's columns with the units printed on the line right under it, under a result or range title
    ('Results,' / 'Thousand/uL', 'Resultado' / '(mg/dL)', 'Value, x' / '10^9/L': a title wrapped in its cell);
    None unless the line is only such units."""
    gap = line.top - cols.top
    if not cols.spaced or not -0.2 * line.height < gap < 0.6 * line.height:
        return None
    columns = list(cols.columns)
    for cell in line.cells():
        k = cols.column_at(cell[0].x0, cell[-1].x1, line.height)
        if k is None:
            return None
        c = columns[k]
        # the unit's first words on the header line, after the title ('x' of 'Value, x'), then this cell's
        begun = [w.text for w in header.words if c.x0 <= w.x0 and w.x1 <= c.x1 and _clean(w.text) not in _TITLE_WORDS]
        text = " ".join(begun + [w.text for w in cell]).replace("/ ", "/").strip()
        unit = text[1:-1] if text[:1] + text[-1:] in ("()", "[]", "（）") else text.lstrip("/, ")
        if k is None or columns[k].role not in _HEADING_UNIT_ROLES or columns[k].unit or not is_unit_token(unit) \
                or fold(unit) in NAME_WORD_UNITS or fold(unit) in HIGH_LOW_TITLES:
            return None
        columns[k] = replace(columns[k], unit=unit.strip())
    return Columns(columns, line.bottom, cols.spaced)


def detect_header(line: Line) -> Columns | None:
    """The columns a header line defines, or None if the line is not a table header."""
    words = line.words
    if len(words) > 28:
        return None
    texts = [_clean(w.text) for w in words]
    titles = sum(t in _TITLE_WORDS for t in texts)
    if titles == 0:
        return None  # cheap test first: most lines hold no title word at all
    units = _heading_units(line)
    for k in units:  # a title's unit is no title word of its own ('Results, mg/dl': no magnesium)
        texts[k] = ""
    if any(a.text.endswith((":", "：")) and _DIGIT.search(b.text) for a, b in zip(words, words[1:], strict=False)):
        return None  # 'DOB: 12/09/1987  Reported: 07/15/2025': fields, not titles
    dates = date_keys([w.text for w in words])
    if sum(1 for k, (w, t, d) in enumerate(zip(words, texts, dates, strict=True))
           if d is None and _DIGIT.search(w.text) and t not in _TITLE_WORDS and k not in units) > 1:
        return None  # numbers: a row, not titles (a title may hold a digit: 'U (k=2)'; a unit: '[10E9/L]')
    if titles + sum(d is not None for d in dates) < 2:
        return None
    sex_words = [t for t in texts if t in SEX_LABELS or t in _SEX_LETTERS]
    sexes = tuple(sex_words) if len({sex_of(t, tuple(sex_words)) for t in sex_words}) == 2 else ()
    if not sexes:
        sex_words = []  # a sex word is a column title only beside the other sex's ('M' | 'F', 'Hombres' | 'Mujeres')
    # cheap test before the phrase search: only dates, title words, sex words and empty words are matched below
    within_reach = sum(1 for t, d in zip(texts, dates, strict=True)
                       if d is not None or not t or t in _TITLE_WORDS or " " in t or t in sex_words)
    if within_reach < 0.6 * len([t for t in texts if t]):
        return None
    columns: list[Column] = []
    phrases: list[str] = []  # the title of each column
    untitled: list[Column] = []  # cells under no title word we know ('Liberado'): kept apart, their text unread
    matched = 0
    i = 0
    dated: list[tuple[tuple[int, int, int], int]] = []  # (date, column index): results of each date
    titled_dates: list[tuple[tuple[int, int, int], int]] = []  # dates printed in a titled column's cell
    def in_cell_of(column: Column | None, k: int) -> bool:
        """words[k] is printed right after the previous word, which ends `column`: one cell ('Vorwert 14.11.2023')."""
        return column is not None and k > 0 and column.x1 == words[k - 1].x1 \
            and words[k].x0 - words[k - 1].x1 < 0.8 * line.height

    while i < len(words):
        hit = None
        date = dates[i]
        if date is not None:
            matched += 1
            if columns and phrases[-1] and columns[-1].role in (Role.RESULT, Role.PREVIOUS) and in_cell_of(columns[-1], i):
                c = columns[-1]  # 'Vorwert 14.11.2023': the date of a titled column, in its cell
                columns[-1] = Column(c.role, c.x0, words[i].x1)
                titled_dates.append((date, len(columns) - 1))
            else:
                dated.append((date, len(columns)))
                columns.append(Column(Role.PREVIOUS, words[i].x0, words[i].x1))
                phrases.append("")
            i += 1
            continue
        if i in units:  # the unit printed after the title, in its cell
            if columns:
                columns[-1] = replace(columns[-1], x1=words[i].x1, unit=units[i])
            i += 1
            continue
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(t for t in texts[i:i + size] if t)
            role = _PHRASES.get(phrase)
            if role is not None and (size == 1 or _tight(words[i:i + size], line.height)):
                hit = (size, role)
                break
        if hit is None:
            sex = sex_of(texts[i], sexes) if texts[i] in sex_words else None
            if sex is not None and columns and columns[-1].role is Role.RANGE and columns[-1].sex is None \
                    and in_cell_of(columns[-1], i):
                c = columns[-1]  # 'Referenz männlich': the range column of one sex
                columns[-1] = Column(Role.RANGE, c.x0, words[i].x1, sex)
                matched += 1
            elif sex is not None:
                columns.append(Column(Role.RANGE, words[i].x0, words[i].x1, sex))  # 'M' | 'F' over two ranges
                phrases.append(texts[i])
                matched += 1
            # an untitled word right after a title, in the same cell, widens it ('Test Description Code')
            elif columns and texts[i] and in_cell_of(columns[-1], i):
                c = columns[-1]
                columns[-1] = Column(c.role, c.x0, words[i].x1, c.sex)
            elif texts[i]:
                if untitled and words[i].x0 - untitled[-1].x1 < 0.8 * line.height:
                    untitled[-1] = Column(Role.OTHER, untitled[-1].x0, words[i].x1)
                else:
                    untitled.append(Column(Role.OTHER, words[i].x0, words[i].x1))
            i += 1
            continue
        size, role = hit
        matched += size
        phrase = " ".join(t for t in texts[i:i + size] if t)
        stacked = i >= 2 and texts[i - 1] == "/" and bool(columns) and in_cell_of(columns[-1], i)
        if columns and (columns[-1].role is role or stacked) and words[i].x0 - columns[-1].x1 < 0.8 * line.height:
            c = columns[-1]  # 'Test' 'Name' both name words; 'Result / Range': the range printed under the result
            columns[-1] = Column(c.role, c.x0, words[i + size - 1].x1, c.sex)
            phrases[-1] += " " + phrase
        else:
            x0 = words[i].x0
            if untitled and in_cell_of(untitled[-1], i):
                x0 = untitled.pop().x0  # an untitled word before a title, in its cell: 'Standard Range', 'Usual Values'
            columns.append(Column(role, x0, words[i + size - 1].x1))
            phrases.append(phrase)
        unit = next((units[k] for k in range(i, i + size) if k in units), None)
        if unit is not None:
            columns[-1] = replace(columns[-1], unit=unit)
        i += size
    _in_and_out_of_range(columns, phrases)
    _newest_is_today(columns, titled_dates)
    if dated and not any(c.role in (Role.RESULT, Role.RESULT_OUT) for c in columns):
        _, newest = max(dated)  # a cumulative report: the newest date is today's result, the others earlier ones
        c = columns[newest]
        columns[newest] = Column(Role.RESULT, c.x0, c.x1)
    roles = {c.role for c in columns}
    if Role.RESULT_OUT in roles:
        roles.add(Role.RESULT)
    if len(roles) < HEADER_MIN_ROLES or matched < 0.6 * len([t for t in texts if t]):
        return None
    if Role.RESULT not in roles and not {Role.NAME, Role.RANGE} <= roles:
        return None
    spaced = any(b.x0 - a.x1 >= 0.8 * line.height for a, b in zip(columns, columns[1:], strict=False))
    if not spaced and len(roles) < 3:
        return None  # one run of words ('ABNORMAL RESULTS'), not titles over columns
    name = next((c for c in columns if c.role is Role.NAME), None)
    untitled = [c for c in untitled if name is not None and c.x0 > name.x1]  # never over the names
    unit_words = {id(words[k]) for k in units}
    if any(canonical(" ".join(w.text for w in cell if id(w) not in unit_words)) for cell in line.cells()
           if len(cell) <= 4 and not (len(cell) == 1 and _clean(cell[0].text) in sex_words)):
        return None  # a test's name among the words ('WBC     HIGH     RBC     WITHIN RANGE': cards' names; the
        # sex titles 'M' | 'K' are no potassium)
    if any(t not in _TITLE_WORDS and len(t) > 3 and canonical(t) for t in texts):
        return None  # 'Lymphocytes (valeur    NORMAL': a card's name that runs into a title word
    if spaced and Role.RESULT in roles and untitled:
        columns = sorted(columns + untitled, key=lambda c: c.x0)
    return Columns(columns, line.bottom, spaced)


def _in_and_out_of_range(columns: list[Column], phrases: list[str]) -> None:
    """'NORMAL' then 'ANORMAL' side by side: the results in range, then the results out of range."""
    for k in range(len(columns) - 1):
        if phrases[k] in IN_RANGE_TITLES and phrases[k + 1] in OUT_OF_RANGE_TITLES:
            a, b = columns[k], columns[k + 1]
            columns[k], columns[k + 1] = Column(Role.RESULT, a.x0, a.x1), Column(Role.RESULT_OUT, b.x0, b.x1)


def _newest_is_today(columns: list[Column], titled_dates: list[tuple[tuple[int, int, int], int]]) -> None:
    """Several result columns each with its date ('Wert 14.11.2023 | Wert 22.07.2024'): the newest is today's
    result, the others earlier results."""
    results = [(d, k) for d, k in titled_dates if columns[k].role is Role.RESULT]
    if len(results) < 2:
        return
    _, newest = max(results)
    for _, k in results:
        if k != newest:
            c = columns[k]
            columns[k] = Column(Role.PREVIOUS, c.x0, c.x1)


def _tight(words, height: float) -> bool:
    return all(b.x0 - a.x1 < 0.8 * height for a, b in zip(words, words[1:], strict=False))


_STAMP = re.compile(r"^(?=.*\d)[\w:./-]+$")  # a request number, a date or a time: one run of letters, digits, : . / -
_PLAIN_NUMBER = re.compile(r"^[<>≤≥]?\d{1,6}(?:[.,]\d+)?$")


def stamp_line(line: Line) -> bool:
    """A line of a header printed over several lines: column titles, or a label ('Sample Collected') followed by
    one stamp per column (request numbers, dates, times), titles maybe after them; never a plain number."""
    if title_like(line):
        return True
    words = line.words
    stamps = titles = 0
    for w in words:
        if _DIGIT.search(w.text):
            if not _STAMP.match(w.text) or _PLAIN_NUMBER.match(w.text):
                return False
            stamps += 1
        elif _clean(w.text) in _TITLE_WORDS:
            titles += 1
        elif stamps:
            return False  # 'Collected on 04/10/2025 · Resulted on 04/10/2025': a sentence with dates, over no columns
    if _DIGIT.search(words[0].text):  # no label: stamps alone, or with titles ('04/10/2025  Result  Result')
        return stamps + titles == len(words) and (stamps >= 2 or titles >= 1)
    # a label and a stamp per column, or titles with today's date among them ('RESULTAT  RESULTAT  04-04-2024'
    # under 'TIDLIGERE  TIDLIGERE' over the earlier results' dates: a title wrapped onto the line of the date)
    return len(words) >= 3 and (stamps >= 2 or stamps + titles == len(words))


def stamps_only(line: Line) -> bool:
    """A line of nothing but request numbers, dates or times (today's date under its title, alone)."""
    return all(_DIGIT.search(w.text) and _STAMP.match(w.text) and not _PLAIN_NUMBER.match(w.text)
               for w in line.words)


def _runs_without_stamps(cells: list[list[Word]]) -> list[list[Word]]:
    """The cells with the stamps taken out ('07:17 Units' printed close together leaves 'Units')."""
    runs: list[list[Word]] = []
    for cell in cells:
        run: list[Word] = []
        for w in cell:
            if _DIGIT.search(w.text):
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(w)
        if run:
            runs.append(run)
    return runs


def _titles(runs: list[list[Word]]) -> list[tuple[list[Word], Role | None]]:
    """Runs of words cut into titles, longest phrase first ('Unità di misura Val. rif.' printed close together
    is two titles); words in no title stay together, untitled."""
    out: list[tuple[list[Word], Role | None]] = []
    for run in runs:
        texts = [_clean(w.text) for w in run]
        i = 0
        while i < len(run):
            for size in range(min(_MAX_PHRASE, len(run) - i), 0, -1):
                role = _PHRASES.get(" ".join(t for t in texts[i:i + size] if t))
                if role is not None:
                    out.append((run[i:i + size], role))
                    i += size
                    break
            else:
                if out and out[-1][1] is None and out[-1][0][-1] is run[i - 1 if i else 0]:
                    out[-1][0].append(run[i])
                else:
                    out.append(([run[i]], None))
                i += 1
    return out


def stacked_header(lines: list[Line]) -> Columns | None:
    """A header printed over several lines, one of them a date per column ('Sample Collected  15/07/2025
    22/03/2025 ...' under request numbers, over times and the unit and range titles): the dates are the result
    columns, the newest today's unless a title over one says which ('Current'); the labels on the left stand over
    the names; titles on any line give the other columns."""
    best = _column_dates(lines)
    if len(best) < 2:
        return None
    h = max(max(ln.height for ln in lines), 1.0)
    dated = [Column(Role.PREVIOUS, w.x0, w.x1) for w, _ in best]
    left = min(c.x0 for c in dated)
    right = max(c.x1 for c in dated)
    newest = max(range(len(best)), key=lambda k: best[k][1])
    columns: list[Column] = []
    right_runs: list[list[Word]] = []  # the title cells right of the dated columns, top to bottom
    over: list[set[Role | None]] = [set() for _ in dated]  # the titles printed over (or under) each dated column
    for ln in lines:
        for run in _runs_without_stamps(ln.cells(0.8 * h)):
            if run[0].x0 > right:
                right_runs.append(run)
                continue
            for cell, role in _titles([run]):
                x0, x1 = cell[0].x0, cell[-1].x1
                under = [k for k, c in enumerate(dated) if min(x1, c.x1) - max(x0, c.x0) > 0]
                if under:
                    if len(under) == 1:
                        over[under[0]].add(role)
                    continue
                if x1 < left:
                    columns.append(Column(Role.NAME, x0, x1))
                elif x0 > right:
                    right_runs.append(cell)
    current = [k for k, roles in enumerate(over) if roles & {Role.RESULT, Role.RESULT_OUT} and Role.PREVIOUS not in roles]
    if len(current) == 1:
        newest = current[0]  # 'Current' over one of the dated columns ('Prior' / 'Result' over the others)
    dated[newest] = Column(Role.RESULT, dated[newest].x0, dated[newest].x1)
    names = [c for c in columns if c.role is Role.NAME]
    if not names:
        return None
    name = Column(Role.NAME, min(c.x0 for c in names), max(c.x1 for c in names))
    rest = _stack_cells(right_runs)
    if not any(c.role in (Role.UNIT, Role.RANGE) for c in rest):
        return None  # dates over columns, but no unit or range title: not enough to call it a table's header
    return Columns(sorted([name, *dated, *rest], key=lambda c: c.x0), lines[-1].bottom, True)


def _stack_cells(runs: list[list[Word]]) -> list[Column]:
    """Title cells printed one over the other (given top to bottom) as one column: titled by the title they make
    together ('Valori de' / 'referință', 'GIÁ TRỊ THAM' / 'CHIẾU', whose first line alone starts with another
    title), else cut into titles, cells that overlap one column titled by the role one of them names."""
    order = {id(run): k for k, run in enumerate(runs)}
    groups: list[list[list[Word]]] = []
    for run in sorted(runs, key=lambda r: r[0].x0):
        if groups and min(run[-1].x1, max(r[-1].x1 for r in groups[-1])) > max(run[0].x0, min(r[0].x0 for r in groups[-1])):
            groups[-1].append(run)
        else:
            groups.append([run])
    out: list[Column] = []
    for group in groups:
        role = title_role(" ".join(w.text for r in sorted(group, key=lambda r: order[id(r)]) for w in r)) \
            if len(group) > 1 else None
        if role is not None:
            out.append(Column(role, min(r[0].x0 for r in group), max(r[-1].x1 for r in group)))
            continue
        pieces: list[Column] = []
        for cell, piece_role in sorted(_titles(group), key=lambda rc: rc[0][0].x0):
            c = Column(piece_role or Role.OTHER, cell[0].x0, cell[-1].x1)
            if pieces and min(c.x1, pieces[-1].x1) > max(c.x0, pieces[-1].x0):
                a = pieces[-1]
                pieces[-1] = Column(a.role if a.role is not Role.OTHER else c.role, min(a.x0, c.x0), max(a.x1, c.x1))
            else:
                pieces.append(c)
        out.extend(pieces)
    return out


def _column_dates(lines: list[Line]) -> list[tuple[Word, tuple[int, int, int]]]:
    """The dates over the columns, from any line of the header (today's on one line, the earlier ones on the
    next), left to right; one per column. The month-first or day-first reading is voted over all of them."""
    words = [w for ln in lines for w in ln.words]
    keys = date_keys([w.text for w in words])
    found: list[tuple[Word, tuple[int, int, int]]] = []
    for w, k in sorted(((w, k) for w, k in zip(words, keys, strict=True) if k), key=lambda wk: wk[0].x0):
        if found and w.x0 < found[-1][0].x1:
            return [] if len(found) < 2 else _one_line_of_dates(lines)  # two dates over one column: not a date row
        found.append((w, k))
    return found


def _one_line_of_dates(lines: list[Line]) -> list[tuple[Word, tuple[int, int, int]]]:
    best: list[tuple[Word, tuple[int, int, int]]] = []
    for ln in lines:
        found = [(w, k) for w, k in zip(ln.words, date_keys([w.text for w in ln.words]), strict=True) if k]
        if len(found) > len(best):
            best = found
    return best


def all_titles(line: Line) -> bool:
    """Every word of the line is a column-title word (the second line of a header printed on two), a sex's
    letter too beside the other sex's word ('ERKEK  K', 'M  K' under two range titles)."""
    texts = [_clean(w.text) for w in line.words]
    sexes = _sex_words(texts)
    return all(t in _HEADER_LINE_WORDS or t in sexes for t in texts)


def _sex_words(texts: list[str]) -> set[str]:
    """The words of a line that title one sex's column each, when they name both sexes ('M  K', 'ERKEK  K',
    'Nam giới  Nữ giới'); else none."""
    words = [t for t in texts if t in SEX_LABELS or t in _SEX_LETTERS]
    if len({sex_of(t, tuple(words)) for t in words} - {None}) < 2:
        return set()
    return set(words)


def title_like(line: Line) -> bool:
    """Maybe one line of a header printed on two lines: no digits, no 'Label: value' field, and at least half
    its words column-title words (a lab's name with 'Laboratory' in it is not)."""
    words = line.words
    if any(_DIGIT.search(w.text) and _clean(w.text) not in _TITLE_WORDS for w in words):
        return False  # a title's own digit aside ('U (k=2)')
    if any(w.text.endswith((":", "：")) for w in words[:-1]):
        return False
    texts = [_clean(w.text) for w in words]
    sexes = _sex_words(texts)
    return 2 * sum(t in _HEADER_LINE_WORDS or t in sexes for t in texts) >= len(words)


def _caption_over(cell: list[Word], under: list[Word]) -> bool:
    """A cell over one title that starts with it and runs on past it by more than the title's width: a caption
    over the table ('Résultats hors normes' over 'Examen'), where a wrapped title ('Valeurs de' over
    'référence') stays over its column."""
    width = under[-1].x1 - under[0].x0
    return cell[0].x0 <= under[0].x0 + 0.5 * width and cell[-1].x1 - under[-1].x1 > width


def _title_cells(cells: list[list[Word]]) -> list[list[Word]]:
    """Cells of one header line, a cell holding two titles or more printed close together ('GIÁ TRỊ ĐÁNH ĐƠN VỊ
    TÍNH': 'Giá trị' | 'Đánh' (over 'giá') | 'Đơn vị tính') cut into its titles and the words between them."""
    out: list[list[Word]] = []
    for cell in cells:
        pieces = _titles([cell]) if len(cell) > 1 else [(cell, None)]
        for k in range(len(pieces) - 1, 0, -1):
            words, role = pieces[k]
            if role is None and pieces[k - 1][1] is not None and all(fold(w.text) in JOINING_WORDS for w in words):
                # a title's phrase that goes on on the next line ('Valeurs de' / 'référence'): not a title alone
                pieces[k - 1] = (pieces[k - 1][0] + words, None)
                del pieces[k]
        if sum(role is not None for _, role in pieces) >= 2:
            out.extend(list(words) for words, _ in pieces)
        else:
            out.append(cell)
    return out


def merge_lines(lines: list[Line]) -> Line:
    """A header printed on two or three lines ('Valeurs de' / 'référence', or 'In' / 'Range' beside one-line
    titles) as one line of cells: each cell joins the cells above it that it overlaps. A title spanning two or
    more cells below it ('Reference' over 'Low' and 'High') only groups them: the cells below are the columns."""
    h = max(max(ln.height for ln in lines), 1.0)
    per_line = [_title_cells(ln.cells(0.8 * h)) for ln in lines]

    def overlaps(a: list[Word], b: list[Word]) -> bool:
        return min(a[-1].x1, b[-1].x1) - max(a[0].x0, b[0].x0) > 0

    def role(cell: list[Word]) -> Role | None:
        return title_role(" ".join(w.text for w in cell))

    cells: list[list[Word]] = []
    as_printed: set[int] = set()  # cells of one line's words only: they keep their places
    for k, line_cells in enumerate(per_line):
        below = [c for later in per_line[k + 1:] for c in later]
        for cell in line_cells:
            under = [c for c in below if overlaps(cell, c)]
            if len(under) >= 2:
                if role(cell) is not None:  # its kind goes to the cells under it we have no title for
                    for u in under:         # ('Intervalo de referencia' over 'Inferior' | 'Superior')
                        if not any(_clean(w.text) in _TITLE_WORDS for w in u) \
                                and not any(overlaps(u, c) for c in cells):
                            cells.append([Word(w.text, u[0].x0, u[-1].x1, w.top, w.bottom) for w in cell])
                continue  # a spanning title
            if len(under) == 1 and role(cell) is not None and role(cell) is role(under[0]):
                continue  # a title over a title of its kind ('Normal Range' over the 'Min' of 'Min' | 'Max')
            if len(under) == 1 and _caption_over(cell, under[0]) and role(cell + under[0]) is None:
                continue  # 'Abnormal results' over the 'Test' title: the table's caption, no part of a title
                # (a wide first line of a wrapped title stays: 'KHOẢNG THAM' over 'CHIẾU')
            target = next((c for c in cells if overlaps(cell, c)), None)
            if target is not None:
                target.extend(cell)
                as_printed.discard(id(target))
            else:
                cells.append(list(cell))
                as_printed.add(id(cells[-1]))
    bottom = lines[-1].bottom
    top = bottom - h  # one line tall: gaps between titles are measured against one line of type
    merged: list[Word] = []
    for cell in sorted(cells, key=lambda c: min(w.x0 for w in c)):
        if id(cell) in as_printed:  # 'Buiten referentie  Referentiegebied' close together: two titles, as printed
            merged.extend(Word(w.text, w.x0, w.x1, top, bottom) for w in cell)
            continue
        left = min(w.x0 for w in cell)
        right = max(w.x1 for w in cell)
        ordered = cell  # reading order inside the cell: gathered line by line, left to right
        step = (right - left) / len(ordered)  # keep the words (phrases still match), spread over the cell
        for k, w in enumerate(ordered):
            merged.append(Word(w.text, left + k * step, left + (k + 1) * step - 0.01 * h, top, bottom))
    return Line(merged, top, bottom)
