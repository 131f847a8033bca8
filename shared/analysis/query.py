"""The user's question: what it asks (intent), what it names (markers, panels, a supplement or a
medicine), the patient's sex and age when it states them, and its one-line answer.

The vocabulary (English, Spanish, Portuguese, French, Italian, German, Indonesian) and the answers'
words (English and Spanish; other languages are answered in English) are data: questions.toml.
Intents: summary (no answer: the default), stop / take (a supplement or a medicine: never
advise stopping or starting a prescribed medicine; say whom to ask), diabetes, anaemia, exercise,
level ("is my LDL too high?", "is my cholesterol ok?"), overall ("are my results ok?") and
status ("how is my thyroid?"). A question that matches none of these is said to be not understood
(when it names results, what the report shows for them follows), never answered as another question.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from shared.analysis import markers as mk
from shared.analysis.advice.premise import Evaluator, Premise, parse
from shared.analysis.advice.table import AdviceTable, panel_of
from shared.analysis.advise import Advice
from shared.analysis.facts import Facts, reading, reading_key
from shared.analysis.result import AdviceRole, Answer, Biomarker, Counts, Coverage, Severity, UrgentFinding
from shared.analysis.wording import join_names, value_text

QUESTIONS_FILE = Path(__file__).with_name("questions.toml")

# Synonyms that are ordinary words in a question unless written as an abbreviation (e.g. "PT", "TC").
_AMBIGUOUS = {"got", "sap", "ves", "pcr", "si", "se", "pt", "ld", "tc", "ca", "mg", "k", "na", "cl", "co2", "fe",
              "zn", "cu", "sg", "e2", "lh", "ph", "mono", "eos", "baso", "neut", "lymph", "total count",
              "saturation", "hb", "ck", "alt", "ast", "alp", "ggt", "crp", "esr", "tsh", "inr", "bun",
              "iron", "homa", "sugar fasting", "psa", "tni", "tnt", "prl", "gpt"}
_ALWAYS = {"alt", "ast", "alp", "ggt", "crp", "esr", "tsh", "inr", "bun", "iron", "homa", "psa", "hb"}
_DIFF = ("neutrophils", "lymphocytes", "monocytes", "eosinophils", "basophils")
@dataclass
class Vocabulary:
    intents: list[tuple[str, dict[str, list[re.Pattern[str]]]]]
    directions: dict[str, list[re.Pattern[str]]]
    patient: dict[str, list[re.Pattern[str]]]
    panels: dict[str, tuple[str, ...]]
    panel_names: dict[str, dict[str, str]]
    supplements: dict[str, dict]
    medicines: dict[str, dict]
    text: dict[str, dict[str, str]]
    supplement_premises: dict[str, tuple[Premise, Premise]]
    summary: re.Pattern[str]
    languages: dict[str, frozenset[str]]  # language -> its function words (detects the question's language)
    max_ngram: int = 1


def _compile(items: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in items]


def _words_re(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")


@cache
def vocabulary() -> Vocabulary:
    raw = tomllib.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))
    langs = list(raw["languages"])
    for name in raw["intents"]["order"]:
        unknown = set(raw["intents"][name]) - set(langs)
        if unknown:
            raise ValueError(f"questions.toml: intent {name!r} has patterns for unknown languages {sorted(unknown)}")
    intents = [(name, {lang: _compile(raw["intents"][name].get(lang, [])) for lang in langs})
               for name in raw["intents"]["order"]]
    supplements = raw["supplements"]
    for s in supplements.values():
        s["regex"] = _words_re(s["words"])
    medicines = raw["medicines"]
    for m in medicines.values():
        m["regex"] = _words_re(m["words"])
    for group in (*supplements.values(), *medicines.values()):
        for key in group["markers"]:
            if key not in mk.BY_KEY:
                raise ValueError(f"questions.toml: unknown marker {key!r}")
    return Vocabulary(
        intents=intents,
        directions={d: _compile(p) for d, p in raw["directions"].items()},
        patient={k: _compile(p) for k, p in raw["patient"].items()},
        panels={panel: tuple(mk.norm_name(w) for w in words) for panel, words in raw["panels"].items()},
        panel_names=raw["panel_names"],
        supplements=supplements, medicines=medicines, text=raw["text"],
        supplement_premises={sid: (parse(s["needed"]), parse(s["harmful"])) for sid, s in supplements.items()},
        summary=re.compile("|".join(f"(?:{p})" for p in (x for ps in raw["intents"]["summary"].values() for x in ps))),
        languages={lang: frozenset(words) for lang, words in raw["languages"].items()},
        max_ngram=max(len(k.split()) for k in mk.SYNONYMS))


# --------------------------------------------------------------------------- understanding the question


@dataclass
class Question:
    text: str
    norm: str
    lang: str = "en"  # the question's language (questions.toml [languages])
    intents: list[str] = field(default_factory=list)
    direction: str | None = None  # high | low | ok
    keys: list[str] = field(default_factory=list)  # markers named, in question order
    panels: list[str] = field(default_factory=list)
    supplement: str | None = None
    medicine: str | None = None
    sex: str | None = None
    age: int | None = None

    @property
    def reply(self) -> str:
        """The answer's language: the question's when questions.toml has the answers' words in it, else English."""
        return self.lang if self.lang in vocabulary().text else "en"

    @property
    def is_summary(self) -> bool:
        return not self.norm or "summary" in self.intents


def focus(text: str) -> tuple[list[str], list[str]]:
    """Markers and panels a question names, in the order it names them."""
    keys, panels, _ = _named(text)
    return keys, panels


def _named(text: str) -> tuple[list[str], list[str], str]:
    """Markers and panels a question names, and the question's words without the marker names
    ("is my high sensitivity CRP low?" -> "is my low": the name's "high" asks nothing)."""
    v = vocabulary()
    words = mk.norm_name(text).split()
    raw_tokens = set(re.findall(r"[A-Za-z0-9+]+", text))
    hits: list[tuple[int, int, str]] = []
    covered = 0  # words up to here belong to a longer name already found ("albumin globulin ratio": not "globulin")
    for i in range(len(words)):
        if i < covered:
            continue
        for size in range(min(v.max_ngram, len(words) - i), 0, -1):
            syn = " ".join(words[i:i + size])
            key = mk.SYNONYMS.get(syn)
            if key is None:
                continue
            if syn in _AMBIGUOUS and syn not in _ALWAYS:
                if not any(t.lower() == syn.replace(" ", "") and t[:1].isupper() for t in raw_tokens):
                    continue
            hits.append((i, -size, key))
            covered = i + size
            break
    keys: list[str] = []
    for _, _, key in sorted(hits):
        for k in ((f"{key}_pct", f"{key}_abs") if key in _DIFF else (key,)):
            if k not in keys:
                keys.append(k)
    q = f" {' '.join(words)} "
    found = []
    for panel, normed in v.panels.items():
        positions = [p for w in normed if (p := q.find(f" {w} ")) >= 0]
        if positions:
            found.append((min(positions), panel))
    named = {j for i, neg, _ in hits for j in range(i, i - neg)}
    rest = " ".join(w for j, w in enumerate(words) if j not in named)
    return keys, [p for _, p in sorted(found)], rest


def _first_group(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


# Letters that Unicode does not decompose into a base letter and an accent ("Größe", "cœur").
_LIGATURES = str.maketrans({"ß": "ss", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def language(v: Vocabulary, words: list[str], text: str) -> str:
    """The language whose words the question uses most; English when none or several lead."""
    scores = {lang: sum(w in fw for w in words) for lang, fw in v.languages.items()}
    if "¿" in text or "¡" in text:
        scores["es"] = scores.get("es", 0) + 2
    best = max(scores.values(), default=0)
    leaders = [lang for lang, n in scores.items() if n == best]
    return leaders[0] if best > 0 and len(leaders) == 1 else "en"


def understand(query: str | None) -> Question:
    v = vocabulary()
    text = re.sub(r"\s+", " ", query or "").strip()
    folded = text.translate(_LIGATURES)
    norm = mk.norm_name(folded)
    q = Question(text=text, norm=norm)
    if not norm:
        return q
    if v.summary.search(norm):
        q.intents = ["summary"]  # the default: nothing to answer, nothing named
        return q
    q.lang = language(v, norm.split(), text)
    found = []
    for rank, (name, by_lang) in enumerate(v.intents):
        starts = [m.start() for patterns in by_lang.values() for p in patterns if (m := p.search(norm))]
        if starts:
            found.append((min(starts), rank, name))
    q.intents = [name for _, _, name in sorted(found)]  # in the order the question asks
    q.keys, q.panels, rest = _named(folded)
    for direction, patterns in v.directions.items():
        if _first_group(patterns, rest):
            q.direction = None if direction == "why" else direction
            break
    q.supplement = next((sid for sid, s in v.supplements.items() if s["regex"].search(norm)), None)
    q.medicine = next((mid for mid, m in v.medicines.items() if mid != "generic" and m["regex"].search(norm)),
                      None) or ("generic" if v.medicines["generic"]["regex"].search(norm) else None)
    if _first_group(v.patient["female"], norm):
        q.sex = "female"
    elif _first_group(v.patient["male"], norm):
        q.sex = "male"
    m = _first_group(v.patient["age"], norm)
    if m:
        age = int(next(g for g in m.groups() if g and g.isdigit()))
        q.age = age if 0 < age < 120 else None
    return q


# --------------------------------------------------------------------------- answering


@dataclass
class Context:
    q: Question
    bs: list[Biomarker]
    facts: Facts
    advice: Advice
    table: AdviceTable
    counts: Counts
    coverage: Coverage
    urgent: list[UrgentFinding]

    @property
    def t(self) -> dict[str, str]:
        return vocabulary().text[self.q.reply]

    def of_key(self, key: str) -> list[Biomarker]:
        return [b for b in self.bs if b.canonical == key or reading_key(b) == key]

    def benign(self, b: Biomarker) -> bool:
        d = b.flag.direction if b.flag else None
        key = reading_key(b)
        return any(s.benign and s.marker == key and s.direction == d for s in self.advice.statements)


def _range(b: Biomarker) -> str:
    return (b.ref_text or "").replace(" (typical adult range)", "")


def _where(ctx: Context, b: Biomarker) -> str:
    d = b.flag.direction if b.flag else None
    if b.flag is None:
        return ctx.t["no_range"]
    place = ctx.t["below"] if d == "low" else ctx.t["above"] if d == "high" else ctx.t["within"]
    return f"{place} ({_range(b)})" if _range(b) else place


def _urgency(ctx: Context, b: Biomarker) -> str:
    if b.severity is Severity.CRITICAL:
        return f": {ctx.t['critical_today']}"
    if b.severity is Severity.MARKED:
        return f": {ctx.t['marked_days']}"
    return ""


def _describe(ctx: Context, b: Biomarker) -> str:
    """'your LDL 162 mg/dL is above the range (< 100)'."""
    return f"{ctx.t['your']} {b.name} {value_text(b.value, b.unit)} {ctx.t['is']} {_where(ctx, b)}{_urgency(ctx, b)}"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _marker_answer(ctx: Context, b: Biomarker) -> str:
    d = b.flag.direction if b.flag else None
    asked = ctx.q.direction
    text = _describe(ctx, b)
    if b.flag is None or asked is None:
        return _cap(text) + "."
    if asked in ("high", "low"):
        return f"{ctx.t['yes'] if d == asked else ctx.t['no']}: {text}."
    ok = d is None or ctx.benign(b)
    return f"{ctx.t['yes'] if ok else ctx.t['no']}: {text}."


def _panel_answer(ctx: Context, panel: str) -> str | None:
    t, asked = ctx.t, ctx.q.direction
    items = [b for b in ctx.bs if b.panel == panel]
    if not items:
        return None
    label = _panel_label(panel, ctx.q.reply)
    abnormal = [b for b in items if b.flag and b.flag.direction]
    if not abnormal:
        listed = t["item_sep"].join(f"{b.name} {value_text(b.value, b.unit)}" for b in items[:4])
        text = (t["panel_within_one"] if len(items) == 1 else t["panel_within_all"]).format(
            n=len(items), panel=label, items=listed)
        prefix = t["no"] if asked in ("high", "low") else t["yes"] if asked == "ok" else ""
        return f"{prefix}: {text}." if prefix else _cap(text) + "."
    text = t["item_sep"].join(f"{b.name} {value_text(b.value, b.unit)} {t['is']} {_where(ctx, b)}{_urgency(ctx, b)}"
                              for b in abnormal)
    benign = all(ctx.benign(b) for b in abnormal)
    if benign:
        text += t["panel_benign"]
    if len(items) > len(abnormal):
        text += t["panel_others_within"].format(panel=label)
    if asked == "ok":
        prefix = t["yes"] if benign else t["not_entirely"]
    elif asked in ("high", "low"):
        prefix = t["yes"] if any(b.flag and b.flag.direction == asked for b in abnormal) else t["no"]
    else:
        prefix = ""
    return f"{prefix}: {text}." if prefix else _cap(text) + "."


def _panel_label(panel: str, lang: str) -> str:
    from shared.analysis.narrative import panel_title

    names = vocabulary().panel_names.get(lang)
    return names.get(panel, panel) if names else panel_title(panel).lower()


def _focus_answer(ctx: Context) -> str | None:
    q = ctx.q
    parts = []
    for panel in q.panels[:2]:
        a = _panel_answer(ctx, panel)
        parts.append(a or ctx.t["not_in_report"].format(what=_panel_label(panel, q.reply)))
    for key in q.keys:
        if panel_of(key) in q.panels:
            continue
        found = ctx.of_key(key)
        if not found:
            m = mk.marker(key)
            parts.append(ctx.t["not_in_report"].format(what=m.label if m else key))
        else:
            parts += [_marker_answer(ctx, b) for b in found[:2]]
        if len(parts) >= 4:
            break
    return " ".join(parts) or None


def _overall_answer(ctx: Context) -> str:
    t, c = ctx.t, ctx.counts
    abnormal = [b for b in ctx.bs if b.flag and b.flag.direction]
    if not abnormal:
        if c.judged and ctx.coverage.complete:
            return t["overall_ok"].format(n=c.judged)
        key = "overall_ok_partial_one" if c.judged == 1 else "overall_ok_partial"
        return t[key].format(n=c.judged, unread=ctx.coverage.rows_unread)
    items = ", ".join(f"{b.name} ({_where(ctx, b).split(' (')[0]})" for b in abnormal[:6])
    text = t["overall_not_ok"].format(n=len(abnormal), judged=c.judged, items=items)
    for level, when in ((Severity.CRITICAL, "critical_today"), (Severity.MARKED, "marked_days")):
        sure = [u.name for u in ctx.urgent if u.severity is level and not u.unconfirmed]
        doubt = [u.name for u in ctx.urgent if u.severity is level and u.unconfirmed]  # misread, maybe
        if sure:
            text += t["overall_urgent"].format(names=join_names(sure), when=t[when])
        if doubt:
            text += t["overall_unconfirmed"].format(names=join_names(doubt), when=t[when])
    return text


def _anaemia_answer(ctx: Context) -> str:
    t = ctx.t
    hbs = ctx.of_key("hemoglobin")
    if not hbs:
        return t["anaemia_missing"]
    b = next((x for x in hbs if x.flag and x.flag.direction == "low"), hbs[0])
    fields = {"name": b.name, "value": value_text(b.value, b.unit), "range": _range(b)}
    if b.flag is None:
        return t["anaemia_unjudged"].format(**fields)
    d = b.flag.direction
    if d == "low":
        text = t["anaemia_yes"].format(**fields) + (f" ({_urgency(ctx, b)[2:]})" if _urgency(ctx, b) else "")
        if Evaluator(ctx.facts, ctx.table.pattern_premises).pattern("iron_deficiency_anaemia") is True:
            text += t["anaemia_iron"]
        return text
    return t["anaemia_high" if d == "high" else "anaemia_no"].format(**fields)


def _diabetes_answer(ctx: Context) -> str:
    t = ctx.t
    ev = Evaluator(ctx.facts, ctx.table.pattern_premises)
    a1c = [b for b in ctx.of_key("hba1c") if b.flag]
    glu = [b for b in ctx.bs if reading_key(b) == "glucose" and b.flag]

    def items(bs: list[Biomarker]) -> str:
        named = t["and"].join(f"{t['your']} {b.name} ({value_text(b.value, b.unit)})" for b in bs)
        return f"{named} {t['is'] if len(bs) == 1 else t['are']}"

    if not a1c and not glu:
        return t["diabetes_missing"]
    if ev.pattern("diabetes_criteria_met") is True:
        return t["diabetes_met"]
    in_range = [b for b in a1c if (reading(b).std or 0) >= 6.5] + [b for b in glu if (reading(b).std or 0) >= 126]
    if in_range:
        return t["diabetes_one"].format(items=items(in_range))
    pre = [b for b in a1c if 5.7 <= (reading(b).std or 0) < 6.5] + \
          [b for b in glu if 100 <= (reading(b).std or 0) < 126]
    if pre:
        return t["diabetes_pre"].format(items=items(pre))
    low = [b for b in glu if b.flag and b.flag.direction == "low"]
    if low:
        return t["diabetes_low"].format(items="; ".join(_describe(ctx, b) for b in low))
    return t["diabetes_no"].format(items=items(a1c + glu))


def _exercise_answer(ctx: Context) -> str:
    """Urgent results first (no hard training until a doctor has seen them), then the exercise advice chosen."""
    t = ctx.t
    sure = [u.name for u in ctx.urgent if not u.unconfirmed]
    doubt = [u.name for u in ctx.urgent if u.unconfirmed]  # read from a scan with low confidence: check first
    if sure:
        one = len(sure) == 1
        text = t["exercise_urgent"].format(names=join_names(sure), verb=("needs" if one else "need")
                                           if ctx.q.reply == "en" else ("necesita" if one else "necesitan"),
                                           it="it" if one else "them",
                                           it_es="lo haya revisado" if one else "los haya revisado")  # fmt: skip
    elif doubt:  # the exercise advice would follow from the doubtful value: the check comes first
        text = t["exercise_unconfirmed"].format(names=join_names(doubt))
    else:
        advice = [s.text for s in ctx.advice.of_role(AdviceRole.EXERCISE) if not s.fallback]
        text = t["exercise_advice"].format(advice=" ".join(advice)) if advice else t["exercise_ok"]
    return text + ("" if ctx.coverage.complete else t["exercise_partial"])


def _evidence(ctx: Context, keys: list[str], direction: str | None) -> tuple[str, str]:
    bs = [b for k in keys for b in ctx.of_key(k) if b.flag and (b.flag.direction == direction)]
    text = ctx.t["and"].join(f"{b.name} {value_text(b.value, b.unit)}" for b in bs[:3])
    return text, ctx.t["is"] if len(bs) == 1 else ctx.t["are"]


def _supplement_answer(ctx: Context, stop: bool) -> str:
    q, t, v = ctx.q, ctx.t, vocabulary()
    s = v.supplements[q.supplement or ""]
    label = s["label_es"] if q.reply == "es" else s["label"]
    keys = [k for k in s["markers"] if ctx.facts.measured(k)]
    if not keys:
        what = t["or"].join(known.label for k in s["markers"][:2] if (known := mk.marker(k)) is not None)
        return t["supp_missing"].format(what=what, label=label)
    needed, harmful = v.supplement_premises[q.supplement or ""]
    ev = Evaluator(ctx.facts, ctx.table.pattern_premises)
    if ev.holds(harmful):
        evidence, verb = _evidence(ctx, s["markers"], "high")
        if not evidence:  # harmful because of a low result (e.g. eGFR for potassium)
            evidence, verb = _evidence(ctx, s["markers"], "low")
        return t["supp_stop_harmful" if stop else "supp_take_harmful"].format(evidence=evidence, verb=verb, label=label)
    if ev.holds(needed):
        evidence, verb = _evidence(ctx, s["markers"], "low")
        if stop:
            return t["supp_stop_needed"].format(evidence=evidence, verb=verb, label=label)
        key = "supp_take_needed_rx" if s.get("prescribed_only") else "supp_take_needed"
        cause = t["supp_cause"] if q.supplement == "iron" else ""
        return t[key].format(evidence=evidence, verb=verb, label=label, cause=cause)
    evidence, verb = _evidence(ctx, keys[:1], None)
    return t["supp_stop_normal" if stop else "supp_take_normal"].format(evidence=evidence or keys[0], verb=verb,
                                                                        label=label)


def _medicine_answer(ctx: Context, stop: bool) -> str:
    q, t, v = ctx.q, ctx.t, vocabulary()
    m = v.medicines[q.medicine or "generic"]
    label = m["label_es"] if q.reply == "es" else m["label"]
    text = t["med_stop" if stop else "med_take"].format(label=label)
    keys = list(dict.fromkeys([*m["markers"], *q.keys]))
    found = [b for k in keys for b in ctx.of_key(k)]
    if found:
        items = t["item_sep"].join(f"{b.name} {value_text(b.value, b.unit)} ({_where(ctx, b).split(' (')[0]})"
                                   for b in found[:5])
        text += t["med_results"].format(items=items)
    elif keys:
        text += t["med_no_results"]
    return text


def answer(ctx: Context) -> Answer | None:
    """The one-line answer to the question, before the details; None for a plain summary request."""
    q = ctx.q
    if q.is_summary:
        return None
    parts: list[str] = []
    done: set[str] = set()
    for intent in q.intents:
        kind = "medication" if intent in ("stop", "take") else "focus" if intent in ("level", "overall", "status") \
            else intent
        if kind in done:
            continue
        text = None
        if kind == "medication" and (q.supplement or q.medicine):
            stop = intent == "stop"
            text = _supplement_answer(ctx, stop) if q.supplement else _medicine_answer(ctx, stop)
        elif kind == "diabetes":
            text = _diabetes_answer(ctx)
        elif kind == "anaemia":
            text = _anaemia_answer(ctx)
        elif kind == "exercise":
            text = _exercise_answer(ctx)
        elif kind == "focus" and (q.keys or q.panels):
            text = _focus_answer(ctx)
        elif intent == "overall":
            text = _overall_answer(ctx)
        if text:
            parts.append(text)
            done.add(kind)
        if len(parts) == 2:
            break
    if not parts and (q.keys or q.panels):
        named = _focus_answer(ctx) or ""
        if not q.intents:  # it names results but asks nothing we know: say so, then what the report shows for them
            text = ctx.t["not_understood_named"].format(question=q.text[:200], answer=named)
            return Answer(question=q.text, text=text, understood=False)
        parts.append(named)
    if not any(parts) and {"stop", "take"} & set(q.intents):
        q.medicine = "generic"
        parts = [_medicine_answer(ctx, stop="stop" in q.intents)]
    parts = [p for p in parts if p]
    if not parts:
        return Answer(question=q.text, text=ctx.t["not_understood"].format(question=q.text[:200]), understood=False)
    return Answer(question=q.text, text=" ".join(dict.fromkeys(parts)), understood=True)
