"""The words a report prints around its results, per language: headers, flags, sections, labels, notes.

Every list holds variants that real reports of that language use; a report picks one per slot (seeded).
Languages: en, es, pt, fr, it, de, id (Indonesian/Malay), zh; and the further languages of langs/ (nl, pl, tr ...),
merged at the end of this module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Locale:
    lang: str
    test: list[str]
    result: list[str]
    unit: list[str]
    reference: list[str]
    flag: list[str]
    status: list[str]
    previous: list[str]
    high: list[str]
    low: list[str]
    normal: list[str]
    critical: list[str]          # prefix/word for a critical value ("Critical", "Crítico", "危急")
    ref_intro: list[str]         # "Reference:", "Valores de referencia:", "参考区间:"
    upto: list[str]              # "Up to {}"
    below: list[str]             # "Less than {}" style words for "<"
    above: list[str]             # "Above {}" style words for ">"
    range_words: list[str]       # " to ", " a ", " bis " (range separators that are words)
    male: list[str]              # printed sex values
    female: list[str]
    sections: dict[str, list[str]]
    labels: dict[str, list[str]]  # patient header labels
    risk_words: dict[str, str]
    method: list[str]            # "Method", "Método", "Methode"
    sample: list[str]            # "Sample", "Muestra"
    specimens: list[str]         # serum, EDTA whole blood, citrated plasma (in this order)
    page: list[str]              # "Page {p} of {n}"
    continued: list[str]
    comments: list[str]          # narrative with numbers: {glu} {chol} {k} {date} placeholders
    signature: list[str]         # "Validated by"
    report_titles: list[str]
    age_unit: str
    sex_ranges: list[tuple[str, str]]  # how both sexes' intervals are labelled: (male part, female part)
    extras: list[tuple[str, str, str | None, str | None]]  # qualitative/censored rows: name, result, unit, ref


_SECTIONS_EN = {
    "cbc": ["Complete Blood Count", "HAEMATOLOGY", "Full Blood Count"], "diff": ["White Cell Differential", "Differential Count"],
    "diabetes": ["Diabetes Screen", "Glucose Metabolism"], "lipids": ["Lipid Profile", "LIPID PANEL"],
    "kidney": ["Kidney Function", "Renal Profile"], "electrolytes": ["Electrolytes"],
    "liver": ["Liver Function Tests", "Hepatic Panel"], "iron": ["Iron Studies"], "vitamins": ["Vitamins"],
    "thyroid": ["Thyroid Function", "Thyroid Profile"], "inflammation": ["Inflammatory Markers"],
    "coagulation": ["Coagulation", "Coagulation Studies"], "enzymes": ["Enzymes", "Cardiac / Muscle Enzymes"],
    "hormones": ["Hormones", "Endocrinology"], "tumour": ["Tumour Markers"],
}

LOCALES: dict[str, Locale] = {
    "en": Locale(
        lang="en",
        test=["Test", "Test Name", "Investigation", "Analyte", "Examination"],
        result=["Result", "Results", "Value", "Observed Value"],
        unit=["Unit", "Units"],
        reference=["Reference Range", "Reference Interval", "Ref. Range", "Normal Range", "Bio. Ref. Interval"],
        flag=["Flag", "H/L"], status=["Status", "Interpretation"], previous=["Previous", "Prior Result"],
        high=["High", "HIGH", "H"], low=["Low", "LOW", "L"], normal=["Normal", "NORMAL", "Within range"],
        critical=["Critical", "CRITICAL", "Panic"],
        ref_intro=["Reference:", "Ref:", "Ref. range:", "Normal:"],
        upto=["Up to {}", "< {}", "<{}", "≤ {}"], below=["< {}", "Less than {}"], above=["> {}", ">{}", "Above {}"],
        range_words=[" to "], male=["Male", "M"], female=["Female", "F"],
        sections=_SECTIONS_EN,
        labels={"name": ["Patient Name", "Name", "Patient"], "id": ["Patient ID", "MRN", "Lab No."],
                "dob": ["DOB", "Date of Birth"], "age": ["Age"], "sex": ["Sex", "Gender"],
                "collected": ["Collected", "Collection Date", "Sample Collected"], "reported": ["Reported", "Report Date"],
                "physician": ["Referring Physician", "Ordering Provider", "Ref. Doctor"], "address": ["Address"],
                "phone": ["Phone", "Tel"], "accession": ["Accession No.", "Specimen ID", "Barcode"],
                "specimen": ["Specimen", "Sample Type"], "lab": ["Performing Lab"], "licence": ["CLIA ID", "CAP No."]},
        risk_words={"desirable": "Desirable", "borderline": "Borderline high", "high": "High", "very_high": "Very high",
                    "normal": "Normal", "prediabetes": "Prediabetes", "diabetes": "Diabetes", "low": "Low (risk)",
                    "high_good": "High (protective)", "optimal": "Optimal", "near_optimal": "Near optimal"},
        method=["Method", "Methodology"], sample=["Sample", "Specimen"],
        specimens=["Serum", "EDTA Whole Blood", "Citrated Plasma", "Plasma (Fluoride)"],
        page=["Page {p} of {n}", "Page {p}/{n}"], continued=["(continued)", "CONT'D...", "Continued on next page"],
        comments=[
            "Comment: A fasting glucose of {glu} or higher on two occasions is consistent with diabetes mellitus. "
            "Target LDL cholesterol below {ldl} for patients at very high cardiovascular risk.",
            "Note: Sample received at {time} on {date}. Slight haemolysis observed; potassium above {k} "
            "should be confirmed on a fresh sample.",
            "Interpretation: results should be correlated with clinical findings. Reference intervals apply to adults "
            "aged 18-65 years. Please call {phone} for urgent queries.",
        ],
        signature=["Electronically verified by", "Validated by", "Reviewed by"],
        report_titles=["LABORATORY REPORT", "Final Report", "CLINICAL LABORATORY RESULTS", "Test Report"],
        age_unit="{} Y", sex_ranges=[("M: {}", "F: {}"), ("Male: {}", "Female: {}")],
        extras=[("HBsAg", "Non-reactive", None, "Non-reactive"), ("Blood Group (ABO/Rh)", "O Positive", None, None),
                ("Troponin I, high sensitive", "<2.5", "ng/L", "<19.8"), ("Anti-HCV", "Negative", None, "Negative")],
    ),
    "es": Locale(
        lang="es",
        test=["Prueba", "Determinación", "Examen", "Análisis"], result=["Resultado", "Resultados"],
        unit=["Unidad", "Unidades"], reference=["Valores de referencia", "Intervalo de referencia", "Rango de referencia", "V. Ref."],
        flag=["Marca", "Indicador"], status=["Estado", "Interpretación"], previous=["Anterior", "Resultado anterior"],
        high=["Alto", "ALTO", "H"], low=["Bajo", "BAJO", "L"], normal=["Normal", "NORMAL"], critical=["Crítico", "CRÍTICO"],
        ref_intro=["Valores de referencia:", "VR:", "Ref.:", "Valor normal:"],
        upto=["Hasta {}", "< {}", "Inferior a {}", "<{}"], below=["< {}", "Inferior a {}", "Menor de {}"],
        above=["> {}", "Superior a {}", "Mayor de {}"], range_words=[" a "], male=["Masculino", "Hombre", "M"],
        female=["Femenino", "Mujer", "F"],
        sections={"cbc": ["Hemograma", "HEMATOLOGÍA"], "diff": ["Fórmula leucocitaria"],
                  "diabetes": ["Metabolismo de glúcidos", "Glucemia"], "lipids": ["Perfil lipídico", "LÍPIDOS"],
                  "kidney": ["Función renal"], "electrolytes": ["Iones", "Electrolitos"], "liver": ["Perfil hepático"],
                  "iron": ["Metabolismo del hierro"], "vitamins": ["Vitaminas"], "thyroid": ["Hormonas tiroideas"],
                  "inflammation": ["Marcadores inflamatorios"], "coagulation": ["Coagulación", "Hemostasia"],
                  "enzymes": ["Enzimas"], "hormones": ["Hormonas"], "tumour": ["Marcadores tumorales"]},
        labels={"name": ["Paciente", "Nombre"], "id": ["Nº Historia", "NHC", "Nº Paciente"], "dob": ["Fecha de nacimiento", "F. Nac."],
                "age": ["Edad"], "sex": ["Sexo"], "collected": ["Fecha de toma", "Extracción"],
                "reported": ["Fecha de informe", "Validado"], "physician": ["Médico solicitante", "Dr./Dra."],
                "address": ["Dirección", "Domicilio"], "phone": ["Teléfono", "Tel."], "accession": ["Nº de petición", "Nº Muestra"],
                "specimen": ["Muestra"], "lab": ["Laboratorio"], "licence": ["Nº Registro Sanitario", "CIF"]},
        risk_words={"desirable": "Deseable", "borderline": "Límite", "high": "Alto", "very_high": "Muy alto",
                    "normal": "Normal", "prediabetes": "Prediabetes", "diabetes": "Diabetes", "low": "Riesgo",
                    "high_good": "Protector", "optimal": "Óptimo", "near_optimal": "Casi óptimo"},
        method=["Método", "Técnica"], sample=["Muestra", "Espécimen"],
        specimens=["Suero", "Sangre total EDTA", "Plasma citratado"],
        page=["Página {p} de {n}", "Pág. {p}/{n}"], continued=["(continúa)", "Continúa en la página siguiente"],
        comments=[
            "Comentario: Una glucemia basal igual o superior a {glu} en dos ocasiones es compatible con diabetes. "
            "Objetivo de colesterol LDL inferior a {ldl} en pacientes de muy alto riesgo.",
            "Nota: muestra recibida a las {time} del {date}. Ligera hemólisis; confirmar potasio superior a {k} "
            "en nueva muestra.",
            "Los resultados deben valorarse junto con la clínica del paciente. Consultas: {phone}.",
        ],
        signature=["Validado por", "Facultativo responsable"],
        report_titles=["INFORME DE LABORATORIO", "Informe de resultados", "ANÁLISIS CLÍNICOS"], age_unit="{} años", sex_ranges=[("H: {}", "M: {}"), ("Hombres: {}", "Mujeres: {}")],
        extras=[("HBsAg", "Negativo", None, "Negativo"), ("Grupo sanguíneo", "O Rh+", None, None),
                ("Troponina I ultrasensible", "<2,5", "ng/L", "<19,8"), ("Anti-VHC", "Negativo", None, "Negativo")],
    ),
    "pt": Locale(
        lang="pt",
        test=["Exame", "Analito", "Parâmetro"], result=["Resultado", "Resultados"], unit=["Unidade"],
        reference=["Valores de referência", "Intervalo de referência", "Valor de referência", "VR"],
        flag=["Sinal", "Indicador"], status=["Situação", "Status"], previous=["Anterior", "Resultado anterior"],
        high=["Alto", "ALTO", "A"], low=["Baixo", "BAIXO", "B"], normal=["Normal", "NORMAL"], critical=["Crítico", "CRÍTICO"],
        ref_intro=["Valores de referência:", "VR:", "Ref.:"], upto=["Até {}", "< {}", "Inferior a {}"],
        below=["< {}", "Inferior a {}", "Menor que {}"], above=["> {}", "Superior a {}", "Maior que {}"],
        range_words=[" a ", " até "], male=["Masculino", "M"], female=["Feminino", "F"],
        sections={"cbc": ["Hemograma completo", "HEMATOLOGIA"], "diff": ["Leucograma"], "diabetes": ["Glicemia"],
                  "lipids": ["Perfil lipídico", "Lipidograma"], "kidney": ["Função renal"], "electrolytes": ["Eletrólitos"],
                  "liver": ["Função hepática", "Hepatograma"], "iron": ["Perfil de ferro"], "vitamins": ["Vitaminas"],
                  "thyroid": ["Tireoide", "Função tireoidiana"], "inflammation": ["Marcadores inflamatórios"],
                  "coagulation": ["Coagulação", "Coagulograma"], "enzymes": ["Enzimas"], "hormones": ["Hormônios"],
                  "tumour": ["Marcadores tumorais"]},
        labels={"name": ["Paciente", "Nome"], "id": ["Prontuário", "Código do paciente", "Atendimento"],
                "dob": ["Data de nascimento", "Dt. Nasc."], "age": ["Idade"], "sex": ["Sexo"],
                "collected": ["Data da coleta", "Coleta"], "reported": ["Data de liberação", "Liberado em"],
                "physician": ["Médico solicitante", "Solicitante"], "address": ["Endereço"], "phone": ["Telefone", "Tel."],
                "accession": ["Nº do pedido", "Protocolo"], "specimen": ["Material", "Amostra"], "lab": ["Laboratório"],
                "licence": ["CNES", "CRM"]},
        risk_words={"desirable": "Desejável", "borderline": "Limítrofe", "high": "Alto", "very_high": "Muito alto",
                    "normal": "Normal", "prediabetes": "Pré-diabetes", "diabetes": "Diabetes", "low": "Baixo",
                    "high_good": "Desejável", "optimal": "Ótimo", "near_optimal": "Desejável"},
        method=["Método", "Metodologia"], sample=["Material", "Amostra"],
        specimens=["Soro", "Sangue total (EDTA)", "Plasma citratado"],
        page=["Página {p} de {n}", "Pág. {p}/{n}"], continued=["(continuação)", "Continua na próxima página"],
        comments=[
            "Observação: glicemia de jejum igual ou superior a {glu} em duas ocasiões é compatível com diabetes. "
            "Meta de LDL inferior a {ldl} para pacientes de risco muito alto.",
            "Nota: amostra recebida às {time} de {date}. Hemólise discreta; potássio acima de {k} deve ser confirmado.",
            "Resultados devem ser interpretados em conjunto com dados clínicos. Central de atendimento: {phone}.",
        ],
        signature=["Liberado por", "Responsável técnico"],
        report_titles=["LAUDO DE EXAMES", "Resultado de exames", "LAUDO LABORATORIAL"], age_unit="{} anos", sex_ranges=[("H: {}", "M: {}"), ("Homens: {}", "Mulheres: {}")],
        extras=[("HBsAg", "Não reagente", None, "Não reagente"), ("Tipagem sanguínea", "O positivo", None, None),
                ("Troponina I ultrassensível", "<2,5", "ng/L", "<19,8"), ("Anti-HCV", "Não reagente", None, None)],
    ),
    "fr": Locale(
        lang="fr",
        test=["Analyse", "Examen", "Paramètre"], result=["Résultat", "Résultats"], unit=["Unité", "Unités"],
        reference=["Valeurs de référence", "Intervalle de référence", "Normes", "Valeurs usuelles"],
        flag=["Indicateur", "Alerte"], status=["Statut", "Interprétation"], previous=["Antériorité", "Antérieur"],
        high=["Élevé", "ÉLEVÉ", "H"], low=["Bas", "BAS", "B"], normal=["Normal", "NORMAL"], critical=["Critique", "CRITIQUE"],
        ref_intro=["Valeurs de référence :", "Réf. :", "VR :"], upto=["Jusqu'à {}", "< {}", "Inférieur à {}"],
        below=["< {}", "Inférieur à {}"], above=["> {}", "Supérieur à {}"], range_words=[" à "],
        male=["Masculin", "M", "Homme"], female=["Féminin", "F", "Femme"],
        sections={"cbc": ["Hémogramme", "NUMÉRATION FORMULE SANGUINE"], "diff": ["Formule leucocytaire"],
                  "diabetes": ["Glycémie", "Exploration du diabète"], "lipids": ["Bilan lipidique", "Exploration lipidique"],
                  "kidney": ["Bilan rénal"], "electrolytes": ["Ionogramme sanguin"], "liver": ["Bilan hépatique"],
                  "iron": ["Bilan martial"], "vitamins": ["Vitamines"], "thyroid": ["Bilan thyroïdien"],
                  "inflammation": ["Marqueurs de l'inflammation"], "coagulation": ["Hémostase"], "enzymes": ["Enzymologie"],
                  "hormones": ["Hormonologie"], "tumour": ["Marqueurs tumoraux"]},
        labels={"name": ["Patient", "Nom"], "id": ["N° dossier", "IPP", "N° patient"], "dob": ["Né(e) le", "Date de naissance"],
                "age": ["Âge"], "sex": ["Sexe"], "collected": ["Prélevé le", "Date de prélèvement"],
                "reported": ["Édité le", "Validé le"], "physician": ["Prescripteur", "Médecin"], "address": ["Adresse"],
                "phone": ["Tél.", "Téléphone"], "accession": ["N° de demande", "N° dossier labo"],
                "specimen": ["Échantillon", "Nature"], "lab": ["Laboratoire"], "licence": ["N° FINESS", "SIRET"]},
        risk_words={"desirable": "Souhaitable", "borderline": "Limite", "high": "Élevé", "very_high": "Très élevé",
                    "normal": "Normal", "prediabetes": "Prédiabète", "diabetes": "Diabète", "low": "Bas",
                    "high_good": "Protecteur", "optimal": "Optimal", "near_optimal": "Proche de l'optimal"},
        method=["Méthode", "Technique"], sample=["Échantillon", "Prélèvement"],
        specimens=["Sérum", "Sang total EDTA", "Plasma citraté"],
        page=["Page {p} / {n}", "Page {p} sur {n}"], continued=["(suite)", "Suite page suivante"],
        comments=[
            "Commentaire : une glycémie à jeun supérieure ou égale à {glu} à deux reprises est en faveur d'un diabète. "
            "Objectif LDL inférieur à {ldl} chez le patient à très haut risque.",
            "Note : échantillon reçu à {time} le {date}. Légère hémolyse ; kaliémie supérieure à {k} à contrôler.",
            "Résultats à interpréter en fonction du contexte clinique. Renseignements : {phone}.",
        ],
        signature=["Validé par", "Biologiste responsable"],
        report_titles=["COMPTE RENDU D'ANALYSES", "Résultats d'analyses de biologie médicale"], age_unit="{} ans", sex_ranges=[("H : {}", "F : {}"), ("Hommes : {}", "Femmes : {}")],
        extras=[("Antigène HBs", "Négatif", None, "Négatif"), ("Groupe sanguin", "O Rhésus +", None, None),
                ("Troponine I hs", "<2,5", "ng/L", "<19,8"), ("Sérologie VHC", "Négative", None, None)],
    ),
    "it": Locale(
        lang="it",
        test=["Esame", "Analisi", "Test"], result=["Risultato", "Esito"], unit=["Unità", "U.M.", "Unità di misura"],
        reference=["Valori di riferimento", "Intervallo di riferimento", "Val. rif."],
        flag=["Segnalazione", "Flag"], status=["Stato", "Esito"], previous=["Precedente", "Esito precedente"],
        high=["Alto", "ALTO", "H"], low=["Basso", "BASSO", "L"], normal=["Normale", "NORMALE"], critical=["Critico", "CRITICO"],
        ref_intro=["Val. rif.:", "Valori di riferimento:", "Rif.:"], upto=["Fino a {}", "< {}", "Inferiore a {}"],
        below=["< {}", "Inferiore a {}"], above=["> {}", "Superiore a {}"], range_words=[" ÷ ", " - "],
        male=["Maschile", "M"], female=["Femminile", "F"],
        sections={"cbc": ["Emocromo", "EMOCROMOCITOMETRICO"], "diff": ["Formula leucocitaria"],
                  "diabetes": ["Metabolismo glucidico"], "lipids": ["Assetto lipidico"], "kidney": ["Funzionalità renale"],
                  "electrolytes": ["Elettroliti"], "liver": ["Funzionalità epatica"], "iron": ["Metabolismo del ferro"],
                  "vitamins": ["Vitamine"], "thyroid": ["Funzionalità tiroidea"], "inflammation": ["Indici di flogosi"],
                  "coagulation": ["Coagulazione"], "enzymes": ["Enzimi"], "hormones": ["Ormoni"],
                  "tumour": ["Marcatori tumorali"]},
        labels={"name": ["Paziente", "Cognome e nome"], "id": ["ID paziente", "N. accettazione", "Cod. paziente"],
                "dob": ["Data di nascita", "Nato il"], "age": ["Età"], "sex": ["Sesso"],
                "collected": ["Data prelievo", "Prelievo del"], "reported": ["Data referto", "Refertato il"],
                "physician": ["Medico richiedente", "Medico"], "address": ["Indirizzo"], "phone": ["Tel."],
                "accession": ["N. richiesta", "N. campione"], "specimen": ["Campione", "Materiale"],
                "lab": ["Laboratorio"], "licence": ["Aut. Reg. n.", "P.IVA"]},
        risk_words={"desirable": "Desiderabile", "borderline": "Limite", "high": "Alto", "very_high": "Molto alto",
                    "normal": "Normale", "prediabetes": "Prediabete", "diabetes": "Diabete", "low": "Basso",
                    "high_good": "Protettivo", "optimal": "Ottimale", "near_optimal": "Quasi ottimale"},
        method=["Metodo", "Metodica"], sample=["Campione", "Materiale"],
        specimens=["Siero", "Sangue intero EDTA", "Plasma citrato"],
        page=["Pagina {p} di {n}", "Pag. {p}/{n}"], continued=["(segue)", "Continua alla pagina successiva"],
        comments=[
            "Nota: una glicemia a digiuno pari o superiore a {glu} in due occasioni è compatibile con diabete. "
            "Obiettivo LDL inferiore a {ldl} nei pazienti a rischio molto alto.",
            "Campione accettato alle {time} del {date}. Lieve emolisi: potassio superiore a {k} da confermare.",
            "I risultati vanno interpretati in relazione al quadro clinico. Informazioni: {phone}.",
        ],
        signature=["Firmato digitalmente da", "Il Direttore del Laboratorio"],
        report_titles=["REFERTO DI LABORATORIO", "Referto analisi cliniche"], age_unit="{} anni", sex_ranges=[("M: {}", "F: {}"), ("Uomini: {}", "Donne: {}")],
        extras=[("HBsAg", "Negativo", None, "Negativo"), ("Gruppo sanguigno", "0 Rh positivo", None, None),
                ("Troponina I hs", "<2,5", "ng/L", "<19,8"), ("Anti-HCV", "Negativo", None, None)],
    ),
    "de": Locale(
        lang="de",
        test=["Untersuchung", "Parameter", "Analyse"], result=["Ergebnis", "Wert", "Befund"], unit=["Einheit"],
        reference=["Referenzbereich", "Normbereich", "Referenzwerte"], flag=["Kennz.", "Bew."],
        status=["Bewertung", "Status"], previous=["Vorwert", "Vorbefund"],
        high=["Hoch", "HOCH", "H", "erhöht"], low=["Niedrig", "NIEDRIG", "L", "erniedrigt"], normal=["Normal", "normal"],
        critical=["Kritisch", "KRITISCH"], ref_intro=["Referenzbereich:", "Ref.:", "Norm:"],
        upto=["bis {}", "< {}", "unter {}"], below=["< {}", "unter {}"], above=["> {}", "über {}"],
        range_words=[" - ", " bis "], male=["männlich", "M"], female=["weiblich", "W"],
        sections={"cbc": ["Blutbild", "Kleines Blutbild", "HÄMATOLOGIE"], "diff": ["Differentialblutbild"],
                  "diabetes": ["Glukosestoffwechsel"], "lipids": ["Fettstoffwechsel"], "kidney": ["Nierenwerte"],
                  "electrolytes": ["Elektrolyte"], "liver": ["Leberwerte"], "iron": ["Eisenstoffwechsel"],
                  "vitamins": ["Vitamine"], "thyroid": ["Schilddrüse"], "inflammation": ["Entzündungsparameter"],
                  "coagulation": ["Gerinnung"], "enzymes": ["Enzyme"], "hormones": ["Hormone"], "tumour": ["Tumormarker"]},
        labels={"name": ["Patient", "Name"], "id": ["Pat.-Nr.", "Patienten-ID"], "dob": ["Geb.-Datum", "geb. am"],
                "age": ["Alter"], "sex": ["Geschlecht"], "collected": ["Entnahme", "Probeneingang"],
                "reported": ["Befunddatum", "Ausgang"], "physician": ["Einsender", "Arzt"], "address": ["Anschrift"],
                "phone": ["Tel."], "accession": ["Auftragsnummer", "Auftrag"], "specimen": ["Material"],
                "lab": ["Labor"], "licence": ["DAkkS-Akkreditierung", "BSNR"]},
        risk_words={"desirable": "Wünschenswert", "borderline": "Grenzwertig", "high": "Hoch", "very_high": "Sehr hoch",
                    "normal": "Normal", "prediabetes": "Prädiabetes", "diabetes": "Diabetes", "low": "Erniedrigt",
                    "high_good": "Günstig", "optimal": "Optimal", "near_optimal": "Nahezu optimal"},
        method=["Methode", "Messverfahren"], sample=["Material", "Probe"],
        specimens=["Serum", "EDTA-Blut", "Citratplasma"],
        page=["Seite {p} von {n}", "Seite {p}/{n}"], continued=["(Fortsetzung)", "Fortsetzung nächste Seite"],
        comments=[
            "Kommentar: Eine Nüchternglukose ab {glu} bei zwei Messungen spricht für einen Diabetes mellitus. "
            "LDL-Zielwert unter {ldl} bei sehr hohem Risiko.",
            "Hinweis: Probeneingang {time} Uhr am {date}. Leichte Hämolyse; Kalium über {k} bitte kontrollieren.",
            "Die Ergebnisse sind im klinischen Kontext zu beurteilen. Rückfragen: {phone}.",
        ],
        signature=["Medizinisch validiert von", "Technisch freigegeben"],
        report_titles=["LABORBEFUND", "Befundbericht", "Endbefund"], age_unit="{} J.", sex_ranges=[("M: {}", "W: {}"), ("Männer: {}", "Frauen: {}")],
        extras=[("HBs-Antigen", "negativ", None, "negativ"), ("Blutgruppe", "0 Rh positiv", None, None),
                ("Troponin I hs", "<2,5", "ng/l", "<19,8"), ("Anti-HCV", "negativ", None, None)],
    ),
    "id": Locale(
        lang="id",
        test=["Pemeriksaan", "Jenis Pemeriksaan", "Parameter"], result=["Hasil"], unit=["Satuan"],
        reference=["Nilai Rujukan", "Nilai Normal", "Nilai Referensi"], flag=["Tanda", "Flag"],
        status=["Keterangan", "Status"], previous=["Sebelumnya", "Hasil Lalu"],
        high=["Tinggi", "TINGGI", "H"], low=["Rendah", "RENDAH", "L"], normal=["Normal", "NORMAL"],
        critical=["Kritis", "KRITIS"], ref_intro=["Nilai rujukan:", "Rujukan:", "Normal:"],
        upto=["Sampai {}", "< {}", "Kurang dari {}"], below=["< {}", "Kurang dari {}"], above=["> {}", "Lebih dari {}"],
        range_words=[" - ", " s/d "], male=["Laki-laki", "L"], female=["Perempuan", "P"],
        sections={"cbc": ["Hematologi", "DARAH LENGKAP"], "diff": ["Hitung Jenis"], "diabetes": ["Gula Darah"],
                  "lipids": ["Profil Lipid"], "kidney": ["Fungsi Ginjal"], "electrolytes": ["Elektrolit"],
                  "liver": ["Fungsi Hati"], "iron": ["Profil Besi"], "vitamins": ["Vitamin"], "thyroid": ["Tiroid"],
                  "inflammation": ["Penanda Inflamasi"], "coagulation": ["Koagulasi", "Hemostasis"],
                  "enzymes": ["Enzim"], "hormones": ["Hormon"], "tumour": ["Penanda Tumor"]},
        labels={"name": ["Nama Pasien", "Nama"], "id": ["No. RM", "No. Lab"], "dob": ["Tgl. Lahir", "Tanggal Lahir"],
                "age": ["Umur", "Usia"], "sex": ["Jenis Kelamin", "J. Kelamin"], "collected": ["Tgl. Sampling", "Tgl. Ambil"],
                "reported": ["Tgl. Hasil", "Tgl. Cetak"], "physician": ["Dokter Pengirim", "Pengirim"],
                "address": ["Alamat"], "phone": ["Telp.", "No. HP"], "accession": ["No. Registrasi", "SID"],
                "specimen": ["Spesimen", "Bahan"], "lab": ["Laboratorium"], "licence": ["No. Izin", "SIP"]},
        risk_words={"desirable": "Diinginkan", "borderline": "Batas tinggi", "high": "Tinggi", "very_high": "Sangat tinggi",
                    "normal": "Normal", "prediabetes": "Prediabetes", "diabetes": "Diabetes", "low": "Rendah",
                    "high_good": "Baik", "optimal": "Optimal", "near_optimal": "Mendekati optimal"},
        method=["Metode"], sample=["Bahan", "Spesimen"], specimens=["Serum", "Darah EDTA", "Plasma sitrat"],
        page=["Halaman {p} dari {n}", "Hal. {p}/{n}"], continued=["(lanjutan)", "Bersambung ke halaman berikutnya"],
        comments=[
            "Catatan: glukosa puasa {glu} atau lebih pada dua kali pemeriksaan sesuai dengan diabetes melitus. "
            "Target kolesterol LDL di bawah {ldl} untuk pasien risiko sangat tinggi.",
            "Sampel diterima pukul {time} tanggal {date}. Sedikit hemolisis; kalium di atas {k} perlu dikonfirmasi.",
            "Hasil harus diinterpretasikan bersama data klinis. Informasi: {phone}.",
        ],
        signature=["Diverifikasi oleh", "Dokter Penanggung Jawab"],
        report_titles=["HASIL PEMERIKSAAN LABORATORIUM", "LAPORAN HASIL LAB"], age_unit="{} Tahun", sex_ranges=[("L: {}", "P: {}"), ("Laki-laki: {}", "Perempuan: {}")],
        extras=[("HBsAg", "Non Reaktif", None, "Non Reaktif"), ("Golongan Darah", "O / Rhesus +", None, None),
                ("Troponin I hs", "<2,5", "ng/L", "<19,8"), ("Anti HCV", "Non Reaktif", None, None)],
    ),
    "zh": Locale(
        lang="zh",
        test=["项目", "检验项目", "项目名称"], result=["结果", "检验结果"], unit=["单位"],
        reference=["参考区间", "参考范围", "参考值"], flag=["提示", "标志"], status=["状态", "结果提示"],
        previous=["上次结果", "历史结果"], high=["偏高", "高", "↑"], low=["偏低", "低", "↓"], normal=["正常"],
        critical=["危急"], ref_intro=["参考区间:", "参考值:"], upto=["<{}", "≤{}"], below=["<{}"],
        above=[">{}", "≥{}"], range_words=["-", "~", "--"], male=["男"], female=["女"],
        sections={"cbc": ["血常规", "血细胞分析"], "diff": ["白细胞分类"], "diabetes": ["血糖"], "lipids": ["血脂四项"],
                  "kidney": ["肾功能"], "electrolytes": ["电解质"], "liver": ["肝功能"], "iron": ["铁代谢"],
                  "vitamins": ["维生素"], "thyroid": ["甲状腺功能"], "inflammation": ["炎症指标"],
                  "coagulation": ["凝血功能"], "enzymes": ["心肌酶谱"], "hormones": ["激素"], "tumour": ["肿瘤标志物"]},
        labels={"name": ["姓名"], "id": ["病历号", "门诊号", "住院号"], "dob": ["出生日期"], "age": ["年龄"], "sex": ["性别"],
                "collected": ["采样时间", "采集时间"], "reported": ["报告时间", "审核时间"], "physician": ["送检医生", "申请医生"],
                "address": ["地址"], "phone": ["电话"], "accession": ["样本编号", "条码号"], "specimen": ["标本类型", "样本类型"],
                "lab": ["检验科"], "licence": ["执业许可证"]},
        risk_words={"desirable": "合适水平", "borderline": "边缘升高", "high": "升高", "very_high": "很高",
                    "normal": "正常", "prediabetes": "糖尿病前期", "diabetes": "糖尿病", "low": "降低",
                    "high_good": "理想", "optimal": "理想水平", "near_optimal": "接近理想"},
        method=["检测方法", "方法"], sample=["标本", "样本"], specimens=["血清", "EDTA抗凝全血", "枸橼酸钠抗凝血浆"],
        page=["第 {p} 页 / 共 {n} 页", "第{p}页 共{n}页"], continued=["(续)", "续下页"],
        comments=[
            "备注: 空腹血糖两次≥{glu}提示糖尿病。极高危患者LDL-C控制目标<{ldl}。",
            "说明: 标本于{date} {time}接收, 轻度溶血, 血钾>{k}请复查。",
            "本报告仅对所检测标本负责, 如有疑问请致电{phone}。",
        ],
        signature=["检验者", "审核者"], report_titles=["检验报告单", "临床检验报告单", "检验科报告"], age_unit="{}岁", sex_ranges=[("男: {}", "女: {}"), ("男性 {}", "女性 {}")],
        extras=[("乙肝表面抗原(HBsAg)", "阴性", None, "阴性"), ("ABO血型", "O型", None, None),
                ("高敏肌钙蛋白I(hs-cTnI)", "<2.5", "ng/L", "<19.8"), ("丙肝抗体(Anti-HCV)", "阴性", None, "阴性")],
    ),
}

# The first eight languages: the matrix every family is tested in. The further ones (langs/) are rendered by a
# rotated sample (tests/analysis/test_more_languages.py).
LANGUAGES: list[str] = list(LOCALES)

from tests.analysis.layoutgen.langs import MODULES as _MORE  # noqa: E402  (data modules, no import back)

LOCALES.update({lang: Locale(lang=lang, **m.LOCALE) for lang, m in _MORE.items()})
MORE_LANGUAGES: list[str] = list(_MORE)
ALL_LANGUAGES: list[str] = LANGUAGES + MORE_LANGUAGES
