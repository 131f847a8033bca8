"""How laboratories spell each unit, per language: a report picks one spelling per unit kind.

Keys are unit kinds (the catalogue's `UnitOption.kind`); values map a language (or "*" for any
language) to the spellings seen on real reports: "K/uL" and "x10^3/uL" on US reports, "Tsd/µl" and
"/nl" on German ones, "G/L" (giga per litre) on French ones, "ribu/uL" on Indonesian ones, the
micro sign or a plain "u", upper- or lower-case "L". A spelling is chosen once per report, so a
report is consistent with itself, as real ones are.
"""

from __future__ import annotations

import re
from random import Random

SPELLINGS: dict[str, dict[str, list[str]]] = {
    "10^3/uL": {"*": ["x10^3/uL", "10^3/uL", "K/uL", "x10³/µL", "10*3/uL", "Thousand/uL"],
                "es": ["x10^3/µL", "10^3/µL", "x10³/µL"], "pt": ["10^3/µL", "mil/mm³", "x10³/µL"],
                "it": ["10^3/µL", "x10^3/µL", "10³/µl"], "de": ["Tsd/µl", "/nl", "10^3/µl"],
                "id": ["10^3/uL", "ribu/uL", "10³/µL"], "fr": ["10^3/µL", "/nL"]},
    "10^6/uL": {"*": ["x10^6/uL", "10^6/uL", "M/uL", "Million/uL"], "es": ["x10^6/µL", "10^6/µL"],
                "pt": ["10^6/µL", "milhões/mm³"], "it": ["10^6/µL", "x10^6/µL"], "de": ["Mio/µl", "/pl"],
                "id": ["10^6/uL", "juta/uL"], "fr": ["10^6/µL", "/pL"]},
    "10^9/L": {"*": ["x10^9/L", "10^9/L", "x 10^9/L", "×10^9/L", "10*9/L", "10E9/L"], "fr": ["G/L"], "de": ["G/l"],
               "ru": ["×10^9/л", "10^9/л"],
               "zh": ["10^9/L", "×10^9/L"]},
    "10^12/L": {"*": ["x10^12/L", "10^12/L", "×10^12/L", "10E12/L"], "fr": ["T/L"], "de": ["T/l"], "ru": ["×10^12/л"],
                "zh": ["10^12/L", "×10^12/L"]},
    "/uL": {"*": ["/uL", "/µL", "cells/uL", "/mm³", "/cumm"], "de": ["/µl"], "pt": ["/mm³", "/µL"],
            "es": ["/µL", "/mm³"], "it": ["/µL", "/mm³"], "fr": ["/mm³", "/µL"]},
    "g/dL": {"*": ["g/dL", "g/dl", "gm/dL"], "de": ["g/dl"], "it": ["g/dL", "g/dl"]},
    "g/L": {"*": ["g/L", "g/l"], "ru": ["г/л"]},
    "L/L": {"*": ["L/L", "l/l"]},
    "%": {"*": ["%"]},
    "mmHg": {"*": ["mmHg", "mm Hg"]},
    "kPa": {"*": ["kPa"]},
    "fL": {"*": ["fL", "fl"], "zh": ["fL", "fl"], "ru": ["фл"]},
    "pg": {"*": ["pg"], "ru": ["пг"]},
    "mg/dL": {"*": ["mg/dL", "mg/dl"], "de": ["mg/dl"]},
    "mmol/L": {"*": ["mmol/L", "mmol/l"], "de": ["mmol/l"], "ru": ["ммоль/л"]},
    "mEq/L": {"*": ["mEq/L", "meq/L", "mmol/L"]},
    "umol/L": {"*": ["µmol/L", "umol/L", "µmol/l"], "zh": ["μmol/L", "umol/L"], "de": ["µmol/l"], "ru": ["мкмоль/л"]},
    "U/L": {"*": ["U/L", "IU/L", "U/l"], "es": ["U/L", "UI/L"], "pt": ["U/L", "UI/L"], "fr": ["UI/L", "U/L"],
            "it": ["U/L", "UI/L"], "de": ["U/l"], "ru": ["Ед/л", "МЕ/л"]},
    "mIU/L": {"*": ["mIU/L", "mU/L"], "fr": ["mUI/L"], "es": ["mUI/L", "mU/L"], "de": ["mU/l"], "ru": ["мМЕ/л", "мЕд/л"]},
    "uIU/mL": {"*": ["uIU/mL", "µIU/mL"], "es": ["µUI/mL"], "pt": ["µUI/mL"], "fr": ["µUI/mL"],
               "it": ["µUI/mL", "µU/mL"], "de": ["µU/ml"], "zh": ["μIU/mL"]},
    "pmol/L": {"*": ["pmol/L", "pmol/l"], "ru": ["пмоль/л"]},
    "ng/dL": {"*": ["ng/dL"], "de": ["ng/dl"]},
    "pg/mL": {"*": ["pg/mL", "pg/ml"], "ru": ["пг/мл"]},
    "ng/mL": {"*": ["ng/mL", "ng/ml"], "ru": ["нг/мл"]},
    "ug/L": {"*": ["µg/L", "ug/L", "mcg/L"], "de": ["µg/l"], "zh": ["μg/L", "ng/mL"], "ru": ["мкг/л"]},
    "ug/dL": {"*": ["µg/dL", "ug/dL", "mcg/dL"], "de": ["µg/dl"]},
    "nmol/L": {"*": ["nmol/L", "nmol/l"], "ru": ["нмоль/л"]},
    "mg/L": {"*": ["mg/L", "mg/l"], "ru": ["мг/л"]},
    "mm/h": {"*": ["mm/hr", "mm/h", "mm/1st hr"], "fr": ["mm"], "de": ["mm/h"], "zh": ["mm/h"], "ru": ["мм/ч"]},
    "s": {"*": ["sec", "s", "seconds"], "es": ["seg", "s"], "pt": ["seg", "s"], "fr": ["s", "sec"],
          "it": ["sec", "s"], "de": ["s", "Sek."], "id": ["detik", "sec"], "zh": ["秒", "s"], "ru": ["сек", "с"]},
    "mL/min/1.73m2": {"*": ["mL/min/1.73m²", "mL/min/1.73 m2", "mL/min/1.73m2"],
                      "de": ["ml/min/1,73m²"], "fr": ["mL/min/1,73m²"], "it": ["mL/min/1,73m²"],
                      "es": ["mL/min/1,73m²", "mL/min/1.73m²"], "pt": ["mL/min/1,73m²"]},
    "mmol/mol": {"*": ["mmol/mol"]},
}

# How often a report uses its language's own spellings rather than the international ones.
LOCAL_SHARE = 0.7


def choose_spelling(kind: str, lang: str, rng: Random) -> str:
    table = SPELLINGS[kind]
    pool = table.get(lang) if lang in table and rng.random() < LOCAL_SHARE else table["*"]
    return rng.choice(pool or table["*"])


def upper_ascii(unit: str) -> str:
    """A line printer's upper-case unit: the micro sign becomes U (never the Greek capital mu)."""
    plain = re.sub(r"10([²³⁶⁹])", r"10^\1", unit).translate(_SUPERSCRIPTS)
    return plain.replace("µ", "u").replace("μ", "u").upper()


_SUPERSCRIPTS = str.maketrans("²³⁶⁹", "2369")
