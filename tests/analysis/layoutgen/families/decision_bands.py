"""Reference cells printed as decision bands, one labelled band a line, the in-range band anywhere among them."""

from __future__ import annotations

from tests.analysis.layoutgen.case import Result, decimals_of
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import TableFamily, col, register
from tests.analysis.layoutgen.printing import FlagStyle, Item, RangeStyle, choose_range_style, flag_style, make_item
from tests.analysis.layoutgen.table import Cell, Column

# Band labels by language: the vitamin style (deficiency, insufficiency, sufficiency, toxicity) and the plain one
# (low, normal, high), as reports of these languages print them before each band's interval.
VITAMIN_WORDS: dict[str, tuple[str, str, str, str]] = {
    "en": ("Deficiency", "Insufficiency", "Sufficiency", "Toxicity"),
    "es": ("Deficiencia", "Insuficiencia", "Suficiencia", "Toxicidad"),
    "pt": ("Deficiência", "Insuficiência", "Suficiência", "Toxicidade"),
    "fr": ("Carence", "Insuffisance", "Souhaitable", "Toxicité"),
    "it": ("Carenza", "Insufficienza", "Sufficienza", "Tossicità"),
    "de": ("Mangel", "Insuffizienz", "Ausreichend", "Toxisch"),
    "id": ("Defisiensi", "Insufisiensi", "Cukup", "Toksisitas"),
    "zh": ("缺乏", "不足", "充足", "中毒"),
}
PLAIN_WORDS: dict[str, tuple[str, str, str]] = {
    "en": ("Low", "Normal", "High"), "es": ("Bajo", "Normal", "Alto"), "pt": ("Baixo", "Normal", "Alto"),
    "fr": ("Bas", "Normal", "Élevé"), "it": ("Basso", "Normale", "Alto"), "de": ("Niedrig", "Normal", "Hoch"),
    "id": ("Rendah", "Normal", "Tinggi"), "zh": ("偏低", "正常", "偏高"),
}
VITAMINS = frozenset({"vitamin_d", "vitamin_b12", "folate", "ferritin", "iron"})


@register
class DecisionBands(TableFamily):
    name = "decision_bands"
    summary = ("reference cells as decision bands, one labelled band a line, ascending, so the in-range band is "
               "first, in the middle or last ('Deficiency: < 20' / 'Insufficiency: 20 - 29' / 'Sufficiency: 30 - 100' "
               "/ 'Toxicity: > 100'; 'Low: < 3.5' / 'Normal: 3.5 - 5.1' / 'High: > 5.1'; or the label after the interval, "
               "'< 20 (Deficiency)', '30 - 100 Sufficiency', '3.5 - 5.1 (Normal)'), the next row right under a "
               "cell's last band; name | result | unit | reference, H/L after the value or no flag. Truth: the "
               "in-range band's interval (no band a result, no band label a flag, no band the next row's)")
    rules = ("none", "header", "rows")
    orders = ("reading", "words", "shuffled")
    languages = tuple(VITAMIN_WORDS)  # the languages its band words are written for

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        ctx.opts["marks"] = ctx.rng.random() < 0.6
        ctx.opts["colon"] = ctx.rng.choice([": ", " : "])
        ctx.opts["after"] = ctx.rng.choice(["", "", "{ivl} ({label})", "{ivl} {label}"])  # the label after the interval
        return [col("name", w["test"], 36), col("result", w["result"], 14, "left"), col("unit", w["unit"], 14),
                col("range", w["reference"], 36)]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False, sep=ctx.rng.choice([" - ", "-", " – "]))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style("HL", ctx.loc, ctx.rng)

    def _bands(self, ctx: Ctx, item: Item, sep: str) -> list[str] | None:
        """The interval as labelled bands, ascending (the band of the printed interval is the in-range one)."""
        rng = item.rng
        if rng is None or rng.low_text is None or rng.high_text is None or not rng.low \
                or (item.result.key not in VITAMINS and ctx.rng.random() < 0.5):
            return None
        colon, lang, after = ctx.opts["colon"], ctx.case.lang, ctx.opts["after"]
        below, above = ctx.rng.choice(["<", "< "]), ctx.rng.choice([">", "> ", "≥ "])
        dec = max(decimals_of(rng.low_text.replace(",", ".")), decimals_of(rng.high_text.replace(",", ".")))
        own = f"{rng.low_text}{sep}{rng.high_text}"
        if item.result.key in VITAMINS and ctx.rng.random() < 0.7:
            deficient, insufficient, sufficient, toxic = VITAMIN_WORDS[lang]
            split = ctx.fmt(rng.low * 0.67, dec)
            bands = [(deficient, f"{below}{split}"), (insufficient, f"{split}{sep}{rng.low_text}"), (sufficient, own)]
            if ctx.rng.random() < 0.6:
                bands.append((toxic, f"{above}{rng.high_text}"))
        else:
            low, normal, high = PLAIN_WORDS[lang]
            bands = [(low, f"{below}{rng.low_text}"), (normal, own), (high, f"{above}{rng.high_text}")]
            bands = bands[ctx.rng.choice([0, 1]):]
            after = after if "(" in after else ""  # 'Low' / 'High' after an interval only in brackets (else a flag)
        if after:  # the label after its interval: '< 20 (Deficiency)', '30 - 100 Sufficiency'
            return [after.format(label=label, ivl=ivl) for label, ivl in bands]
        return [f"{label}{colon}{ivl}" for label, ivl in bands]

    def item(self, ctx: Ctx, result: Result, rstyle: RangeStyle | None) -> Item:
        ctx.opts.setdefault("sep", rstyle.sep if rstyle else " - ")
        return make_item(result, ctx.case, rstyle)

    def draw_rows(self, ctx: Ctx, tw, item: Item, fs: FlagStyle | None) -> str | None:
        bands = self._bands(ctx, item, ctx.opts["sep"])
        rng_lines = bands if bands else (list(item.rng.lines) if item.rng else [])
        if bands:
            tw.keep((len(bands) + 1) * tw.lh + 2 * tw.pad)
        mark = fs.mark(item.status) if ctx.opts["marks"] else ""
        value = f"{item.value_text} {mark}".rstrip()
        tw.row({"name": Cell([item.name]), "result": Cell([value], ctx.bold if mark else None),
                "unit": Cell([item.unit or ""]), "range": Cell(rng_lines, size=ctx.size - 1 if bands else None)})
        return fs.means(item.status) if mark else None
