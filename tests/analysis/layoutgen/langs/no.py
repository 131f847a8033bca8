"""Norwegian (no, bokmål): hospital and general-practice laboratory reports from Norway.

Sources: the Norwegian laboratory code list (Norsk laboratoriekodeverk, NLK) short names that Norwegian medical
biochemistry departments print, and the hospitals' laboratory handbooks (Brukerhåndbok i medisinsk biokjemi).
"""

from __future__ import annotations

LOCALE = dict(
    test=["Analyse", "Undersøkelse", "Analysenavn", "Test"], result=["Resultat", "Svar", "Verdi"],
    unit=["Enhet"], reference=["Referanseområde", "Ref.område", "Referanseverdi", "Normalområde"],
    flag=["Markering", "Flagg"], status=["Vurdering", "Status"], previous=["Forrige", "Tidligere resultat"],
    high=["Høy", "HØY", "H", "forhøyet"], low=["Lav", "LAV", "L", "redusert"], normal=["Normal", "normal"],
    critical=["Kritisk", "KRITISK"], ref_intro=["Referanseområde:", "Ref:", "Ref.område:"],
    upto=["< {}", "under {}", "høyst {}"], below=["< {}", "under {}"], above=["> {}", "over {}"],
    range_words=[" - ", "–"], male=["Menn", "M"], female=["Kvinner", "K"],
    sections={"cbc": ["Hematologi", "BLODSTATUS"], "diff": ["Differensialtelling"], "diabetes": ["Glukosemetabolisme"],
              "lipids": ["Lipidstatus", "Kolesterol"], "kidney": ["Nyrefunksjon"], "electrolytes": ["Elektrolytter"],
              "liver": ["Leverprøver", "Leverstatus"], "iron": ["Jernstatus"], "vitamins": ["Vitaminer"],
              "thyroid": ["Thyreoidea", "Stoffskifte"], "inflammation": ["Betennelsesmarkører"],
              "coagulation": ["Koagulasjon"], "enzymes": ["Enzymer"], "hormones": ["Hormoner"], "tumour": ["Tumormarkører"]},
    labels={"name": ["Navn", "Pasient", "Pasientnavn"], "id": ["Fødselsnummer", "Pas.nr", "Rekv.nr"],
            "dob": ["Fødselsdato"], "age": ["Alder"], "sex": ["Kjønn"],
            "collected": ["Prøvetatt", "Prøvetakingstid"], "reported": ["Besvart", "Utskrevet"],
            "physician": ["Rekvirent", "Lege"], "address": ["Adresse"], "phone": ["Telefon", "Tlf."],
            "accession": ["Prøvenummer", "Labnummer"], "specimen": ["Prøvemateriale", "Materiale"],
            "lab": ["Laboratorium"], "licence": ["Akkreditert TEST nr.", "Org.nr."]},
    risk_words={"desirable": "Ønskelig", "borderline": "Grenseverdi", "high": "Høy", "very_high": "Svært høy",
                "normal": "Normal", "prediabetes": "Prediabetes", "diabetes": "Diabetes", "low": "Lav",
                "high_good": "Gunstig", "optimal": "Optimal", "near_optimal": "Nesten optimal"},
    method=["Metode"], sample=["Prøvemateriale", "Prøve"],
    specimens=["Serum", "EDTA-blod", "Citratplasma"],
    page=["Side {p} av {n}", "Side {p}/{n}"], continued=["(fortsetter)", "Fortsetter på neste side"],
    comments=[
        "Kommentar: fastende glukose {glu} eller høyere ved to anledninger er forenlig med diabetes mellitus. "
        "Behandlingsmål for LDL-kolesterol under {ldl} ved svært høy risiko.",
        "Merk: prøven mottatt kl. {time} den {date}. Lett hemolyse; kalium over {k} bør kontrolleres med ny prøve.",
        "Resultatene må vurderes sammen med det kliniske bildet. Spørsmål: {phone}.",
    ],
    signature=["Godkjent av", "Ansvarlig lege"],
    report_titles=["LABORATORIESVAR", "Prøvesvar", "Svarrapport medisinsk biokjemi"], age_unit="{} år",
    sex_ranges=[("M: {}", "K: {}"), ("Menn: {}", "Kvinner: {}")],
    extras=[("HBsAg", "negativ", None, "negativ"), ("Blodtype", "0 RhD pos", None, None),
            ("Troponin I hs", "<2,5", "ng/L", "<19,8"), ("Anti-HCV", "negativ", None, None)],
)

PHRASES = {
    "in_out": [("Innenfor referanse", "Utenfor referanse"), ("NORMAL", "AVVIKENDE")],
    "low_high": [("Nedre grense", "Øvre grense"), ("Min", "Maks")],
    "current": "Aktuelt", "time": "Tid", "code": "Kode", "validated": "Godkjent",
    "end": "*** SLUTT PÅ SVARET ***",
    "watermarks": ["KOPI", "KONFIDENSIELT"], "stamp": "GODKJENT",
    "qr": "Skann for å bekrefte svaret", "portal": "Helsenorge - Prøvesvar",
    "printed": "Utskrevet", "abnormal": "*",
    "urine_title": ["Urinstiks", "URINUNDERSØKELSE"],
    "urine": [("Farge", ["gul", "lysegul", "mørkegul"], "gul"), ("Utseende", ["klar", "lett uklar"], "klar"),
              ("Protein", ["negativ", "spor", "1+", "2+"], "negativ"), ("Glukose", ["negativ", "spor", "1+"], "negativ"),
              ("Ketoner", ["negativ", "spor", "1+"], "negativ"), ("Blod", ["negativ", "spor", "1+", "2+"], "negativ"),
              ("Nitritt", ["negativ", "positiv"], "negativ"), ("Leukocytter", ["negativ", "spor", "1+"], "negativ"),
              ("Bilirubin", ["negativ"], "negativ"), ("Urobilinogen", ["normal"], "normal")],
    "urine_micro": [("Erytrocytter", ["0-2", "3-5", "5-10"], "/synsfelt", "0-2"),
                    ("Leukocytter", ["0-5", "5-10", "10-20"], "/synsfelt", "0-5"),
                    ("Epitelceller", ["enkelte", "moderat"], None, None), ("Sylindre", ["ingen"], None, None),
                    ("Bakterier", ["ingen", "enkelte", "+"], None, None)],
    "letter": ("Kjære kollega,", "Angående: {patient}, født {dob}",
               "Her følger svarene på blodprøvene tatt {date}.",
               "{name} var {value} {unit} (referanse {range}), {status}.",
               {"normal": "innenfor referanseområdet", "high": "over referanseområdet", "low": "under referanseområdet"},
               "Ved forrige kontroll var verdien {prev} {unit}.",
               "Fullstendige svar står i tabellen nedenfor. Med vennlig hilsen,", "Oversikt over svarene"),
}

NAMES = {
    "wbc": ["Leukocytter", "B-Leukocytter", "LPK"], "rbc": ["Erytrocytter", "B-Erytrocytter", "EPK"],
    "hemoglobin": ["Hemoglobin", "B-Hemoglobin", "Hb"], "hematocrit": ["Hematokrit", "B-EVF"],
    "mcv": ["MCV", "B-MCV"], "mch": ["MCH", "B-MCH"], "mchc": ["MCHC", "B-MCHC"], "rdw": ["RDW", "B-RDW"],
    "platelets": ["Trombocytter", "B-Trombocytter", "TPK"], "mpv": ["MPV"],
    "glucose": ["Glukose", "P-Glukose", "Fastende glukose"], "hba1c": ["HbA1c", "B-HbA1c"],
    "insulin": ["Insulin", "S-Insulin"], "total_cholesterol": ["Kolesterol", "S-Kolesterol", "Totalkolesterol"],
    "triglycerides": ["Triglyserider", "S-Triglyserider"], "hdl": ["HDL-kolesterol", "S-HDL-kolesterol"],
    "ldl": ["LDL-kolesterol", "S-LDL-kolesterol"], "alt": ["ALAT", "S-ALAT"], "ast": ["ASAT", "S-ASAT"],
    "alp": ["ALP", "S-ALP"], "ggt": ["GT", "S-GT"], "bilirubin_total": ["Bilirubin", "S-Bilirubin"],
    "bilirubin_direct": ["Bilirubin, konjugert", "S-Bilirubin, konj."], "total_protein": ["Protein", "S-Protein"],
    "albumin": ["Albumin", "S-Albumin"], "bun": ["Urea-nitrogen (BUN)"], "bun@si": ["Urea", "S-Urea"],
    "creatinine": ["Kreatinin", "S-Kreatinin"], "egfr": ["eGFR", "eGFR (CKD-EPI)"], "uric_acid": ["Urat", "S-Urat"],
    "sodium": ["Natrium", "S-Natrium"], "potassium": ["Kalium", "S-Kalium"], "chloride": ["Klorid", "S-Klorid"],
    "bicarbonate": ["Bikarbonat", "S-Bikarbonat"], "calcium": ["Kalsium", "S-Kalsium"],
    "magnesium": ["Magnesium", "S-Magnesium"], "phosphorus": ["Fosfat", "S-Fosfat"], "tsh": ["TSH", "S-TSH"],
    "ft4": ["Fritt T4", "S-FT4"], "ft3": ["Fritt T3", "S-FT3"], "iron": ["Jern", "S-Jern"],
    "ferritin": ["Ferritin", "S-Ferritin"], "tibc": ["TIBC", "Total jernbindingskapasitet (TIBC)"],
    "transferrin_saturation": ["Transferrinmetning", "Jernmetning"], "transferrin": ["Transferrin", "S-Transferrin"],
    "vitamin_b12": ["Kobalamin (B12)", "Vitamin B12"], "folate": ["Folat", "S-Folat"],
    "vitamin_d": ["25-OH vitamin D", "D-vitamin (25-OH)"],
    "crp": ["CRP", "S-CRP"], "esr": ["SR", "B-SR"], "prothrombin_time": ["Protrombintid", "Protrombinkompleks"],
    "inr": ["PT-INR", "INR"], "aptt": ["APTT", "P-APTT"], "fibrinogen": ["Fibrinogen", "P-Fibrinogen"],
    "testosterone": ["Testosteron", "S-Testosteron"], "cortisol": ["Kortisol (morgen)", "S-Kortisol"],
    "prolactin": ["Prolaktin", "S-Prolaktin"], "ck": ["CK", "S-CK"], "ldh": ["LD", "S-LD"],
    "amylase": ["Amylase", "S-Amylase"], "lipase": ["Lipase", "S-Lipase"], "psa": ["PSA", "S-PSA"],
}
DIFF = {"cells": {"neut": "Nøytrofile", "lymph": "Lymfocytter", "mono": "Monocytter", "eos": "Eosinofile",
                  "baso": "Basofile"},
        "pct": ["{c} %", "{c}"], "abs": ["{c} #", "{c} (antall)"]}

PEOPLE = dict(
    first=(["Ole", "Lars", "Knut", "Per", "Magnus"], ["Ingrid", "Kari", "Anne", "Marit", "Nora"]),
    last=["Hansen", "Johansen", "Olsen", "Larsen", "Berg"],
    city=("Storgata {n}", "0{p3} Oslo", "## ## ## ##"),
    labs=["Avdeling for medisinsk biokjemi, Oslo universitetssykehus", "Fürst Medisinsk Laboratorium",
          "Laboratorieklinikken, Haukeland universitetssjukehus"],
    doctor=("{t} {first} {last}", ("Lege", "Lege")), licence="Akkreditert TEST nr. {n4}",
    date_formats=["%d.%m.%Y"],
)
DECIMAL_COMMA = 0.95

FAMILY_WORDS = {
    "email": (("Fra", "Sendt", "Til", "Emne", "VS"),  # forward headers, subject, greeting, disclaimer
              "Dine prøvesvar - henvisning {n}",
              "Hei {p}, her er prøvesvarene dine fra {d}.",
              "KONFIDENSIELT: denne meldingen er kun ment for mottakeren (GDPR, art. 9). Har du mottatt den ved en "
              "feil, ring {phone} innen 24 timer. Svarene gjennomgås innen 2-3 virkedager; åpent 8:00-15:30."),
    "pending": ["Under arbeid", "Se kommentar", "---", "Svar kommer"],
    "summary_titles": ("Oversikt over avvikende svar", "Svar utenfor referanseområdet"),
    "legend": ("Resultatet bekreftet ved ny analyse", "Analysen er ikke akkreditert", "Resultat utenfor referanseområdet"),
    "request": "Materiale: {s}   Prøvetatt: {d}   Nr: {n}",
    "new_range": "Merk: nytt referanseområde fra {d}: {r} {u}.",
    "portal": ("Analyse", "Din verdi", "Referanseområde", "Endelig svar", "Prøvetatt {c} · Besvart {r}"),
}
