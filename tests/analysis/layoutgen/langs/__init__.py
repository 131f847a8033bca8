"""The layout generator's further languages, one module of data each (nl, pl, tr, cs, ro, sv, ru, vi, da, no).

Each module holds what the eight first languages keep in the shared tables: LOCALE (the fields of
locales.Locale), PHRASES (phrases.PHRASES, the letter as a tuple of Letter's fields), NAMES and DIFF (printed
marker names, names.NAMES), PEOPLE (people.py: first and last names, address, labs, doctor, licence, date
formats), DECIMAL_COMMA (case.DECIMAL_COMMA) and FAMILY_WORDS (the few words single families print). The shared
tables merge them, so every family renders in these languages too. They are not in locales.LANGUAGES (the
matrix the per-family tests run over) but in MORE_LANGUAGES: tests/analysis/test_more_languages.py renders a
rotated sample of families in them.
"""

from __future__ import annotations

from types import ModuleType

from tests.analysis.layoutgen.langs import cs, da, nl, no, pl, ro, ru, sv, tr, vi

MODULES: dict[str, ModuleType] = {"nl": nl, "pl": pl, "tr": tr, "cs": cs, "ro": ro, "sv": sv, "ru": ru, "vi": vi, "da": da, "no": no}


def family_words(key: str) -> dict:
    """One family's words in every further language: {lang: FAMILY_WORDS[key]}."""
    return {lang: m.FAMILY_WORDS[key] for lang, m in MODULES.items()}
