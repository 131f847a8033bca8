"""A report date as printed ('15-Dec-2025', '04/21/2026', '2026-04-08') as a FHIR date.

FHIR dates may be partial ('2025', '2025-12'), which is what an ambiguous date becomes:
'04/05/2025' could be 4 May or 5 April, so only its year is certain. Day and month are
told apart when one of them is over 12, or when they are equal.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {name: i + 1 for i, names in enumerate((
    ("jan", "january", "gen", "ene", "janv", "januar", "januari"), ("feb", "february", "febr", "fev", "fevr", "februar", "februari"),
    ("mar", "march", "marzo", "mars", "marz", "maret"), ("apr", "april", "abr", "aprile", "avr", "avril"),
    ("may", "mag", "maggio", "mayo", "mai", "mei"), ("jun", "june", "giu", "giugno", "junio", "juin", "juni"),
    ("jul", "july", "lug", "luglio", "julio", "juil", "juillet", "juli"), ("aug", "august", "ago", "agosto", "aout", "agustus"),
    ("sep", "sept", "september", "set", "settembre", "septiembre", "septembre"), ("oct", "october", "ott", "ottobre", "octubre", "octobre", "okt", "oktober"),
    ("nov", "november", "novembre", "noviembre"), ("dec", "december", "dic", "dicembre", "diciembre", "decembre", "dez", "dezember", "des", "desember"),
)) for name in names}

_ISO = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})\b")
_NAMED = re.compile(r"\b(\d{1,2})?[\s\-/.,]*([a-z]{3,9})\.?[\s\-/.,]*(\d{1,2})?(?:st|nd|rd|th)?[\s\-/.,]+(\d{4})\b")


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y <= 2200


def _year(y: str) -> int:
    if len(y) == 4:
        return int(y)
    yy = int(y)
    return 2000 + yy if yy <= date.today().year % 100 + 1 else 1900 + yy


def fhir_date(printed: str | None) -> str | None:
    """'YYYY-MM-DD', or 'YYYY' when day and month cannot be told apart, or None."""
    text = (printed or "").strip().lower()
    if not text:
        return None
    if m := _ISO.search(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    if m := _NAMED.search(text):
        month = MONTHS.get(m.group(2))
        day = m.group(1) or m.group(3)
        y = int(m.group(4))
        if month and day and _valid(y, month, int(day)):
            return f"{y:04d}-{month:02d}-{int(day):02d}"
    if m := _NUMERIC.search(text):
        a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        if a > 12 or a == b:
            return f"{y:04d}-{b:02d}-{a:02d}" if _valid(y, b, a) else None  # day first
        if b > 12:
            return f"{y:04d}-{a:02d}-{b:02d}" if _valid(y, a, b) else None  # month first
        return f"{y:04d}" if 1900 <= y <= 2200 else None
    return None
