"""A gauge drawn in text characters beside each result, as LIS printouts and patient-friendly reports print one.

Written from general knowledge of real reports, after the blind family's name `text_gauge` was known (its file was
never opened): see docs/ANALYSIS.md.
"""

from __future__ import annotations

from random import Random

from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style
from tests.analysis.layoutgen.table import Cell, Column

# Gauge styles: ASCII bars with a marker, block/bar glyphs, dots, and a bar whose ends print the interval's bounds.
STYLES = ("bars", "zones", "blocks", "shade", "squares", "dots", "bullets", "bounds")
MARKERS = ("*", "●", "◆", "+", "■", "x", "X", "o", "#")   # LIS printouts draw it with a letter too


def _cell(value: float, low: float | None, high: float | None, n: int, edge: int) -> int:
    """The cell (0 … n-1) the value falls in: the first and last `edge` cells are the low and high zones, the
    middle ones the interval; one-sided intervals span from zero (upper only) or up to twice the bound."""
    if low is None and high is None:
        return n // 2
    lo = low if low is not None else 0.0
    hi = high if high is not None else max(lo * 2, lo + 1)
    mid = n - 2 * edge
    if value < lo and low is not None:
        return max(0, edge - 1 - int((lo - value) / ((hi - lo) or 1.0) * edge))
    if value > hi and high is not None:
        return min(n - 1, n - edge + int((value - hi) / ((hi - lo) or 1.0) * edge))
    frac = (value - lo) / ((hi - lo) or 1.0)
    return edge + min(mid - 1, max(0, int(frac * mid)))


def gauge_text(style: str, value: float, low: float | None, high: float | None, rng: Random,
               bounds: tuple[str, str] | None = None, labels: tuple[str, str] | None = None) -> str:
    """The gauge as printed, its marker in the zone the value falls in."""
    if style == "bars":  # '|----*---|', out of range the marker beyond a bar: '*|------|', '|------|*'
        n, mark = rng.choice([6, 8, 10]), rng.choice(MARKERS)
        k = _cell(value, low, high, n + 2, 1)
        track = ["-"] * n
        if k == 0:
            return mark + "|" + "".join(track) + "|"
        if k == n + 1:
            return "|" + "".join(track) + "|" + mark
        track[k - 1] = mark
        return "|" + "".join(track) + "|"
    if style == "zones":  # '[=====|==●==|=====]': three zones, the marker in the value's
        w, mark = rng.choice([3, 4, 5]), rng.choice(["●", "*", "◆", "+"])
        fill = rng.choice(["=", "-", "="])
        cells = [fill] * (3 * w)
        cells[_cell(value, low, high, 3 * w, w)] = mark
        return "[" + "".join(cells[:w]) + "|" + "".join(cells[w:2 * w]) + "|" + "".join(cells[2 * w:]) + "]"
    if style == "blocks":  # '▁▁▁▁█▁▁▁'
        n = rng.choice([6, 9, 12])
        cells = ["▁"] * n
        cells[_cell(value, low, high, n, n // 3)] = rng.choice(["█", "▇", "▆"])
        return "".join(cells)
    if style in ("shade", "squares", "bullets"):  # filled up to the value: '▓▓▓▓░░', '■■■□□', '•••◦◦'
        full, empty = {"shade": ("▓", "░"), "squares": ("■", "□"), "bullets": ("•", "◦")}[style]
        n = rng.choice([5, 6, 9]) if style != "shade" else rng.choice([6, 9])
        k = _cell(value, low, high, n, max(1, n // 3))
        return full * (k + 1) + empty * (n - k - 1)
    if style == "dots":  # '○○●○○'
        n = rng.choice([5, 7, 9])
        cells = ["○"] * n
        cells[_cell(value, low, high, n, 1 if n == 5 else 2)] = "●"
        return "".join(cells)
    # bounds: 'L [ 70 ----+---- 99 ] H', the marker at its place on the interval (at an end when beyond it)
    assert bounds is not None
    n = rng.choice([7, 9])
    k = _cell(value, low, high, n + 2, 1)
    track = ["-"] * n
    track[min(max(k - 1, 0), n - 1)] = "+" if 0 < k <= n else "*"   # beyond the interval: '*' at that end
    inner = f"{bounds[0]} {''.join(track)} {bounds[1]}"
    bracket = rng.choice(["[ {} ]", "[{}]", "{}"])
    text = bracket.format(inner)
    return f"{labels[0]} {text} {labels[1]}" if labels else text


@register
class CharGauge(TableFamily):
    name = "char_gauge"
    summary = ("a gauge drawn in text characters beside each result (LIS printouts, patient-friendly reports): ASCII "
               "bars with a marker ('|----*---|', '|---x--|', '|--#---|', out of range '*|------|'), three zones ('[====|==●==|====]'), block "
               "glyphs ('▁▁▁█▁▁'), shading or squares filled up to the value ('▓▓▓▓░░', '■■■□□'), dots ('○○●○○', "
               "'•••◦◦'), in a column after or before the interval or on a line of its own under the row, or a bar whose ends print the bounds in place of "
               "the interval ('L [ 70 ----+---- 99 ] H'); the marker's place agrees with the value's zone; flags "
               "H/L, arrows, '▲'/'▼', '*' or words in a flag column or after the gauge, or none (the interval implies "
               "them); the gauge column untitled or titled by its zones ('Low  Normal  High'); dot leaders after some "
               "names ('Glucose ......'), some intervals in brackets ('(70-99)')")
    rules = ("none", "header", "rows")
    faces = ("sans", "serif", "mono", "vera")
    orders = ("reading", "words", "shuffled")

    def columns(self, ctx: Ctx) -> list[Column]:
        rng, w = ctx.rng, ctx.words
        style = rng.choice(STYLES)
        ctx.opts.update(style=style, flag_at=rng.choice(["none", "column", "end"]),
                        labels=rng.random() < 0.6, gauge_first=rng.random() < 0.4,
                        leaders=rng.random() < 0.25, below=rng.random() < 0.2)
        flag = [col("flag", w["flag"], 7, "center")] if ctx.opts["flag_at"] == "column" else []
        end = [col("flag", "", 6, "center")] if ctx.opts["flag_at"] == "end" else []
        head = [col("name", w["test"], 30), col("result", w["result"], 11, "right"), *flag, col("unit", w["unit"], 12)]
        if style == "bounds":
            return head + [col("range", w["reference"], 36), *end]
        width = 24 if style in ("bars", "zones") else 16
        # the gauge column's title: none, or its zones ('Low  Normal  High', in the report's language)
        zones = f"{ctx.loc.low[0]}  {ctx.loc.normal[0]}  {ctx.loc.high[0]}" if rng.random() < 0.35 else ""
        gauge, rng_col = col("gauge", zones, width, "center"), col("range", w["reference"], 20)
        return head + ([gauge, rng_col] if ctx.opts["gauge_first"] else [rng_col, gauge]) + end

    def range_style(self, ctx: Ctx) -> RangeStyle:
        wrap = ctx.rng.choice([("", ""), ("", ""), ("(", ")")]) if ctx.opts["style"] != "bounds" else ("", "")
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False, wrap=wrap)

    def flags(self, ctx: Ctx) -> FlagStyle | None:
        if ctx.opts["flag_at"] == "none":
            return None
        kind = ctx.rng.choice(["HL", "arrows", "star", "WORD", "triangles"])
        if kind == "triangles":
            return FlagStyle("▲", "▼", "▲", "▼")
        return flag_style(kind, ctx.loc, ctx.rng)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        mark = fs.mark(item.status) if fs else ""
        value = ctx.case.numbers.read(item.value_text)
        low, high = (item.rng.low, item.rng.high) if item.rng else (None, None)
        name = f"{item.name} {'.' * ctx.rng.randint(3, 8)}" if ctx.opts["leaders"] else item.name
        cells = {"name": Cell([name]), "result": Cell([item.value_text], ctx.bold if mark else None),
                 "flag": Cell([mark], ctx.bold), "unit": Cell([item.unit or ""]),
                 "range": Cell(list(item.rng.lines) if item.rng else [])}
        style = ctx.opts["style"]
        if style == "bounds":
            if item.rng and item.rng.low_text and item.rng.high_text and len(item.rng.lines) == 1:
                labels = ("L", "H") if ctx.opts["labels"] else None
                text = gauge_text("bounds", value, low, high, ctx.rng, (item.rng.low_text, item.rng.high_text),
                                  labels)
                cells["range"] = Cell([text])
        elif ctx.opts["below"]:  # the gauge on a line of its own under the row
            tw.row(cells)
            tw.row({"gauge": Cell([gauge_text(str(style), value, low, high, ctx.rng)])})
            return fs.means(item.status) if fs else None
        else:
            cells["gauge"] = Cell([gauge_text(str(style), value, low, high, ctx.rng)])
        tw.row(cells)
        return fs.means(item.status) if fs else None
