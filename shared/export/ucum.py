"""Printed units as UCUM codes (the Unified Code for Units of Measure, which FHIR Quantities use).

One table of whole units ('%', 'fL', 'mm/hr', 'mL/min/1.73m2', old 'g%' ...) and two of the
parts of a 'numerator/denominator' unit: what is counted or weighed ('mg', 'mmol', 'mEq',
'IU', 'uIU', 'K', 'lakhs', 'x10^3' ...) and per what volume ('dL', 'mL', 'uL', 'cumm' ...).
Units are folded first as shared/analysis/units.py folds them (case, micro signs, spaces
around '/'), so 'MG/DL', 'mg/dl' and 'mg / dL' meet. A unit the tables cannot read keeps its
printed text and gets no code: `ucum_code` returns None.

Every code these tables can produce parses as UCUM (tests/test_exports.py checks them with
ucumvert, a parser built from the UCUM specification's own unit definitions).
"""

from __future__ import annotations

import re
from functools import lru_cache

from shared.analysis.units import GIGA_TERA, SPACED_MULT, fold

UCUM_SYSTEM = "http://unitsofmeasure.org"

# Whole units, by folded text.
WHOLE: dict[str, str] = {
    "%": "%", "l/l": "L/L", "fl": "fL", "um3": "fL", "pg": "pg", "pg/cell": "pg",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "mm/hr": "mm/h", "mm/h": "mm/h", "mm/1sthr": "mm/h", "mm/1hr": "mm/h", "mm/hour": "mm/h", "mm/1st hr": "mm/h",
    "ml/min": "mL/min", "ml/min/1.73m2": "mL/min/{1.73_m2}", "ml/min/1.73 m2": "mL/min/{1.73_m2}",
    "ml/min/1,73m2": "mL/min/{1.73_m2}", "ml/min/1.73m^2": "mL/min/{1.73_m2}", "ml/min/1.73": "mL/min/{1.73_m2}",
    "mmol/mol": "mmol/mol", "ratio": "{ratio}", "index": "{index}", "s/co": "{s_co_ratio}",
    "g%": "g/dL", "gm%": "g/dL", "gms%": "g/dL", "gm/%": "g/dL", "mg%": "mg/dL",  # old 'per 100 mL'
    "mosm/kg": "mosm/kg", "mmhg": "mm[Hg]",
}

# What is weighed or counted, before the '/'.
NUMERATOR: dict[str, str] = {
    # mass
    "g": "g", "gm": "g", "gms": "g", "kg": "kg", "mg": "mg", "ug": "ug", "mcg": "ug", "ng": "ng", "pg": "pg", "fg": "fg",
    # amount of substance and equivalents
    "mol": "mol", "mmol": "mmol", "umol": "umol", "mcmol": "umol", "nmol": "nmol", "pmol": "pmol", "fmol": "fmol",
    "eq": "eq", "meq": "meq", "ueq": "ueq",
    # enzyme units (U) and international units ([IU])
    "u": "U", "ku": "kU", "mu": "mU", "iu": "[IU]", "ui": "[IU]", "ie": "[IU]", "kiu": "k[IU]", "kui": "k[IU]",
    "miu": "m[IU]", "mui": "m[IU]", "mie": "m[IU]", "uiu": "u[IU]", "uui": "u[IU]", "uie": "u[IU]",
    # counts: cells, thousands, lakhs (10^5), millions
    "": "", "cells": "", "cell": "", "k": "10*3", "th": "10*3", "thou": "10*3", "thous": "10*3", "thousand": "10*3",
    "thousands": "10*3", "tsd": "10*3", "ribu": "10*3", "lakh": "10*5", "lakhs": "10*5", "lac": "10*5", "lacs": "10*5",
    "m": "10*6", "mil": "10*6", "mill": "10*6", "million": "10*6", "millions": "10*6", "mio": "10*6", "juta": "10*6",
    "billion": "10*9", "mrd": "10*9", "giga": "10*9", "tera": "10*12",
}

# Per what volume, after the '/'.
DENOMINATOR: dict[str, str] = {
    "l": "L", "dl": "dL", "cl": "cL", "ml": "mL", "ul": "uL", "mcl": "uL", "nl": "nL", "pl": "pL",
    "cumm": "uL", "cmm": "uL", "mm3": "uL", "cu.mm": "uL", "cu mm": "uL",
}

# Suffixes that qualify a mass (D-dimer), kept as UCUM annotations.
SUFFIX: dict[str, str] = {"feu": "{FEU}", "ddu": "{DDU}"}

_POWER = re.compile(r"^(?:x|\*)?\s?(?:10(?:\^|e|\*\*|\*)?|e)(\d{1,2})$")  # 'x10^3', '10e9', '10*6', 'E9' (nothing after)
_POWER_PREFIX = re.compile(r"^(?:x|\*)?\s?10(?:\^|e|\*\*|\*)(\d{1,2})(?=[a-z])")  # '10^3cells'


def _numerator(part: str) -> str | None:
    m = _POWER.match(part)
    if m:
        return f"10*{int(m.group(1))}"
    power = ""
    m = _POWER_PREFIX.match(part)
    if m:
        power, part = f"10*{int(m.group(1))}", part[m.end():]
    atom = NUMERATOR.get(part)
    if atom is None:
        return None
    if power and atom.startswith("10*"):
        return None  # '10^3 thousand' is nonsense
    return f"{power}.{atom}" if power and atom else (power or atom)


@lru_cache(maxsize=2048)
def ucum_code(printed: str | None) -> str | None:
    """The UCUM code for a printed unit, or None when it cannot be told."""
    if not printed or not printed.strip():
        return None
    giga_tera = GIGA_TERA.match(printed.strip())
    if giga_tera:  # 'G/l', 'Tpt/l': giga and tera cells per volume, not grams
        return f"10*{9 if giga_tera.group(1) == 'G' else 12}/{DENOMINATOR[giga_tera.group(2).lower()]}"
    t = fold(printed)
    t = SPACED_MULT.sub(r"\g<1>\g<2>", t)
    if t in WHOLE:
        return WHOLE[t]
    suffix = ""
    m = re.match(r"^(.*\S)\s+(feu|ddu)$", t)
    if m:
        t, suffix = m.group(1), SUFFIX[m.group(2)]
    t = t.replace(" ", "") if t not in DENOMINATOR else t
    parts = t.split("/")
    if len(parts) != 2:
        return None
    num, den = _numerator(parts[0]), DENOMINATOR.get(parts[1])
    if num is None or den is None:
        return None
    return f"{num}/{den}{suffix}"
