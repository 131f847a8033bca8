"""The third blind set: whoever works on the parser does not read this module, its descriptions or its PDFs.

Four kinds of report nobody on the parser team has looked at (see BLIND_FAMILIES in ../__init__.py); the
scorer reports their accuracy apart, and no test asserts it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from random import Random

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY, Page
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.documents import wrap_text
from tests.analysis.layoutgen.family import Family, TableFamily, col, first_page, next_page_top, register
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.printing import (
    FlagStyle,
    Item,
    RangeStyle,
    TruthRow,
    choose_range_style,
    flag_style,
    make_item,
)
from tests.analysis.layoutgen.table import Cell, Column, TableWriter

# The words these layouts print, per language (every language has every key: a self-test checks it).
WORDS: dict[str, dict[str, str]] = {
    "en": {"discharge": "DISCHARGE SUMMARY", "admitted": "Admitted", "discharged": "Discharged", "ward": "Ward 4B, bed 12",
           "diagnoses": "Diagnoses", "medication": "Medication on discharge", "vitals": "Vital signs at discharge",
           "course": "Clinical course", "labs": "Laboratory findings", "other": "Serology", "follow": "Follow-up",
           "course_text": "Admitted with fever of {t} °C and a CRP of {crp} mg/L on the day of admission; treated with "
                          "ceftriaxone 2 g i.v. once daily for 7 days. Weight {kg} kg, BMI {bmi}. Discharged in good "
                          "general condition on day {days}.",
           "follow_text": "GP review in 4 weeks with repeat blood count; for questions call {phone}.",
           "ref_word": "ref.", "legend": "Reference intervals", "key": "Ref. see",
           "legend_note": "Intervals valid for adults; the number after a result refers to this list.",
           "u": "U (k=2)", "method": "Method", "code": "Code", "sampled": "Sampled", "received": "Received",
           "requisition": "Requisition no.",
           "u_note": "U: expanded measurement uncertainty, coverage factor k = 2 (approx. 95 %). Accredited by UKAS, "
                     "testing laboratory no. {acc}.",
           "diag": "E11.9 Type 2 diabetes mellitus|I10 Essential hypertension|J18.9 Community-acquired pneumonia|"
                   "N39.0 Urinary tract infection"},
    "es": {"discharge": "INFORME DE ALTA", "admitted": "Ingreso", "discharged": "Alta", "ward": "Planta 4B, cama 12",
           "diagnoses": "Diagnósticos", "medication": "Tratamiento al alta", "vitals": "Constantes al alta",
           "course": "Evolución clínica", "labs": "Resultados de laboratorio", "other": "Serología", "follow": "Seguimiento",
           "course_text": "Ingresa con fiebre de {t} °C y PCR de {crp} mg/L el día del ingreso; se trata con ceftriaxona "
                          "2 g i.v. cada 24 h durante 7 días. Peso {kg} kg, IMC {bmi}. Alta en buen estado general el "
                          "día {days}.",
           "follow_text": "Control por su médico de familia en 4 semanas con nuevo hemograma; consultas al {phone}.",
           "ref_word": "VR", "legend": "Valores de referencia", "key": "Ref. nº",
           "legend_note": "Valores para adultos; el número junto a cada resultado remite a esta lista.",
           "u": "U (k=2)", "method": "Método", "code": "Código", "sampled": "Extracción", "received": "Recepción",
           "requisition": "Nº de petición",
           "u_note": "U: incertidumbre expandida, factor de cobertura k = 2 (aprox. 95 %). Laboratorio acreditado por "
                     "ENAC, nº {acc}.",
           "diag": "E11.9 Diabetes mellitus tipo 2|I10 Hipertensión arterial esencial|J18.9 Neumonía adquirida en la "
                   "comunidad|N39.0 Infección del tracto urinario"},
    "pt": {"discharge": "RESUMO DE ALTA", "admitted": "Internação", "discharged": "Alta", "ward": "Enfermaria 4B, leito 12",
           "diagnoses": "Diagnósticos", "medication": "Medicação na alta", "vitals": "Sinais vitais na alta",
           "course": "Evolução clínica", "labs": "Exames laboratoriais", "other": "Sorologia", "follow": "Seguimento",
           "course_text": "Internado com febre de {t} °C e PCR de {crp} mg/L no dia da admissão; tratado com ceftriaxona "
                          "2 g EV 1x/dia por 7 dias. Peso {kg} kg, IMC {bmi}. Alta em bom estado geral no dia {days}.",
           "follow_text": "Retorno ao clínico em 4 semanas com novo hemograma; dúvidas pelo telefone {phone}.",
           "ref_word": "VR", "legend": "Valores de referência", "key": "Ref. nº",
           "legend_note": "Valores para adultos; o número ao lado de cada resultado remete a esta lista.",
           "u": "U (k=2)", "method": "Método", "code": "Código", "sampled": "Coleta", "received": "Recebido",
           "requisition": "Nº do pedido",
           "u_note": "U: incerteza expandida, fator de abrangência k = 2 (aprox. 95 %). Laboratório acreditado, "
                     "CRL nº {acc}.",
           "diag": "E11.9 Diabetes mellitus tipo 2|I10 Hipertensão essencial|J18.9 Pneumonia adquirida na "
                   "comunidade|N39.0 Infecção do trato urinário"},
    "fr": {"discharge": "COMPTE RENDU D'HOSPITALISATION", "admitted": "Entrée", "discharged": "Sortie",
           "ward": "Service 4B, lit 12", "diagnoses": "Diagnostics", "medication": "Traitement de sortie",
           "vitals": "Constantes à la sortie", "course": "Évolution", "labs": "Bilan biologique", "other": "Sérologies",
           "follow": "Suivi",
           "course_text": "Admis pour une fièvre à {t} °C avec une CRP à {crp} mg/L à l'entrée ; traité par ceftriaxone "
                          "2 g IV par jour pendant 7 jours. Poids {kg} kg, IMC {bmi}. Sortie en bon état général à J{days}.",
           "follow_text": "Consultation chez le médecin traitant dans 4 semaines avec NFS de contrôle ; contact : {phone}.",
           "ref_word": "N :", "legend": "Valeurs de référence", "key": "Réf. n°",
           "legend_note": "Valeurs adultes ; le numéro à côté d'un résultat renvoie à cette liste.",
           "u": "U (k=2)", "method": "Méthode", "code": "Code", "sampled": "Prélevé le", "received": "Reçu le",
           "requisition": "N° de demande",
           "u_note": "U : incertitude élargie, facteur d'élargissement k = 2 (env. 95 %). Accréditation COFRAC "
                     "n° {acc}, portée disponible sur www.cofrac.fr.",
           "diag": "E11.9 Diabète de type 2|I10 Hypertension artérielle essentielle|J18.9 Pneumopathie "
                   "communautaire|N39.0 Infection urinaire"},
    "it": {"discharge": "LETTERA DI DIMISSIONE", "admitted": "Ricovero", "discharged": "Dimissione",
           "ward": "Reparto 4B, letto 12", "diagnoses": "Diagnosi", "medication": "Terapia alla dimissione",
           "vitals": "Parametri vitali alla dimissione", "course": "Decorso clinico", "labs": "Esami di laboratorio",
           "other": "Sierologia", "follow": "Controlli",
           "course_text": "Ricoverato per febbre a {t} °C con PCR di {crp} mg/L all'ingresso; trattato con ceftriaxone "
                          "2 g e.v. una volta al giorno per 7 giorni. Peso {kg} kg, BMI {bmi}. Dimesso in buone condizioni "
                          "generali in giornata {days}.",
           "follow_text": "Controllo dal medico curante tra 4 settimane con emocromo; per informazioni {phone}.",
           "ref_word": "v.n.", "legend": "Intervalli di riferimento", "key": "Rif. n.",
           "legend_note": "Valori per adulti; il numero accanto al risultato rimanda a questo elenco.",
           "u": "U (k=2)", "method": "Metodo", "code": "Codice", "sampled": "Prelievo", "received": "Accettazione",
           "requisition": "N. richiesta",
           "u_note": "U: incertezza estesa, fattore di copertura k = 2 (circa 95 %). Laboratorio accreditato ACCREDIA "
                     "n. {acc}.",
           "diag": "E11.9 Diabete mellito tipo 2|I10 Ipertensione essenziale|J18.9 Polmonite acquisita in "
                   "comunità|N39.0 Infezione delle vie urinarie"},
    "de": {"discharge": "ENTLASSUNGSBRIEF", "admitted": "Aufnahme", "discharged": "Entlassung", "ward": "Station 4B, Bett 12",
           "diagnoses": "Diagnosen", "medication": "Entlassmedikation", "vitals": "Vitalparameter bei Entlassung",
           "course": "Verlauf", "labs": "Laborbefunde", "other": "Serologie", "follow": "Procedere",
           "course_text": "Aufnahme mit Fieber bis {t} °C und einem CRP von {crp} mg/l am Aufnahmetag; Therapie mit "
                          "Ceftriaxon 2 g i.v. 1x täglich über 7 Tage. Gewicht {kg} kg, BMI {bmi}. Entlassung in gutem "
                          "Allgemeinzustand am Tag {days}.",
           "follow_text": "Wiedervorstellung beim Hausarzt in 4 Wochen mit Blutbildkontrolle; Rückfragen unter {phone}.",
           "ref_word": "Norm", "legend": "Referenzbereiche", "key": "Ref. Nr.",
           "legend_note": "Referenzbereiche für Erwachsene; die Nummer hinter dem Ergebnis verweist auf diese Liste.",
           "u": "U (k=2)", "method": "Methode", "code": "Code", "sampled": "Entnahme", "received": "Eingang",
           "requisition": "Auftragsnr.",
           "u_note": "U: erweiterte Messunsicherheit, Erweiterungsfaktor k = 2 (ca. 95 %). Akkreditiert durch die DAkkS "
                     "nach DIN EN ISO 15189, Reg.-Nr. {acc}.",
           "diag": "E11.9 Diabetes mellitus Typ 2|I10 Essentielle Hypertonie|J18.9 Ambulant erworbene Pneumonie|"
                   "N39.0 Harnwegsinfekt"},
    "id": {"discharge": "RESUME MEDIS PULANG", "admitted": "Tanggal masuk", "discharged": "Tanggal pulang",
           "ward": "Ruang 4B, tempat tidur 12", "diagnoses": "Diagnosis", "medication": "Obat pulang",
           "vitals": "Tanda vital saat pulang", "course": "Perjalanan penyakit", "labs": "Hasil laboratorium",
           "other": "Serologi", "follow": "Kontrol",
           "course_text": "Masuk dengan demam {t} °C dan CRP {crp} mg/L pada hari masuk; diterapi seftriakson 2 g i.v. "
                          "1x sehari selama 7 hari. Berat badan {kg} kg, IMT {bmi}. Pulang dalam keadaan umum baik pada "
                          "hari ke-{days}.",
           "follow_text": "Kontrol ke dokter dalam 4 minggu dengan darah lengkap ulang; informasi hubungi {phone}.",
           "ref_word": "N:", "legend": "Nilai rujukan", "key": "Rujukan no.",
           "legend_note": "Nilai untuk dewasa; nomor di samping hasil merujuk ke daftar ini.",
           "u": "U (k=2)", "method": "Metode", "code": "Kode", "sampled": "Pengambilan", "received": "Diterima",
           "requisition": "No. permintaan",
           "u_note": "U: ketidakpastian bentangan, faktor cakupan k = 2 (kira-kira 95 %). Terakreditasi KAN, "
                     "no. LM-{acc}.",
           "diag": "E11.9 Diabetes melitus tipe 2|I10 Hipertensi esensial|J18.9 Pneumonia komunitas|"
                   "N39.0 Infeksi saluran kemih"},
    "zh": {"discharge": "出院小结", "admitted": "入院日期", "discharged": "出院日期", "ward": "4B病区 12床",
           "diagnoses": "出院诊断", "medication": "出院带药", "vitals": "出院时生命体征", "course": "诊疗经过",
           "labs": "实验室检查", "other": "血清学", "follow": "随访",
           "course_text": "患者因发热 {t} °C 入院, 入院当日CRP {crp} mg/L; 予头孢曲松 2 g 静滴 每日1次 共7天。"
                          "体重 {kg} kg, BMI {bmi}。住院第{days}天一般情况良好出院。",
           "follow_text": "4周后门诊复查血常规; 咨询电话 {phone}。",
           "ref_word": "参考", "legend": "参考区间", "key": "参考编号",
           "legend_note": "成人参考区间; 结果后的编号对应本表。",
           "u": "U (k=2)", "method": "方法", "code": "代码", "sampled": "采样时间", "received": "接收时间",
           "requisition": "申请单号",
           "u_note": "U: 扩展不确定度, 包含因子 k = 2 (约95 %)。本实验室通过CNAS认可, 注册号 CNAS ML{acc}。",
           "diag": "E11.9 2型糖尿病|I10 原发性高血压|J18.9 社区获得性肺炎|N39.0 泌尿道感染"},
}

_MEDICATION = ["Metformin 850 mg 1-0-1", "Ramipril 5 mg 1-0-0", "Atorvastatin 20 mg 0-0-1", "Pantoprazole 40 mg 1-0-0",
               "Amlodipine 5 mg 1-0-0", "Enoxaparin 40 mg s.c. 0-0-1", "Paracetamol 1 g max. 3x/24 h"]


def _words(ctx: Ctx) -> dict[str, str]:
    return WORDS[ctx.case.lang]


def _flow(ctx: Ctx, page: Page, y: float, *, patient: bool = True) -> tuple[Page, float]:
    """A new page when fewer than three lines are left."""
    if y - ctx.size * 4 < ctx.bottom:
        page = ctx.new_page()
        y = next_page_top(ctx, page, patient=patient)
    return page, y


@register
class DischargeAppendix(Family):
    name = "discharge_appendix"
    languages = tuple(WORDS)
    summary = ("hospital discharge summary: admission/discharge dates, ICD-coded diagnoses, medication with doses "
               "('Metformin 850 mg 1-0-1'), vitals and a course paragraph full of numbers, then the laboratory "
               "findings as running text per panel: 'Hb 11.2 g/dL (ref. 12.0-15.5) ↓; WBC 7.2 x10^3/uL (4.0-11.0); …'")
    faces = ("serif", "sans", "vera")
    sizes = (9.0, 10.5)
    orders = ("reading", "words", "shuffled")

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, h, lang, wd = ctx.rng, ctx.case.header, ctx.case.lang, _words(ctx)
        lh = ctx.size * 1.4
        page = ctx.new_page()
        y = blocks.letterhead(ctx, page, ctx.top)
        y = blocks.title(ctx, page, y, wd["discharge"])
        y = blocks.patient_block(ctx, page, y, cols=2)
        days = rng.randrange(5, 12)
        admitted = h.collected - timedelta(days=days - 1)
        y -= lh
        page.text(ctx.left, y, f"{wd['admitted']}: {fmt_date(admitted, lang)}    {wd['discharged']}: "
                               f"{fmt_date(h.reported, lang)}    {wd['ward']}", ctx.regular, ctx.size)

        def heading(text: str) -> None:
            nonlocal page, y
            page, y = _flow(ctx, page, y - lh * 0.5)
            y -= lh
            page.text(ctx.left, y, text, ctx.bold, ctx.size + 0.5)

        def para(text: str, indent: float = 0.0) -> None:
            nonlocal page, y
            for line in wrap_text(ctx, text, ctx.right - ctx.left - indent, ctx.regular, ctx.size):
                page, y = _flow(ctx, page, y)
                y -= lh
                page.text(ctx.left + indent, y, line, ctx.regular, ctx.size)

        heading(wd["diagnoses"])
        for d in rng.sample(wd["diag"].split("|"), rng.choice([2, 3])):
            para(f"– {d}", 6)
        heading(wd["medication"])
        for m in rng.sample(_MEDICATION, rng.choice([3, 4, 5])):
            para(f"• {ctx.case.numbers.localize(m)}", 6)
        heading(wd["vitals"])
        para(f"BP {rng.randrange(112, 150)}/{rng.randrange(68, 95)} mmHg · HR {rng.randrange(58, 96)}/min · "
             f"T {ctx.fmt(rng.uniform(36.2, 37.3), 1)} °C · SpO2 {rng.randrange(94, 100)} %")
        heading(wd["course"])
        para(wd["course_text"].format(t=ctx.fmt(rng.uniform(38.3, 39.6), 1), crp=rng.randrange(60, 240),
                                      kg=rng.randrange(52, 104), bmi=ctx.fmt(rng.uniform(20, 34), 1), days=days))

        heading(f"{wd['labs']} ({fmt_date(h.collected, lang, time=True)})")
        paren = rng.choice([("(", ")"), (f"({wd['ref_word']} ", ")"), ("[", "]")])
        rstyle = choose_range_style(rng, ctx.loc, sep=rng.choice(["-", "–", " - "]), wrap=paren, zero_low=False)
        fs = flag_style(rng.choice(["arrows", "HL", "plus"]), ctx.loc, rng) if rng.random() < 0.8 else None
        sep = "；" if lang == "zh" else rng.choice(["; ", ", "])
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            pieces = []
            for r in results:
                it = make_item(r, ctx.case, rstyle)
                mark = fs.mark(it.status) if fs else ""
                unit = f" {it.unit}" if it.unit else ""
                pieces.append(f"{it.name} {it.value_text}{unit} {it.rng.text}" + (f" {mark}" if mark else ""))
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status) if fs else None))
            page, y = _run_on(ctx, blocks.section_title(ctx, panel), pieces, sep, lh, page, y)
        extras = [f"{e.name} {e.text}" + (f" {e.unit}" if e.unit else "") for e in ctx.case.extras]
        page, y = _run_on(ctx, wd["other"], extras, sep, lh, page, y)
        heading(wd["follow"])
        para(wd["follow_text"].format(phone=h.lab_phone))
        page, y = _flow(ctx, page, y - 40)
        blocks.signature(ctx, page, y)
        blocks.footers(ctx, accession=rng.random() < 0.5)
        return rows


def _run_on(ctx: Ctx, label: str, pieces: list[str], sep: str, lh: float, page: Page, y: float) -> tuple[Page, float]:
    """'Label: piece; piece; …' wrapped between pieces (never inside one), the label in bold; returns the page and y."""
    page, y = _flow(ctx, page, y)
    y -= lh
    lead = f"{label}: "
    page.text(ctx.left, y, lead, ctx.bold, ctx.size)
    x0 = ctx.left + ctx.width(lead, ctx.bold)
    line = ""
    for i, piece in enumerate(pieces):
        text = piece + (sep.rstrip() if i < len(pieces) - 1 else "")
        trial = f"{line}{' ' if line and sep.endswith(' ') else ''}{text}"
        if line and x0 + ctx.width(trial) > ctx.right:
            _fitted(ctx, page, x0, y, line)
            page, y = _flow(ctx, page, y)
            y -= lh
            x0 = ctx.left + 12
            trial = text
        line = trial
    if line:
        _fitted(ctx, page, x0, y, line)
    return page, y


def _fitted(ctx: Ctx, page: Page, x: float, y: float, text: str) -> None:
    w = ctx.width(text)
    page.text(x, y, text, ctx.regular, ctx.size * min(1.0, (ctx.right - x) / w))


_SYSTEM = {"cbc": "B", "diff": "B", "coagulation": "P"}


def _code(key: str) -> str:
    r = Random(f"npu:{key}")
    return ("NPU" if r.random() < 0.8 else "DNK") + f"{r.randrange(1000, 59999):05d}"


@register
class NordicBracketRanges(TableFamily):
    name = "nordic_bracket_ranges"
    languages = tuple(WORDS)
    summary = ("Nordic hospital-lab style: quantity names with the system in front ('P—Potassium', 'B-Haemoglobin'), "
               "an NPU code column, reference intervals in square brackets with a semicolon ('[3,5;4,6]', "
               "'[ 13.4 ; 17.0 ]', '[<5,0]'), a requisition / sampled / received line full of numbers; H/L or '*'")
    rules = ("none", "header", "rows")
    section_styles = ("bold", "underline")
    orders = ("reading", "columns", "words")
    faces = ("sans", "vera")

    def top(self, ctx: Ctx) -> tuple[Page, float]:
        page, y = first_page(ctx)
        h, lang, wd = ctx.case.header, ctx.case.lang, _words(ctx)
        received = h.collected + timedelta(minutes=ctx.rng.randrange(20, 140))
        text = (f"{wd['requisition']} {h.accession[-7:]}   {wd['sampled']}: {fmt_date(h.collected, lang, time=True)}   "
                f"{wd['received']}: {fmt_date(received, lang, time=True)}")
        page.text(ctx.left, y - ctx.size, text, ctx.regular, ctx.size - 1, color=GREY)
        return page, y - ctx.size - 8

    def columns(self, ctx: Ctx) -> list[Column]:
        w, wd = ctx.words, _words(ctx)
        ctx.opts["dash"] = ctx.rng.choice(["—", "-", "—", "–"])
        ctx.opts["serum"] = ctx.rng.choice(["P", "S", "P"])
        code = col("code", ctx.rng.choice(["NPU", wd["code"]]), 11)
        cols = [col("name", w["test"], 36), col("result", w["result"], 11, "right"), col("flag", "", 5, "center"),
                col("unit", w["unit"], 13), col("range", w["reference"], 20)]
        return [code, *cols] if ctx.rng.random() < 0.5 else [*cols, code]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        spaced = ctx.rng.random() < 0.4
        return RangeStyle(sep=" ; " if spaced else ";", upto="<{}" if ctx.rng.random() < 0.7 else "≤{}",
                          above=">{}", wrap=("[ ", " ]") if spaced else ("[", "]"))

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "star"]), ctx.loc, ctx.rng)

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None) -> tuple[dict[str, Cell], str | None]:
        system = _SYSTEM.get(item.result.marker.panel, "B" if item.result.key == "hba1c" else ctx.opts["serum"])
        mark = fs.mark(item.status) if fs else ""
        return ({"code": Cell([_code(item.result.key)]), "name": Cell([f"{system}{ctx.opts['dash']}{item.name}"]),
                 "result": Cell([item.value_text], ctx.bold if mark else None), "flag": Cell([mark], ctx.bold),
                 "unit": Cell([item.unit or ""]), "range": Cell([item.rng.text] if item.rng else [])},
                fs.means(item.status) if fs else None)


@register
class LegendRanges(TableFamily):
    name = "legend_ranges"
    languages = tuple(WORDS)
    summary = ("the reference column holds only a footnote number ('(3)', '3)', '[3]'); the intervals themselves are "
               "listed in a numbered legend after the table ('(3) 3.5 - 5.1 mmol/L', or with the test's name), tests "
               "with the same interval sharing a number; H/L in a flag column or no flags")
    rules = ("header", "rows", "grid", "none")
    orders = ("reading", "shuffled", "bottom_up")

    def columns(self, ctx: Ctx) -> list[Column]:
        w, wd = ctx.words, _words(ctx)
        ctx.opts["keys"] = {}
        ctx.opts["legend"] = []
        ctx.opts["key_fmt"] = ctx.rng.choice(["({})", "{})", "[{}]"])
        ctx.opts["named"] = ctx.rng.random() < 0.5
        return [col("name", w["test"], 40), col("result", w["result"], 14, "right"), col("flag", "", 6, "center"),
                col("unit", w["unit"], 14), col("range", wd["key"], 10, "center")]

    def range_style(self, ctx: Ctx) -> RangeStyle:
        return choose_range_style(ctx.rng, ctx.loc, zero_low=False)

    def flags(self, ctx: Ctx) -> FlagStyle | None:
        return flag_style("HL", ctx.loc, ctx.rng) if ctx.rng.random() < 0.7 else None

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None) -> tuple[dict[str, Cell], str | None]:
        interval = f"{item.rng.text} {item.unit}" if item.unit else item.rng.text
        keys: dict[str, int] = ctx.opts["keys"]  # type: ignore[assignment]
        shared = interval if not ctx.opts["named"] else f"{item.name}\t{interval}"
        if shared not in keys:
            keys[shared] = len(keys) + 1
            entry = f"{item.name}: {interval}" if ctx.opts["named"] else interval
            ctx.opts["legend"].append((keys[shared], entry))  # type: ignore[attr-defined]
        mark = fs.mark(item.status) if fs else ""
        key = str(ctx.opts["key_fmt"]).format(keys[shared])
        return ({"name": Cell([item.name]), "result": Cell([item.value_text]), "flag": Cell([mark], ctx.bold),
                 "unit": Cell([item.unit or ""]), "range": Cell([key])}, fs.means(item.status) if fs else None)

    def extras(self, ctx: Ctx, tw: TableWriter) -> None:
        for e in ctx.case.extras:
            tw.row({"name": Cell([e.name]), "result": Cell([e.text]), "unit": Cell([e.unit or ""])})

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        wd = _words(ctx)
        legend: list[tuple[int, str]] = ctx.opts["legend"]  # type: ignore[assignment]
        ncols = 2 if ctx.rng.random() < 0.6 else 1
        colw = (ctx.right - ctx.left) / ncols
        lh = ctx.size * 1.3
        size = ctx.size - 0.5
        per_col = -(-len(legend) // ncols)
        if y - (per_col + 3) * lh < ctx.bottom:
            page = ctx.new_page()
            y = next_page_top(ctx, page, patient=False)
        y -= lh * 1.5
        page.text(ctx.left, y, wd["legend"], ctx.bold, ctx.size)
        page.line(ctx.left, y - 3, ctx.right, y - 3, 0.4)
        y -= lh * 0.4
        top = y
        key_w = max(ctx.width(str(ctx.opts["key_fmt"]).format(n), ctx.regular, size) for n, _ in legend) + 6
        for i, (n, entry) in enumerate(legend):
            c, r = divmod(i, per_col)
            yy = top - (r + 1) * lh
            x = ctx.left + c * colw
            page.text(x, yy, str(ctx.opts["key_fmt"]).format(n), ctx.regular, size)
            text = entry
            w = ctx.width(text, ctx.regular, size)
            page.text(x + key_w, yy, text, ctx.regular, size * min(1.0, (colw - key_w - 8) / w) if w else size)
        y = top - per_col * lh - lh
        page.text(ctx.left, y, wd["legend_note"], ctx.italic, ctx.size - 1, color=GREY)
        super().finish(ctx, page, y - 4)


_METHODS = {"cbc": "FCM", "diff": "FCM", "diabetes": "HK", "lipids": "ENZ", "kidney": "ENZ", "electrolytes": "ISE",
            "liver": "IFCC", "iron": "PHO", "vitamins": "ECLIA", "thyroid": "ECLIA", "inflammation": "ITA",
            "coagulation": "COA", "enzymes": "IFCC", "hormones": "ECLIA", "tumour": "CMIA"}


@register
class UncertaintyColumn(TableFamily):
    name = "uncertainty_column"
    languages = tuple(WORDS)
    summary = ("accredited reference-lab report that prints the expanded measurement uncertainty: every value with at "
               "least two decimals and 'U (k=2)' beside it, in its own column or as '13.20 ± 0.41'; a short method code "
               "column, an accreditation note with registration numbers under the table; H/L or arrows")
    rules = ("header", "grid", "rows")
    orders = ("reading", "columns", "chars")
    faces = ("sans", "serif", "vera")

    def columns(self, ctx: Ctx) -> list[Column]:
        w, wd = ctx.words, _words(ctx)
        ctx.opts["glued"] = glued = ctx.rng.random() < 0.4
        ctx.opts["rel"] = ctx.rng.uniform(0.02, 0.07)
        cols = [col("name", w["test"], 34), col("result", w["result"], 19 if glued else 12, "right")]
        if not glued:
            cols.append(col("u", wd["u"], 10, "right"))
        cols += [col("flag", "", 5, "center"), col("unit", w["unit"], 12), col("range", w["reference"], 18)]
        if ctx.rng.random() < 0.6:
            cols.append(col("method", wd["method"], 8))
        return cols

    def flags(self, ctx: Ctx) -> FlagStyle:
        return flag_style(ctx.rng.choice(["HL", "arrows"]), ctx.loc, ctx.rng)

    def item(self, ctx: Ctx, result, rstyle: RangeStyle | None) -> Item:
        it = make_item(result, ctx.case, rstyle)
        if result.value < 1000:
            it = replace(it, value_text=ctx.fmt(result.value, max(result.decimals, 2)))
        return it

    def cells(self, ctx: Ctx, item: Item, fs: FlagStyle | None) -> tuple[dict[str, Cell], str | None]:
        r = item.result
        d = max(r.decimals, 2) if r.value < 1000 else r.decimals
        u = ctx.fmt(max(r.value * float(ctx.opts["rel"]), 10.0 ** -d), d)  # type: ignore[arg-type]
        value = f"{item.value_text} ± {u}" if ctx.opts["glued"] else item.value_text
        mark = fs.mark(item.status) if fs else ""
        return ({"name": Cell([item.name]), "result": Cell([value]), "u": Cell([u], color=GREY),
                 "flag": Cell([mark], ctx.bold), "unit": Cell([item.unit or ""]),
                 "range": Cell(list(item.rng.lines) if item.rng else []),
                 "method": Cell([_METHODS[r.marker.panel]])}, fs.means(item.status) if fs else None)

    def finish(self, ctx: Ctx, page: Page, y: float) -> None:
        note = _words(ctx)["u_note"].format(acc=f"{ctx.rng.randrange(1000, 9999)}")
        lines = wrap_text(ctx, note, ctx.right - ctx.left, ctx.italic, ctx.size - 1)
        if y - (len(lines) + 1) * ctx.size * 1.3 < ctx.bottom:
            page = ctx.new_page()
            y = next_page_top(ctx, page, patient=False)
        for line in lines:
            y -= ctx.size * 1.3
            page.text(ctx.left, y, line, ctx.italic, ctx.size - 1)
        super().finish(ctx, page, y - 4)
