"""What the results say, by marker key: the view the premises, severity rules and answers read.

Every result is kept: two results for one key (the same test printed in two units, or
repeated) are both readings of that key, never one overwriting the other. A glucose
printed as random / non-fasting is filed under `glucose_random`, so the fasting-glucose
criteria never read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from shared.analysis import markers as mk
from shared.analysis.result import Biomarker, Flag, Severity

# Keys that are not in the catalogue but that the premises may name.
VIRTUAL_KEYS = {"glucose_random": "glucose"}
_RANDOM_GLUCOSE = re.compile(r"\b(random|rbs|non[- ]?fasting|casual|post[- ]?prandial|pp)\b", re.IGNORECASE)


_UNSET = object()


@dataclass(slots=True)
class Reading:
    key: str
    name: str
    value: float
    unit: str | None
    flag: Flag | None
    severity: Severity | None
    ref_low: float | None
    ref_high: float | None
    direction: str | None = None  # low / high, None when within the range or not judged
    _std: object = _UNSET

    @property
    def std(self) -> float | None:
        """The value in the catalogue unit of markers.py, None when not convertible (converted on first use)."""
        if self._std is _UNSET:
            self._std = to_std(self.key, self.value, self.unit) if self.key else None
        return self._std  # type: ignore[return-value]


def reading_key(b: Biomarker) -> str | None:
    """The key a result is read under: its canonical key, or `glucose_random` for a random glucose."""
    if b.canonical == "glucose" and _RANDOM_GLUCOSE.search(b.name):
        return "glucose_random"
    return b.canonical


def to_std(key: str, value: float, unit: str | None) -> float | None:
    m = mk.marker(VIRTUAL_KEYS.get(key, key))
    return m.to_unit(value, unit) if m is not None else None


def reading(b: Biomarker) -> Reading:
    """A result as a reading; a test not in the catalogue has key "" (it still counts in `any ...`)."""
    key = reading_key(b) or ""
    return Reading(key=key, name=b.name, value=b.value, unit=b.unit, flag=b.flag, severity=b.severity,
                   ref_low=b.ref_low, ref_high=b.ref_high, direction=b.flag.direction if b.flag else None)


@dataclass
class Facts:
    readings: list[Reading]
    sex: str | None = None
    age: int | None = None
    coverage_complete: bool = True
    _by_key: dict[str, list[Reading]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for r in self.readings:
            if r.key:
                self._by_key.setdefault(r.key, []).append(r)

    @classmethod
    def of(cls, biomarkers: list[Biomarker], *, sex: str | None, age: int | None, complete: bool = True) -> Facts:
        return cls([reading(b) for b in biomarkers], sex=sex, age=age, coverage_complete=complete)

    def regraded(self, biomarkers: list[Biomarker]) -> Facts:
        """The readings updated, in place, with the flags and severities `biomarkers` (same order) now carry."""
        for r, b in zip(self.readings, biomarkers, strict=True):
            r.flag, r.severity, r.direction = b.flag, b.severity, b.flag.direction if b.flag else None
        for derived in ("abnormal", "abnormal_ranks", "any_judged"):
            self.__dict__.pop(derived, None)
        return self

    def of_key(self, key: str) -> list[Reading]:
        return self._by_key.get(key, [])

    def measured(self, key: str) -> bool:
        return key in self._by_key

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(self._by_key)

    @cached_property
    def abnormal(self) -> list[Reading]:
        return [r for r in self.readings if r.direction]

    @cached_property
    def abnormal_ranks(self) -> frozenset[int]:
        """Severity ranks of the results outside their range (mild when not graded yet)."""
        return frozenset(r.severity.rank if r.severity else 1 for r in self.abnormal)

    @cached_property
    def any_judged(self) -> bool:
        return any(r.flag is not None for r in self.readings)
