"""Premises: the small language in which every statement of the advice table says when it is true.

A premise is evaluated against the results (`Facts`) with three values: True, False and
None (unknown, e.g. the marker was not measured). A statement is shown only when its
premise is True, so an unmeasured marker never counts as normal.

    premise := term { "or" term }
    term    := factor { "and" factor }
    factor  := "not" factor          Kleene negation: unknown stays unknown
             | "no" factor           "not known to be true": True when the factor is False or unknown
             | "(" premise ")" | atom
    atom    := KEY STATE [LEVEL]     hemoglobin low, alt high marked+, ferritin normal, tsh unmeasured
             | KEY OP NUMBER         hba1c >= 6.5 (in the catalogue unit of markers.py)
             | KEY OP NUMBER x uln   alt > 5 x uln (a multiple of the result's own upper limit; lln: lower)
             | sex (male|female|unknown)      | age OP NUMBER | age unknown
             | any (abnormal|judged|mild+|marked|marked+|critical)     over all results
             | coverage (complete|partial)    whether every result-like row of the report was read
             | @NAME                 a named pattern (advice.toml [[pattern]])
    STATE   := low | high | normal | abnormal | judged | measured | unmeasured
    LEVEL   := mild | marked | critical | mild+ | marked+   ("+": at least)
    OP      := < | <= | > | >=

`X low` is True when any result of X is low (two results of one test are both read),
False when X was judged and none is low, unknown when X was not measured or had no range.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from shared.analysis import markers as mk
from shared.analysis.facts import VIRTUAL_KEYS, Facts, Reading
from shared.analysis.result import Severity

Truth = bool | None

_OPS: dict[str, Callable[[float, float], bool]] = {"<": operator.lt, "<=": operator.le, ">": operator.gt,
                                                   ">=": operator.ge}
_STATES = ("low", "high", "normal", "abnormal", "judged", "measured", "unmeasured")
_LEVELS = {"mild": (1, True), "marked": (2, True), "critical": (3, True), "mild+": (1, False), "marked+": (2, False)}
_ANY = {"abnormal": (1, False), "mild+": (1, False), "marked": (2, True), "marked+": (2, False),
        "critical": (3, True)}
_TOKEN = re.compile(r"\(|\)|[^\s()]+")


class PremiseError(ValueError):
    pass


def _level_ok(severity: Severity | None, level: tuple[int, bool] | None) -> bool:
    if level is None:
        return True
    if severity is None:
        return False
    rank, exact = level
    return severity.rank == rank if exact else severity.rank >= rank


class Node:
    required: frozenset[str] = frozenset()  # keys that must be measured for this node to be True

    def eval(self, ev: Evaluator) -> Truth:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class State(Node):
    key: str
    state: str
    level: tuple[int, bool] | None = None

    def __post_init__(self) -> None:
        self.required = frozenset() if self.state == "unmeasured" else frozenset({self.key})

    def eval(self, ev: Evaluator) -> Truth:
        rs = ev.facts.of_key(self.key)
        if self.state == "measured":
            return bool(rs)
        if self.state == "unmeasured":
            return not rs
        if not rs:
            return None
        judged = [r for r in rs if r.flag is not None]
        if self.state == "judged":
            return bool(judged)
        if not judged:
            return None
        if self.state == "normal":
            return all(r.direction is None for r in judged)
        wanted = ("low", "high") if self.state == "abnormal" else (self.state,)
        return any(r.direction in wanted and _level_ok(r.severity, self.level) for r in judged)


@dataclass
class Compare(Node):
    key: str
    op: str
    number: float
    scale: str | None = None  # None: catalogue unit; "uln" / "lln": a multiple of the result's own limit

    def __post_init__(self) -> None:
        self.required = frozenset({self.key})

    def _value(self, r: Reading) -> float | None:
        if self.scale is None:
            return r.std
        limit = r.ref_high if self.scale == "uln" else r.ref_low
        return r.value / limit if limit else None

    def eval(self, ev: Evaluator) -> Truth:
        values = [v for r in ev.facts.of_key(self.key) if (v := self._value(r)) is not None]
        if not values:
            return None
        return any(_OPS[self.op](v, self.number) for v in values)


@dataclass
class Sex(Node):
    sex: str

    def eval(self, ev: Evaluator) -> Truth:
        if self.sex == "unknown":
            return ev.facts.sex is None
        return None if ev.facts.sex is None else ev.facts.sex == self.sex


@dataclass
class Age(Node):
    op: str | None
    number: float = 0.0

    def eval(self, ev: Evaluator) -> Truth:
        if self.op is None:
            return ev.facts.age is None
        return None if ev.facts.age is None else _OPS[self.op](ev.facts.age, self.number)


@dataclass
class AnyResult(Node):
    what: str

    def eval(self, ev: Evaluator) -> Truth:
        if self.what == "judged":
            return ev.facts.any_judged
        rank, exact = _ANY[self.what]
        ranks = ev.facts.abnormal_ranks
        return rank in ranks if exact else any(r >= rank for r in ranks)


@dataclass
class Coverage(Node):
    complete: bool

    def eval(self, ev: Evaluator) -> Truth:
        return ev.facts.coverage_complete == self.complete


@dataclass
class Ref(Node):
    name: str

    def eval(self, ev: Evaluator) -> Truth:
        return ev.pattern(self.name)


@dataclass
class Not(Node):
    child: Node

    def eval(self, ev: Evaluator) -> Truth:
        v = self.child.eval(ev)
        return None if v is None else not v


@dataclass
class No(Node):
    child: Node

    def eval(self, ev: Evaluator) -> Truth:
        return self.child.eval(ev) is not True


def _kleene(children: list[Node], ev: Evaluator, decisive: bool) -> Truth:
    """And (decisive=False: one False decides) / or (decisive=True: one True decides), unknown otherwise."""
    unknown = False
    for c in children:
        v = c.eval(ev)
        if v is decisive:
            return decisive
        unknown |= v is None
    return None if unknown else not decisive


@dataclass
class And(Node):
    children: list[Node]

    def __post_init__(self) -> None:
        self.required = frozenset().union(*(c.required for c in self.children))

    def eval(self, ev: Evaluator) -> Truth:
        return _kleene(self.children, ev, decisive=False)


@dataclass
class Or(Node):
    children: list[Node]

    def __post_init__(self) -> None:
        self.required = frozenset.intersection(*(c.required for c in self.children))

    def eval(self, ev: Evaluator) -> Truth:
        return _kleene(self.children, ev, decisive=True)


@dataclass
class Premise:
    text: str
    node: Node
    refs: frozenset[str] = field(default_factory=frozenset)  # the @patterns it names

    def holds(self, ev: Evaluator) -> bool:
        if not self.node.required <= ev.facts.keys:
            return False  # a marker it needs was not measured: it cannot be True
        return self.node.eval(ev) is True


class Evaluator:
    """Evaluates premises against one set of results; named patterns are evaluated once each."""

    def __init__(self, facts: Facts, patterns: Mapping[str, Premise] | None = None) -> None:
        self.facts = facts
        self.patterns = patterns or {}
        self._memo: dict[str, Truth] = {}

    def pattern(self, name: str) -> Truth:
        if name not in self._memo:
            p = self.patterns[name]
            self._memo[name] = p.node.eval(self) if p.node.required <= self.facts.keys else None
        return self._memo[name]

    def holds(self, premise: Premise) -> bool:
        return premise.holds(self)


# --------------------------------------------------------------------------- parsing


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _TOKEN.findall(text)
        self.i = 0
        self.refs: set[str] = set()

    def error(self, why: str) -> PremiseError:
        return PremiseError(f"premise {self.text!r}: {why}")

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise self.error("ends too early")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.expr()
        if self.peek() is not None:
            raise self.error(f"unexpected {self.peek()!r}")
        return node

    def expr(self) -> Node:
        parts = [self.term()]
        while self.peek() == "or":
            self.take()
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else Or(parts)

    def term(self) -> Node:
        parts = [self.factor()]
        while self.peek() == "and":
            self.take()
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else And(parts)

    def factor(self) -> Node:
        tok = self.take()
        if tok == "not":
            return Not(self.factor())
        if tok == "no":
            return No(self.factor())
        if tok == "(":
            node = self.expr()
            if self.take() != ")":
                raise self.error("missing ')'")
            return node
        return self.atom(tok)

    def number(self) -> float:
        tok = self.take()
        try:
            return float(tok)
        except ValueError:
            raise self.error(f"{tok!r} is not a number") from None

    def atom(self, tok: str) -> Node:
        if tok.startswith("@"):
            self.refs.add(tok[1:])
            return Ref(tok[1:])
        if tok == "sex":
            sex = self.take()
            if sex not in ("male", "female", "unknown"):
                raise self.error(f"sex {sex!r}")
            return Sex(sex)
        if tok == "age":
            nxt = self.take()
            if nxt == "unknown":
                return Age(None)
            if nxt not in _OPS:
                raise self.error(f"age {nxt!r}")
            return Age(nxt, self.number())
        if tok == "any":
            what = self.take()
            if what != "judged" and what not in _ANY:
                raise self.error(f"any {what!r}")
            return AnyResult(what)
        if tok == "coverage":
            what = self.take()
            if what not in ("complete", "partial"):
                raise self.error(f"coverage {what!r}")
            return Coverage(what == "complete")
        if tok not in mk.BY_KEY and tok not in VIRTUAL_KEYS:
            raise self.error(f"unknown marker {tok!r}")
        nxt = self.take()
        if nxt in _STATES:
            level = None
            if self.peek() in _LEVELS:
                if nxt not in ("low", "high", "abnormal"):
                    raise self.error(f"a level needs low/high/abnormal, not {nxt!r}")
                level = _LEVELS[self.take()]
            return State(tok, nxt, level)
        if nxt in _OPS:
            number = self.number()
            scale = None
            if self.peek() == "x":
                self.take()
                scale = self.take()
                if scale not in ("uln", "lln"):
                    raise self.error(f"x {scale!r}: expected uln or lln")
            return Compare(tok, nxt, number, scale)
        raise self.error(f"after {tok!r}: expected a state ({', '.join(_STATES)}) or a comparison")


def parse(text: str) -> Premise:
    p = _Parser(text)
    node = p.parse()
    return Premise(text=text, node=node, refs=frozenset(p.refs))


def link(patterns: Mapping[str, Premise]) -> None:
    """Check that every @name exists and that patterns do not refer to themselves; fold in what they require."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise PremiseError(f"patterns refer to each other in a cycle: {' -> '.join((*chain, name))}")
        if name not in patterns:
            raise PremiseError(f"unknown pattern @{name} (named by {chain[-1] if chain else '?'})")
        state[name] = 1
        for ref in patterns[name].refs:
            visit(ref, (*chain, name))
        state[name] = 2
        order.append(name)

    for name in patterns:
        visit(name, ())
    for name in order:  # dependencies first: a reference requires what the pattern requires
        _fold_refs(patterns[name].node, patterns)


def check_refs(premise: Premise, patterns: Mapping[str, Premise], where: str) -> None:
    for ref in premise.refs:
        if ref not in patterns:
            raise PremiseError(f"{where}: unknown pattern @{ref}")
    _fold_refs(premise.node, patterns)


def _fold_refs(node: Node, patterns: Mapping[str, Premise]) -> frozenset[str]:
    """Recompute `required` bottom-up now that referenced patterns are known."""
    if isinstance(node, Ref):
        node.required = patterns[node.name].node.required
    elif isinstance(node, (And, Or)):
        reqs = [_fold_refs(c, patterns) for c in node.children]
        node.required = frozenset().union(*reqs) if isinstance(node, And) else frozenset.intersection(*reqs)
    elif isinstance(node, (Not, No)):
        _fold_refs(node.child, patterns)
    return node.required
