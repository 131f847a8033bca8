"""Danish (da): hospital and general-practice laboratory reports from Denmark (sundhed.dk answers, regional
clinical-biochemistry departments).

Sources: the Danish NPU (Nomenclature for Properties and Units) short names that Danish clinical biochemistry
prints (system prefix B- blood, P- plasma, S- serum), and the regions' laboratory handbooks (Laboratorievejledning).
"""

from __future__ import annotations

LOCALE = dict(
    test=["Analyse", "Undersøgelse", "Analysenavn", "Test"], result=["Resultat", "Svar", "Værdi"],
    unit=["Enhed"], reference=["Referenceinterval", "Ref.interval", "Referenceværdi", "Normalområde"],
    flag=["Markering", "Flag"], status=["Vurdering", "Status"], previous=["Forrige", "Tidligere resultat"],
    high=["Høj", "HØJ", "H", "forhøjet"], low=["Lav", "LAV", "L", "nedsat"], normal=["Normal", "normal"],
    critical=["Kritisk", "KRITISK"], ref_intro=["Referenceinterval:", "Ref:", "Ref.interval:"],
    upto=["< {}", "under {}", "højst {}"], below=["< {}", "under {}"], above=["> {}", "over {}"],
    range_words=[" - ", "–"], male=["Mænd", "M"], female=["Kvinder", "K"],
    sections={"cbc": ["Hæmatologi", "BLODSTATUS"], "diff": ["Differentialtælling"], "diabetes": ["Glukosestofskifte"],
              "lipids": ["Lipidstatus", "Kolesteroltal"], "kidney": ["Nyrefunktion"], "electrolytes": ["Elektrolytter"],
              "liver": ["Leverstatus", "Levertal"], "iron": ["Jernstatus"], "vitamins": ["Vitaminer"],
              "thyroid": ["Thyreoidea", "Stofskifte"], "inflammation": ["Inflammationsmarkører"],
              "coagulation": ["Koagulation"], "enzymes": ["Enzymer"], "hormones": ["Hormoner"], "tumour": ["Tumormarkører"]},
    labels={"name": ["Navn", "Patient", "Patientnavn"], "id": ["CPR-nr.", "CPR", "Rekv.nr"],
            "dob": ["Fødselsdato"], "age": ["Alder"], "sex": ["Køn"],
            "collected": ["Prøvetagningstid", "Prøve taget"], "reported": ["Svardato", "Udskrevet"],
            "physician": ["Rekvirent", "Læge"], "address": ["Adresse"], "phone": ["Telefon", "Tlf."],
            "accession": ["Prøvenummer", "Labnummer"], "specimen": ["Prøvemateriale", "Materiale"],
            "lab": ["Laboratorium"], "licence": ["DANAK reg. nr.", "CVR-nr."]},
    risk_words={"desirable": "Ønskværdig", "borderline": "Grænseværdi", "high": "Høj", "very_high": "Meget høj",
                "normal": "Normal", "prediabetes": "Prædiabetes", "diabetes": "Diabetes", "low": "Lav",
                "high_good": "Gunstig", "optimal": "Optimal", "near_optimal": "Næsten optimal"},
    method=["Metode"], sample=["Prøvemateriale", "Prøve"],
    specimens=["Serum", "EDTA-blod", "Citratplasma"],
    page=["Side {p} af {n}", "Side {p}/{n}"], continued=["(fortsat)", "Fortsættes på næste side"],
    comments=[
        "Kommentar: faste-glukose {glu} eller højere ved to målinger er forenelig med diabetes mellitus. "
        "Behandlingsmål for LDL-kolesterol under {ldl} ved meget høj risiko.",
        "Bemærk: prøven modtaget kl. {time} den {date}. Let hæmolyse; kalium over {k} skal kontrolleres med ny prøve.",
        "Resultaterne skal vurderes sammen med det kliniske billede. Spørgsmål: {phone}.",
    ],
    signature=["Godkendt af", "Ansvarlig læge"],
    report_titles=["LABORATORIESVAR", "Prøvesvar", "Klinisk biokemisk svar"], age_unit="{} år",
    sex_ranges=[("M: {}", "K: {}"), ("Mænd: {}", "Kvinder: {}")],
    extras=[("HBsAg", "negativ", None, "negativ"), ("Blodtype", "0 RhD pos", None, None),
            ("Troponin I hs", "<2,5", "ng/L", "<19,8"), ("Anti-HCV", "negativ", None, None)],
)

PHRASES = {
    "in_out": [("Inden for reference", "Uden for reference"), ("NORMAL", "AFVIGENDE")],
    "low_high": [("Nedre grænse", "Øvre grænse"), ("Min", "Maks")],
    "current": "Aktuelt", "time": "Tid", "code": "Kode", "validated": "Godkendt",
    "end": "*** SLUT PÅ SVARET ***",
    "watermarks": ["KOPI", "FORTROLIGT"], "stamp": "GODKENDT",
    "qr": "Scan for at bekræfte svaret", "portal": "Sundhedsportal - Prøvesvar",
    "printed": "Udskrevet", "abnormal": "*",
    "urine_title": ["Urinstix", "URINUNDERSØGELSE"],
    "urine": [("Farve", ["gul", "lysegul", "mørkegul"], "gul"), ("Udseende", ["klar", "let uklar"], "klar"),
              ("Protein", ["negativ", "spor", "1+", "2+"], "negativ"), ("Glukose", ["negativ", "spor", "1+"], "negativ"),
              ("Ketoner", ["negativ", "spor", "1+"], "negativ"), ("Blod", ["negativ", "spor", "1+", "2+"], "negativ"),
              ("Nitrit", ["negativ", "positiv"], "negativ"), ("Leukocytter", ["negativ", "spor", "1+"], "negativ"),
              ("Bilirubin", ["negativ"], "negativ"), ("Urobilinogen", ["normal"], "normal")],
    "urine_micro": [("Erytrocytter", ["0-2", "3-5", "5-10"], "/synsfelt", "0-2"),
                    ("Leukocytter", ["0-5", "5-10", "10-20"], "/synsfelt", "0-5"),
                    ("Epitelceller", ["enkelte", "moderat"], None, None), ("Cylindre", ["ingen"], None, None),
                    ("Bakterier", ["ingen", "enkelte", "+"], None, None)],
    "letter": ("Kære kollega,", "Vedrørende: {patient}, født {dob}",
               "Hermed svarene på blodprøverne taget {date}.",
               "{name} var {value} {unit} (reference {range}), {status}.",
               {"normal": "inden for referenceintervallet", "high": "over referenceintervallet",
                "low": "under referenceintervallet"},
               "Ved forrige kontrol var værdien {prev} {unit}.",
               "De fulde svar står i tabellen nedenfor. Med venlig hilsen,", "Oversigt over svarene"),
}

NAMES = {
    "wbc": ["Leukocytter", "B-Leukocytter", "Leukocyttal"], "rbc": ["Erytrocytter", "B-Erytrocytter"],
    "hemoglobin": ["Hæmoglobin", "B-Hæmoglobin", "Hb"], "hematocrit": ["Hæmatokrit", "B-Hæmatokrit"],
    "mcv": ["MCV", "B-MCV"], "mch": ["MCH", "B-MCH"], "mchc": ["MCHC", "B-MCHC"], "rdw": ["RDW", "B-RDW"],
    "platelets": ["Trombocytter", "B-Trombocytter"], "mpv": ["MPV"],
    "glucose": ["Glukose", "P-Glukose", "Faste-glukose"], "hba1c": ["HbA1c", "B-HbA1c"],
    "insulin": ["Insulin", "P-Insulin"], "total_cholesterol": ["Kolesterol", "P-Kolesterol", "Total-kolesterol"],
    "triglycerides": ["Triglycerid", "P-Triglycerid"], "hdl": ["HDL-kolesterol", "P-HDL-kolesterol"],
    "ldl": ["LDL-kolesterol", "P-LDL-kolesterol"], "alt": ["ALAT", "P-ALAT"], "ast": ["ASAT", "P-ASAT"],
    "alp": ["Basisk fosfatase", "P-Basisk fosfatase"], "ggt": ["GGT", "P-GGT"], "bilirubin_total": ["Bilirubin", "P-Bilirubin"],
    "bilirubin_direct": ["Bilirubin, konjugeret", "P-Bilirubin, konj."], "total_protein": ["Protein", "P-Protein"],
    "albumin": ["Albumin", "P-Albumin"], "bun": ["Urinstof-nitrogen (BUN)"], "bun@si": ["Carbamid", "P-Carbamid"],
    "creatinine": ["Kreatinin", "P-Kreatinin"], "egfr": ["eGFR", "eGFR (CKD-EPI)"], "uric_acid": ["Urat", "P-Urat"],
    "sodium": ["Natrium", "P-Natrium"], "potassium": ["Kalium", "P-Kalium"], "chloride": ["Chlorid", "P-Chlorid"],
    "bicarbonate": ["Hydrogencarbonat", "P-Hydrogencarbonat"], "calcium": ["Calcium", "P-Calcium"],
    "magnesium": ["Magnesium", "P-Magnesium"], "phosphorus": ["Fosfat", "P-Fosfat"], "tsh": ["TSH", "P-TSH"],
    "ft4": ["Thyroxin, frit", "P-Thyroxin (frit)"], "ft3": ["Triiodthyronin, frit", "P-T3 (frit)"], "iron": ["Jern", "P-Jern"],
    "ferritin": ["Ferritin", "P-Ferritin"], "tibc": ["TIBC", "Total jernbindingskapacitet (TIBC)"],
    "transferrin_saturation": ["Transferrinmætning", "Jernmætning"], "transferrin": ["Transferrin", "P-Transferrin"],
    "vitamin_b12": ["Cobalamin (B12)", "Vitamin B12"], "folate": ["Folat", "P-Folat"],
    "vitamin_d": ["25-OH-vitamin D", "D-vitamin (25-OH)"],
    "crp": ["CRP", "P-CRP"], "esr": ["SR", "B-Sænkningsreaktion"], "prothrombin_time": ["Koagulationsfaktor II+VII+X", "KFII+VII+X"],
    "inr": ["INR", "P-INR"], "aptt": ["APTT", "P-APTT"], "fibrinogen": ["Fibrinogen", "P-Fibrinogen"],
    "testosterone": ["Testosteron", "P-Testosteron"], "cortisol": ["Kortisol (morgen)", "P-Kortisol"],
    "prolactin": ["Prolaktin", "P-Prolaktin"], "ck": ["Kreatinkinase", "P-Kreatinkinase"], "ldh": ["Laktatdehydrogenase", "LDH"],
    "amylase": ["Amylase", "P-Amylase"], "lipase": ["Lipase", "P-Lipase"], "psa": ["PSA", "P-PSA"],
}
DIFF = {"cells": {"neut": "Neutrofilocytter", "lymph": "Lymfocytter", "mono": "Monocytter", "eos": "Eosinofilocytter",
                  "baso": "Basofilocytter"},
        "pct": ["{c} %", "{c}"], "abs": ["{c} #", "{c} (antal)"]}

PEOPLE = dict(
    first=(["Lars", "Jens", "Peter", "Søren", "Mads"], ["Anne", "Mette", "Kirsten", "Hanne", "Sofie"]),
    last=["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen"],
    city=("Nørregade {n}", "8{p3} Aarhus C", "## ## ## ##"),
    labs=["Klinisk Biokemisk Afdeling, Rigshospitalet", "Blodprøver og Biokemi, Aarhus Universitetshospital",
          "Klinisk Biokemi, Odense Universitetshospital"],
    doctor=("{t} {first} {last}", ("Læge", "Læge")), licence="DANAK reg. nr. {n4}",
    date_formats=["%d-%m-%Y", "%d.%m.%Y"],
)
DECIMAL_COMMA = 0.95

FAMILY_WORDS = {
    "email": (("Fra", "Sendt", "Til", "Emne", "VS"),  # forward headers, subject, greeting, disclaimer
              "Dine prøvesvar - henvisning {n}",
              "Hej {p}, her er dine prøvesvar fra {d}.",
              "FORTROLIGT: denne meddelelse er kun til modtageren (GDPR, art. 9). Hvis du har modtaget den ved en "
              "fejl, ring {phone} inden for 24 timer. Svarene gennemgås inden for 2-3 hverdage; åbent 8:00-15:30."),
    "pending": ["Afventer", "Se kommentar", "---", "Svar følger"],
    "summary_titles": ("Oversigt over afvigende svar", "Svar uden for referenceintervallet"),
    "legend": ("Resultatet bekræftet ved gentagen analyse", "Analysen er ikke akkrediteret",
               "Resultat uden for referenceintervallet"),
    "request": "Materiale: {s}   Prøve taget: {d}   Nr: {n}",
    "new_range": "Bemærk: nyt referenceinterval fra {d}: {r} {u}.",
    "portal": ("Analyse", "Din værdi", "Referenceinterval", "Endeligt svar", "Prøve taget {c} · Besvaret {r}"),
}
