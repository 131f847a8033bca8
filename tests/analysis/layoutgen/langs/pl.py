"""Polish (pl): hospital and private-network laboratory reports (Diagnostyka, ALAB, hospital LIS printouts).

Sources: the Polish names of the NFZ/ICD-9-PL laboratory catalogue, the test menus of Polish laboratory
networks, and the KIDL (Krajowa Izba Diagnostów Laboratoryjnych) recommended names.
"""

from __future__ import annotations

LOCALE = dict(
    test=["Badanie", "Nazwa badania", "Parametr", "Oznaczenie"], result=["Wynik", "Wyniki"],
    unit=["Jednostka", "Jedn."], reference=["Zakres referencyjny", "Wartości referencyjne", "Norma", "Zakres normy"],
    flag=["Flaga", "Znacznik"], status=["Ocena", "Interpretacja"], previous=["Poprzedni wynik", "Wynik poprzedni"],
    high=["Wysoki", "WYSOKI", "H", "podwyższony"], low=["Niski", "NISKI", "L", "obniżony"], normal=["W normie", "w normie"],
    critical=["Krytyczny", "KRYTYCZNY"], ref_intro=["Norma:", "Zakres ref.:", "Wartości ref.:"],
    upto=["do {}", "< {}", "poniżej {}"], below=["< {}", "poniżej {}"], above=["> {}", "powyżej {}"],
    range_words=[" - ", " do "], male=["Mężczyzna", "M"], female=["Kobieta", "K"],
    sections={"cbc": ["Morfologia krwi", "HEMATOLOGIA"], "diff": ["Rozmaz krwi obwodowej"],
              "diabetes": ["Gospodarka węglowodanowa"], "lipids": ["Lipidogram", "Profil lipidowy"],
              "kidney": ["Funkcja nerek"], "electrolytes": ["Elektrolity", "Jonogram"], "liver": ["Próby wątrobowe"],
              "iron": ["Gospodarka żelazem"], "vitamins": ["Witaminy"], "thyroid": ["Tarczyca", "Hormony tarczycy"],
              "inflammation": ["Wskaźniki stanu zapalnego"], "coagulation": ["Układ krzepnięcia", "Koagulologia"],
              "enzymes": ["Enzymy"], "hormones": ["Hormony"], "tumour": ["Markery nowotworowe"]},
    labels={"name": ["Imię i nazwisko", "Pacjent", "Nazwisko i imię"], "id": ["PESEL", "Nr pacjenta", "Nr zlecenia"],
            "dob": ["Data urodzenia", "Data ur."], "age": ["Wiek"], "sex": ["Płeć"],
            "collected": ["Data pobrania", "Pobrano"], "reported": ["Data wydania", "Data wyniku"],
            "physician": ["Lekarz kierujący", "Zleceniodawca"], "address": ["Adres"], "phone": ["Telefon", "Tel."],
            "accession": ["Nr próbki", "Kod kreskowy"], "specimen": ["Materiał", "Rodzaj materiału"],
            "lab": ["Laboratorium"], "licence": ["Nr wpisu KIDL", "REGON"]},
    risk_words={"desirable": "Pożądany", "borderline": "Graniczny", "high": "Wysoki", "very_high": "Bardzo wysoki",
                "normal": "Prawidłowy", "prediabetes": "Stan przedcukrzycowy", "diabetes": "Cukrzyca", "low": "Niski",
                "high_good": "Korzystny", "optimal": "Optymalny", "near_optimal": "Prawie optymalny"},
    method=["Metoda"], sample=["Materiał", "Próbka"],
    specimens=["Surowica", "Krew pełna EDTA", "Osocze cytrynianowe"],
    page=["Strona {p} z {n}", "Str. {p}/{n}"], continued=["(ciąg dalszy)", "Ciąg dalszy na następnej stronie"],
    comments=[
        "Komentarz: stężenie glukozy na czczo {glu} lub wyższe w dwóch oznaczeniach przemawia za cukrzycą. "
        "Docelowe stężenie cholesterolu LDL poniżej {ldl} u pacjentów bardzo wysokiego ryzyka.",
        "Uwaga: próbkę przyjęto o {time} dnia {date}. Lekka hemoliza; potas powyżej {k} należy potwierdzić.",
        "Wyniki należy interpretować w kontekście stanu klinicznego. Informacja: {phone}.",
    ],
    signature=["Autoryzował", "Diagnosta laboratoryjny"],
    report_titles=["SPRAWOZDANIE Z BADAŃ LABORATORYJNYCH", "Wyniki badań", "WYNIK BADANIA"], age_unit="{} lat",
    sex_ranges=[("M: {}", "K: {}"), ("Mężczyźni: {}", "Kobiety: {}")],
    extras=[("Antygen HBs", "ujemny", None, "ujemny"), ("Grupa krwi", "0 Rh+", None, None),
            ("Troponina I hs", "<2,5", "ng/l", "<19,8"), ("Przeciwciała anty-HCV", "ujemne", None, None)],
)

PHRASES = {
    "in_out": [("W normie", "Poza normą"), ("PRAWIDŁOWE", "NIEPRAWIDŁOWE")],
    "low_high": [("Dolna granica", "Górna granica"), ("Min.", "Maks.")],
    "current": "Aktualny", "time": "Godzina", "code": "Kod", "validated": "Autoryzacja",
    "end": "*** KONIEC SPRAWOZDANIA ***",
    "watermarks": ["KOPIA", "POUFNE"], "stamp": "ZATWIERDZONO",
    "qr": "Zeskanuj, aby zweryfikować wynik", "portal": "Portal pacjenta - Wyniki badań",
    "printed": "Wydrukowano", "abnormal": "*",
    "urine_title": ["Badanie ogólne moczu", "MOCZ - BADANIE OGÓLNE"],
    "urine": [("Barwa", ["słomkowa", "jasnożółta", "żółta"], "słomkowa"), ("Przejrzystość", ["przejrzysty", "lekko mętny"], "przejrzysty"),
              ("Białko", ["nieobecne", "ślad", "1+", "2+"], "nieobecne"), ("Glukoza", ["nieobecna", "ślad", "1+"], "nieobecna"),
              ("Ciała ketonowe", ["nieobecne", "ślad", "1+"], "nieobecne"), ("Krew", ["nieobecna", "ślad", "1+", "2+"], "nieobecna"),
              ("Azotyny", ["nieobecne", "obecne"], "nieobecne"), ("Leukocyty", ["nieobecne", "ślad", "1+"], "nieobecne"),
              ("Bilirubina", ["nieobecna"], "nieobecna"), ("Urobilinogen", ["w normie"], "w normie")],
    "urine_micro": [("Erytrocyty", ["0-2", "3-5", "5-10"], "wpw", "0-2"), ("Leukocyty", ["0-5", "5-10", "10-20"], "wpw", "0-5"),
                    ("Nabłonki płaskie", ["nieliczne", "liczne"], None, None), ("Wałeczki", ["nie stwierdzono"], None, None),
                    ("Bakterie", ["nie stwierdzono", "nieliczne", "+"], None, None)],
    "letter": ("Szanowna Pani Doktor, Szanowny Panie Doktorze,", "Dotyczy: {patient}, data urodzenia {dob}",
               "Przesyłam wyniki badań krwi pobranej w dniu {date}.",
               "Stężenie {name} wyniosło {value} {unit} (norma {range}), {status}.",
               {"normal": "w zakresie referencyjnym", "high": "powyżej zakresu referencyjnego",
                "low": "poniżej zakresu referencyjnego"},
               "W poprzednim badaniu wynik wynosił {prev} {unit}.",
               "Pełne wyniki zawiera poniższa tabela. Z wyrazami szacunku,", "Zestawienie wyników"),
}

NAMES = {
    "wbc": ["Leukocyty", "WBC - leukocyty", "Krwinki białe"], "rbc": ["Erytrocyty", "RBC - erytrocyty", "Krwinki czerwone"],
    "hemoglobin": ["Hemoglobina", "HGB - hemoglobina"], "hematocrit": ["Hematokryt", "HCT - hematokryt"],
    "mcv": ["MCV", "Średnia objętość krwinki (MCV)"], "mch": ["MCH", "Średnia masa hemoglobiny w krwince (MCH)"],
    "mchc": ["MCHC"], "rdw": ["RDW-CV", "RDW"], "platelets": ["Płytki krwi", "PLT - płytki krwi", "Trombocyty"],
    "mpv": ["MPV", "Średnia objętość płytki (MPV)"],
    "glucose": ["Glukoza", "Glukoza na czczo", "Glukoza w surowicy"],
    "hba1c": ["Hemoglobina glikowana (HbA1c)", "HbA1c"], "insulin": ["Insulina", "Insulina na czczo"],
    "total_cholesterol": ["Cholesterol całkowity", "Cholesterol"], "triglycerides": ["Triglicerydy"],
    "hdl": ["Cholesterol HDL", "HDL-cholesterol"], "ldl": ["Cholesterol LDL", "Cholesterol LDL (wyliczany)"],
    "alt": ["ALT", "Aminotransferaza alaninowa (ALT)", "ALAT"], "ast": ["AST", "Aminotransferaza asparaginianowa (AST)", "AspAT"],
    "alp": ["Fosfataza zasadowa", "Fosfataza alkaliczna (ALP)"], "ggt": ["GGTP", "Gamma-glutamylotranspeptydaza (GGTP)"],
    "bilirubin_total": ["Bilirubina całkowita"], "bilirubin_direct": ["Bilirubina bezpośrednia", "Bilirubina związana"],
    "total_protein": ["Białko całkowite"], "albumin": ["Albumina", "Albuminy"], "bun": ["Azot mocznikowy (BUN)"],
    "bun@si": ["Mocznik"], "creatinine": ["Kreatynina"], "egfr": ["eGFR", "eGFR (CKD-EPI)"], "uric_acid": ["Kwas moczowy"],
    "sodium": ["Sód", "Sód (Na)"], "potassium": ["Potas", "Potas (K)"], "chloride": ["Chlorki"],
    "bicarbonate": ["Wodorowęglany"], "calcium": ["Wapń całkowity", "Wapń"], "magnesium": ["Magnez"],
    "phosphorus": ["Fosfor nieorganiczny", "Fosfor"], "tsh": ["TSH", "Tyreotropina (TSH)"],
    "ft4": ["FT4", "Wolna tyroksyna (FT4)"], "ft3": ["FT3", "Wolna trójjodotyronina (FT3)"], "iron": ["Żelazo", "Żelazo w surowicy"],
    "ferritin": ["Ferrytyna"], "tibc": ["Całkowita zdolność wiązania żelaza (TIBC)", "TIBC"],
    "transferrin_saturation": ["Wysycenie transferyny", "Saturacja transferyny"], "transferrin": ["Transferyna"],
    "vitamin_b12": ["Witamina B12"], "folate": ["Kwas foliowy"], "vitamin_d": ["Witamina D (25-OH)", "25-OH witamina D"],
    "crp": ["CRP", "Białko C-reaktywne (CRP)"], "esr": ["OB", "Odczyn Biernackiego (OB)"],
    "prothrombin_time": ["Czas protrombinowy (PT)", "PT"], "inr": ["INR"], "aptt": ["APTT", "Czas kaolinowo-kefalinowy (APTT)"],
    "fibrinogen": ["Fibrynogen"], "testosterone": ["Testosteron", "Testosteron całkowity"], "cortisol": ["Kortyzol (rano)", "Kortyzol"],
    "prolactin": ["Prolaktyna"], "ck": ["CK", "Kinaza kreatynowa (CK)"], "ldh": ["LDH", "Dehydrogenaza mleczanowa (LDH)"],
    "amylase": ["Amylaza"], "lipase": ["Lipaza"], "psa": ["PSA całkowity", "PSA"],
}
DIFF = {"cells": {"neut": "Neutrofile", "lymph": "Limfocyty", "mono": "Monocyty", "eos": "Eozynofile",
                  "baso": "Bazofile"},
        "pct": ["{c} %", "{c}"], "abs": ["{c} #", "{c} - liczba bezwzględna"]}

PEOPLE = dict(
    first=(["Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał"], ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Zofia"]),
    last=["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński"],
    city=("ul. Marszałkowska {n}/{s}", "00-{p3} Warszawa", "22 ### ## ##"),
    labs=["Laboratorium Diagnostyczne Medica", "Centrum Medyczne Zdrowie - Laboratorium", "Szpitalne Laboratorium Analityczne"],
    doctor=("{t} {first} {last}", ("lek.", "lek.")), licence="Nr wpisu {n4}",
    date_formats=["%d.%m.%Y", "%Y-%m-%d"],
)
DECIMAL_COMMA = 0.95

FAMILY_WORDS = {
    "email": (("Od", "Wysłano", "Do", "Temat", "PD"),  # forward headers, subject, greeting, disclaimer
              "Twoje wyniki badań - zlecenie {n}",
              "Dzień dobry {p}, poniżej wyniki z dnia {d}.",
              "POUFNE: wiadomość przeznaczona wyłącznie dla adresata (RODO, art. 9). W razie omyłkowego otrzymania "
              "prosimy o kontakt {phone} w ciągu 24 godzin. Wyniki weryfikowane w ciągu 2-3 dni roboczych; godziny "
              "pracy 8:00-17:30."),
    "pending": ["W trakcie", "Patrz komentarz", "---", "Wynik w opracowaniu"],
    "summary_titles": ("Podsumowanie wyników nieprawidłowych", "Wyniki poza zakresem referencyjnym"),
    "legend": ("Wynik potwierdzony powtórnym oznaczeniem", "Badanie nieakredytowane", "Wynik poza zakresem referencyjnym"),
    "request": "Materiał: {s}   Pobrano: {d}   Nr: {n}",
    "new_range": "Uwaga: nowy zakres referencyjny od {d}: {r} {u}.",
    "portal": ("Parametr", "Twój wynik", "Zakres normy", "Wynik ostateczny", "Pobrano {c} · Wynik {r}"),
}
