"""Romanian (ro): hospital and private laboratory reports from Romania (and Moldova).

Sources: the Romanian names of the CNAS laboratory test list (pachetul de servicii paraclinice), hospital
laboratory printouts and the test menus of Romanian private laboratory networks.
"""

from __future__ import annotations

LOCALE = dict(
    test=["Analiza", "Denumire analiză", "Parametru", "Test"], result=["Rezultat", "Rezultate"],
    unit=["UM", "Unitate de măsură", "Unitate"], reference=["Interval de referință", "Valori de referință", "Valori normale"],
    flag=["Semnalizare", "Indicator"], status=["Interpretare", "Stare"], previous=["Rezultat anterior", "Anterior"],
    high=["Crescut", "CRESCUT", "H", "↑"], low=["Scăzut", "SCĂZUT", "L", "↓"], normal=["Normal", "NORMAL"],
    critical=["Critic", "CRITIC"], ref_intro=["Valori de referință:", "Ref.:", "Interval biologic de referință:"],
    upto=["< {}", "sub {}", "până la {}"], below=["< {}", "sub {}"], above=["> {}", "peste {}"],
    range_words=[" - "], male=["Bărbați", "B"], female=["Femei", "F"],
    sections={"cbc": ["Hemoleucogramă completă", "HEMATOLOGIE"], "diff": ["Formula leucocitară"],
              "diabetes": ["Metabolism glucidic"], "lipids": ["Profil lipidic", "Lipidogramă"], "kidney": ["Funcția renală"],
              "electrolytes": ["Ionogramă serică"], "liver": ["Probe hepatice"], "iron": ["Metabolismul fierului"],
              "vitamins": ["Vitamine"], "thyroid": ["Funcția tiroidiană"], "inflammation": ["Markeri inflamatori"],
              "coagulation": ["Coagulare", "Hemostază"], "enzymes": ["Enzime"], "hormones": ["Hormoni"],
              "tumour": ["Markeri tumorali"]},
    labels={"name": ["Nume și prenume", "Pacient", "Nume pacient"], "id": ["CNP", "Cod pacient", "Nr. buletin"],
            "dob": ["Data nașterii"], "age": ["Vârsta"], "sex": ["Sex", "Sexul"],
            "collected": ["Data recoltării", "Recoltat"], "reported": ["Data validării", "Data eliberării"],
            "physician": ["Medic trimițător", "Medic"], "address": ["Adresa"], "phone": ["Telefon", "Tel."],
            "accession": ["Nr. probă", "Cod de bare"], "specimen": ["Tip probă", "Produs biologic"],
            "lab": ["Laborator"], "licence": ["RENAR LM", "Autorizație nr."]},
    risk_words={"desirable": "Optim", "borderline": "La limită", "high": "Crescut", "very_high": "Foarte crescut",
                "normal": "Normal", "prediabetes": "Prediabet", "diabetes": "Diabet", "low": "Scăzut",
                "high_good": "Protector", "optimal": "Optim", "near_optimal": "Aproape optim"},
    method=["Metoda", "Metodă"], sample=["Produs biologic", "Probă"],
    specimens=["Ser", "Sânge integral EDTA", "Plasmă citratată"],
    page=["Pagina {p} din {n}", "Pag. {p}/{n}"], continued=["(continuare)", "Continuare pe pagina următoare"],
    comments=[
        "Comentariu: o glicemie à jeun de {glu} sau mai mare la două determinări este compatibilă cu diabetul zaharat. "
        "Ținta de LDL colesterol este sub {ldl} la pacienții cu risc foarte înalt.",
        "Observație: proba a fost primită la ora {time} în data de {date}. Hemoliză ușoară; potasiul peste {k} "
        "trebuie confirmat.",
        "Rezultatele se interpretează în context clinic. Informații: {phone}.",
    ],
    signature=["Validat de", "Medic de laborator"],
    report_titles=["BULETIN DE ANALIZE MEDICALE", "Rezultate analize", "BULETIN DE ANALIZE"], age_unit="{} ani",
    sex_ranges=[("B: {}", "F: {}"), ("Bărbați: {}", "Femei: {}")],
    extras=[("AgHBs", "Negativ", None, "Negativ"), ("Grup sanguin", "0 (I) Rh pozitiv", None, None),
            ("Troponină I hs", "<2,5", "ng/L", "<19,8"), ("Anticorpi anti-HCV", "Negativ", None, None)],
)

PHRASES = {
    "in_out": [("În limite", "În afara limitelor"), ("NORMAL", "PATOLOGIC")],
    "low_high": [("Limita inferioară", "Limita superioară"), ("Min.", "Max.")],
    "current": "Actual", "time": "Ora", "code": "Cod", "validated": "Validat",
    "end": "*** SFÂRȘITUL BULETINULUI ***",
    "watermarks": ["COPIE", "CONFIDENȚIAL"], "stamp": "VALIDAT",
    "qr": "Scanați pentru verificarea buletinului", "portal": "Portal pacient - Rezultate analize",
    "printed": "Tipărit", "abnormal": "*",
    "urine_title": ["Examen complet de urină", "URINĂ - SUMAR ȘI SEDIMENT"],
    "urine": [("Culoare", ["galben", "galben deschis", "galben închis"], "galben"), ("Aspect", ["clar", "ușor tulbure"], "clar"),
              ("Proteine", ["negativ", "urme", "1+", "2+"], "negativ"), ("Glucoză", ["negativ", "urme", "1+"], "negativ"),
              ("Corpi cetonici", ["negativ", "urme", "1+"], "negativ"), ("Sânge", ["negativ", "urme", "1+", "2+"], "negativ"),
              ("Nitriți", ["negativ", "pozitiv"], "negativ"), ("Leucocite", ["negativ", "urme", "1+"], "negativ"),
              ("Bilirubină", ["negativ"], "negativ"), ("Urobilinogen", ["normal"], "normal")],
    "urine_micro": [("Hematii", ["0-2", "3-5", "5-10"], "/câmp", "0-2"), ("Leucocite", ["0-5", "5-10", "10-20"], "/câmp", "0-5"),
                    ("Celule epiteliale", ["rare", "frecvente"], None, None), ("Cilindri", ["absenți"], None, None),
                    ("Bacterii", ["absente", "rare", "+"], None, None)],
    "letter": ("Stimate coleg,", "Privind: {patient}, data nașterii {dob}",
               "Vă transmitem rezultatele analizelor recoltate în data de {date}.",
               "Valoarea {name} a fost {value} {unit} (referință {range}), {status}.",
               {"normal": "în limitele de referință", "high": "peste limitele de referință",
                "low": "sub limitele de referință"},
               "La controlul anterior valoarea a fost {prev} {unit}.",
               "Rezultatele complete sunt în tabelul de mai jos. Cu stimă,", "Sinteza rezultatelor"),
}

NAMES = {
    "wbc": ["Leucocite (WBC)", "Număr de leucocite", "WBC"], "rbc": ["Hematii (RBC)", "Număr de hematii", "Eritrocite"],
    "hemoglobin": ["Hemoglobină (HGB)", "Hemoglobina"], "hematocrit": ["Hematocrit (HCT)", "Hematocrit"],
    "mcv": ["MCV", "Volum eritrocitar mediu (MCV)"], "mch": ["MCH", "Hemoglobină eritrocitară medie (MCH)"],
    "mchc": ["MCHC"], "rdw": ["RDW-CV", "RDW"], "platelets": ["Trombocite (PLT)", "Număr de trombocite"],
    "mpv": ["MPV", "Volum trombocitar mediu (MPV)"], "glucose": ["Glicemie", "Glucoză serică", "Glicemie à jeun"],
    "hba1c": ["Hemoglobină glicată (HbA1c)", "HbA1c"], "insulin": ["Insulină", "Insulinemie bazală"],
    "total_cholesterol": ["Colesterol total", "Colesterol seric total"], "triglycerides": ["Trigliceride"],
    "hdl": ["HDL colesterol", "Colesterol HDL"], "ldl": ["LDL colesterol", "LDL colesterol (calculat)"],
    "alt": ["ALT (TGP)", "Alaninaminotransferaza (ALT/TGP)"], "ast": ["AST (TGO)", "Aspartataminotransferaza (AST/TGO)"],
    "alp": ["Fosfatază alcalină"], "ggt": ["GGT", "Gama-glutamiltransferaza (GGT)"],
    "bilirubin_total": ["Bilirubină totală"], "bilirubin_direct": ["Bilirubină directă"],
    "total_protein": ["Proteine totale serice", "Proteine totale"], "albumin": ["Albumină serică", "Albumină"],
    "bun": ["Azot ureic (BUN)"], "bun@si": ["Uree serică", "Uree"], "creatinine": ["Creatinină serică", "Creatinină"],
    "egfr": ["eGFR (CKD-EPI)", "Rata de filtrare glomerulară estimată (eGFR)"], "uric_acid": ["Acid uric"],
    "sodium": ["Sodiu seric", "Sodiu (Na)"], "potassium": ["Potasiu seric", "Potasiu (K)"], "chloride": ["Clor seric", "Clor"],
    "bicarbonate": ["Bicarbonat"], "calcium": ["Calciu seric total", "Calciu total"], "magnesium": ["Magneziu seric", "Magneziu"],
    "phosphorus": ["Fosfor seric", "Fosfor"], "tsh": ["TSH", "Hormon de stimulare tiroidiană (TSH)"],
    "ft4": ["FT4", "Tiroxină liberă (FT4)"], "ft3": ["FT3", "Triiodotironină liberă (FT3)"], "iron": ["Sideremie", "Fier seric"],
    "ferritin": ["Feritină serică", "Feritină"], "tibc": ["Capacitate totală de legare a fierului (TIBC)", "TIBC"],
    "transferrin_saturation": ["Saturația transferinei"], "transferrin": ["Transferină"], "vitamin_b12": ["Vitamina B12"],
    "folate": ["Acid folic", "Folat seric"], "vitamin_d": ["Vitamina D (25-OH)", "25-OH vitamina D"],
    "crp": ["Proteina C reactivă (CRP)", "CRP"], "esr": ["VSH", "Viteza de sedimentare a hematiilor (VSH)"],
    "prothrombin_time": ["Timp Quick (PT)", "Timp de protrombină"], "inr": ["INR"], "aptt": ["APTT", "aPTT"],
    "fibrinogen": ["Fibrinogen"], "testosterone": ["Testosteron total", "Testosteron"], "cortisol": ["Cortizol seric (dimineața)", "Cortizol"],
    "prolactin": ["Prolactină"], "ck": ["CK", "Creatinkinaza (CK)"], "ldh": ["LDH", "Lactat dehidrogenaza (LDH)"],
    "amylase": ["Amilază serică", "Amilază"], "lipase": ["Lipază serică", "Lipază"], "psa": ["PSA total"],
}
DIFF = {"cells": {"neut": "Neutrofile", "lymph": "Limfocite", "mono": "Monocite", "eos": "Eozinofile", "baso": "Bazofile"},
        "pct": ["{c} %", "{c}"], "abs": ["{c} #", "Număr absolut {c}"]}

PEOPLE = dict(
    first=(["Andrei", "Alexandru", "Mihai", "Ion", "Ștefan"], ["Maria", "Elena", "Ioana", "Andreea", "Ana"]),
    last=["Popescu", "Ionescu", "Popa", "Stan", "Dumitrescu"],
    city=("Str. Victoriei nr. {n}", "0101{p2} București", "021 ### ####"),
    labs=["Laborator de Analize Medicale Synevo", "Spitalul Clinic - Laborator Analize", "Centrul Medical Medlife - Laborator"],
    doctor=("{t} {first} {last}", ("Dr.", "Dr.")), licence="RENAR LM {n4}",
    date_formats=["%d.%m.%Y", "%d/%m/%Y"],
)
DECIMAL_COMMA = 0.7

FAMILY_WORDS = {
    "email": (("De la", "Trimis", "Către", "Subiect", "FW"),  # forward headers, subject, greeting, disclaimer
              "Rezultatele dumneavoastră de laborator - cererea {n}",
              "Bună ziua {p}, mai jos găsiți rezultatele din {d}.",
              "CONFIDENȚIAL: acest mesaj este destinat exclusiv destinatarului (GDPR, art. 9). Dacă l-ați primit "
              "din greșeală, sunați la {phone} în 24 de ore. Rezultatele sunt verificate în 2-3 zile lucrătoare; "
              "program 8:00-17:30."),
    "pending": ["În lucru", "Vezi comentariu", "---", "Urmează"],
    "summary_titles": ("Sinteza rezultatelor patologice", "Rezultate în afara intervalului de referință"),
    "legend": ("Rezultat confirmat prin repetare", "Analiză neacreditată RENAR", "Rezultat în afara intervalului de referință"),
    "request": "Probă: {s}   Recoltat: {d}   Nr.: {n}",
    "new_range": "Atenție: interval de referință nou din {d}: {r} {u}.",
    "portal": ("Analiză", "Valoarea dvs.", "Interval de referință", "Rezultat final", "Recoltat {c} · Eliberat {r}"),
}
