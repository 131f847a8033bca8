"""A lab result pasted into an e-mail and printed to PDF: forward headers, plain lines, long disclaimers."""

from __future__ import annotations

from datetime import timedelta

from tests.analysis.layoutgen import blocks
from tests.analysis.layoutgen.canvas import GREY
from tests.analysis.layoutgen.context import Ctx
from tests.analysis.layoutgen.families.lines import LineFlow
from tests.analysis.layoutgen.family import Family, register
from tests.analysis.layoutgen.langs import family_words
from tests.analysis.layoutgen.people import fmt_date
from tests.analysis.layoutgen.printing import TruthRow, choose_range_style, flag_style, make_item

# The forwarded message's header labels: From, Sent, To, Subject, and the forward prefix.
HEADERS = {"en": ("From", "Sent", "To", "Subject", "FW"), "es": ("De", "Enviado el", "Para", "Asunto", "RV"),
           "pt": ("De", "Enviada em", "Para", "Assunto", "ENC"), "fr": ("De", "Envoyé", "À", "Objet", "TR"),
           "it": ("Da", "Inviato", "A", "Oggetto", "I"), "de": ("Von", "Gesendet", "An", "Betreff", "WG"),
           "id": ("Dari", "Dikirim", "Kepada", "Perihal", "FW"), "zh": ("发件人", "发送时间", "收件人", "主题", "转发")}
SUBJECT = {"en": "Your lab results - request {n}", "es": "Sus resultados de laboratorio - petición {n}",
           "pt": "Seus resultados de exames - pedido {n}", "fr": "Vos résultats d'analyses - dossier {n}",
           "it": "I suoi referti di laboratorio - richiesta {n}", "de": "Ihre Laborwerte - Auftrag {n}",
           "id": "Hasil laboratorium Anda - permintaan {n}", "zh": "您的检验结果 - 申请单 {n}"}
GREETING = {"en": "Hi {p}, please find your results from {d} below.",
            "es": "Hola {p}, a continuación sus resultados del {d}.",
            "pt": "Olá {p}, seguem abaixo os seus resultados de {d}.",
            "fr": "Bonjour {p}, veuillez trouver ci-dessous vos résultats du {d}.",
            "it": "Gentile {p}, di seguito i risultati del {d}.",
            "de": "Hallo {p}, anbei Ihre Ergebnisse vom {d}.",
            "id": "Halo {p}, berikut hasil pemeriksaan Anda tanggal {d}.",
            "zh": "{p} 您好，以下是您 {d} 的检验结果。"}
# Disclaimers full of numbers (phone numbers, hours, sections of laws, dates): never results.
DISCLAIMER = {
    "en": "CONFIDENTIALITY NOTICE: This e-mail and any attachments are for the sole use of the intended recipient and "
          "may contain information protected under 45 CFR 164.512. If you received it in error, call {phone} within "
          "24 hours and delete all 3 copies. Results are reviewed within 2-3 business days; values flagged H or L are "
          "outside the 95 % reference interval. Office hours 8:00-17:30, Monday to Friday.",
    "es": "AVISO DE CONFIDENCIALIDAD: Este correo y sus anexos son para uso exclusivo del destinatario (Ley 41/2002). "
          "Si lo recibió por error, llame al {phone} en 24 horas. Los resultados se revisan en 2-3 días hábiles; "
          "horario 8:00-17:30.",
    "pt": "AVISO DE CONFIDENCIALIDADE: Esta mensagem é destinada exclusivamente ao destinatário (Lei 13.709/2018). "
          "Se a recebeu por engano, ligue {phone} em 24 horas. Resultados revistos em 2-3 dias úteis; horário 8:00-17:30.",
    "fr": "AVIS DE CONFIDENTIALITÉ : ce message est destiné exclusivement à son destinataire (article L.1110-4 du CSP). "
          "Si vous l'avez reçu par erreur, appelez le {phone} sous 24 heures. Résultats revus sous 2-3 jours ouvrés ; "
          "horaires 8h00-17h30.",
    "it": "AVVISO DI RISERVATEZZA: questo messaggio è destinato esclusivamente al destinatario (D.Lgs. 196/2003). "
          "Se ricevuto per errore chiamare il {phone} entro 24 ore. Referti verificati in 2-3 giorni lavorativi; "
          "orario 8:00-17:30.",
    "de": "VERTRAULICHKEITSHINWEIS: Diese E-Mail ist ausschließlich für den Empfänger bestimmt (§ 203 StGB). "
          "Falls Sie sie irrtümlich erhalten haben, rufen Sie {phone} innerhalb von 24 Stunden an. Befunde werden in "
          "2-3 Werktagen geprüft; Sprechzeiten 8:00-17:30.",
    "id": "PEMBERITAHUAN KERAHASIAAN: Email ini hanya untuk penerima yang dituju (UU No. 27 Tahun 2022). Jika Anda "
          "menerimanya karena kesalahan, hubungi {phone} dalam 24 jam. Hasil ditinjau dalam 2-3 hari kerja; "
          "jam layanan 8:00-17:30.",
    "zh": "保密声明：本邮件仅供指定收件人使用（依据《个人信息保护法》第 28 条）。如误收，请于 24 小时内致电 {phone}。"
          "结果将在 2-3 个工作日内复核；服务时间 8:00-17:30。",
}


for _lang, (_heads, _subject, _greeting, _disclaimer) in family_words("email").items():   # the further languages
    HEADERS[_lang], SUBJECT[_lang], GREETING[_lang], DISCLAIMER[_lang] = _heads, _subject, _greeting, _disclaimer


@register
class PlainEmail(Family):
    name = "plain_email"
    summary = ("a lab result pasted into an e-mail and printed to PDF: forward headers (From:, Sent:, To:, Subject: "
               "FW: ... request number) at the top, a greeting with the date, then one result per line in a "
               "proportional font without any grid ('HEMOGLOBIN A1C  6.1 %  (4.0 - 5.6)  H'), the gaps of two to "
               "four spaces, collapsed to single spaces on some lines (tabs lost in the paste), names upper case on "
               "some reports; panel titles; long confidentiality disclaimers full of numbers")
    orders = ("reading", "words")
    faces = ("sans", "serif")
    sizes = (9.0, 11.0)
    rewrites_names = True

    def draw(self, ctx: Ctx) -> list[TruthRow]:
        rng, loc, h, lang = ctx.rng, ctx.loc, ctx.case.header, ctx.case.lang
        page = ctx.new_page()
        frm, sent, to, subj, fw = HEADERS[lang]
        when = fmt_date(h.reported + timedelta(hours=rng.randrange(1, 30)), lang, time=True)
        lines = [(f"{frm}: {h.lab_name} <results@{h.lab_name.split()[0].lower()}.example.org>", ctx.regular),
                 (f"{sent}: {when}", ctx.regular), (f"{to}: {h.patient.full(lang)}", ctx.regular),
                 (f"{subj}: {fw}: {SUBJECT[lang].format(n=h.accession)}", ctx.bold)]
        y = ctx.top
        for text, font in lines:
            y -= ctx.size + 3
            page.text(ctx.left, y, text, font, ctx.size)
        y -= 6
        page.line(ctx.left, y, ctx.right, y, 0.5, GREY)
        y -= ctx.size + 8
        greet = GREETING[lang].format(p=h.patient.full(lang), d=fmt_date(h.collected, lang))
        for ln in ctx.wrap(greet, ctx.right - ctx.left):
            page.text(ctx.left, y, ln, ctx.regular, ctx.size)
            y -= ctx.size + 3
        if rng.random() < 0.6:  # the patient fields copied in as 'Label: value' lines
            for label, value in blocks.patient_fields(ctx)[1:6]:
                y -= ctx.size + 2
                page.text(ctx.left, y, f"{label}: {value}", ctx.regular, ctx.size)
        flow = LineFlow(ctx, page, y - 6, ctx.size * rng.choice([1.4, 1.6]))
        rstyle = choose_range_style(rng, loc, wrap=rng.choice([("(", ")"), ("", ""), ("[", "]")]), zero_low=False)
        fs = flag_style(rng.choice(["HL", "WORD"]), loc, rng)
        upper = rng.random() < 0.5
        collapse = rng.choice([0.0, 0.2, 0.4])
        rows: list[TruthRow] = []
        for panel, results in ctx.case.panels():
            y = flow.next(extra=ctx.size * 0.5)
            flow.page.text(ctx.left, y, blocks.section_title(ctx, panel).upper(), ctx.bold, ctx.size)
            for r in results:
                it = make_item(r, ctx.case, rstyle, name=r.name.upper() if upper else r.name)
                mark = fs.mark(it.status)
                parts = [it.name, f"{it.value_text} {it.unit}" if it.unit else it.value_text]
                if it.rng:
                    parts.append(it.rng.text)
                if mark:
                    parts.append(mark)
                gap = " " if rng.random() < collapse else " " * rng.randint(2, 4)
                y = flow.next()
                flow.page.text(ctx.left, y, gap.join(parts), ctx.regular, ctx.size)
                rows.append(it.truth(ctx.case.numbers, fs.means(it.status)))
        y = flow.next(extra=ctx.size)
        for e in ctx.case.extras:
            y = flow.next()
            flow.page.text(ctx.left, y, f"{e.name.upper() if upper else e.name}   {e.text}", ctx.regular, ctx.size)
        for text in (blocks.notes_text(ctx), DISCLAIMER[lang].format(phone=h.lab_phone)):
            y = flow.next(extra=ctx.size)
            for ln in ctx.wrap(text, ctx.right - ctx.left, ctx.regular, ctx.size - 1):
                y = flow.next()
                flow.page.text(ctx.left, y, ln, ctx.regular, ctx.size - 1, color=GREY)
        for i, p in enumerate(ctx.doc.pages, 1):   # the mail client's print footer
            p.text(ctx.right, ctx.margin - 4, f"{i}", ctx.regular, ctx.size - 2, align="right")
        return rows
