"""LOINC codes for results: the table (loinc.toml) and the choice of code by the printed unit.

A marker has one code per LOINC property (glucose: 2345-7 for a mass concentration such as
mg/dL, 14749-6 for a substance concentration such as mmol/L). `loinc_for` reads the printed
unit's kind (shared/analysis/units.py) and takes the code whose property fits it; a unit that
fits none of the marker's codes, or a marker without codes, gets no code. A code printed on
the report next to the name wins when its check digit is valid.
"""

from __future__ import annotations

import builtins
import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

from shared.analysis.markers import marker, norm_name
from shared.analysis.units import parse_unit

LOINC_SYSTEM = "http://loinc.org"
TABLE = Path(__file__).with_name("loinc.toml")
_CODE = re.compile(r"^(\d{1,7})-(\d)$")


class Property(StrEnum):
    """LOINC's property axis, for the properties the table uses."""

    MASS_CONC = "MCnc"
    SUBSTANCE_CONC = "SCnc"
    CATALYTIC_CONC = "CCnc"
    ARBITRARY_CONC = "ACnc"
    NUMBER_CONC = "NCnc"
    NUMBER_FRACTION = "NFr"
    VOLUME_FRACTION = "VFr"
    MASS_FRACTION = "MFr"
    SUBSTANCE_FRACTION = "SFr"
    RATIO = "Ratio"
    MASS_RATIO = "MRto"
    RELATIVE_TIME = "RelTime"
    ENTITIC_VOLUME = "EntVol"
    ENTITIC_MASS = "EntMass"
    TIME = "Time"
    VELOCITY = "Vel"


# The unit kinds (shared/analysis/units.py `UnitInfo.kind`; None: no unit printed) each property
# is measured in. "eq" (mEq/L) counts as a substance concentration for monovalent ions only.
UNIT_KINDS: dict[Property, frozenset[str | None]] = {
    Property.MASS_CONC: frozenset({"mass"}),
    Property.SUBSTANCE_CONC: frozenset({"molar", "eq"}),
    Property.CATALYTIC_CONC: frozenset({"activity"}),
    Property.ARBITRARY_CONC: frozenset({"activity"}),
    Property.NUMBER_CONC: frozenset({"count"}),
    Property.NUMBER_FRACTION: frozenset({"percent", "fraction"}),
    Property.VOLUME_FRACTION: frozenset({"percent", "fraction"}),
    Property.MASS_FRACTION: frozenset({"percent", "fraction"}),
    Property.SUBSTANCE_FRACTION: frozenset({"mmol/mol"}),
    Property.RATIO: frozenset({"percent"}),
    Property.MASS_RATIO: frozenset({"ratio", None}),
    Property.RELATIVE_TIME: frozenset({"ratio", None}),
    Property.ENTITIC_VOLUME: frozenset({"fl"}),
    Property.ENTITIC_MASS: frozenset({"pg"}),
    Property.TIME: frozenset({"time"}),
    Property.VELOCITY: frozenset({"rate"}),
}


class CodeSource(StrEnum):
    TABLE = "table"  # our table, by the marker and its unit's property
    REPORT = "report"  # printed on the report next to the name


@dataclass(frozen=True, slots=True)
class LoincCode:
    code: str
    property: Property
    names: frozenset[str]  # words the printed name or unit must contain (empty: none needed)
    sources: tuple[str, ...]

    @builtins.property  # (the field above is named `property`)
    def url(self) -> str:
        return f"https://loinc.org/{self.code}/"


@dataclass(frozen=True, slots=True)
class Coding:
    code: str
    source: CodeSource


@dataclass(frozen=True, slots=True)
class LoincTable:
    codes: dict[str, tuple[LoincCode, ...]]  # canonical marker key -> its codes
    sources: dict[str, str]  # source id -> citation


def check_digit_ok(code: str | None) -> bool:
    """A LOINC code's last digit is the mod-10 check digit of its number (LOINC Users' Guide, 'Check digit')."""
    m = _CODE.match(code or "")
    return m is not None and mod10(m.group(1)) == int(m.group(2))


def mod10(number: str) -> int:
    """The mod-10 check digit LOINC uses: double every other digit from the right, add the digits, round up to 10."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return (10 - total % 10) % 10


@cache
def table() -> LoincTable:
    raw = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    sources = dict(raw.pop("sources"))
    codes = {
        key: tuple(LoincCode(code=c["code"], property=Property(c["property"]), names=frozenset(c.get("names", ())),
                             sources=tuple(c["sources"])) for c in entry["codes"])
        for key, entry in raw.items()
    }
    return LoincTable(codes=codes, sources=sources)


def _unit_kind(canonical: str, unit: str | None) -> tuple[bool, str | None]:
    """(known, kind) of the printed unit; mEq/L is a substance concentration only for monovalent ions."""
    if unit is None or not unit.strip():
        return True, None
    info = parse_unit(unit)
    if info is None:
        return False, None
    if info.kind == "eq":
        m = marker(canonical)
        return (m is not None and m.valence == 1), "eq"
    return True, info.kind


@lru_cache(maxsize=8192)
def loinc_for(canonical: str | None, unit: str | None, name: str = "", printed: str | None = None) -> Coding | None:
    """The LOINC code for one result, or None when no trustworthy code exists (cached: pure)."""
    if printed and check_digit_ok(printed.strip()):
        return Coding(printed.strip(), CodeSource.REPORT)
    if canonical is None:
        return None
    candidates = table().codes.get(canonical, ())
    known, kind = _unit_kind(canonical, unit)
    if not candidates or not known:
        return None
    fitting = [c for c in candidates if kind in UNIT_KINDS[c.property]]
    words = set(norm_name(f"{name} {unit or ''}").split()) if any(c.names for c in fitting) else set()
    named = [c for c in fitting if c.names and c.names & words]
    plain = [c for c in fitting if not c.names]
    chosen = named or plain
    return Coding(chosen[0].code, CodeSource.TABLE) if chosen else None
