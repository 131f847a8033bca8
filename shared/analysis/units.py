"""Units as printed on lab reports: recognising them and converting between them.

Recognition (`is_unit_token`) decides whether a token printed after a result is
a unit. It is a small grammar, not a list of strings: an optional power-of-ten
multiplier (``x10^3``, ``X10^9``, ``10⁹``, ``10e3``) followed by one or more
``/``-separated atoms (mass, molar, equivalent, activity, volume, count, time,
length, ...), so ``x10^3/μl``, ``UMOL/L``, ``mL/min/1.73m2``, ``lakhs/cumm``,
``cells/mcL`` and ``/uL`` are all recognised without being listed.

Conversion (`parse_unit` + `convert`) maps a unit onto a physical kind and a
factor into a base unit (g/L, mol/L, eq/L, IU/L, count per litre, ...), so
the default ranges in `markers.py` can be applied to a value printed in
g/L, mmol/L, /cumm or lakhs/cumm. Mass<->molar needs the marker's molar mass and
molar<->equivalent its valence; both come from the marker catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from shared.analysis.lexicon import PER_HUNDRED_CELLS, UNIT_WORDS
from shared.analysis.lexicon import fold as fold_words

MICRO_SIGNS = "\u00b5\u03bc"  # the micro sign and the Greek mu, both written 'u' in ASCII ('uL', 'umol/L')
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")

# Atoms that may appear between slashes. Lower-case, micro signs folded to 'u'.
_MASS = {"g": 1.0, "gm": 1.0, "gms": 1.0, "gram": 1.0, "grams": 1.0, "mg": 1e-3, "ug": 1e-6, "mcg": 1e-6, "ng": 1e-9, "pg": 1e-12, "fg": 1e-15, "kg": 1e3}
_MOLAR = {"mol": 1.0, "mmol": 1e-3, "umol": 1e-6, "mcmol": 1e-6, "nmol": 1e-9, "pmol": 1e-12, "fmol": 1e-15}
_EQ = {"eq": 1.0, "meq": 1e-3, "ueq": 1e-6, "mval": 1e-3}
_ACTIVITY = {"iu": 1.0, "u": 1.0, "ui": 1.0, "ie": 1.0, "miu": 1e-3, "mu": 1e-3, "mui": 1e-3, "mie": 1e-3, "uiu": 1e-6,
             "uui": 1e-6, "uie": 1e-6, "uu": 1e-6, "kiu": 1e3, "ku": 1e3, "kui": 1e3}
_VOLUME = {"l": 1.0, "dl": 0.1, "cl": 0.01, "ml": 1e-3, "ul": 1e-6, "nl": 1e-9, "pl": 1e-12, "fl": 1e-15,
           "cumm": 1e-6, "cmm": 1e-6, "mm3": 1e-6, "cu.mm": 1e-6, "cu mm": 1e-6, "hpf": None, "lpf": None}
_COUNT = {"cells": 1.0, "cell": 1.0, "th": 1e3, "thous": 1e3, "thou": 1e3, "thousand": 1e3, "thousands": 1e3, "k": 1e3,
          "lakh": 1e5, "trillion": 1e12, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "million": 1e6, "millions": 1e6, "mill": 1e6,
          "mil": 1e3, "milhoes": 1e6, "millones": 1e6, "millon": 1e6, "milhões": 1e6, "millón": 1e6, "m": 1e6, "billion": 1e9, "tsd": 1e3, "mio": 1e6, "mrd": 1e9, "ribu": 1e3, "juta": 1e6,
          "giga": 1e9, "tera": 1e12}
_TIME = {"s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0, "min": 60.0, "mins": 60.0,
         "minute": 60.0, "minutes": 60.0, "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0,
         "1sthr": 3600.0, "1st hr": 3600.0, "seg": 1.0, "segundos": 1.0, "sek": 1.0, "secondes": 1.0,
         "detik": 1.0, "saat": 1.0}
_LENGTH = {"mm": 1e-3, "cm": 1e-2, "m2": 1.0, "1.73m2": 1.0, "1.73 m2": 1.0, "1.73m^2": 1.0, "1.73": 1.0,
           "1,73m2": 1.0, "1,73": 1.0}
_OTHER = {"%", "ratio", "index", "s/co", "coi", "au", "mosm", "osm", "mmhg", "titre", "titer", "sec", "ekg", "kpa",
          "log", "copies", "gpl", "mpl", "ai", "iu", "ng", "pg", "fl", "hb", "mg", "g"}

_ALL_ATOMS = (set(_MASS) | set(_MOLAR) | set(_EQ) | set(_ACTIVITY) | set(_VOLUME) | set(_COUNT)
              | set(_TIME) | set(_LENGTH) | _OTHER)

# 'x10^9', '10e9', '10*9', and the power alone after an E ('E9/l', 'x E12/l': Finnish and Nordic reports)
_MULT_RE = re.compile(r"^(?:x|\*)?\s?(?:10(?:\^|e|\*\*|\*)?|e)(-?\d{1,2})$")
_MULT_PREFIX_RE = re.compile(r"^(?:x|\*)?\s?10(?:\^|e|\*\*|\*)(-?\d{1,2})(?=[a-z])")
# Single-letter or otherwise ambiguous words that are units only inside a compound.
_NOT_ALONE = {"g", "l", "h", "m", "k", "u", "s", "th", "thous", "1.73", "mm", "min", "hr", "cells", "cell", "million", "thou", "lakh",
              "lakhs", "mill", "mil", "thousand", "trillion", "billion", "ai", "log", "copies", "index", "au", "hb", "kg", "cm",
              "m2", "hour", "hours", "second", "minute", "minutes", "osm", "ng", "mg", "iu", "sec", "tsd", "mio", "ribu",
              "juta", "giga", "tera", "ie", "seg", "sek", "saat", "detik", "1,73", "cl", "dl", "ul", "nl", "pl", "fg",
              "ug", "mmol", "umol", "nmol", "pmol", "mol", "eq", "meq", "ui"}
_ALONE_OK = {"%", "fl", "pg", "ratio", "seconds", "secs", "sec", "s/co", "gm%", "g%", "gms%", "mg%", "gm/%", "segundos",
             "secondes", "‰", "sek", "sek.", "seg", "seg.", "sec.", "detik"}
_PERCENT_MASS = {"g%": "g/dl", "gm%": "g/dl", "gms%": "g/dl", "gm/%": "g/dl", "mg%": "mg/dl"}  # old "per 100 mL"


_SLASH_SPACES = re.compile(r"\s*/\s*")
_UNIT_POWER = re.compile(r"(?<=[a-z])\^([23])")  # a length squared or cubed written with a caret: 'mm^3', 'm^2'


# Units in Cyrillic as Russian reports print them ('ммоль/л', 'мкмоль/л', 'Ед/л', '×10^9/л', 'мм/ч'), each atom
# and the Latin one it stands for; replaced longest first.
_CYRILLIC_ATOMS = (("мкмоль", "umol"), ("ммоль", "mmol"), ("нмоль", "nmol"), ("пмоль", "pmol"), ("моль", "mol"),
                   ("мкме", "uiu"), ("мме", "miu"), ("мед", "mu"), ("ме", "iu"), ("ед", "u"), ("мкг", "ug"),
                   ("мг", "mg"), ("нг", "ng"), ("пг", "pg"), ("мкл", "ul"), ("мл", "ml"), ("дл", "dl"), ("фл", "fl"),
                   ("мин", "min"), ("мм", "mm"), ("м2", "m2"), ("сек", "sec"), ("г", "g"), ("л", "l"), ("ч", "h"),
                   ("с", "s"))
_CYRILLIC = re.compile("|".join(a for a, _ in _CYRILLIC_ATOMS))
_LATIN_OF = dict(_CYRILLIC_ATOMS)


def fold(text: str) -> str:
    """Lower-case, fold micro/mu/mc to 'u', superscripts to ASCII, drop spaces around '/', Cyrillic atoms to
    Latin ('мкмоль/л' -> 'umol/l')."""
    t = text.translate(_SUPERSCRIPTS).lower()
    for sign in MICRO_SIGNS:
        t = t.replace(sign, "u")
    t = _UNIT_POWER.sub(r"\1", t.replace("×", "x").replace("³", "3").replace("²", "2"))  # 'mm^3' -> 'mm3'
    if not t.isascii():
        t = _CYRILLIC.sub(lambda m: _LATIN_OF[m.group(0)], t)
    t = _SLASH_SPACES.sub("/", t)
    return t.strip()


def unit_key(printed: str | None) -> str:
    """A printed unit spelled the one way the grammar reads it: letter case, spaces (around '/' too) and
    the spelling of the micro prefix (the micro sign, the Greek mu, 'u' or 'mc': 'x10^3/µl', 'x10^3/uL',
    'x10^3/μL' and 'x10^3/mcL') make no difference; '' for no unit. Two spellings with one key are one
    unit (evaluate.py compares units so)."""
    text = " ".join((printed or "").split()).lower()
    for sign in MICRO_SIGNS:
        text = text.replace(sign, "u")
    return "/".join(_micro_atom(part) for part in _SLASH_SPACES.sub("/", text).split("/"))


def _micro_atom(part: str) -> str:
    """'mc' as the micro prefix of an atom the grammar knows ('mcg', 'mcmol', 'mcl') written 'u'."""
    return "u" + part[2:] if part.startswith("mc") and ("u" + part[2:]) in _ALL_ATOMS else part


def _atom_ok(atom: str) -> bool:
    if atom in _ALL_ATOMS:
        return True
    m = _MULT_RE.match(atom)
    if m:
        return True
    m = _MULT_PREFIX_RE.match(atom)
    if m and atom[m.end():] in _ALL_ATOMS:
        return True
    if atom.startswith("mc") and ("u" + atom[2:]) in _ALL_ATOMS:
        return True
    return False


_LITRES = {"l": 1.0, "dl": 0.1, "ml": 1e-3}
# giga / tera cells per litre, upper case only ('G/l'; 'g/L' is grams), also as particles ('Gpt/l', 'Tpt/l')
GIGA_TERA = re.compile(r"^([GT])(?:pt)?/(l|L|dl|dL|ml|mL)$")


SPACED_MULT = re.compile(r"^(x|\*)\s+(10|e\d)")  # 'x 10^3/uL', 'x E9/l'

_WORDS_OR_SLASH = re.compile(r"[a-z]+|/|\s+")


@lru_cache(maxsize=4096)
def spelled_unit(text: str) -> str | None:
    """A unit written out in words as the grammar's symbols ('grams per deciliter' -> 'g/dl', 'thousand/microliter'
    -> 'thousand/ul', 'percent' -> '%'); None unless every word is a unit word (lexicon.UNIT_WORDS)."""
    t = fold(text)
    if not t or not t[0].isalpha() or _WORDS_OR_SLASH.sub("", t):
        return None
    words = t.replace("/", " / ").split()
    out: list[str] = []
    i = 0
    while i < len(words):
        two = " ".join(words[i:i + 2])
        if i + 1 < len(words) and two in UNIT_WORDS:
            out.append(UNIT_WORDS[two])
            i += 2
        elif words[i] == "/":
            out.append("/")
            i += 1
        elif words[i] in UNIT_WORDS:
            out.append(UNIT_WORDS[words[i]])
            i += 1
        else:
            return None
    return "".join(out)


@lru_cache(maxsize=4096)
def is_unit_token(token: str) -> bool:
    """True when `token` (possibly several words, e.g. 'ug/mL FEU') reads as a unit."""
    if GIGA_TERA.match(token.strip()):
        return True
    spelled = spelled_unit(token)
    if spelled is not None and spelled != fold(token):
        return is_unit_token(spelled)
    t = fold(token)
    if not t or len(t) > 24:
        return False
    if t in _ALONE_OK:
        return True
    t = re.sub(r"\s+(feu|ddu)$", "", t)
    if (per := re.match(r"^/100\s*(.+)$", t)) and fold_words(per[1]) in PER_HUNDRED_CELLS:
        return True  # '/100 WBC': nucleated red cells counted against 100 white cells
    t = t.replace("cu mm", "cumm").replace("cu.mm", "cumm").replace("1st hr", "1sthr").replace("1.73 m2", "1.73m2").replace("mm hg", "mmhg")
    t = SPACED_MULT.sub(r"\g<1>\g<2>", t)
    if " " in t:
        return False
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1]
    parts = t.split("/")
    if len(parts) == 1:
        return t in _ALL_ATOMS and t not in _NOT_ALONE and not t.isdigit()
    if len(parts) > 4:
        return False
    for i, part in enumerate(parts):
        if part == "" and i == 0:
            continue  # '/uL'
        if not _atom_ok(part):
            return False
    return True


# --------------------------------------------------------------------------- conversion


# Partial pressures of blood gases, in pascals: 1 mmHg = 1 torr = 133.322 Pa (BIPM SI brochure, 9th ed., table 8,
# non-SI units: mmHg 133.322 Pa; 1 kPa = 7.50062 mmHg).
_PRESSURE: dict[str, float] = {"mmhg": 133.322, "torr": 133.322, "kpa": 1000.0}


@dataclass(frozen=True, slots=True)
class UnitInfo:
    kind: str  # mass | molar | eq | activity | count | percent | fraction | fl | pg | time | rate | gfr | ratio | pressure
    factor: float  # multiply a value in this unit by factor to get the kind's base unit


def _numerator(part: str) -> tuple[str, float] | None:
    mult = 1.0
    m = _MULT_RE.match(part)
    if m:
        return "count", 10.0 ** int(m.group(1))
    m = _MULT_PREFIX_RE.match(part)
    if m:
        mult = 10.0 ** int(m.group(1))
        part = part[m.end():]
    if part.startswith("mc") and ("u" + part[2:]) in _ALL_ATOMS:
        part = "u" + part[2:]
    for kind, table in (("mass", _MASS), ("molar", _MOLAR), ("eq", _EQ), ("activity", _ACTIVITY), ("count", _COUNT)):
        if part in table:
            return kind, mult * table[part]
    if part == "":
        return "count", mult
    return None


@lru_cache(maxsize=2048)
def parse_unit(printed: str | None) -> UnitInfo | None:
    """Map a printed unit onto (kind, factor-to-base); None when we cannot convert it."""
    if not printed:
        return None
    m = GIGA_TERA.match(printed.strip())
    if m:  # 'G/L', 'T/l': giga and tera per litre (cell counts); 'g/L' is grams
        return UnitInfo("count", (1e9 if m.group(1) == "G" else 1e12) / _LITRES[m.group(2).lower()])
    t = spelled_unit(printed) or fold(printed)
    t = re.sub(r"\s+(feu|ddu)$", "", t)
    t = t.replace("cu mm", "cumm").replace("cu.mm", "cumm").replace("1.73 m2", "1.73m2").replace("1st hr", "1sthr")
    t = SPACED_MULT.sub(r"\g<1>\g<2>", t)
    t = t.replace(" ", "")
    t = _PERCENT_MASS.get(t, t)
    if t == "%":
        return UnitInfo("percent", 1.0)
    if t in ("l/l",):
        return UnitInfo("fraction", 1.0)
    if t in ("fl", "um3", "u3"):
        return UnitInfo("fl", 1.0)
    if t in ("pg", "pg/cell", "fmol/cell"):
        return UnitInfo("pg", 1.0) if t != "fmol/cell" else None
    if t in ("s", "sec", "secs", "second", "seconds"):
        return UnitInfo("time", 1.0)
    if t in ("mm/hr", "mm/h", "mm/1sthr", "mm/1hr", "mm/hour"):
        return UnitInfo("rate", 1.0)
    if t.startswith("ml/min"):
        return UnitInfo("gfr", 1.0)
    if t in ("ratio", "index", ""):
        return UnitInfo("ratio", 1.0)
    if t in ("mmol/mol",):
        return UnitInfo("mmol/mol", 1.0)
    if t in _PRESSURE:
        return UnitInfo("pressure", _PRESSURE[t])
    parts = t.split("/")
    if len(parts) != 2:
        return None
    num, den = parts
    n = _numerator(num)
    if n is None:
        return None
    kind, nf = n
    if den.startswith("mc") and den != "mcg":
        den = "u" + den[2:]
    vol = _VOLUME.get(den)
    if vol:
        return UnitInfo(kind, nf / vol)
    return None


def convert(value: float, from_unit: str | None, to_unit: str, *, molar_mass: float | None = None,
            valence: int | None = None) -> float | None:
    """Convert `value` from the printed unit into `to_unit`; None when not possible."""
    a = parse_unit(from_unit)
    b = parse_unit(to_unit)
    if a is None or b is None:
        return None
    if a.kind == b.kind:
        return value * a.factor / b.factor
    base = value * a.factor
    pair = (a.kind, b.kind)
    if pair == ("percent", "fraction"):
        return value / 100.0 / b.factor
    if pair == ("fraction", "percent"):
        return base * 100.0
    if molar_mass:
        if pair == ("molar", "mass"):
            return base * molar_mass / b.factor
        if pair == ("mass", "molar"):
            return base / molar_mass / b.factor
    if valence:
        if pair == ("molar", "eq"):
            return base * valence / b.factor
        if pair == ("eq", "molar"):
            return base / valence / b.factor
        if molar_mass and pair == ("eq", "mass"):
            return base / valence * molar_mass / b.factor
        if molar_mass and pair == ("mass", "eq"):
            return base / molar_mass * valence / b.factor
    return None
