"""Dutch (nl): Dutch and Flemish hospital and general-practice laboratory reports.

Sources: the NVKC (Nederlandse Vereniging voor Klinische Chemie) test names and the Dutch national
laboratory reference list (NHG-Labcodetabel), hospital laboratory handbooks (Dutch/Flemish).
"""

from __future__ import annotations

LOCALE = dict(
    test=["Bepaling", "Onderzoek", "Test", "Analyse"], result=["Uitslag", "Resultaat", "Waarde"],
    unit=["Eenheid", "Eenheden"], reference=["Referentiewaarden", "Referentie", "Normaalwaarden", "Referentiegebied"],
    flag=["Vlag", "Markering"], status=["Status", "Afwijking"], previous=["Vorige uitslag", "Vorige"],
    high=["Hoog", "HOOG", "H", "verhoogd"], low=["Laag", "LAAG", "L", "verlaagd"], normal=["Normaal", "normaal"],
    critical=["Kritiek", "KRITIEK"], ref_intro=["Referentie:", "Ref.:", "Normaal:"],
    upto=["tot {}", "< {}", "kleiner dan {}"], below=["< {}", "kleiner dan {}"], above=["> {}", "groter dan {}"],
    range_words=[" - ", " tot "], male=["Man", "M"], female=["Vrouw", "V"],
    sections={"cbc": ["Hematologie", "Bloedbeeld", "HEMATOLOGIE"], "diff": ["Leukocytendifferentiatie"],
              "diabetes": ["Glucosestofwisseling"], "lipids": ["Lipidenprofiel", "Lipiden"], "kidney": ["Nierfunctie"],
              "electrolytes": ["Elektrolyten"], "liver": ["Leverfunctie", "Leverenzymen"], "iron": ["IJzerstofwisseling"],
              "vitamins": ["Vitaminen"], "thyroid": ["Schildklierfunctie"], "inflammation": ["Ontstekingsparameters"],
              "coagulation": ["Stolling"], "enzymes": ["Enzymen"], "hormones": ["Hormonen"], "tumour": ["Tumormarkers"]},
    labels={"name": ["Naam", "Patiënt", "Naam patiënt"], "id": ["Patiëntnummer", "BSN", "Labnummer"],
            "dob": ["Geboortedatum", "Geb. datum"], "age": ["Leeftijd"], "sex": ["Geslacht"],
            "collected": ["Afnamedatum", "Datum afname"], "reported": ["Datum uitslag", "Rapportdatum"],
            "physician": ["Aanvrager", "Huisarts"], "address": ["Adres"], "phone": ["Telefoon", "Tel."],
            "accession": ["Aanvraagnummer", "Ordernummer"], "specimen": ["Materiaal", "Monster"],
            "lab": ["Laboratorium"], "licence": ["AGB-code", "RvA-nummer"]},
    risk_words={"desirable": "Gewenst", "borderline": "Grenswaarde", "high": "Hoog", "very_high": "Zeer hoog",
                "normal": "Normaal", "prediabetes": "Prediabetes", "diabetes": "Diabetes", "low": "Laag",
                "high_good": "Gunstig", "optimal": "Optimaal", "near_optimal": "Bijna optimaal"},
    method=["Methode", "Meetmethode"], sample=["Materiaal", "Monster"],
    specimens=["Serum", "EDTA-bloed", "Citraatplasma"],
    page=["Pagina {p} van {n}", "Blz. {p}/{n}"], continued=["(vervolg)", "Vervolg op volgende pagina"],
    comments=[
        "Opmerking: een nuchtere glucose van {glu} of hoger bij twee metingen past bij diabetes mellitus. "
        "Streefwaarde LDL-cholesterol lager dan {ldl} bij zeer hoog risico.",
        "Let op: monster ontvangen om {time} op {date}. Lichte hemolyse; kalium boven {k} graag controleren.",
        "Uitslagen beoordelen in samenhang met de kliniek. Vragen: {phone}.",
    ],
    signature=["Geautoriseerd door", "Klinisch chemicus"],
    report_titles=["LABORATORIUMUITSLAGEN", "Uitslagenoverzicht", "Laboratoriumrapport"], age_unit="{} jaar",
    sex_ranges=[("M: {}", "V: {}"), ("Mannen: {}", "Vrouwen: {}")],
    extras=[("HBsAg", "negatief", None, "negatief"), ("Bloedgroep", "O Rh positief", None, None),
            ("Troponine T hs", "<5", "ng/L", "<14"), ("Anti-HCV", "negatief", None, None)],
)

PHRASES = {
    "in_out": [("Binnen referentie", "Buiten referentie"), ("NORMAAL", "AFWIJKEND")],
    "low_high": [("Ondergrens", "Bovengrens"), ("Min", "Max")],
    "current": "Huidig", "time": "Tijd", "code": "Code", "validated": "Geautoriseerd",
    "end": "*** EINDE VERSLAG ***",
    "watermarks": ["KOPIE", "VERTROUWELIJK"], "stamp": "GECONTROLEERD",
    "qr": "Scan om dit verslag te controleren", "portal": "Patiëntenportaal - Uitslagen",
    "printed": "Afgedrukt", "abnormal": "*",
    "urine_title": ["Urineonderzoek", "URINE SEDIMENT"],
    "urine": [("Kleur", ["geel", "lichtgeel", "donkergeel"], "geel"), ("Helderheid", ["helder", "licht troebel"], "helder"),
              ("Eiwit", ["negatief", "spoor", "1+", "2+"], "negatief"), ("Glucose", ["negatief", "spoor", "1+"], "negatief"),
              ("Ketonen", ["negatief", "spoor", "1+"], "negatief"), ("Bloed", ["negatief", "spoor", "1+", "2+"], "negatief"),
              ("Nitriet", ["negatief", "positief"], "negatief"), ("Leukocytenesterase", ["negatief", "spoor", "1+"], "negatief"),
              ("Bilirubine", ["negatief"], "negatief"), ("Urobilinogeen", ["normaal"], "normaal")],
    "urine_micro": [("Erytrocyten", ["0-2", "3-5", "5-10"], "/gezichtsveld", "0-2"),
                    ("Leukocyten", ["0-5", "5-10", "10-20"], "/gezichtsveld", "0-5"),
                    ("Epitheelcellen", ["enkele", "matig"], None, None), ("Cilinders", ["geen"], None, None),
                    ("Bacteriën", ["geen", "enkele", "+"], None, None)],
    "letter": ("Geachte collega,", "Betreft: {patient}, geboren {dob}",
               "Hierbij de uitslagen van het bloedonderzoek van {date}.",
               "De {name} was {value} {unit} (referentie {range}), {status}.",
               {"normal": "binnen de referentiewaarden", "high": "boven de referentiewaarden",
                "low": "onder de referentiewaarden"},
               "Bij de vorige controle was de waarde {prev} {unit}.",
               "De volledige uitslagen staan in de tabel hieronder. Met collegiale groet,", "Overzicht van de uitslagen"),
}

NAMES = {
    "wbc": ["Leukocyten", "Leucocyten", "Witte bloedcellen"], "rbc": ["Erytrocyten", "Erythrocyten"],
    "hemoglobin": ["Hemoglobine", "Hemoglobine (Hb)", "Hb"], "hematocrit": ["Hematocriet", "Hematocriet (Ht)"],
    "mcv": ["MCV", "Gemiddeld celvolume (MCV)"], "mch": ["MCH"], "mchc": ["MCHC"], "rdw": ["RDW", "RDW-CV"],
    "platelets": ["Trombocyten", "Bloedplaatjes"], "mpv": ["MPV"],
    "glucose": ["Glucose", "Glucose nuchter", "Nuchtere glucose"], "hba1c": ["HbA1c", "Geglyceerd hemoglobine (HbA1c)"],
    "insulin": ["Insuline", "Insuline nuchter"], "total_cholesterol": ["Cholesterol totaal", "Totaal cholesterol", "Cholesterol"],
    "triglycerides": ["Triglyceriden"], "hdl": ["HDL-cholesterol", "HDL cholesterol"],
    "ldl": ["LDL-cholesterol", "LDL-cholesterol (berekend)"], "alt": ["ALAT", "ALAT (ALT)", "Alanine-aminotransferase"],
    "ast": ["ASAT", "ASAT (AST)", "Aspartaat-aminotransferase"], "alp": ["Alkalische fosfatase", "AF"],
    "ggt": ["Gamma-GT", "GGT"], "bilirubin_total": ["Bilirubine totaal", "Totaal bilirubine"],
    "bilirubin_direct": ["Bilirubine direct", "Bilirubine geconjugeerd"], "total_protein": ["Totaal eiwit", "Eiwit totaal"],
    "albumin": ["Albumine"], "bun": ["Ureumstikstof (BUN)"], "bun@si": ["Ureum"], "creatinine": ["Kreatinine", "Creatinine"],
    "egfr": ["eGFR (CKD-EPI)", "eGFR"], "uric_acid": ["Urinezuur"], "sodium": ["Natrium"], "potassium": ["Kalium"],
    "chloride": ["Chloride"], "bicarbonate": ["Bicarbonaat"], "calcium": ["Calcium", "Calcium totaal"],
    "magnesium": ["Magnesium"], "phosphorus": ["Fosfaat", "Anorganisch fosfaat"], "tsh": ["TSH"],
    "ft4": ["Vrij T4", "FT4", "Vrij thyroxine (FT4)"], "ft3": ["Vrij T3", "FT3"], "iron": ["IJzer", "Serum ijzer"],
    "ferritin": ["Ferritine"], "tibc": ["Totale ijzerbindingscapaciteit (TIJBC)", "TIJBC"],
    "transferrin_saturation": ["Transferrineverzadiging", "IJzerverzadiging"], "transferrin": ["Transferrine"],
    "vitamin_b12": ["Vitamine B12"], "folate": ["Foliumzuur", "Folaat"], "vitamin_d": ["Vitamine D (25-OH)", "25-OH vitamine D"],
    "crp": ["CRP", "C-reactief proteïne"], "esr": ["BSE", "Bezinking (BSE)"],
    "prothrombin_time": ["Protrombinetijd (PT)", "PT"], "inr": ["INR", "PT-INR"], "aptt": ["APTT", "aPTT"],
    "fibrinogen": ["Fibrinogeen"], "testosterone": ["Testosteron", "Testosteron totaal"], "cortisol": ["Cortisol (ochtend)", "Cortisol"],
    "prolactin": ["Prolactine"], "ck": ["CK", "Creatinekinase (CK)"], "ldh": ["LD", "LDH", "Lactaatdehydrogenase"],
    "amylase": ["Amylase"], "lipase": ["Lipase"], "psa": ["PSA totaal", "PSA"],
}
DIFF = {"cells": {"neut": "Neutrofielen", "lymph": "Lymfocyten", "mono": "Monocyten", "eos": "Eosinofielen",
                  "baso": "Basofielen"},
        "pct": ["{c}", "{c} %"], "abs": ["{c} absoluut", "{c} #"]}

PEOPLE = dict(
    first=(["Jan", "Pieter", "Daan", "Bram", "Sander"], ["Anna", "Sanne", "Lotte", "Eva", "Fleur"]),
    last=["de Vries", "Jansen", "van den Berg", "Bakker", "Visser"],
    city=("Kerkstraat {n}", "35{p2} KL Utrecht", "030-### ####"),
    labs=["Klinisch Chemisch Laboratorium Utrecht", "Saltro Diagnostisch Centrum", "Star-SHL Medisch Diagnostisch Centrum"],
    doctor=("{t} {first} {last}", ("dr.", "dr.")), licence="RvA M{n4}",
    date_formats=["%d-%m-%Y", "%d/%m/%Y"],
)
DECIMAL_COMMA = 0.9

FAMILY_WORDS = {
    "email": (("Van", "Verzonden", "Aan", "Onderwerp", "FW"),  # forward headers, subject, greeting, disclaimer
              "Uw laboratoriumuitslagen - aanvraag {n}",
              "Beste {p}, hieronder uw uitslagen van {d}.",
              "VERTROUWELIJK: dit bericht is uitsluitend bestemd voor de geadresseerde (AVG, art. 9). Indien u het "
              "onterecht ontving, bel {phone} binnen 24 uur. Uitslagen worden binnen 2-3 werkdagen beoordeeld; "
              "openingstijden 8:00-17:30."),
    "pending": ["Volgt", "Zie opmerking", "---", "In behandeling"],
    "summary_titles": ("Overzicht afwijkende uitslagen", "Uitslagen buiten de referentiewaarden"),
    "legend": ("Uitslag bevestigd door herhaling", "Bepaling niet geaccrediteerd", "Uitslag buiten de referentiewaarden"),
    "request": "Materiaal: {s}   Afname: {d}   Nr.: {n}",
    "new_range": "Let op: nieuwe referentiewaarden vanaf {d}: {r} {u}.",
    "portal": ("Bepaling", "Uw waarde", "Normaalwaarden", "Definitieve uitslag", "Afgenomen op {c} · Uitslag op {r}"),
}
