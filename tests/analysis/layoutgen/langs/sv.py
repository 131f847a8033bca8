"""Swedish (sv): hospital and primary-care laboratory reports from Sweden (Danish and Norwegian forms are close).

Sources: the Swedish NPU (Nomenclature for Properties and Units) short names used by Swedish clinical chemistry
laboratories, and regional laboratory handbooks (provtagningsanvisningar).
"""

from __future__ import annotations

LOCALE = dict(
    test=["Analys", "Undersökning", "Analysnamn", "Test"], result=["Resultat", "Svar", "Värde"],
    unit=["Enhet"], reference=["Referensintervall", "Ref.intervall", "Referensvärde", "Normalvärde"],
    flag=["Flagga", "Markering"], status=["Bedömning", "Status"], previous=["Föregående", "Tidigare resultat"],
    high=["Hög", "HÖG", "H", "förhöjd"], low=["Låg", "LÅG", "L", "sänkt"], normal=["Normal", "normal"],
    critical=["Kritisk", "KRITISK"], ref_intro=["Referensintervall:", "Ref:", "Ref.intervall:"],
    upto=["< {}", "under {}", "högst {}"], below=["< {}", "under {}"], above=["> {}", "över {}"],
    range_words=[" - ", "–"], male=["Män", "M"], female=["Kvinnor", "K"],
    sections={"cbc": ["Blodstatus", "HEMATOLOGI"], "diff": ["Differentialräkning"], "diabetes": ["Glukosmetabolism"],
              "lipids": ["Lipidstatus", "Blodfetter"], "kidney": ["Njurfunktion"], "electrolytes": ["Elektrolyter"],
              "liver": ["Leverstatus", "Leverprover"], "iron": ["Järnstatus"], "vitamins": ["Vitaminer"],
              "thyroid": ["Tyreoidea", "Sköldkörtel"], "inflammation": ["Inflammationsmarkörer"],
              "coagulation": ["Koagulation"], "enzymes": ["Enzymer"], "hormones": ["Hormoner"], "tumour": ["Tumörmarkörer"]},
    labels={"name": ["Namn", "Patient", "Patientnamn"], "id": ["Personnummer", "Pat.nr", "Remissnr"],
            "dob": ["Födelsedatum"], "age": ["Ålder"], "sex": ["Kön"],
            "collected": ["Provtagningsdatum", "Provtaget"], "reported": ["Svarsdatum", "Utskrivet"],
            "physician": ["Remittent", "Beställare"], "address": ["Adress"], "phone": ["Telefon", "Tel."],
            "accession": ["Provnummer", "Labnummer"], "specimen": ["Provmaterial", "Material"],
            "lab": ["Laboratorium"], "licence": ["Swedac ackr. nr", "Org.nr"]},
    risk_words={"desirable": "Önskvärt", "borderline": "Gränsvärde", "high": "Högt", "very_high": "Mycket högt",
                "normal": "Normalt", "prediabetes": "Prediabetes", "diabetes": "Diabetes", "low": "Lågt",
                "high_good": "Gynnsamt", "optimal": "Optimalt", "near_optimal": "Nästan optimalt"},
    method=["Metod"], sample=["Provmaterial", "Prov"],
    specimens=["Serum", "EDTA-blod", "Citratplasma"],
    page=["Sida {p} av {n}", "Sida {p}/{n}"], continued=["(forts.)", "Fortsättning på nästa sida"],
    comments=[
        "Kommentar: fasteglukos {glu} eller högre vid två tillfällen talar för diabetes mellitus. "
        "Målvärde för LDL-kolesterol under {ldl} vid mycket hög risk.",
        "Obs: provet ankom kl. {time} den {date}. Lätt hemolys; kalium över {k} bör kontrolleras med nytt prov.",
        "Resultaten ska bedömas tillsammans med den kliniska bilden. Frågor: {phone}.",
    ],
    signature=["Vidimerat av", "Ansvarig läkare"],
    report_titles=["LABORATORIESVAR", "Provsvar", "Analyssvar klinisk kemi"], age_unit="{} år",
    sex_ranges=[("M: {}", "K: {}"), ("Män: {}", "Kvinnor: {}")],
    extras=[("HBsAg", "negativ", None, "negativ"), ("Blodgrupp", "0 RhD pos", None, None),
            ("Troponin I hs", "<2,5", "ng/L", "<19,8"), ("Anti-HCV", "negativ", None, None)],
)

PHRASES = {
    "in_out": [("Inom referens", "Utanför referens"), ("NORMAL", "AVVIKANDE")],
    "low_high": [("Undre gräns", "Övre gräns"), ("Min", "Max")],
    "current": "Aktuellt", "time": "Tid", "code": "Kod", "validated": "Vidimerat",
    "end": "*** SLUT PÅ SVARET ***",
    "watermarks": ["KOPIA", "KONFIDENTIELLT"], "stamp": "GRANSKAT",
    "qr": "Skanna för att verifiera svaret", "portal": "Patientportal - Provsvar",
    "printed": "Utskrivet", "abnormal": "*",
    "urine_title": ["Urinsticka", "URINANALYS"],
    "urine": [("Färg", ["gul", "ljusgul", "mörkgul"], "gul"), ("Utseende", ["klar", "lätt grumlig"], "klar"),
              ("Protein", ["negativ", "spår", "1+", "2+"], "negativ"), ("Glukos", ["negativ", "spår", "1+"], "negativ"),
              ("Ketoner", ["negativ", "spår", "1+"], "negativ"), ("Blod", ["negativ", "spår", "1+", "2+"], "negativ"),
              ("Nitrit", ["negativ", "positiv"], "negativ"), ("Leukocyter", ["negativ", "spår", "1+"], "negativ"),
              ("Bilirubin", ["negativ"], "negativ"), ("Urobilinogen", ["normal"], "normal")],
    "urine_micro": [("Erytrocyter", ["0-2", "3-5", "5-10"], "/synfält", "0-2"),
                    ("Leukocyter", ["0-5", "5-10", "10-20"], "/synfält", "0-5"),
                    ("Epitelceller", ["enstaka", "måttligt"], None, None), ("Cylindrar", ["inga"], None, None),
                    ("Bakterier", ["inga", "enstaka", "+"], None, None)],
    "letter": ("Bästa kollega,", "Angående: {patient}, född {dob}",
               "Här följer svaren på blodproverna tagna {date}.",
               "{name} var {value} {unit} (referens {range}), {status}.",
               {"normal": "inom referensintervallet", "high": "över referensintervallet", "low": "under referensintervallet"},
               "Vid föregående kontroll var värdet {prev} {unit}.",
               "Fullständiga svar finns i tabellen nedan. Med vänlig hälsning,", "Sammanställning av svaren"),
}

NAMES = {
    "wbc": ["Leukocyter", "B-Leukocyter", "LPK"], "rbc": ["Erytrocyter", "B-Erytrocyter", "EPK"],
    "hemoglobin": ["Hemoglobin", "B-Hemoglobin (Hb)", "Hb"], "hematocrit": ["Hematokrit", "B-EVF"],
    "mcv": ["MCV", "B-MCV"], "mch": ["MCH", "B-MCH"], "mchc": ["MCHC", "B-MCHC"], "rdw": ["RDW", "B-RDW"],
    "platelets": ["Trombocyter", "B-Trombocyter", "TPK"], "mpv": ["MPV"],
    "glucose": ["Glukos", "P-Glukos", "Fasteglukos"], "hba1c": ["HbA1c", "B-HbA1c"],
    "insulin": ["Insulin", "S-Insulin"], "total_cholesterol": ["Kolesterol", "P-Kolesterol", "Totalkolesterol"],
    "triglycerides": ["Triglycerider", "P-Triglycerider"], "hdl": ["HDL-kolesterol", "P-HDL-kolesterol"],
    "ldl": ["LDL-kolesterol", "P-LDL-kolesterol"], "alt": ["ALAT", "P-ALAT"], "ast": ["ASAT", "P-ASAT"],
    "alp": ["ALP", "P-ALP"], "ggt": ["GT", "P-GT"], "bilirubin_total": ["Bilirubin", "P-Bilirubin"],
    "bilirubin_direct": ["Bilirubin, konjugerat", "P-Bilirubin, konj."], "total_protein": ["Protein", "P-Protein"],
    "albumin": ["Albumin", "P-Albumin"], "bun": ["Ureakväve (BUN)"], "bun@si": ["Urea", "P-Urea"],
    "creatinine": ["Kreatinin", "P-Kreatinin"], "egfr": ["eGFR", "eGFR (CKD-EPI)"], "uric_acid": ["Urat", "P-Urat"],
    "sodium": ["Natrium", "P-Natrium"], "potassium": ["Kalium", "P-Kalium"], "chloride": ["Klorid", "P-Klorid"],
    "bicarbonate": ["Bikarbonat", "P-Standardbikarbonat"], "calcium": ["Kalcium", "P-Kalcium"],
    "magnesium": ["Magnesium", "P-Magnesium"], "phosphorus": ["Fosfat", "P-Fosfat"], "tsh": ["TSH", "S-TSH"],
    "ft4": ["Fritt T4", "S-FT4"], "ft3": ["Fritt T3", "S-FT3"], "iron": ["Järn", "S-Järn"],
    "ferritin": ["Ferritin", "S-Ferritin"], "tibc": ["TIBC", "Total järnbindande kapacitet (TIBC)"],
    "transferrin_saturation": ["Transferrinmättnad", "Järnmättnad"], "transferrin": ["Transferrin", "S-Transferrin"],
    "vitamin_b12": ["Kobalamin (B12)", "Vitamin B12"], "folate": ["Folat", "S-Folat"], "vitamin_d": ["25-OH vitamin D", "D-vitamin (25-OH)"],
    "crp": ["CRP", "P-CRP"], "esr": ["SR", "B-SR"], "prothrombin_time": ["PK", "Protrombinkomplex (PK)"],
    "inr": ["PK(INR)", "INR"], "aptt": ["APTT", "P-APTT"], "fibrinogen": ["Fibrinogen", "P-Fibrinogen"],
    "testosterone": ["Testosteron", "S-Testosteron"], "cortisol": ["Kortisol (morgon)", "S-Kortisol"],
    "prolactin": ["Prolaktin", "S-Prolaktin"], "ck": ["CK", "P-CK"], "ldh": ["LD", "P-LD"],
    "amylase": ["Amylas", "P-Amylas"], "lipase": ["Lipas", "P-Lipas"], "psa": ["PSA", "S-PSA"],
}
DIFF = {"cells": {"neut": "Neutrofila", "lymph": "Lymfocyter", "mono": "Monocyter", "eos": "Eosinofila", "baso": "Basofila"},
        "pct": ["{c} %", "{c}"], "abs": ["{c} #", "{c} (antal)"]}

PEOPLE = dict(
    first=(["Erik", "Lars", "Karl", "Anders", "Johan"], ["Anna", "Eva", "Maria", "Karin", "Sara"]),
    last=["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson"],
    city=("Storgatan {n}", "411 {p2} Göteborg", "031-### ## ##"),
    labs=["Klinisk kemi, Sahlgrenska Universitetssjukhuset", "Unilabs Laboratoriemedicin", "Karolinska Universitetslaboratoriet"],
    doctor=("{t} {first} {last}", ("Dr", "Dr")), licence="Swedac ackr. nr {n4}",
    date_formats=["%Y-%m-%d"],
)
DECIMAL_COMMA = 0.9

FAMILY_WORDS = {
    "email": (("Från", "Skickat", "Till", "Ämne", "VB"),  # forward headers, subject, greeting, disclaimer
              "Dina labbsvar - remiss {n}",
              "Hej {p}, nedan finns dina provsvar från {d}.",
              "KONFIDENTIELLT: detta meddelande är endast avsett för mottagaren (GDPR, art. 9). Om du fått det av "
              "misstag, ring {phone} inom 24 timmar. Svaren granskas inom 2-3 arbetsdagar; öppettider 8:00-17:30."),
    "pending": ["Pågår", "Se kommentar", "---", "Svar kommer"],
    "summary_titles": ("Sammanställning av avvikande svar", "Svar utanför referensintervallet"),
    "legend": ("Resultatet bekräftat vid omkörning", "Analysen är inte ackrediterad", "Resultat utanför referensintervallet"),
    "request": "Material: {s}   Provtaget: {d}   Nr: {n}",
    "new_range": "Obs: nytt referensintervall från {d}: {r} {u}.",
    "portal": ("Analys", "Ditt värde", "Referensintervall", "Slutligt svar", "Provtaget {c} · Besvarat {r}"),
}
