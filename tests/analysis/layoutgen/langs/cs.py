"""Czech (cs): hospital and private laboratory reports from Czechia (and Slovakia's close forms).

Sources: the Czech names of the NČLP (národní číselník laboratorních položek) laboratory item list, hospital
laboratory handbooks (laboratorní příručka) and the test menus of Czech private laboratories.
"""

from __future__ import annotations

LOCALE = dict(
    test=["Vyšetření", "Název vyšetření", "Parametr", "Analyt"], result=["Výsledek", "Hodnota"],
    unit=["Jednotka", "Jedn."], reference=["Referenční meze", "Referenční rozmezí", "Ref. meze", "Norma"],
    flag=["Příznak", "Hodnocení"], status=["Hodnocení", "Stav"], previous=["Předchozí výsledek", "Předchozí"],
    high=["Vysoká", "VYSOKÁ", "H", "zvýšená"], low=["Nízká", "NÍZKÁ", "L", "snížená"], normal=["V normě", "v normě"],
    critical=["Kritická", "KRITICKÁ"], ref_intro=["Ref. meze:", "Norma:", "Referenční meze:"],
    upto=["< {}", "do {}", "méně než {}"], below=["< {}", "méně než {}"], above=["> {}", "více než {}"],
    range_words=[" - ", " až "], male=["Muži", "M"], female=["Ženy", "Ž"],
    sections={"cbc": ["Krevní obraz", "HEMATOLOGIE"], "diff": ["Diferenciální rozpočet leukocytů"],
              "diabetes": ["Metabolismus glukózy"], "lipids": ["Lipidový profil", "Lipidy"], "kidney": ["Renální funkce"],
              "electrolytes": ["Ionty", "Minerály"], "liver": ["Jaterní testy"], "iron": ["Metabolismus železa"],
              "vitamins": ["Vitamíny"], "thyroid": ["Štítná žláza"], "inflammation": ["Zánětlivé markery"],
              "coagulation": ["Koagulace", "Hemokoagulace"], "enzymes": ["Enzymy"], "hormones": ["Hormony"],
              "tumour": ["Nádorové markery"]},
    labels={"name": ["Jméno a příjmení", "Pacient", "Příjmení a jméno"], "id": ["Rodné číslo", "Č. pojištěnce", "ID pacienta"],
            "dob": ["Datum narození", "Dat. nar."], "age": ["Věk"], "sex": ["Pohlaví"],
            "collected": ["Datum odběru", "Odběr"], "reported": ["Datum vydání", "Vydáno"],
            "physician": ["Odesílající lékař", "Lékař"], "address": ["Adresa"], "phone": ["Telefon", "Tel."],
            "accession": ["Číslo vzorku", "Číslo žádanky"], "specimen": ["Materiál", "Druh materiálu"],
            "lab": ["Laboratoř"], "licence": ["IČO", "Akreditace ČIA č."]},
    risk_words={"desirable": "Žádoucí", "borderline": "Hraniční", "high": "Vysoké", "very_high": "Velmi vysoké",
                "normal": "Normální", "prediabetes": "Prediabetes", "diabetes": "Diabetes", "low": "Nízké",
                "high_good": "Příznivé", "optimal": "Optimální", "near_optimal": "Téměř optimální"},
    method=["Metoda"], sample=["Materiál", "Vzorek"],
    specimens=["Sérum", "Plná krev EDTA", "Citrátová plazma"],
    page=["Strana {p} z {n}", "Str. {p}/{n}"], continued=["(pokračování)", "Pokračování na další straně"],
    comments=[
        "Komentář: glykémie nalačno {glu} a vyšší při dvou měřeních odpovídá diabetu. "
        "Cílová hodnota LDL cholesterolu pod {ldl} u pacientů s velmi vysokým rizikem.",
        "Poznámka: vzorek přijat v {time} dne {date}. Lehká hemolýza; draslík nad {k} ověřit z nového odběru.",
        "Výsledky je nutno hodnotit v souvislosti s klinickým stavem. Informace: {phone}.",
    ],
    signature=["Uvolnil", "Odpovědný pracovník"],
    report_titles=["VÝSLEDKY LABORATORNÍCH VYŠETŘENÍ", "Laboratorní nález", "Výsledkový list"], age_unit="{} let",
    sex_ranges=[("M: {}", "Ž: {}"), ("Muži: {}", "Ženy: {}")],
    extras=[("HBsAg", "negativní", None, "negativní"), ("Krevní skupina", "0 Rh+", None, None),
            ("Troponin I hs", "<2,5", "ng/l", "<19,8"), ("Anti-HCV", "negativní", None, None)],
)

PHRASES = {
    "in_out": [("V normě", "Mimo normu"), ("NORMÁLNÍ", "PATOLOGICKÉ")],
    "low_high": [("Dolní mez", "Horní mez"), ("Min.", "Max.")],
    "current": "Aktuální", "time": "Čas", "code": "Kód", "validated": "Uvolněno",
    "end": "*** KONEC NÁLEZU ***",
    "watermarks": ["KOPIE", "DŮVĚRNÉ"], "stamp": "OVĚŘENO",
    "qr": "Naskenujte pro ověření nálezu", "portal": "Portál pacienta - Výsledky",
    "printed": "Vytištěno", "abnormal": "*",
    "urine_title": ["Moč chemicky a sediment", "MOČ - CHEMICKY"],
    "urine": [("Barva", ["žlutá", "světle žlutá", "tmavě žlutá"], "žlutá"), ("Čirost", ["čirá", "mírně zakalená"], "čirá"),
              ("Bílkovina", ["negativní", "stopy", "1+", "2+"], "negativní"), ("Glukóza", ["negativní", "stopy", "1+"], "negativní"),
              ("Ketony", ["negativní", "stopy", "1+"], "negativní"), ("Krev", ["negativní", "stopy", "1+", "2+"], "negativní"),
              ("Nitrity", ["negativní", "pozitivní"], "negativní"), ("Leukocyty", ["negativní", "stopy", "1+"], "negativní"),
              ("Bilirubin", ["negativní"], "negativní"), ("Urobilinogen", ["v normě"], "v normě")],
    "urine_micro": [("Erytrocyty", ["0-2", "3-5", "5-10"], "/zorné pole", "0-2"),
                    ("Leukocyty", ["0-5", "5-10", "10-20"], "/zorné pole", "0-5"),
                    ("Dlaždicové epitelie", ["ojediněle", "hojně"], None, None), ("Válce", ["nenalezeny"], None, None),
                    ("Bakterie", ["nenalezeny", "ojediněle", "+"], None, None)],
    "letter": ("Vážená paní kolegyně, vážený pane kolego,", "Věc: {patient}, datum narození {dob}",
               "zasíláme výsledky krevních vyšetření ze dne {date}.",
               "Hodnota {name} byla {value} {unit} (ref. meze {range}), tedy {status}.",
               {"normal": "v mezích referenčního rozmezí", "high": "nad referenčním rozmezím",
                "low": "pod referenčním rozmezím"},
               "Při předchozí kontrole byla hodnota {prev} {unit}.",
               "Úplné výsledky jsou v tabulce níže. S kolegiálním pozdravem", "Přehled výsledků"),
}

NAMES = {
    "wbc": ["Leukocyty", "WBC - leukocyty"], "rbc": ["Erytrocyty", "RBC - erytrocyty"],
    "hemoglobin": ["Hemoglobin", "HGB - hemoglobin"], "hematocrit": ["Hematokrit", "HCT - hematokrit"],
    "mcv": ["MCV", "Střední objem erytrocytu (MCV)"], "mch": ["MCH"], "mchc": ["MCHC"], "rdw": ["RDW", "RDW-CV"],
    "platelets": ["Trombocyty", "PLT - trombocyty"], "mpv": ["MPV"],
    "glucose": ["Glukóza", "Glukóza nalačno", "Glykémie"], "hba1c": ["HbA1c", "Glykovaný hemoglobin (HbA1c)"],
    "insulin": ["Inzulin", "Inzulín nalačno"], "total_cholesterol": ["Cholesterol celkový", "Cholesterol"],
    "triglycerides": ["Triacylglyceroly", "Triglyceridy"], "hdl": ["HDL cholesterol", "HDL-cholesterol"],
    "ldl": ["LDL cholesterol", "LDL-cholesterol (výpočet)"], "alt": ["ALT", "Alaninaminotransferáza (ALT)"],
    "ast": ["AST", "Aspartátaminotransferáza (AST)"], "alp": ["ALP", "Alkalická fosfatáza (ALP)"],
    "ggt": ["GGT", "Gama-glutamyltransferáza (GGT)"], "bilirubin_total": ["Bilirubin celkový"],
    "bilirubin_direct": ["Bilirubin konjugovaný", "Bilirubin přímý"], "total_protein": ["Celková bílkovina"],
    "albumin": ["Albumin"], "bun": ["Močovinový dusík (BUN)"], "bun@si": ["Urea", "Močovina"], "creatinine": ["Kreatinin"],
    "egfr": ["eGFR (CKD-EPI)", "eGFR"], "uric_acid": ["Kyselina močová"], "sodium": ["Sodík", "Na"],
    "potassium": ["Draslík", "K"], "chloride": ["Chloridy"], "bicarbonate": ["Bikarbonát", "Hydrogenuhličitan"],
    "calcium": ["Vápník celkový", "Vápník"], "magnesium": ["Hořčík"], "phosphorus": ["Fosfor anorganický", "Fosfor"],
    "tsh": ["TSH", "Tyreotropin (TSH)"], "ft4": ["fT4", "Volný tyroxin (fT4)"], "ft3": ["fT3", "Volný trijodtyronin (fT3)"],
    "iron": ["Železo", "Sérové železo"], "ferritin": ["Feritin"], "tibc": ["Celková vazebná kapacita železa (TIBC)", "TIBC"],
    "transferrin_saturation": ["Saturace transferinu"], "transferrin": ["Transferin"], "vitamin_b12": ["Vitamin B12"],
    "folate": ["Kyselina listová", "Foláty"], "vitamin_d": ["Vitamin D (25-OH)", "25-OH vitamin D"],
    "crp": ["CRP", "C-reaktivní protein (CRP)"], "esr": ["FW", "Sedimentace erytrocytů (FW)"],
    "prothrombin_time": ["Protrombinový čas (PT)", "Quickův test"], "inr": ["INR", "PT-INR"], "aptt": ["aPTT", "APTT"],
    "fibrinogen": ["Fibrinogen"], "testosterone": ["Testosteron", "Testosteron celkový"], "cortisol": ["Kortizol (ráno)", "Kortizol"],
    "prolactin": ["Prolaktin"], "ck": ["CK", "Kreatinkináza (CK)"], "ldh": ["LD", "Laktátdehydrogenáza (LD)"],
    "amylase": ["Amyláza", "Alfa-amyláza"], "lipase": ["Lipáza"], "psa": ["PSA celkový", "PSA"],
}
DIFF = {"cells": {"neut": "Neutrofily", "lymph": "Lymfocyty", "mono": "Monocyty", "eos": "Eozinofily", "baso": "Bazofily"},
        "pct": ["{c} %", "{c}"], "abs": ["{c} #", "{c} absolutně"]}

PEOPLE = dict(
    first=(["Jan", "Petr", "Tomáš", "Jiří", "Martin"], ["Jana", "Eva", "Hana", "Lucie", "Tereza"]),
    last=["Novák", "Svoboda", "Dvořák", "Černý", "Procházka"],
    city=("Vinohradská {n}/{s}", "120 {p2} Praha 2", "+420 2## ### ###"),
    labs=["Laboratoř klinické biochemie Praha", "Nemocnice Na Vinohradech - OKB", "Laboratoře Medica s.r.o."],
    doctor=("{t} {first} {last}", ("MUDr.", "MUDr.")), licence="Akreditace ČIA č. {n4}",
    date_formats=["%d.%m.%Y"],
)
DECIMAL_COMMA = 0.95

FAMILY_WORDS = {
    "email": (("Od", "Odesláno", "Komu", "Předmět", "FW"),  # forward headers, subject, greeting, disclaimer
              "Vaše laboratorní výsledky - žádanka {n}",
              "Dobrý den {p}, níže jsou Vaše výsledky ze dne {d}.",
              "DŮVĚRNÉ: tato zpráva je určena pouze adresátovi (GDPR, čl. 9). Pokud jste ji obdrželi omylem, "
              "volejte {phone} do 24 hodin. Výsledky jsou ověřeny do 2-3 pracovních dnů; provozní doba 8:00-17:30."),
    "pending": ["Probíhá", "Viz komentář", "---", "Bude doplněno"],
    "summary_titles": ("Přehled patologických výsledků", "Výsledky mimo referenční meze"),
    "legend": ("Výsledek ověřen opakovaným měřením", "Neakreditované vyšetření", "Výsledek mimo referenční meze"),
    "request": "Materiál: {s}   Odběr: {d}   Č.: {n}",
    "new_range": "Upozornění: nové referenční meze od {d}: {r} {u}.",
    "portal": ("Vyšetření", "Vaše hodnota", "Referenční meze", "Konečný výsledek", "Odebráno {c} · Vydáno {r}"),
}
