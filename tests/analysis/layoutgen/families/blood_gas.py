"""Blood gas reports: an arterial blood gas analysis as hospital laboratories and point-of-care analysers print it.

pH, pCO2 and pO2 (mmHg in conventional units, kPa in SI), HCO3-, the base excess (ABE / SBE / BE(B) / BEecf), sO2,
lactate and ionised calcium, under the sample's kind, the patient's temperature and FiO2 (no results). On some reports pH(T),
pCO2(T) and pO2(T) follow, corrected to the patient's temperature. The base
excess is the result that goes below zero: its value is printed with its sign, a hyphen-minus or a Unicode minus
('-2.1', '−2.1'), a positive one sometimes with a plus ('+1.2'), and its interval in the forms analysers print
('-2.0 - 3.0', '-2.0 - +3.0', '-2 to 3' with the report language's word, '(-2.0) - (+3.0)', glued '(-2)-(+3)',
'-2.0-3.0', '-3~3' on Chinese reports). Conventional or SI
units decide mmHg / kPa for the gases and mg/dL / mmol/L for ionised calcium (catalogue.GAS_MARKERS).
"""

from __future__ import annotations

from dataclasses import replace
from random import Random

from tests.analysis.layoutgen.canvas import Page
from tests.analysis.layoutgen.case import (
    Case,
    Result,
    _intents,
    _rounded_off_bound,
    _value,
    decimals_of,
)
from tests.analysis.layoutgen.catalogue import GAS_MARKERS
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.family import Rendered, TableFamily, col, first_page, register, standard_cells
from tests.analysis.layoutgen.names import names_for
from tests.analysis.layoutgen.printing import FlagStyle, Item, PrintedRange, RangeStyle, flag_style
from tests.analysis.layoutgen.table import Cell, Column
from tests.analysis.layoutgen.units import choose_spelling

FIRST_LANGUAGES = ("en", "es", "pt", "fr", "it", "de", "id", "zh")
UNICODE_MINUS = "\u2212"

# The sample and the conditions printed above the results, per language: (arterial sample, patient temperature).
_SAMPLE = {
    "en": ("Sample: Arterial blood", "Patient temperature"), "es": ("Muestra: Sangre arterial", "Temperatura del paciente"),
    "pt": ("Amostra: Sangue arterial", "Temperatura do paciente"), "fr": ("Prélèvement : Sang artériel",
                                                                         "Température du patient"),
    "it": ("Campione: Sangue arterioso", "Temperatura paziente"), "de": ("Material: Arterielles Blut",
                                                                        "Patiententemperatur"),
    "id": ("Sampel: Darah arteri", "Suhu pasien"), "zh": ("标本: 动脉血", "患者体温"),
}
_TITLES = {"en": "Blood gas analysis", "es": "Gasometría arterial", "pt": "Gasometria arterial",
           "fr": "Gaz du sang artériel", "it": "Emogasanalisi arteriosa", "de": "Blutgasanalyse",
           "id": "Analisa gas darah", "zh": "血气分析"}


def gas_results(case: Case) -> list[Result]:
    """The case's blood gas results: every gas, lactate and ionised calcium on most reports; values drawn from the
    case's seed (the patient) and the writer's choices (names, units) from its language and units too."""
    patient = Random(f"layoutgen-gas:{case.seed}")
    writer = Random(f"layoutgen-gas-writer:{case.seed}:{case.lang}:{case.units}")
    corrected = patient.random() < 0.4  # pH(T), pCO2(T), pO2(T): at the patient's temperature
    markers = [m for m in GAS_MARKERS if (m.key not in ("lactate", "ionized_calcium") or patient.random() < 0.75)
               and (corrected or not m.key.endswith("_t"))]
    intents = _intents(patient, markers, case.sex, 0.35)
    out = []
    spellings: dict[str, str] = {}
    for m, intent in zip(markers, intents, strict=True):
        choices = m.options(case.units)
        opt = writer.choices(choices, weights=[o.weight for o in choices])[0]
        v = _rounded_off_bound(_value(m, opt, case.sex, intent, patient.random()), opt, case.sex, intent)
        if opt.kind and opt.kind not in spellings:
            spellings[opt.kind] = choose_spelling(opt.kind, case.lang, writer)
        out.append(Result(marker=m, name=writer.choice(names_for(m.key, case.lang, case.units)[:3]), option=opt,
                          unit=spellings.get(opt.kind) if opt.kind else None, value=v, decimals=max(opt.decimals, 0),
                          intent=intent, previous=(v, v)))
    return out


@register
class BloodGas(TableFamily):
    name = "blood_gas"
    summary = ("an arterial blood gas report: pH, pCO2 / pO2 in mmHg or kPa, HCO3-, base excess with negative values "
               "and intervals ('-2.1', '−2.1', '-2.0 - +3.0', '-2 to 3', '(-2.0) - (+3.0)'), sO2, lactate, ionised "
               "calcium; the sample, patient temperature and FiO2 above the table; H/L, arrows or no flags")
    rules = ("none", "header", "rows", "grid")
    section_styles = ("bold", "band")
    print_extras = False
    languages = FIRST_LANGUAGES
    own_results = True

    def render(self, case: Case) -> Rendered:
        return super().render(replace(case, results=gas_results(case)))

    def columns(self, ctx: Ctx) -> list[Column]:
        w = ctx.words
        cols = [col("name", w["test"], 34), col("result", w["result"], 14, ctx.rng.choice(["right", "left"]))]
        if ctx.opts["flags"]:
            cols.append(col("flag", w["flag"], 8, "center"))
        return cols + [col("unit", w["unit"], 13), col("range", w["reference"], 26)]

    def top(self, ctx: Ctx) -> tuple[Page, float]:
        ctx.opts["minus"] = UNICODE_MINUS if ctx.rng.random() < 0.3 else "-"
        ctx.opts["plus_bound"] = ctx.rng.random() < 0.35   # '-2.0 - +3.0'
        ctx.opts["plus_value"] = ctx.rng.random() < 0.25   # '+1.2'
        ctx.opts["brackets"] = ctx.rng.random() < 0.2      # '(-2.0) - (+3.0)'
        ctx.opts["flags"] = ctx.rng.random() < 0.6
        ctx.opts["glued"] = ctx.rng.random() < 0.25         # '(-2)-(+3)', '-2.0-3.0', '-3~3'
        page, y = first_page(ctx)
        sample, temp = _SAMPLE[ctx.case.lang]
        size = ctx.size
        fio2 = ctx.rng.choice([21, 28, 30, 35, 40, 50])
        temp_c = ctx.case.numbers.fmt(ctx.rng.choice([36.5, 37.0, 37.2, 37.8, 38.4]), 1)
        parts = [sample, f"{temp}: {temp_c} °C", f"FiO2: {fio2} %"]
        if ctx.rng.random() < 0.5:
            page.text(ctx.left, y - size, "    ".join(parts), ctx.regular, size)
            y -= size + 4
        else:
            for p in parts:
                page.text(ctx.left, y - size, p, ctx.regular, size)
                y -= size + 3
        return page, y - 6

    def draw_section(self, ctx: Ctx, tw, panel: str, style: str) -> None:
        tw.section(_TITLES[ctx.case.lang], style=style)

    def range_style(self, ctx: Ctx) -> RangeStyle:
        loc = ctx.loc
        words = [w for w in loc.range_words if w.strip() and w.strip() not in ("-", "--", "~")]
        sep = ctx.rng.choice([" - ", " - ", " – ", " to " if ctx.case.lang == "en" else " - "] + words)
        return RangeStyle(sep=sep)

    def flags(self, ctx: Ctx) -> FlagStyle | None:
        if not ctx.opts["flags"]:
            return None
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def _signed(self, ctx: Ctx, value: float, decimals: int, *, plus: bool) -> str:
        text = ctx.case.numbers.fmt(value, decimals)
        if value < 0:
            return ctx.opts["minus"] + text[1:]
        return ("+" + text) if plus and value > 0 else text

    def item(self, ctx: Ctx, result: Result, rstyle: RangeStyle | None) -> Item:
        ivl = result.interval(ctx.case.sex)
        assert ivl.low is not None and ivl.high is not None
        lo_v, hi_v = float(ivl.low), float(ivl.high)
        negative = lo_v < 0
        lo = self._signed(ctx, lo_v, decimals_of(ivl.low), plus=False)
        hi = self._signed(ctx, hi_v, decimals_of(ivl.high), plus=negative and ctx.opts["plus_bound"])
        sep = rstyle.sep if rstyle else " - "
        if negative and ctx.opts["brackets"]:
            text = f"({lo})-({hi})" if ctx.opts["glued"] else f"({lo}) - ({hi})"
        elif negative and ctx.opts["glued"]:
            text = f"{lo}{'~' if ctx.case.lang == 'zh' else '-'}{hi}"  # '-3~3' (Chinese reports), '-2.0-3.0'
        else:
            text = f"{lo}{sep}{hi}"
        rng = PrintedRange((text,), lo, hi, lo_v, hi_v)
        value_text = self._signed(ctx, result.value, result.decimals, plus=negative and ctx.opts["plus_value"])
        return Item(result=result, name=result.name, value_text=value_text, unit=result.unit, rng=rng,
                    status=result.status(ctx.case.sex))

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None) -> tuple[dict[str, Cell], str | None]:
        return standard_cells(ctx, item, fs, bold_marked=True)
