"""Loads and checks the advice table (advice.toml) and the severity thresholds (thresholds.toml).

Everything is checked when the table is loaded (at first use, and by the tests): every
premise parses and names known markers and patterns, every source exists, every id is
unique, every rule has a direction. A typo in the table fails loudly instead of
silently never firing.
"""

from __future__ import annotations

import operator
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from shared.analysis import markers as mk
from shared.analysis.advice.premise import (
    And,
    Compare,
    No,
    Node,
    Not,
    Or,
    Premise,
    PremiseError,
    Ref,
    State,
    check_refs,
    link,
    parse,
)
from shared.analysis.facts import VIRTUAL_KEYS
from shared.analysis.result import AdviceRole, Severity

HERE = Path(__file__).parent
ADVICE_FILE = HERE / "advice.toml"
THRESHOLDS_FILE = HERE / "thresholds.toml"

_SEVERITY_SUFFIX = {"any": "", "mild": " mild", "marked": " marked", "critical": " critical", "marked+": " marked+"}
_RULE = re.compile(r"^\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(?:x\s*(ULN|LLN))?\s*$", re.IGNORECASE)
_OPS: dict[str, Callable[[float, float], bool]] = {"<": operator.lt, "<=": operator.le, ">": operator.gt,
                                                   ">=": operator.ge}


class TableError(ValueError):
    pass


def panel_of(key: str) -> str:
    return mk.panel_of(VIRTUAL_KEYS.get(key, key))


def mentions(node: Node, patterns: Mapping[str, Pattern] | None = None) -> set[str]:
    """Marker keys a premise names (for grouping by panel), through the patterns it refers to when given."""
    if isinstance(node, (State, Compare)):
        return {node.key}
    if isinstance(node, (And, Or)):
        return set().union(*(mentions(c, patterns) for c in node.children))
    if isinstance(node, (Not, No)):
        return mentions(node.child, patterns)
    if isinstance(node, Ref) and patterns is not None and node.name in patterns:
        return mentions(patterns[node.name].premise.node, patterns)
    return set()


@dataclass(frozen=True)
class Pattern:
    id: str
    premise: Premise
    sources: tuple[str, ...]
    title: str | None = None
    panel: str | None = None
    text: str | None = None
    escalate: Severity | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    id: str
    role: AdviceRole
    text: str
    sources: tuple[str, ...]
    premise: Premise
    marker: str | None = None
    direction: str | None = None
    severity: str = "any"
    pattern: str | None = None
    when: str | None = None
    routine: bool = False
    lifestyle: bool = False
    fallback: bool = False
    benign: bool = False
    panels: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Rule:
    key: str
    level: Severity
    direction: str
    op: str
    number: float
    scale: str | None  # None: catalogue unit; "uln" / "lln"
    sources: tuple[str, ...]
    when: Premise | None = None

    def applies(self, std: float | None, value: float, ref_low: float | None, ref_high: float | None) -> bool:
        if self.scale is None:
            x = std
        else:
            limit = ref_high if self.scale == "uln" else ref_low
            x = value / limit if limit else None
        return x is not None and _OPS[self.op](x, self.number)


@dataclass(frozen=True)
class Thresholds:
    key: str
    rules: tuple[Rule, ...]
    danger: dict[str, str]  # direction -> danger signs


@dataclass
class AdviceTable:
    sources: dict[str, str]
    patterns: dict[str, Pattern]
    statements: list[Statement]
    thresholds: dict[str, Thresholds]
    by_marker: dict[tuple[str, str], list[Statement]] = field(default_factory=dict)
    by_pattern: dict[str, list[Statement]] = field(default_factory=dict)
    general: list[Statement] = field(default_factory=list)
    order: dict[str, int] = field(default_factory=dict)  # statement id -> its row in the table

    def __post_init__(self) -> None:
        self.order = {s.id: i for i, s in enumerate(self.statements)}
        for s in self.statements:
            if s.marker:
                self.by_marker.setdefault((s.marker, s.direction or ""), []).append(s)
            elif s.pattern:
                self.by_pattern.setdefault(s.pattern, []).append(s)
            else:
                self.general.append(s)

    @cached_property
    def shown_patterns(self) -> list[str]:
        """Patterns with a text to show or statements of their own (the rest are only names premises use)."""
        return [pid for pid, p in self.patterns.items() if p.text or pid in self.by_pattern]

    @cached_property
    def pattern_premises(self) -> dict[str, Premise]:
        return {pid: p.premise for pid, p in self.patterns.items()}

    def source_text(self, sources: tuple[str, ...]) -> str:
        return "; ".join(self.sources[s] for s in sources)

    def advised_markers(self) -> Iterator[tuple[str, str]]:
        """(marker, direction) pairs that have marker-specific statements."""
        yield from self.by_marker


def _sources(raw: str | list[str] | None, known: dict[str, str], where: str) -> tuple[str, ...]:
    items = (raw,) if isinstance(raw, str) else tuple(raw or ())
    if not items:
        raise TableError(f"{where}: no source")
    for s in items:
        if s not in known:
            raise TableError(f"{where}: unknown source {s!r}")
    return items


def _premise(text: str, where: str) -> Premise:
    try:
        return parse(text)
    except PremiseError as exc:
        raise TableError(f"{where}: {exc}") from None


def _pattern(row: dict, sources: dict[str, str]) -> Pattern:
    pid = row["id"]
    unknown = set(row) - {"id", "when", "source", "title", "panel", "text", "escalate", "markers"}
    if unknown:
        raise TableError(f"pattern {pid}: unknown fields {sorted(unknown)}")
    panel = row.get("panel")
    if panel is not None and panel not in mk.PANELS:
        raise TableError(f"pattern {pid}: unknown panel {panel!r}")
    if row.get("text") and not panel:
        raise TableError(f"pattern {pid}: a pattern with text needs a panel")
    escalate = Severity(row["escalate"]) if row.get("escalate") else None
    markers = tuple(row.get("markers", ()))
    if escalate and not markers:
        raise TableError(f"pattern {pid}: escalate needs markers")
    for key in markers:
        if key not in mk.BY_KEY:
            raise TableError(f"pattern {pid}: unknown marker {key!r}")
    return Pattern(id=pid, premise=_premise(row["when"], f"pattern {pid}"),
                   sources=_sources(row.get("source"), sources, f"pattern {pid}"), title=row.get("title"),
                   panel=panel, text=row.get("text"), escalate=escalate, markers=markers)


def _statement(row: dict, sources: dict[str, str], patterns: dict[str, Pattern]) -> Statement:
    sid = row["id"]
    allowed = {"id", "marker", "direction", "severity", "pattern", "when", "role", "text", "source", "routine",
               "lifestyle", "fallback", "benign"}
    if set(row) - allowed:
        raise TableError(f"advice {sid}: unknown fields {sorted(set(row) - allowed)}")
    role = AdviceRole(row["role"])
    if role is AdviceRole.PATTERN:
        raise TableError(f"advice {sid}: pattern texts belong in [[pattern]]")
    marker, direction, pattern = row.get("marker"), row.get("direction"), row.get("pattern")
    severity, when = row.get("severity", "any"), row.get("when")
    if severity not in _SEVERITY_SUFFIX:
        raise TableError(f"advice {sid}: severity {severity!r}")
    if marker:
        if marker not in mk.BY_KEY and marker not in VIRTUAL_KEYS:
            raise TableError(f"advice {sid}: unknown marker {marker!r}")
        if direction not in ("low", "high"):
            raise TableError(f"advice {sid}: a marker row needs direction low or high")
        text = f"{marker} {direction}{_SEVERITY_SUFFIX[severity]}"
    elif pattern:
        if pattern not in patterns:
            raise TableError(f"advice {sid}: unknown pattern {pattern!r}")
        if direction or severity != "any":
            raise TableError(f"advice {sid}: direction/severity go with a marker, not a pattern")
        text = f"@{pattern}"
    else:
        if not when:
            raise TableError(f"advice {sid}: needs a marker, a pattern or a premise (when)")
        text = ""
    if row.get("lifestyle") and role is not AdviceRole.NUTRITION and role is not AdviceRole.EXERCISE:
        raise TableError(f"advice {sid}: lifestyle rows are nutrition or exercise advice")
    if role is AdviceRole.EXPLAIN and not marker:
        raise TableError(f"advice {sid}: explain rows are about one marker")
    if when:
        text = f"{text} and ({when})" if text else when
    premise = _premise(text, f"advice {sid}")
    pattern_panel = patterns[pattern].panel if pattern else None
    panels = frozenset({panel_of(marker)} if marker else
                       ({pattern_panel} if pattern_panel else {panel_of(k) for k in mentions(premise.node, patterns)}))
    return Statement(id=sid, role=role, text=row["text"].strip(), sources=_sources(row.get("source"), sources,
                     f"advice {sid}"), premise=premise, marker=marker, direction=direction, severity=severity,
                     pattern=pattern, when=when, routine=bool(row.get("routine")),
                     lifestyle=bool(row.get("lifestyle")), fallback=bool(row.get("fallback")), benign=bool(row.get("benign")), panels=panels)


def _thresholds(key: str, row: dict, sources: dict[str, str]) -> Thresholds:
    if key not in mk.BY_KEY and key not in VIRTUAL_KEYS:
        raise TableError(f"thresholds: unknown marker {key!r}")
    rules = []
    for r in row.get("rules", ()):
        m = _RULE.match(r["rule"])
        if not m:
            raise TableError(f"thresholds {key}: rule {r['rule']!r} is not '<op> <number> [x ULN|LLN]'")
        op, number, scale = m.group(1), float(m.group(2)), (m.group(3) or "").lower() or None
        when = _premise(r["when"], f"thresholds {key}") if r.get("when") else None
        rules.append(Rule(key=key, level=Severity(r["level"]), direction="low" if op.startswith("<") else "high",
                          op=op, number=number, scale=scale, sources=_sources(r.get("source"), sources,
                                                                               f"thresholds {key}"), when=when))
    for level in rules:
        if level.level not in (Severity.MARKED, Severity.CRITICAL):
            raise TableError(f"thresholds {key}: level {level.level} (only marked / critical)")
    danger = {d: row[f"danger_{d}"] for d in ("low", "high") if row.get(f"danger_{d}")}
    return Thresholds(key=key, rules=tuple(rules), danger=danger)


def load(advice_file: Path = ADVICE_FILE, thresholds_file: Path = THRESHOLDS_FILE) -> AdviceTable:
    raw = tomllib.loads(advice_file.read_text(encoding="utf-8"))
    sources: dict[str, str] = raw.get("sources", {})
    patterns: dict[str, Pattern] = {}
    for row in raw.get("pattern", []):
        if row["id"] in patterns:
            raise TableError(f"pattern {row['id']}: duplicate id")
        patterns[row["id"]] = _pattern(row, sources)
    try:
        link({pid: p.premise for pid, p in patterns.items()})
    except PremiseError as exc:
        raise TableError(str(exc)) from None
    statements: list[Statement] = []
    seen: set[str] = set()
    for row in raw.get("advice", []):
        if row["id"] in seen:
            raise TableError(f"advice {row['id']}: duplicate id")
        seen.add(row["id"])
        statement = _statement(row, sources, patterns)
        try:
            check_refs(statement.premise, {pid: p.premise for pid, p in patterns.items()}, f"advice {row['id']}")
        except PremiseError as exc:
            raise TableError(str(exc)) from None
        statements.append(statement)
    thresholds = {key: _thresholds(key, row, sources)
                  for key, row in tomllib.loads(thresholds_file.read_text(encoding="utf-8")).items()}
    for t in thresholds.values():
        for rule in t.rules:
            if rule.when is not None:
                check_refs(rule.when, {pid: p.premise for pid, p in patterns.items()}, f"thresholds {t.key}")
    return AdviceTable(sources=sources, patterns=patterns, statements=statements, thresholds=thresholds)


@cache
def table() -> AdviceTable:
    """The table, loaded once per process."""
    return load()
