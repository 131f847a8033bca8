"""Which statements of the advice table apply to these results.

A statement is chosen only when its premise holds. Then:
- routine statements ("repeat in a few weeks", "build activity up gradually") are left out when
  any result is critical, or when a result in the same panel is marked: urgency comes first;
- a fallback statement is kept only when nothing else was chosen for its role;
- the same sentence is said once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.analysis.advice.premise import Evaluator
from shared.analysis.advice.table import AdviceTable, Pattern, Statement, panel_of
from shared.analysis.facts import Facts
from shared.analysis.result import AdviceRole, Severity


@dataclass
class Advice:
    statements: list[Statement]  # in table order
    patterns: list[Pattern]  # the named patterns that hold and have a text to show
    _explain: dict[tuple[str, str], list[Statement]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for s in self.statements:
            if s.role is AdviceRole.EXPLAIN and s.marker:
                self._explain.setdefault((s.marker, s.direction or ""), []).append(s)

    def of_role(self, role: AdviceRole) -> list[Statement]:
        return [s for s in self.statements if s.role is role]

    def explaining(self, key: str, direction: str) -> list[Statement]:
        return self._explain.get((key, direction), [])


def choose(facts: Facts, table: AdviceTable) -> Advice:
    ev = Evaluator(facts, table.pattern_premises)
    candidates: list[Statement] = []
    for key, direction in dict.fromkeys((r.key, r.direction) for r in facts.abnormal if r.key):
        candidates += table.by_marker.get((key, direction or ""), [])
    holding = [pid for pid in table.shown_patterns if ev.pattern(pid) is True]
    for pid in holding:
        candidates += table.by_pattern.get(pid, [])
    candidates += table.general
    chosen = [s for s in candidates if ev.holds(s.premise)]

    any_critical = any(r.severity is Severity.CRITICAL for r in facts.readings)
    urgent_panels = {panel_of(r.key) for r in facts.readings
                     if r.key and r.severity in (Severity.MARKED, Severity.CRITICAL)}
    chosen = [s for s in chosen if not (s.routine and (any_critical or s.panels & urgent_panels))]
    roles_with_content = {s.role for s in chosen if not s.fallback}
    chosen = [s for s in chosen if not (s.fallback and s.role in roles_with_content)]

    seen_text: set[str] = set()
    out = []
    for s in sorted(dict((s.id, s) for s in chosen).values(), key=lambda s: table.order[s.id]):
        if s.text not in seen_text:
            seen_text.add(s.text)
            out.append(s)
    return Advice(statements=out, patterns=[table.patterns[pid] for pid in holding if table.patterns[pid].text])
