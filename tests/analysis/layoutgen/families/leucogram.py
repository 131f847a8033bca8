"""Brazilian 'laudo' lines: dotted leaders to a colon, the percentage and the absolute count on one line, each
with its own interval."""

from __future__ import annotations

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.lines import LineFlow
from tests.analysis.layoutgen.family import Family, first_page, register
from tests.analysis.layoutgen.printing import Item, TruthRow, choose_range_style, flag_style, make_item


def _dots(ctx: Ctx, label: str, width: float, font: str, size: float) -> str:
    dot = max(ctx.width(".", font, size), 0.5)
    return label + "." * max(2, int((width - ctx.width(label, font, size) - ctx.width(":", font, size)) / dot)) + ":"


def _fitting_size(ctx: Ctx, label: str, width: float, font: str) -> float:
    """A long name is printed smaller so that it and its leader end before the value column, as report writers do."""
    need = ctx.width(label + "..:", font)
    return ctx.size if need <= width else max(ctx.size * width / need, ctx.size * 0.6)


def _with_unit(text: str, unit: str | None, glued: bool) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if glued and unit[:1] in "/%" else f"{text} {unit}"


@register
class Leucogram(Family):
    name = "leucogram"
    summary = ("'laudo' lines: 'Segmentados..........: 59 %  4.785 /mm3   40 a 70 %  1.600 a 7.700/mm3': dotted "
               "leaders to a colon, the white-cell percentage and absolute count on one line with two intervals "
               "(the unit glued to some), other tests 'Hemoglobina..........: 14,2 g/dL   13,5 a 17,5 g/dL'; "
               "no flags, or arrows after the value")
    faces = ("mono", "sans", "serif")
    orders = ("reading", "words", "columns")
    rewrites_names = True
    reorders = True

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc = ctx.rng, ctx.loc
        page, y = first_page(ctx)
        flow = LineFlow(ctx, page, y, ctx.size * rng.choice([1.4, 1.6]))
        rstyle = choose_range_style(rng, loc, sep=rng.choice(loc.range_words + [" - "]), zero_low=False)
        fs = flag_style("arrows", loc, rng) if rng.random() < 0.5 else None
        glued = rng.random() < 0.5
        span = ctx.right - ctx.left
        keys = {r.key for r in ctx.case.results}
        rows: list[TruthRow] = []

        def value(it: Item) -> str:
            mark = fs.mark(it.status) if fs else ""
            return f"{it.value_text} {mark}".rstrip()

        def truth(it: Item) -> TruthRow:
            return it.truth(ctx.case.numbers, fs.means(it.status) if fs else None)

        for panel, results in ctx.case.panels():
            y = flow.next(extra=ctx.size * 0.8)
            flow.page.text(ctx.left, y, blocks.section_title(ctx, panel).upper(), ctx.bold, ctx.size + 1)
            by_key = {r.key: r for r in results}
            for r in results:
                if r.key.endswith("_abs") and r.key.replace("_abs", "_pct") in keys:
                    continue   # printed on its percentage's line
                partner = by_key.get(r.key.replace("_pct", "_abs")) if r.key.endswith("_pct") else None
                base = r.name.removesuffix(" %").removesuffix("%").strip() if partner else r.name
                it = make_item(r, ctx.case, rstyle, name=base)
                y = flow.next()
                pg = flow.page
                size = _fitting_size(ctx, base, span * 0.34, ctx.regular)
                pg.text(ctx.left, y, _dots(ctx, base, span * 0.34, ctx.regular, size), ctx.regular, size)
                pg.text(ctx.left + span * 0.44, y, value(it), ctx.regular, ctx.size, align="right")
                pg.text(ctx.left + span * 0.45, y, it.unit or "", ctx.regular, ctx.size)
                rows.append(truth(it))
                if partner is None:
                    pg.text(ctx.left + span * 0.62, y, _with_unit(it.rng.text, it.unit, glued), ctx.regular, ctx.size)
                    continue
                ab = make_item(partner, ctx.case, rstyle, name=base)
                pg.text(ctx.left + span * 0.54, y, value(ab), ctx.regular, ctx.size, align="right")
                pg.text(ctx.left + span * 0.55, y, ab.unit or "", ctx.regular, ctx.size)
                # the two intervals side by side, smaller when long range words ('40,0 tot 75,0') would run into
                # each other or off the page
                first, second = _with_unit(it.rng.text, it.unit, glued), _with_unit(ab.rng.text, ab.unit, glued)
                gap = ctx.width("  ", ctx.regular)
                need = ctx.width(first, ctx.regular) + gap + ctx.width(second, ctx.regular)
                rsize = ctx.size * min(1.0, span * 0.34 / need)
                x2 = max(span * 0.80, span * 0.66 + (ctx.width(first, ctx.regular) + gap) * rsize / ctx.size)
                pg.text(ctx.left + span * 0.66, y, first, ctx.regular, rsize)
                pg.text(ctx.left + x2, y, second, ctx.regular, rsize)
                rows.append(truth(ab))
        if flow.y - 80 > ctx.bottom:
            blocks.notes(ctx, flow.page, flow.y - 16)
        blocks.footers(ctx)
        return rows
