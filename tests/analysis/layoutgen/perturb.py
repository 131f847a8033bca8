"""Header perturbations: the same report with its column titles in words the parser does not know, or none.

A real report may title its columns in a language the lexicon has no words for (Finnish 'Tutkimus | Tulos |
Yksikkö | Viitearvot', Hungarian, Greek, Estonian), in a lab's own wording ('Analyte measured | Your number'),
or print no header at all. `retitle` rewrites a table's column titles for one of TITLE_MODES:

* ``known``: the family's own titles (the default, nothing changes);
* ``foreign``: every title replaced by a title of one language of FOREIGN_TITLES (seeded by the case), a
  column the language has no title for left untitled;
* ``none``: no titles at all (the header row stays an empty band, its rules and fill drawn as before).

The perturbation draws from its own generator, so the rest of the report (values, styles, page breaks) is the
same as the `known` rendering's and the two can be compared row by row.
"""

from __future__ import annotations

from random import Random

TITLE_MODES: tuple[str, ...] = ("known", "foreign", "none")

# role of a layoutgen column -> its title, per language. None of these is a title the parser's lexicon knows
# (tests/analysis/test_header_perturbation.py checks it).
FOREIGN_TITLES: dict[str, dict[str, str]] = {
    "fi": {"name": "Tutkimus", "result": "Tulos", "unit": "Yksikkö", "range": "Viitearvot", "flag": "Poikkeama",
           "status": "Tulkinta", "prev": "Edellinen", "method": "Menetelmä", "code": "Koodi", "low": "Alaraja",
           "high": "Yläraja", "male": "Miehet", "female": "Naiset", "specimen": "Näyte", "in": "Viitealueella",
           "out": "Viitealueen ulkopuolella", "lab": "Laboratorio"},
    "hu": {"name": "Vizsgálat", "result": "Eredmény", "unit": "Mértékegység", "range": "Referenciatartomány",
           "flag": "Jelzés", "status": "Értékelés", "prev": "Előző", "method": "Módszer", "code": "Azonosító",
           "low": "Alsó határ", "high": "Felső határ", "male": "Férfi", "female": "Nő", "specimen": "Minta"},
    "el": {"name": "Εξέταση", "result": "Αποτέλεσμα", "unit": "Μονάδα", "range": "Τιμές αναφοράς",
           "flag": "Ένδειξη", "status": "Σχόλιο", "prev": "Προηγούμενη", "method": "Μέθοδος", "code": "Κωδικός",
           "low": "Κατώτερο", "high": "Ανώτερο", "male": "Άνδρες", "female": "Γυναίκες", "specimen": "Δείγμα"},
    "et": {"name": "Uuring", "result": "Tulemus", "unit": "Ühik", "range": "Referentsväärtus", "flag": "Märge",
           "status": "Hinnang", "prev": "Eelmine", "method": "Meetod", "code": "Kood", "low": "Alampiir",
           "high": "Ülempiir", "male": "Mehed", "female": "Naised", "specimen": "Proov"},
    "lab": {"name": "What we measured", "result": "Your number", "unit": "Measure", "range": "Expected",
            "flag": "Attention", "status": "Our note", "prev": "Last time", "method": "How measured",
            "code": "Catalogue", "low": "From", "high": "To", "specimen": "Drawn into"},
}


def retitle(mode: str, seed: str, columns: list, spans: list[tuple[str, str, str]] | None = None
            ) -> list[tuple[str, str, str]] | None:
    """Rewrite the titles of `columns` (layoutgen table columns: .role, .title) in place for `mode`; returns
    the spanning titles ('Reference' over 'Low | High') rewritten the same way."""
    if mode == "known":
        return spans
    if mode not in TITLE_MODES:
        raise ValueError(f"unknown title mode {mode!r}; choose from {', '.join(TITLE_MODES)}")
    words = FOREIGN_TITLES[Random(f"layoutgen-titles:{seed}").choice(sorted(FOREIGN_TITLES))]
    for c in columns:
        if c.title:
            c.title = words.get(c.role, "") if mode == "foreign" else ""
    if spans is None:
        return None
    if mode == "none":
        return []
    return [(words.get("range" if first == "low" else "result", ""), first, last) for _, first, last in spans]
