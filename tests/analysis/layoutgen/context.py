"""What a family draws with: the case, its seeded choices, the document, fonts and page geometry."""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

from tests.analysis.layoutgen.canvas import FACES, Doc, Page, text_width
from tests.analysis.layoutgen.case import Case
from tests.analysis.layoutgen.locales import Locale

HEADER_WORDS = ("test", "result", "unit", "reference", "flag", "status", "previous", "method", "sample")


@dataclass
class Ctx:
    case: Case
    rng: Random
    doc: Doc
    face: tuple[str, str, str]
    size: float
    margin: float
    words: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    opts: dict[str, object] = field(default_factory=dict)   # a family's per-report choices

    @classmethod
    def create(cls, case: Case, rng: Random, *, faces: tuple[str, ...] = ("sans", "serif", "vera"),
               sizes: tuple[float, float] = (8.0, 10.0), page_sizes: tuple[str, ...] = ("A4", "Letter"),
               creator: str = "") -> Ctx:
        loc = case.locale
        doc = Doc(rng.choice(page_sizes), title=rng.choice(loc.report_titles), creator=creator)
        ctx = cls(case=case, rng=rng, doc=doc, face=FACES[rng.choice(faces)],
                  size=round(rng.uniform(*sizes) * 2) / 2, margin=rng.choice([32, 36, 40, 48, 54]))
        ctx.words = {k: rng.choice(getattr(loc, k)) for k in HEADER_WORDS}
        ctx.labels = {k: rng.choice(v) for k, v in loc.labels.items()}
        return ctx

    @property
    def loc(self) -> Locale:
        return self.case.locale

    @property
    def regular(self) -> str:
        return self.face[0]

    @property
    def bold(self) -> str:
        return self.face[1]

    @property
    def italic(self) -> str:
        return self.face[2]

    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.doc.width - self.margin

    @property
    def top(self) -> float:
        return self.doc.height - self.margin

    @property
    def bottom(self) -> float:
        return self.margin + 30

    def width(self, text: str, font: str | None = None, size: float | None = None) -> float:
        return text_width(text, font or self.regular, size or self.size)

    def fmt(self, value: float, decimals: int) -> str:
        return self.case.numbers.fmt(value, decimals)

    def wrap(self, text: str, width: float, font: str | None = None, size: float | None = None) -> list[str]:
        """Greedy word wrap; Chinese text (no spaces) wraps by character."""
        font, size = font or self.regular, size or self.size
        tokens = text.split(" ") if " " in text or self.case.lang != "zh" else list(text)
        joiner = " " if " " in text or self.case.lang != "zh" else ""
        lines: list[str] = []
        for tok in tokens:
            trial = (lines[-1] + joiner + tok) if lines else tok
            if lines and text_width(trial, font, size) <= width:
                lines[-1] = trial
            else:
                lines.append(tok)
        return lines

    def new_page(self) -> Page:
        return self.doc.new_page()
