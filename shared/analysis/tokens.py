"""The tokenizer: the words of one line -> typed tokens that keep their position.

    line   := piece*            a piece is a word, or part of a word cut at a glue point
                                ('13.5H' -> '13.5' 'H', '40-65%' -> '40' '-' '65' '%', '<200' -> '<' '200')
    token  := NUM | RANGE | CMP | UNIT | FLAG | INTRO | CODE | DATE | WORD
              RANGE  NUM SEP NUM | LE/GE-word NUM          ('13.0 - 17.0', '13 a 17', 'Up to 5', 'Hasta 200')
              CMP    LE/GE-sign NUM                        ('< 200', '≤5', '> OR = 40'): a one-sided interval,
                                                           or a censored result when it stands where the value goes
              UNIT   up to three pieces the unit grammar accepts ('x 10^3/uL', 'mL/min/1.73 m2', 'ug/mL FEU')
              FLAG   lexicon.FLAG_WORDS, one or two pieces ('H', '↑', '**', 'Alto', 'Critical high')
              INTRO  a range introducer ('Ref:', 'Reference:', 'Valores de referencia', 'VR', '参考区间')
              CODE   a code inside a name ('718-7' after 'LOINC:')
              DATE   '03/02/2025', '12:30'

Every token records the words it came from (`w0`..`w1`) and its x-extent, so the
row grammar can ask which column a token stands in and rebuild a name exactly as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from shared.analysis.layout.words import Word
from shared.analysis.lexicon import (
    BRACKETED_RANGE_SEPARATORS,
    GE_SIGNS,
    GE_WORDS,
    GLUED_SIGN_FLAGS,
    LE_SIGNS,
    LE_WORDS,
    LOWER_LABELS,
    MULTIWORD_FLAGS,
    OPEN_RANGE_SEPARATORS,
    PER_HUNDRED_CELLS,
    RAISED_DECIMAL_POINTS,
    RANGE_INTRODUCERS,
    RANGE_SEPARATORS,
    SECONDS,
    SUPERSCRIPT_DIGITS,
    THOUSANDS_APOSTROPHES,
    UNIT_WORDS,
    UPPER_LABELS,
    Flag,
    Role,
    fold,
)
from shared.analysis.units import is_unit_token
from shared.analysis.values import NUM_RE, Range, flag_of, labelled_bounds, parse_number, parse_range


class Kind(StrEnum):
    NUM = "num"
    RANGE = "range"
    CMP = "cmp"
    UNIT = "unit"
    FLAG = "flag"
    INTRO = "intro"
    CODE = "code"
    DATE = "date"
    WORD = "word"


@dataclass(slots=True)
class Tok:
    kind: Kind
    text: str
    x0: float
    x1: float
    w0: int  # index of the first word it came from
    w1: int  # index of the last word
    value: float | None = None
    rng: Range | None = None
    flag: Flag | None = None
    emph: bool = False  # bold or red type (a number's only flag on some reports)
    role: Role | None = None  # the column it stands in, when the table has a header
    bound: int | None = None  # under 'Low' | 'High' columns: 0 lower limit, 1 upper
    sex: str | None = None  # under a range column of one sex ('Male' | 'Female')

    @property
    def is_value(self) -> bool:
        return self.kind is Kind.NUM

    @property
    def numeric(self) -> bool:
        return self.kind in (Kind.NUM, Kind.RANGE, Kind.CMP)


@dataclass(slots=True)
class _Piece:
    text: str
    w: int
    x0: float
    x1: float
    emph: bool
    h: float = 10.0  # the word's height (gaps are judged against it)
    opens: bool = False  # the first piece after an opening bracket ('[4,5;11,0]', '( 4,5 - 11,0 )')
    closes: bool = False  # the last piece before a closing bracket


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2009: 0x20, 0x202F: 0x20, 0x2007: 0x20})
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‒": "-", "‐": "-", "‑": "-", "～": "~", "〜": "~"})
_NUM = r"\d+(?:[.,]\d+)*"
_RAISED_POINT = re.compile(rf"(?<=\d)[{RAISED_DECIMAL_POINTS}](?=\d)")
_MARK_AFTER = re.compile(rf"^({_NUM})(%|‰|\*+|¬|↑+|↓+|#|!|†+|\+{{1,3}})$")
_FOOTNOTE_AFTER = re.compile(rf"^({_NUM})[{SUPERSCRIPT_DIGITS}]+$")  # '5.2¹' (but '10³' is a power of ten)
_SIGNS = "|".join(re.escape(s) for s in sorted(LE_SIGNS | GE_SIGNS, key=len, reverse=True))
_SIGN_BEFORE = re.compile(rf"^({_SIGNS})({_NUM})(.*)$")
_OPEN_SEPARATORS = frozenset(s.translate(_DASHES) for s in OPEN_RANGE_SEPARATORS)  # as pieces print them
_FLAG_BEFORE = re.compile(rf"^(\*+|↑+|↓+|[HL])({_NUM})$")
_LEADING_ZERO = re.compile(r"^0\d\d")  # '0643': an ID or a phone number's digits, never a limit
_GLUED_RANGE = re.compile(rf"^({_NUM}|\.\d+)(--?|~|÷|至|到|\.\.\.?|…)({_NUM}|\.\d+)(.*)$")  # '.60-1.30': US leading dot; '64..83'
_OPEN_RANGE = re.compile(rf"^({_NUM})(--?|~|÷|至|到)$")
_DASH_NUM = re.compile(rf"^(--?|~|÷|至|到)({_NUM})(.*)$")
_GLUED_UNIT = re.compile(rf"^({_NUM})([^\d\s.,].*)$")
_GLUED_POWER_UNIT = re.compile(r"^(.*\d[.,]\d+)(10(?:\^|\*|[⁰¹²³⁴⁵⁶⁷⁸⁹]).*)$")
_CODE = re.compile(r"^\d{3,6}-\d$")  # LOINC-style code: digits, dash, check digit (never a valid range)
_DATE = re.compile(r"^(\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}:\d{2}(:\d{2})?)$")
_BARCODE = re.compile(r"^\d{8,}$")
_THOUSANDS_GROUP = re.compile(r"^\d{3}(?:[.,]\d+)?$")
_ANY_DIGIT = re.compile(r"\d")
_STRIP_LEAD = "([{\"'“‘«"
_STRIP_TRAIL = ")]}\"'”’»,;"
_PUNCT_ONLY = "()[]{}|:;,"
_OPENING = ("(", "[")
_CLOSING = (")", "]")
_SEPARATORS = frozenset(fold(s) for s in RANGE_SEPARATORS)
_INTRO_MAX = max(len(w.split()) for w in RANGE_INTRODUCERS)
_INTRO_PHRASES = frozenset(w.rstrip(":") for w in RANGE_INTRODUCERS)
_INTRO_FIRST = frozenset(w.split()[0].rstrip(":") for w in _INTRO_PHRASES)
_LE_GE_PHRASES = frozenset(LE_WORDS) | frozenset(GE_WORDS)
_LE_GE_MAX = max(len(w.split()) for w in _LE_GE_PHRASES)
_LE_GE_FIRST = frozenset(w.split()[0] for w in _LE_GE_PHRASES)
_UNIT_THEN_LIMITS = re.compile(r"^(.*[^\W\d_%²³µ]|.*[%²³]|.*m2)([<>≤≥]=?\d[\d.,]*|\d[\d.,]*[-–]\d[\d.,]*)$")
_UNIT_TAILS = frozenset({"feu", "ddu", "hr", "mm", "m2", "m²", "hpf", "lpf", "mm3", "mm/hr", "1.73m2", "1,73m2",
                         "hg"})  # 'mm Hg'
_UNIT_HEADS = frozenset({"x", "×", "*", "cu", "/cu", "cells/cu", "lakhs/cu", "mill/cu", "million/cu", "thou/cu"})


_NO_SELECTORS = {0xFE0E: None, 0xFE0F: None}  # emoji / text presentation selectors: '⚠️' is '⚠'


def normalise(text: str) -> str:
    """Full-width forms to ASCII, dashes to '-' and a raised decimal point between digits to '.' ('13·2'),
    keeping superscripts and micro signs as printed."""
    if text.isascii():
        return text
    return _RAISED_POINT.sub(".", text.translate(_FULLWIDTH).translate(_DASHES).translate(_NO_SELECTORS))


@lru_cache(maxsize=16384)
def _word_parts(text: str) -> tuple[str, ...]:
    """A word's pieces: cut at its glue points; none for a lone bracket, bar or colon (it says nothing)."""
    text = _BRACKETED_RANGE.sub(r"\1-\3", normalise(text))
    if (signed := _BRACKETED_SIGNED.match(text)) is not None:  # '(-2)-(+3)': each bound in its own brackets
        upper = ("-", signed[3][1:]) if signed[3].startswith("-") else (signed[3],)
        return ("-", signed[1], signed[2], *upper)
    if (opened := _BRACKETED_RANGE_OPEN.match(text)) is not None:
        return (*_split_text(opened.group(1)), "-")  # '[130;' of '[130; 175]': the separator spaced from the bound
    return _split_text(text) if text.strip(_PUNCT_ONLY) else ()


# '[3,5;4,6]': a bracketed interval whose bounds a separator of its own splits (lexicon.BRACKETED_RANGE_SEPARATORS)
_BRACKETED_RANGE = re.compile(rf"^(\[{_NUM})({'|'.join(re.escape(s) for s in BRACKETED_RANGE_SEPARATORS)})({_NUM}\])$")
_BRACKETED_RANGE_OPEN = re.compile(rf"^(\[{_NUM})({'|'.join(re.escape(s) for s in BRACKETED_RANGE_SEPARATORS)})$")


_BRACKETED_SIGNED = re.compile(rf"^\(-({_NUM})\)(-|~)\((\+?{_NUM}|-{_NUM})\)$")
_GLUED_UPPER = re.compile(rf"^(-|~|÷)(\+?{_NUM}|-{_NUM})$")  # the rest of '-2.0-3.0' / '-3~3' / '-2-+3' / '-5--2'
_GLUED_AGE = re.compile(r"^(\d{1,3})(岁)$")
# "250'000", "4'000-10'000": thousands grouped by an apostrophe (lexicon.THOUSANDS_APOSTROPHES), groups of three
_APOSTROPHE_GROUPS = re.compile(rf"(?<![\d{THOUSANDS_APOSTROPHES}])(\d{{1,3}})((?:[{THOUSANDS_APOSTROPHES}]\d{{3}})+)(?!\d)")
# A spreadsheet's scientific number format ('1.36E+01', '4,50E-02', '1.71E+05'): one digit, a decimal mark, the
# mantissa's digits, E and a signed exponent of one or two digits.
_SCIENTIFIC = re.compile(r"^(\d)([.,])(\d{1,12})[eE]([+-]\d{1,2})$")


def plain_scientific(text: str) -> str | None:
    """'1.36E+01' -> '13.6', '4,50E-02' -> '0,0450', '1.71E+05' -> '171000': the number written out with the
    same decimal mark (so the document's decimal convention reads it), or None for another word."""
    m = _SCIENTIFIC.match(text)
    if m is None:
        return None
    digits, mark, at = m[1] + m[3], m[2], 1 + int(m[4])
    if at <= 0:
        return f"0{mark}{'0' * -at}{digits}"
    if at >= len(digits):
        return digits + "0" * (at - len(digits))
    return f"{digits[:at]}{mark}{digits[at:]}"



@lru_cache(maxsize=16384)
def _split_text(t: str) -> tuple[str, ...]:
    while len(t) > 1 and t[0] in _STRIP_LEAD:
        t = t[1:]
    while len(t) > 1 and t[-1] in _STRIP_TRAIL:
        t = t[:-1]
    if not t or not _ANY_DIGIT.search(t):
        return (t,) if t else ()
    if any(c in t for c in THOUSANDS_APOSTROPHES):
        t = _APOSTROPHE_GROUPS.sub(lambda m: m[1] + "".join(c for c in m[2] if c.isdigit()), t)
    if (plain := plain_scientific(t)) is not None:
        return (plain,)
    while len(t) > 1 and t[-1] in _STRIP_TRAIL or t[-1:] == ":":
        t = t[:-1]  # '718-7):' -> '718-7' (a colon after a word is kept: 'High:' is a label, not a flag)
    if t[0] in ".·…" and not NUM_RE.match(t) and NUM_RE.match(t.lstrip(".·…")):
        t = t.lstrip(".·…")  # the end of a dotted leader glued to the value: '.....247,000'
    m = _FOOTNOTE_AFTER.match(t)
    if m and m.group(1) != "10":
        return (m.group(1),)
    m = _GLUED_AGE.match(t)
    if m:
        return (m.group(1), m.group(2))  # '50岁': an age band's age and its word
    m = _GLUED_POWER_UNIT.match(t)
    if m and is_unit_token(m.group(2)):
        return (*_split_text(m.group(1)), m.group(2))  # '11,0010³/µL': a bound and a 10³ unit
    for rx in (_MARK_AFTER, _FLAG_BEFORE):
        m = rx.match(t)
        if m:
            return (m.group(1), m.group(2))
    m = _SIGN_BEFORE.match(t)
    if m:
        rest = _split_text(m.group(3)) if m.group(3) else ()
        return (m.group(1), m.group(2), *rest)
    m = _GLUED_RANGE.match(t)
    if m and not _CODE.match(t) and not _DATE.match(t) and not _LEADING_ZERO.match(m.group(3)):
        # '718-7' is a code: as a range it would run backwards; '555-0643' is a phone number
        rest = (m.group(4),) if m.group(4) else ()
        return (m.group(1), m.group(2), m.group(3), *rest)
    m = _OPEN_RANGE.match(t)
    if m:
        return (m.group(1), m.group(2))
    m = _DASH_NUM.match(t)
    if m and len(t) > 1:
        after: str = m.group(3)
        if m.group(1) == "-" and (up := _GLUED_UPPER.match(after)) is not None:
            upper = ("-", up[2][1:]) if up[2].startswith("-") else (up[2],)  # '-5--2': both bounds below zero
            return ("-", m.group(2), up[1], *upper)  # '-2.0-3.0', '-3~3', '-2-+3': a negative low bound glued to the rest
        return (m.group(1), m.group(2), *((after,) if after else ()))
    m = _UNIT_THEN_LIMITS.match(t)
    if m and (is_unit_token(m.group(1)) or m.group(1).lower() in _UNIT_TAILS):
        return (m.group(1), *_split_text(m.group(2)))  # 'Thousand/uL4.50-11.00', 'm2>90': no gap on a receipt
    m = _GLUED_UNIT.match(t)
    if m and not _DATE.match(t) and not is_unit_token(t):  # '10E12/L' is one unit, not 10 and 'E12/L'
        tail = m.group(2)
        if is_unit_token(tail) or flag_of(tail) is not None or tail in ("H", "L", "HH", "LL"):
            return (m.group(1), tail)
    return (t,)


def pieces_of(words: list[Word]) -> list[_Piece]:
    """The words cut into pieces; a word's box is shared out among its pieces by character count."""
    out: list[_Piece] = []
    opened = False  # a lone opening bracket before this word
    for w, word in enumerate(words):
        parts = _word_parts(word.text)
        if not parts:
            opened = word.text in _OPENING
            if word.text in _CLOSING and out:
                out[-1].closes = True
            continue
        h = word.bottom - word.top
        emph = word.bold or word.red
        opens = opened or word.text[:1] in _OPENING
        opened = False
        if len(parts) == 1:
            out.append(_Piece(parts[0], w, word.x0, word.x1, emph, h, opens, word.text[-1:] in _CLOSING))
            continue
        total = sum(len(p) for p in parts) or 1
        x = word.x0
        span = word.x1 - word.x0
        for p in parts:
            x1 = x + span * len(p) / total
            out.append(_Piece(p, w, x, x1, emph, h, opens))
            opens = False
            x = x1
        out[-1].closes = word.text[-1:] in _CLOSING
    return out


def _tok(ps: list[_Piece], kind: Kind, a: int, b: int, text: str | None = None, **kw) -> Tok:
    if text is None:
        text = ps[a].text if b == a + 1 else " ".join(p.text for p in ps[a:b])
    return Tok(kind, text, ps[a].x0, ps[b - 1].x1, ps[a].w, ps[b - 1].w, **kw)


def tokenize(words: list[Word], decimal_comma: bool) -> list[Tok]:
    """Tokens of one line (its words in reading order)."""
    return tokens_of(pieces_of(words), decimal_comma)


def tokens_of(ps: list[_Piece], decimal_comma: bool) -> list[Tok]:
    """Tokens of a run of pieces (pieces_of: a line's, or a slice of them, as if the line held no others)."""
    toks: list[Tok] = []
    i, n = 0, len(ps)
    while i < n:
        t = ps[i].text
        nxt = ps[i + 1].text if i + 1 < n else ""
        c0 = t[0]
        if c0.isdigit() or c0 in ".,":
            if _CODE.match(t):  # a code inside a name: 'LOINC: 718-7'
                toks.append(_tok(ps, Kind.CODE, i, i + 1))
                i += 1
                continue
            if _BARCODE.match(t):
                i += 1  # a barcode / accession number interleaved into the line: not part of any result
                continue
            if _DATE.match(t):
                toks.append(_tok(ps, Kind.DATE, i, i + 1))
                i += 1
                continue
            if len(t) >= 3 and t[0] == "0" and t.isdigit():
                toks.append(_tok(ps, Kind.WORD, i, i + 1))  # '0361': an area code or an ID, never a result
                i += 1
                continue
            run = _phone_run(ps, i)
            if run:
                for k in range(i, i + run):  # '22 950 27 44', '522 00 08': a telephone number's groups
                    toks.append(_tok(ps, Kind.WORD, k, k + 1))
                i += run
                continue
            if t.isdigit() and len(t) <= 3 and i + 1 < n and _THOUSANDS_GROUP.match(nxt) \
                    and ps[i + 1].x0 - ps[i].x1 < 0.35 * ps[i].h \
                    and not (i + 2 < n and fold(ps[i + 2].text) in _SEPARATORS and not _grouped_at(ps, i + 3)
                             and not (i >= 1 and fold(ps[i - 1].text) in _SEPARATORS)):
                # '1 234,5' / '250 000': thousands grouped by a thin space (French, Russian, ISO style)
                merged = t + nxt.replace(",", ".") if decimal_comma else t + nxt
                v = parse_number(merged, decimal_comma)
                if v is not None:
                    toks.append(_tok(ps, Kind.NUM, i, i + 2, text=f"{t} {nxt}", value=v, emph=ps[i].emph))
                    i += 2
                    continue
            if NUM_RE.match(t):
                # NUM SEP NUM -> RANGE, but not into a bracket: '1,8 - [4,5;11,0]' is a value, a '-' and an interval
                if i + 2 < n and fold(nxt) in _SEPARATORS and NUM_RE.match(ps[i + 2].text) and not ps[i + 2].opens \
                        and not (nxt == "-" and _glued_minus(ps, i + 1)
                                 and _negative_interval(ps, i + 1, -1.0 * (parse_number(ps[i + 2].text, decimal_comma)
                                                                            or 0.0), decimal_comma)):
                    # ('0.0 -0.3 - -0.1': a value and an interval whose low bound is negative, not '0.0 - 0.3')
                    rng = parse_range(f"{t} - {ps[i + 2].text}", decimal_comma)
                    if rng is not None:
                        toks.append(_tok(ps, Kind.RANGE, i, i + 3, rng=rng))
                        i += 3
                        continue
                v = parse_number(t, decimal_comma)
                if v is not None and nxt in _OPEN_SEPARATORS and not (i + 2 < n and NUM_RE.match(ps[i + 2].text)):
                    toks.append(_tok(ps, Kind.RANGE, i, i + 2, rng=Range(v, None, f"{t}{nxt}")))  # '60～': from 60
                    i += 2
                    continue
                if v is not None:
                    toks.append(_tok(ps, Kind.NUM, i, i + 1, value=v, emph=ps[i].emph))
                    i += 1
                    continue
        elif t in LE_SIGNS or t in GE_SIGNS:
            # '> OR = 40' -> '>= 40'
            if i + 3 < n and fold(nxt) == "or" and ps[i + 2].text == "=" and NUM_RE.match(ps[i + 3].text):
                rng = parse_range(f"{t}= {ps[i + 3].text}", decimal_comma)
                toks.append(_tok(ps, Kind.CMP, i, i + 4, value=parse_number(ps[i + 3].text, decimal_comma), rng=rng))
                i += 4
                continue
            if i + 1 < n and NUM_RE.match(nxt):
                rng = parse_range(f"{t} {nxt}", decimal_comma)
                toks.append(_tok(ps, Kind.CMP, i, i + 2, value=parse_number(nxt, decimal_comma), rng=rng))
                i += 2
                continue
        elif t in _OPEN_SEPARATORS and i + 1 < n and NUM_RE.match(nxt) and not (toks and toks[-1].kind is Kind.NUM) \
                and (v := parse_number(nxt, decimal_comma)) is not None:
            toks.append(_tok(ps, Kind.RANGE, i, i + 2, rng=Range(None, v, f"{t}{nxt}")))  # '～149': up to 149
            i += 2
            continue
        elif t == "-" and _sign_beside_interval(ps, i, toks):
            toks.append(_tok(ps, Kind.FLAG, i, i + 1))  # '1,8  -  [4,5;11,0]', '(4,5 - 11,0)  -  1,8': flagged low
            toks[-1].flag = GLUED_SIGN_FLAGS["-"]
            i += 1
            continue
        elif c0 == "+" and _signed_value(ps, i, toks, decimal_comma) is not None:
            toks.append(_tok(ps, Kind.NUM, i, i + 1, value=_signed_value(ps, i, toks, decimal_comma), emph=ps[i].emph))
            i += 1  # '+1.2': a base excess above zero, printed with its sign
            continue
        elif t == "-" and (neg := _negative_at(ps, i, toks, decimal_comma)) is not None:
            size, tok = neg
            toks.append(tok)  # '-2.1' as a value, '-2.0 - +3.0' / '-3 to 3' / '-5 - -2' as an interval
            i += size
            continue
        elif t == "-" and i + 1 < n and NUM_RE.match(nxt) and not (toks and toks[-1].kind is Kind.NUM):
            toks.append(_tok(ps, Kind.WORD, i, i + 2, text=f"-{nxt}"))  # '-12': an offset or a negative number
            i += 2
            continue
        else:
            if _plain(t) and (i + 1 >= n or not _unit_tail(nxt)):
                p = ps[i]  # a plain word (most of a name): nothing below would read it as more
                toks.append(Tok(Kind.WORD, t, p.x0, p.x1, p.w, p.w))
                i += 1
                continue
            low = fold(t)
            # both limits after their labels: 'von 148 bis 664', 'Min 4.5 Max 11', 'Batas Bawah 4,5 Batas Atas 11'
            size = _labelled_size(ps, i, decimal_comma) if low in _LOWER_FIRST else 0
            if size:
                text = " ".join(p.text for p in ps[i:i + size])
                toks.append(_tok(ps, Kind.RANGE, i, i + size, rng=labelled_bounds(text, decimal_comma)))
                i += size
                continue
            # one limit after its label, behind 'Ref:' ('Ref: Lower 60', 'VR: bis 5,0')
            size = _one_limit_size(ps, i) if toks and toks[-1].kind is Kind.INTRO else 0
            if size:  # 'Ref: Lower 60', 'VR: bis 5,0', 'Referans: Alt Sınır 90'
                label = " ".join(fold(p.text) for p in ps[i:i + size]).rstrip(":")
                num = ps[i + size].text
                v = parse_number(num, decimal_comma)
                if v is not None:
                    text = " ".join(p.text for p in ps[i:i + size + 1])
                    rng = Range(v, None, text) if _ONE_LIMIT[label] == "low" else Range(None, v, text)
                    toks.append(_tok(ps, Kind.RANGE, i, i + size + 1, rng=rng))
                    i += size + 1
                    continue
            # 'Up to 200', 'less than 5', 'Inferior a 40', 'hasta 200'
            size = _le_ge_size(ps, i, low) if low in _LE_GE_FIRST else 0
            if size:
                rng = parse_range(" ".join(p.text for p in ps[i:i + size + 1]), decimal_comma)
                toks.append(_tok(ps, Kind.RANGE, i, i + size + 1, rng=rng))
                i += size + 1
                continue
            # range introducers: 'Ref:', 'Reference range:', 'Valores de referencia', 'VR'
            size = _intro_size(ps, i)
            # 'Normal' / 'Normaal' alone (not before a number) is a flag, not an introducer
            if size and not (size == 1 and flag_of(low.rstrip(":")) is Flag.NORMAL and not _starts_number(nxt)):
                toks.append(_tok(ps, Kind.INTRO, i, i + size))
                i += size
                continue
        # units of up to three pieces: 'x 10^3/uL', 'mL/min/1.73 m2', 'ug/mL FEU', '/cu mm'
        size = _unit_size(ps, i)
        if not size and toks and toks[-1].kind in (Kind.NUM, Kind.RANGE) and fold(t) in SECONDS:
            size = 1  # 'PT  11.5 s': seconds right after the value (alone, 's' is no unit)
        if size:
            toks.append(_tok(ps, Kind.UNIT, i, i + size))
            i += size
            continue
        size = _flag_size(ps, i)
        if size:
            tk = _tok(ps, Kind.FLAG, i, i + size)
            tk.flag = flag_of(tk.text)
            toks.append(tk)
            i += size
            continue
        toks.append(_tok(ps, Kind.WORD, i, i + 1))
        i += 1
    return toks


def _glued_minus(ps: list[_Piece], i: int) -> bool:
    """ps[i] is a '-' that starts its word and is glued to the number after it ('-2.1', '(-2)', '−2.1' with a
    Unicode minus)."""
    if i + 1 >= len(ps) or ps[i + 1].w != ps[i].w or (i and ps[i - 1].w == ps[i].w):
        return False
    nxt = ps[i + 1].text
    return bool(NUM_RE.match(nxt)) and not nxt.startswith("+") and not _LEADING_ZERO.match(nxt)


def _signed_bound(ps: list[_Piece], i: int, decimal_comma: bool) -> tuple[int, float] | None:
    """A bound at ps[i]: a number with its sign glued ('-2', '+3', '3'), as (pieces, value)."""
    if i >= len(ps):
        return None
    t = ps[i].text
    if t == "-" and i + 1 < len(ps) and ps[i + 1].w == ps[i].w and NUM_RE.match(ps[i + 1].text) \
            and not ps[i + 1].text.startswith("+"):
        v = parse_number(ps[i + 1].text, decimal_comma)
        return (2, -v) if v is not None else None
    if NUM_RE.match(t):
        v = parse_number(t, decimal_comma)
        return (1, v) if v is not None else None
    return None


def _negative_at(ps: list[_Piece], i: int, toks: list[Tok], decimal_comma: bool) -> tuple[int, Tok] | None:
    """ps[i], a minus glued to the number after it, as a sign: where the number starts an interval whose bounds
    then rise ('-2.0 - +3.0', '-2 to 3', '(-2) - (+3)', '-5 - -2'), or stands as a value (no number before it on
    the line's run: '3.5 -5.1' is an interval whose separator is glued to its upper bound, read before this).
    None where the minus is no sign (spaced, after a value, a code's or a date's hyphen)."""
    if not _glued_minus(ps, i):
        return None
    low = _signed_bound(ps, i, decimal_comma)
    if low is None:
        return None
    rng = _negative_interval(ps, i, low[1], decimal_comma)
    if rng is not None:
        return rng
    if toks and toks[-1].kind in (Kind.NUM, Kind.RANGE, Kind.CMP):
        return None  # after a value or an interval: today's meanings (a glued separator, a low flag)
    if _positive_interval_after(ps, i + 2, decimal_comma):
        return None  # '-12  50-100': an offset (a cycle day) right before an interval wholly above zero
    return 2, _tok(ps, Kind.NUM, i, i + 2, text=f"-{ps[i + 1].text}", value=low[1], emph=ps[i].emph)


def _signed_value(ps: list[_Piece], i: int, toks: list[Tok], decimal_comma: bool) -> float | None:
    """ps[i], a number with a plus glued before it ('+1.2'), as a value: where a signed number stands as one (see
    _negative_at; a '+2' before an interval wholly above zero is an offset, a cycle day)."""
    t = ps[i].text
    if len(t) < 2 or not t[1].isdigit() or not NUM_RE.match(t) or (i and ps[i - 1].w == ps[i].w):
        return None
    if toks and toks[-1].kind in (Kind.NUM, Kind.RANGE, Kind.CMP) or _positive_interval_after(ps, i + 1, decimal_comma):
        return None
    return parse_number(t, decimal_comma)


def _negative_interval(ps: list[_Piece], i: int, low: float, decimal_comma: bool) -> tuple[int, Tok] | None:
    """The interval whose low bound is the negative number at ps[i] (its glued minus), when its bounds rise."""
    j = i + 2
    n = len(ps)
    if j + 1 < n and fold(ps[j].text) in _SEPARATORS and ps[j].w == ps[i].w == ps[j + 1].w:
        # the whole word is the interval ('-2.0-3.0', '-3~3', '(-2)-(+3)'): its upper bound ends the word
        up = _signed_bound(ps, j + 1, decimal_comma)
        k = j + 1 + up[0] if up is not None else n
        if up is not None and low < up[1] and (k == n or ps[k].w != ps[i].w) and ps[k - 1].w == ps[i].w:
            text = "".join(ps[a].text for a in range(i, k))
            return k - i, _tok(ps, Kind.RANGE, i, k, text=text, rng=Range(low, up[1], text))
    if j + 1 < n and fold(ps[j].text) in _SEPARATORS and (ps[j].w != ps[j - 1].w):
        # the separator spaced from the low bound ('-2.0 - 3.0', '-2 to +3'; '-2.0 -3.0' is the upper glued)
        up = _signed_bound(ps, j + 1, decimal_comma) if ps[j].w != ps[j + 1].w else None
        if up is None and ps[j].text == "-" and ps[j].w == ps[j + 1].w:
            up = _signed_bound(ps, j + 1, decimal_comma)  # '-2.0 -3.0': the separator glued to the upper bound
            if up is not None:
                up = (up[0], abs(up[1]))
        if up is not None and low < up[1]:
            k = j + 1 + up[0]
            # not an interval when the upper bound starts one of its own ('-2.1 -2.0 - 3.0': a value, an interval)
            if not (k + 1 < n and fold(ps[k].text) in _SEPARATORS and _signed_bound(ps, k + 1, decimal_comma)):
                text = "".join((" " if a > i and ps[a].w != ps[a - 1].w else "") + ps[a].text for a in range(i, k))
                return k - i, _tok(ps, Kind.RANGE, i, k, text=text, rng=Range(low, up[1], text))
    return None


def _positive_interval_after(ps: list[_Piece], j: int, decimal_comma: bool) -> bool:
    """ps[j:] starts with a two-sided interval wholly above zero (no unit between: 'Anion gap -1 mmol/L 8 - 16' is a
    value, its unit and its interval)."""
    if j + 2 < len(ps) and NUM_RE.match(ps[j].text) and fold(ps[j + 1].text) in _SEPARATORS \
            and NUM_RE.match(ps[j + 2].text):
        rng = parse_range(f"{ps[j].text} - {ps[j + 2].text}", decimal_comma)
        return rng is not None and rng.low is not None and rng.low > 0
    return False


def _sign_beside_interval(ps: list[_Piece], i: int, toks: list[Tok]) -> bool:
    """ps[i], a '-' printed as a word of its own, stands between a value and the bracketed interval after it, or
    between an interval and the value after it, or alone between column gaps before the value: no range runs
    across a bracket and a negative number prints its sign against its digits, so it is a sign (low)."""
    if not toks or i + 1 >= len(ps) or ps[i - 1].w == ps[i].w or ps[i + 1].w == ps[i].w:
        return False
    if toks[-1].kind is Kind.NUM:
        return ps[i + 1].opens
    if NUM_RE.match(ps[i + 1].text) is None:
        return False
    if toks[-1].kind in (Kind.WORD, Kind.UNIT) and ps[i].x0 - ps[i - 1].x1 >= 0.8 * ps[i].h \
            and ps[i + 1].x0 - ps[i].x1 >= 0.8 * ps[i].h:
        return True  # a column of its own between the name and the value ('Ferritina - ug/L   -   8')
    # after an interval: a bracketed one, or any when a column's gap parts the sign from the value ('8,6 a 10,3
    # -      8,1': a negative number prints its sign against its digits)
    return toks[-1].kind is Kind.RANGE and (ps[i - 1].closes or ps[i + 1].x0 - ps[i].x1 >= 0.8 * ps[i].h)


@lru_cache(maxsize=16384)
def _plain(t: str) -> bool:
    """No rule of the tokenizer reads this piece as more than a word, whatever stands around it (the next piece
    aside: see _unit_tail): not a limit's label, a one-sided limit's word, an introducer, a unit or the start of
    one (a unit word: 'grams per deciliter'), seconds, a flag or the start of a two-word flag."""
    low = fold(t)
    bare = low.rstrip(":")
    return (low not in _LOWER_FIRST and bare not in _ONE_LIMIT_FIRST and low not in _LE_GE_FIRST
            and bare not in _INTRO_FIRST and flag_of(t) is None and not _unit_head(t.lower())
            and not _unit_word_start(t)
            and not is_unit_token(t) and low not in SECONDS and low.split(" ", 1)[0] not in _MULTIWORD_FIRST)


@lru_cache(maxsize=16384)
def _unit_tail(t: str) -> bool:
    """The piece may end a unit begun by the one before it ('ug/mL FEU', 'cells /cu mm')."""
    low = t.lower()
    return low in _UNIT_TAILS or low.startswith("/")


def _phone_run(ps: list[_Piece], i: int) -> int:
    """Pieces in a telephone number's run of digit groups at `i` ('22 950 27 44', '0312 522 00 08'): three or
    more groups of two to four digits one space apart, ending in two groups of two digits (no number grouped
    in thousands, '1 250 000', and no row of values, 'Glucose 95 101 99 110'), or 0."""
    n = len(ps)
    k = i
    while k < n and ps[k].text.isdigit() and 2 <= len(ps[k].text) <= 4 \
            and (k == i or ps[k].x0 - ps[k - 1].x1 < 0.5 * ps[k].h):
        k += 1
    if k - i >= 3 and len(ps[k - 1].text) == len(ps[k - 2].text) == 2:
        return k - i
    return 0


def _grouped_at(ps: list[_Piece], i: int) -> bool:
    """A thin-space grouped number starts at piece i ('400 000')."""
    return i + 1 < len(ps) and ps[i].text.isdigit() and len(ps[i].text) <= 3 \
        and _THOUSANDS_GROUP.match(ps[i + 1].text) is not None and ps[i + 1].x0 - ps[i].x1 < 0.35 * ps[i].h


def _le_ge_size(ps: list[_Piece], i: int, low: str) -> int:
    """Words of a one-sided limit phrase at `i` that a number follows ('Up to' 200), or 0."""
    n = len(ps)
    for size in range(min(_LE_GE_MAX, n - i - 1), 0, -1):
        phrase = " ".join(fold(p.text) for p in ps[i:i + size]).rstrip(":") if size > 1 else low.rstrip(":")
        if phrase in _LE_GE_PHRASES and NUM_RE.match(ps[i + size].text) \
                and parse_range(f"{phrase} {ps[i + size].text}") is not None:
            return size
    return 0


def _starts_number(text: str) -> bool:
    return bool(text) and (text[0].isdigit() or text[0] in "<>≤≥")


_LOWER_FIRST = frozenset(label.split()[0] for label in LOWER_LABELS)
_ONE_LIMIT = {**{label: "high" for label in UPPER_LABELS}, **{label: "low" for label in LOWER_LABELS}}
_ONE_LIMIT_MAX = max(len(label.split()) for label in _ONE_LIMIT)
_ONE_LIMIT_FIRST = frozenset(label.split()[0] for label in _ONE_LIMIT)


def _one_limit_size(ps: list[_Piece], i: int) -> int:
    """Words of one limit's label at `i` that a number follows ('Lower' 60, 'Alt Sınır' 90), or 0."""
    for size in range(min(_ONE_LIMIT_MAX, len(ps) - i - 1), 0, -1):
        label = " ".join(fold(p.text) for p in ps[i:i + size]).rstrip(":")
        if label in _ONE_LIMIT and NUM_RE.match(ps[i + size].text):
            return size
    return 0


def _labelled_size(ps: list[_Piece], i: int, decimal_comma: bool) -> int:
    """How many pieces from i read as both limits after their labels (0 if they do not)."""
    for size in range(4, min(8, len(ps) - i) + 1):
        if NUM_RE.match(ps[i + size - 1].text) \
                and labelled_bounds(" ".join(p.text for p in ps[i:i + size]), decimal_comma) is not None:
            return size
    return 0


def _intro_size(ps: list[_Piece], i: int) -> int:
    if fold(ps[i].text).rstrip(":") not in _INTRO_FIRST:
        return 0
    for size in range(min(_INTRO_MAX, len(ps) - i), 0, -1):
        phrase = fold(" ".join(p.text for p in ps[i:i + size])).rstrip(":").strip()
        if phrase in _INTRO_PHRASES:
            # a longer phrase only when the last word ends the introducer (avoid eating a test name)
            return size
    return 0


@lru_cache(maxsize=8192)
def _unit_head(low: str) -> bool:
    """Could this piece start a unit printed over several pieces ('x 10^3/uL', 'mL/min/1.73 m2')?"""
    return (low in _UNIT_HEADS or low.endswith("/") or low.endswith("1.73") or low.startswith("10^")
            or low.startswith("x10") or low.startswith("10*"))


_UNIT_WORD_FIRST = frozenset(k.split(" ", 1)[0] for k in UNIT_WORDS if k != "per")
_SPELLED_UNIT_MAX = 6  # pieces: 'international units per cubic millimeter'


def _unit_word_start(t: str) -> bool:
    """The piece may begin a unit written out in words ('grams', 'thousand/cubic')."""
    return t.lower().split("/", 1)[0] in _UNIT_WORD_FIRST


def _spelled_unit_size(ps: list[_Piece], i: int) -> int:
    """A unit written out over several pieces ('grams per deciliter', 'thousand per cubic millimeter'): the longest."""
    for size in range(min(_SPELLED_UNIT_MAX, len(ps) - i), 1, -1):
        if is_unit_token(" ".join(p.text for p in ps[i:i + size])):
            return size
    return 0


def _unit_size(ps: list[_Piece], i: int) -> int:
    t = ps[i].text
    if i + 1 < len(ps) and _unit_word_start(t):
        size = _spelled_unit_size(ps, i)
        if size:
            return size
    if i + 1 < len(ps) and flag_of(t) is None:  # 'H /pL' is a flag and a unit, not hours per picolitre
        nlow = ps[i + 1].text.lower()
        if _unit_head(t.lower()) or nlow in _UNIT_TAILS or nlow.startswith("/") \
                or (t == "/100" and fold(nlow) in PER_HUNDRED_CELLS):
            for size in (3, 2):
                if i + size <= len(ps):
                    parts = [p.text for p in ps[i:i + size]]
                    if any(NUM_RE.match(x) and not x.startswith(("1.73", "1,73")) for x in parts[1:]):
                        continue
                    if is_unit_token(" ".join(parts)):
                        return size
    return 1 if is_unit_token(t) else 0


_MULTIWORD = frozenset(MULTIWORD_FLAGS)
_MULTIWORD_FIRST = frozenset(k.split(" ", 1)[0] for k in MULTIWORD_FLAGS)
_MULTIWORD_MAX = max((len(k.split()) for k in MULTIWORD_FLAGS), default=1)


def _flag_size(ps: list[_Piece], i: int) -> int:
    if i + 1 < len(ps) and fold(ps[i].text).split(" ", 1)[0] in _MULTIWORD_FIRST:  # cheap test first
        for size in range(min(_MULTIWORD_MAX, len(ps) - i), 1, -1):  # the longest first: 'dentro da faixa'
            if fold(" ".join(p.text for p in ps[i:i + size])) in _MULTIWORD:
                return size
    return 1 if flag_of(ps[i].text) is not None else 0
