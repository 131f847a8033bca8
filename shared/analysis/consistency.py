"""Does a text (the Gemini narrative) contradict the direction of a result?

Sentence by sentence: a sentence that names exactly one of the report's markers and says
only the opposite direction ("low" for a high result), or calls an abnormal result normal,
contradicts it. A sentence about a result within its range contradicts it only when it
says "your <marker> ... high/low". Heuristic on purpose: it errs towards rejecting the
model's text, and the local text (premise-checked) is always there to fall back on.
"""

from __future__ import annotations

import re

from shared.analysis.facts import reading
from shared.analysis.query import focus
from shared.analysis.result import Biomarker

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE = re.compile(r",\s+|\s+(?:and|but|while|whereas|although)\s+", re.I)
_HIGH = re.compile(r"\b(high|higher|elevated|raised|above|increased|excess|excessive|too much|overload)\b", re.I)
_LOW = re.compile(r"\b(low|lower|below|decreased|reduced|deficient|deficiency|depleted|too little|lacking)\b", re.I)
_NORMAL = re.compile(r"\b(normal|within (?:the )?(?:normal |reference |healthy )?range|in range|healthy level|"
                     r"nothing to worry)\b", re.I)
# Phrases whose direction word is not about the result: "high-dose", "low-fat", "not high".
_NOISE = re.compile(r"\b(?:high|low)[- ](?:dose|doses|fat|salt|sugar|protein|fibre|fiber|intensity|impact|carb|"
                    r"carbs|calorie|risk|density)\b|\bnot (?:too |very )?(?:high|low|elevated|raised|normal)\b|"
                    r"\b(?:higher|lower) (?:risk|chance)\b", re.I)
_YOUR = re.compile(r"\byour\b", re.I)


def _direction_of(results: list[Biomarker]) -> str | None | bool:
    """'low' / 'high' / None (all within range); False when the results disagree or cannot be judged."""
    directions = {b.flag.direction for b in results if b.flag is not None}
    if len(directions) != 1 or any(b.flag is None for b in results):
        return False
    return next(iter(directions))


def _parts(text: str, by_key: dict[str, list[Biomarker]]) -> list[str]:
    """Sentences naming exactly one of the report's markers; a sentence naming several is split into clauses."""
    out = []
    for sentence in _SENTENCE.split(text):
        keys = {k for k in focus(sentence)[0] if k in by_key}
        if len(keys) == 1:
            out.append(sentence)
        elif len(keys) > 1:
            out += [c for c in _CLAUSE.split(sentence) if len({k for k in focus(c)[0] if k in by_key}) == 1]
    return out


def contradictions(text: str, biomarkers: list[Biomarker]) -> list[str]:
    """Short descriptions ('haemoglobin called normal, but it is low') of each contradiction found."""
    by_key: dict[str, list[Biomarker]] = {}
    for b in biomarkers:
        key = reading(b).key or b.canonical
        if key:
            by_key.setdefault(key, []).append(b)
    found: list[str] = []
    for sentence in _parts(text, by_key):
        keys = [k for k in focus(sentence)[0] if k in by_key]
        results = by_key[keys[0]]
        actual = _direction_of(results)
        if actual is False:
            continue
        clean = _NOISE.sub(" ", sentence)
        says_high, says_low, says_normal = bool(_HIGH.search(clean)), bool(_LOW.search(clean)), bool(
            _NORMAL.search(clean))
        name = results[0].name
        if actual == "high" and says_low and not says_high:
            found.append(f"{name} described as low, but it is high")
        elif actual == "low" and says_high and not says_low:
            found.append(f"{name} described as high, but it is low")
        elif actual in ("high", "low") and says_normal and not (says_high or says_low):
            found.append(f"{name} described as normal, but it is {actual}")
        elif actual is None and _YOUR.search(clean) and (says_high != says_low) and not says_normal:
            found.append(f"{name} described as {'high' if says_high else 'low'}, but it is within the range")
    return list(dict.fromkeys(found))
