"""A case: one patient's results, chosen and valued once, then printed by any layout family.

`make_case(seed, lang, units, n)` draws the markers, the patient's sex and age, and for each marker an
intent (normal, low, high, critical) and a position inside or beyond the interval. The draws that
describe the patient use a generator seeded by `seed` alone, so the same seed gives the same patient
in every language and unit system; the draws that describe how a laboratory writes (name variants,
unit spellings, decimal comma) depend on the language and units too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property
from random import Random

from tests.analysis.layoutgen.catalogue import BY_KEY, MARKERS, PANELS, Interval, Marker, UnitOption
from tests.analysis.layoutgen.langs import MODULES as MORE_MODULES
from tests.analysis.layoutgen.locales import ALL_LANGUAGES, LOCALES, Locale
from tests.analysis.layoutgen.names import names_for
from tests.analysis.layoutgen.people import Header, make_header
from tests.analysis.layoutgen.units import choose_spelling

UNIT_SYSTEMS = ("conv", "si")
INTENTS = ("normal", "low", "high", "critical_low", "critical_high")

# Share of reports that use a decimal comma, per language (the rest use a point).
DECIMAL_COMMA = {"en": 0.0, "es": 0.75, "pt": 0.9, "fr": 0.9, "it": 0.9, "de": 0.95, "id": 0.7, "zh": 0.0}
DECIMAL_COMMA.update({lang: m.DECIMAL_COMMA for lang, m in MORE_MODULES.items()})


@dataclass(frozen=True)
class NumberStyle:
    decimal: str = "."
    thousands: str = ""     # "", "," or "." (never the decimal mark)

    def fmt(self, value: float, decimals: int) -> str:
        d = max(decimals, 0)
        text = f"{abs(value):,.{d}f}"
        whole, _, frac = text.partition(".")
        whole = whole.replace(",", self.thousands)
        out = whole + (self.decimal + frac if frac else "")
        return ("-" + out) if value < 0 else out

    def read(self, text: str) -> float:
        t = text.strip().replace("\u2212", "-")  # a Unicode minus as analysers print it ('−2.1')
        if self.thousands:
            t = t.replace(self.thousands, "")
        return float(t.replace(self.decimal, "."))

    def localize(self, text: str) -> str:
        """Rewrite the decimal points/commas of a free text (notes, extras) in this style."""
        return re.sub(r"(?<=\d)[.,](?=\d)", self.decimal, text)


def decimals_of(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def as_float(text: str | None) -> float | None:
    return None if text is None else float(text)


@dataclass(frozen=True)
class Result:
    marker: Marker
    name: str                 # the printed name (the case's variant in its language)
    option: UnitOption
    unit: str | None          # the printed unit spelling, None for a unitless result
    value: float              # already rounded to the printed decimals
    decimals: int
    intent: str
    previous: tuple[float, float]  # two earlier results (cumulative reports)

    @property
    def key(self) -> str:
        return self.marker.key

    def interval(self, sex: str) -> Interval:
        return self.option.ref.for_sex(sex)

    def status(self, sex: str) -> str:
        """normal/low/high by the patient's interval (inclusive), critical_* where the case made it so."""
        ivl = self.interval(sex)
        lo, hi = as_float(ivl.low), as_float(ivl.high)
        if hi is not None and self.value > hi:
            return "critical_high" if self.intent == "critical_high" else "high"
        if lo is not None and self.value < lo:
            return "critical_low" if self.intent == "critical_low" else "low"
        return "normal"


@dataclass(frozen=True)
class Extra:
    """A qualitative or censored result: printed by some families, never a truth row."""

    name: str
    text: str
    unit: str | None
    ref: str | None


@dataclass(frozen=True)
class Case:
    seed: int
    lang: str
    units: str
    header: Header
    results: list[Result]
    extras: list[Extra]
    numbers: NumberStyle
    titles: str = "known"  # the column titles printed: known | foreign | none (layoutgen/perturb.py)

    @property
    def sex(self) -> str:
        return self.header.sex

    @cached_property
    def locale(self) -> Locale:
        return LOCALES[self.lang]

    def panels(self) -> list[tuple[str, list[Result]]]:
        """Results grouped by panel, in report order."""
        out: list[tuple[str, list[Result]]] = []
        for r in self.results:
            if not out or out[-1][0] != r.marker.panel:
                out.append((r.marker.panel, []))
            out[-1][1].append(r)
        return out


def _round(value: float, decimals: int) -> float:
    if decimals >= 0:
        return round(value, decimals)
    step = 10 ** (-decimals)
    return float(round(value / step) * step)


def _pick_markers(rng: Random, n: int, sex: str) -> list[Marker]:
    by_panel = {p: [m for m in MARKERS if m.panel == p and m.sex_only in (None, sex)] for p in PANELS}
    diff_mode = rng.choice(["pct", "both", "both", "abs"])
    by_panel["diff"] = [m for m in by_panel["diff"] if diff_mode == "both" or m.key.endswith(diff_mode)]
    rest = [p for p in PANELS if p != "cbc"]
    rng.shuffle(rest)
    order = (["cbc"] if n >= 8 and rng.random() < 0.85 else []) + rest
    if "cbc" in order and rng.random() < 0.8:
        order.remove("diff")
        order.insert(1, "diff")
    chosen: list[Marker] = []
    for panel in order:
        take = by_panel[panel][: n - len(chosen)]
        chosen.extend(take)
        if len(chosen) >= n:
            break
    rank = {p: i for i, p in enumerate(order)}
    return sorted(chosen, key=lambda m: (rank[m.panel], MARKERS.index(m)))


def _intents(rng: Random, markers: list[Marker], sex: str, abnormal: float) -> list[str]:
    out = []
    for m in markers:
        ivl = m.conv[0].ref.for_sex(sex)
        sides = [s for s, ok in (("low", ivl.low is not None and float(ivl.low) != 0), ("high", ivl.high is not None))
                 if ok]  # (a low bound below zero: a base excess can fall below it)
        if rng.random() >= abnormal or not sides:
            out.append("normal")
            continue
        side = rng.choice(sides)
        crit = m.critical[0 if side == "low" else 1]
        out.append(f"critical_{side}" if crit is not None and rng.random() < 0.2 else side)
    if abnormal > 0 and len(out) >= 4 and all(i == "normal" for i in out):
        j = next((k for k, m in enumerate(markers) if m.conv[0].ref.for_sex(sex).high is not None), 0)
        out[j] = "high"
    return out


def _value(m: Marker, opt: UnitOption, sex: str, intent: str, u: float) -> float:
    ivl = opt.ref.for_sex(sex)
    lo, hi = as_float(ivl.low), as_float(ivl.high)
    width = (hi - lo) if lo is not None and hi is not None else (hi or lo or 1.0) * 0.5
    crit_lo, crit_hi = (None if c is None else opt.convert(c) for c in m.critical)
    if (intent == "low" and lo is None) or (intent == "high" and hi is None):
        intent = "normal"  # a side this unit system prints no bound for (a low ALT where SI prints '< 41 U/L')
    if intent == "normal":
        v = (lo + (0.08 + 0.84 * u) * width if lo is not None and hi is not None
             else hi * (0.35 + 0.6 * u) if hi is not None else lo * (1.08 + 0.9 * u))
    elif intent == "high":
        v = hi + (0.06 + 0.7 * u) * width
    elif intent == "low":
        v = (max(lo - (0.06 + 0.45 * u) * width, lo * 0.35) if lo > 0 else lo - (0.06 + 0.45 * u) * width) \
            if hi is not None else lo * (0.55 + 0.37 * u)
    elif intent == "critical_high":
        v = crit_hi * (1.05 + 0.5 * u)
    else:
        v = crit_lo * (0.7 + 0.25 * u)
    lo_b, hi_b = sorted(opt.convert(b) for b in m.bounds)
    return min(max(v, lo_b), hi_b)


def _rounded_off_bound(v: float, opt: UnitOption, sex: str, intent: str) -> float:
    """Round to the printed decimals, keeping one-sided intervals unambiguous (never equal to the bound)."""
    r = _round(v, opt.decimals)
    ivl = opt.ref.for_sex(sex)
    step = 10.0 ** (-opt.decimals)
    for bound in (ivl.low, ivl.high):
        if ivl.kind != "two" and bound is not None and math.isclose(r, float(bound)):
            direction = 1 if intent.endswith("high") or (bound == ivl.low and intent == "normal") else -1
            r = _round(r + direction * step, opt.decimals)
    return r


def _consistent_differential(values: dict[str, float], opts: dict[str, UnitOption]) -> None:
    """Percentages add up to 100 and absolute counts are WBC x percentage, as an analyser prints them."""
    pct = [f"{c}_pct" for c in ("neut", "lymph", "mono", "eos", "baso")]
    if all(k in values for k in pct):
        total = sum(values[k] for k in pct)
        for k in pct[1:]:
            values[k] = round(values[k] * 100 / total, 1)
        values["neut_pct"] = round(100 - sum(values[k] for k in pct[1:]), 1)
    if "wbc" in values:
        wbc_k = values["wbc"] / opts["wbc"].factor
        for k in pct:
            a = k.replace("_pct", "_abs")
            if a in values and k in values:
                values[a] = round(wbc_k * values[k] / 100, opts[a].decimals)


def report_length(seed: int) -> int:
    """How many results the report of `seed` has when the caller does not say (10..40: short and long reports)."""
    return Random(f"layoutgen-length:{seed}").randint(10, 40)


def make_case(seed: int, lang: str = "en", units: str = "conv", n: int = 24, abnormal: float = 0.25) -> Case:
    """A patient's results: `n` markers (6..70), about `abnormal` of them out of range, a few critical."""
    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r}; choose from {ALL_LANGUAGES}")
    if units not in UNIT_SYSTEMS:
        raise ValueError(f"unknown unit system {units!r}; choose from {UNIT_SYSTEMS}")
    if not 6 <= n <= len(MARKERS):
        raise ValueError(f"n must be between 6 and {len(MARKERS)}")
    patient = Random(f"layoutgen-case:{seed}")
    writer = Random(f"layoutgen-writer:{seed}:{lang}:{units}")
    sex = patient.choice("MF")
    age = patient.randrange(19, 86)
    markers = _pick_markers(patient, n, sex)
    intents = _intents(patient, markers, sex, abnormal)
    positions = [patient.random() for _ in markers]
    drifts = [(patient.gauss(0, 0.08), patient.gauss(0, 0.1)) for _ in markers]

    opts: dict[str, UnitOption] = {}
    for m in markers:
        choices = m.options(units)
        opts[m.key] = writer.choices(choices, weights=[o.weight for o in choices])[0]
    if "wbc" in opts and opts["wbc"].kind == "/uL" and "platelets" in opts and units == "conv":
        opts["platelets"] = next(o for o in BY_KEY["platelets"].conv if o.kind == "/uL")
    values = {m.key: _rounded_off_bound(_value(m, opts[m.key], sex, i, u), opts[m.key], sex, i)
              for m, i, u in zip(markers, intents, positions, strict=True)}
    _consistent_differential(values, opts)

    spellings: dict[str, str] = {}
    results = []
    for m, intent, (d1, d2) in zip(markers, intents, drifts, strict=True):
        opt = opts[m.key]
        if opt.kind and opt.kind not in spellings:
            spellings[opt.kind] = choose_spelling(opt.kind, lang, writer)
        v = values[m.key]
        prev = (_round(max(v * (1 + d1), 0.0), opt.decimals), _round(max(v * (1 + d2), 0.0), opt.decimals))
        results.append(Result(marker=m, name=writer.choice(names_for(m.key, lang, units)[:3]), option=opt,
                              unit=spellings.get(opt.kind) if opt.kind else None, value=v,
                              decimals=max(opt.decimals, 0), intent=intent, previous=prev))

    comma = writer.random() < DECIMAL_COMMA[lang]
    numbers = NumberStyle("," if comma else ".", writer.choice(["", "", "." if comma else ","]))
    extras = [Extra(name, numbers.localize(text), unit, None if ref is None else numbers.localize(ref))
              for name, text, unit, ref in writer.sample(LOCALES[lang].extras, 2)]
    return Case(seed=seed, lang=lang, units=units, header=make_header(writer, lang, sex, age), results=results,
                extras=extras, numbers=numbers)
