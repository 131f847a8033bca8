"""Printed marker names per language, as laboratories print them (first entry = the most common form).

Languages: en, es, pt, fr, it, de, id (Indonesian/Malay), zh. Chinese names follow the convention of
mainland hospital reports: the Chinese name with the ASCII abbreviation in brackets, `血红蛋白(HGB)`.
Sources: the corpus files (../shared/corpus/SOURCES.md), public laboratory catalogues and report
templates in each language (Spanish SEQC, Brazilian SBPC/ML, French SFBC nomenclature, Italian SIBioC,
German DGKL test names, Indonesian Prodia/Kimia Farma menus, Chinese WS/T 405 terminology).
`names_for(key, lang, units)` is the only reader.
"""

from __future__ import annotations

NAMES: dict[str, dict[str, list[str]]] = {
    "wbc": {
        "en": ["White Blood Cell Count", "WBC", "Total Leucocyte Count", "Leukocytes", "White Cell Count"],
        "es": ["Leucocitos", "Recuento de leucocitos", "Glóbulos blancos"],
        "pt": ["Leucócitos", "Leucócitos totais", "Glóbulos brancos"],
        "fr": ["Leucocytes", "Globules blancs"],
        "it": ["Globuli bianchi", "Leucociti", "GB (Leucociti)"],
        "de": ["Leukozyten", "Leukocyten"],
        "id": ["Leukosit", "Lekosit", "Sel Darah Putih"],
        "zh": ["白细胞计数(WBC)", "白细胞(WBC)"],
    },
    "rbc": {
        "en": ["Red Blood Cell Count", "RBC", "Erythrocytes", "Red Cell Count"],
        "es": ["Hematíes", "Eritrocitos", "Glóbulos rojos"],
        "pt": ["Hemácias", "Eritrócitos"],
        "fr": ["Hématies", "Érythrocytes", "Globules rouges"],
        "it": ["Globuli rossi", "Eritrociti", "GR (Eritrociti)"],
        "de": ["Erythrozyten", "Erythrocyten"],
        "id": ["Eritrosit", "Sel Darah Merah"],
        "zh": ["红细胞计数(RBC)", "红细胞(RBC)"],
    },
    "hemoglobin": {
        "en": ["Hemoglobin", "Haemoglobin", "Hb", "HGB"],
        "es": ["Hemoglobina", "Hemoglobina (Hb)"],
        "pt": ["Hemoglobina"],
        "fr": ["Hémoglobine"],
        "it": ["Emoglobina", "Emoglobina (Hb)"],
        "de": ["Hämoglobin", "Hb"],
        "id": ["Hemoglobin", "Haemoglobin"],
        "zh": ["血红蛋白(HGB)", "血红蛋白(Hb)"],
    },
    "hematocrit": {
        "en": ["Hematocrit", "Haematocrit", "HCT", "Packed Cell Volume (PCV)"],
        "es": ["Hematocrito"], "pt": ["Hematócrito"], "fr": ["Hématocrite"], "it": ["Ematocrito"],
        "de": ["Hämatokrit"], "id": ["Hematokrit"], "zh": ["红细胞压积(HCT)", "红细胞比容(HCT)"],
    },
    "mcv": {
        "en": ["MCV", "Mean Corpuscular Volume", "Mean Cell Volume"],
        "es": ["VCM", "Volumen corpuscular medio"], "pt": ["VCM", "Volume corpuscular médio"],
        "fr": ["VGM", "Volume globulaire moyen"], "it": ["MCV", "Volume corpuscolare medio"],
        "de": ["MCV"], "id": ["MCV", "Volume Eritrosit Rata-rata"], "zh": ["平均红细胞体积(MCV)"],
    },
    "mch": {
        "en": ["MCH", "Mean Corpuscular Hemoglobin", "Mean Cell Haemoglobin"],
        "es": ["HCM", "Hemoglobina corpuscular media"], "pt": ["HCM", "Hemoglobina corpuscular média"],
        "fr": ["TCMH", "Teneur corpusculaire moyenne en hémoglobine"],
        "it": ["MCH", "Contenuto medio di emoglobina"], "de": ["MCH", "HbE"],
        "id": ["MCH", "Hemoglobin Eritrosit Rata-rata"], "zh": ["平均红细胞血红蛋白含量(MCH)"],
    },
    "mchc": {
        "en": ["MCHC", "Mean Corpuscular Hemoglobin Concentration", "Mean Cell Haemoglobin Concentration"],
        "es": ["CHCM", "Concentración de hemoglobina corpuscular media"],
        "pt": ["CHCM", "Concentração de hemoglobina corpuscular média"],
        "fr": ["CCMH", "Concentration corpusculaire moyenne en hémoglobine"],
        "it": ["MCHC", "Concentrazione media di emoglobina"], "de": ["MCHC"],
        "id": ["MCHC", "Konsentrasi Hemoglobin Eritrosit Rata-rata"], "zh": ["平均红细胞血红蛋白浓度(MCHC)"],
    },
    "rdw": {
        "en": ["RDW", "RDW-CV", "Red Cell Distribution Width"],
        "es": ["ADE", "RDW", "Amplitud de distribución eritrocitaria"],
        "pt": ["RDW", "Amplitude de distribuição dos eritrócitos"],
        "fr": ["IDR", "Indice de distribution des globules rouges"], "it": ["RDW", "RDW-CV"],
        "de": ["RDW", "Erythrozytenverteilungsbreite"], "id": ["RDW-CV"], "zh": ["红细胞分布宽度(RDW-CV)"],
    },
    "platelets": {
        "en": ["Platelet Count", "Platelets", "PLT"], "es": ["Plaquetas", "Recuento de plaquetas"],
        "pt": ["Plaquetas"], "fr": ["Plaquettes"], "it": ["Piastrine"],
        "de": ["Thrombozyten", "Thrombocyten"], "id": ["Trombosit"], "zh": ["血小板计数(PLT)"],
    },
    "mpv": {
        "en": ["MPV", "Mean Platelet Volume"], "es": ["VPM", "Volumen plaquetario medio"],
        "pt": ["VPM", "Volume plaquetário médio"], "fr": ["VPM", "Volume plaquettaire moyen"],
        "it": ["MPV", "Volume piastrinico medio"], "de": ["MPV"], "id": ["MPV"], "zh": ["平均血小板体积(MPV)"],
    },
    "glucose": {
        "en": ["Glucose", "Glucose, Fasting", "Fasting Blood Sugar", "Fasting Plasma Glucose"],
        "es": ["Glucosa", "Glucosa basal", "Glucemia en ayunas"],
        "pt": ["Glicose", "Glicemia de jejum", "Glicose em jejum"], "fr": ["Glycémie à jeun", "Glucose"],
        "it": ["Glucosio", "Glicemia"], "de": ["Glukose", "Glucose nüchtern", "Nüchternglukose"],
        "id": ["Glukosa Puasa", "Gula Darah Puasa"], "zh": ["葡萄糖(GLU)", "空腹血糖(FPG)"],
    },
    "hba1c": {
        "en": ["HbA1c", "Hemoglobin A1c", "Glycated Haemoglobin (HbA1c)"],
        "es": ["Hemoglobina glicosilada (HbA1c)", "HbA1c"], "pt": ["Hemoglobina glicada (HbA1c)", "HbA1c"],
        "fr": ["Hémoglobine glyquée (HbA1c)", "HbA1c"], "it": ["Emoglobina glicata (HbA1c)", "HbA1c"],
        "de": ["HbA1c"], "id": ["HbA1c"], "zh": ["糖化血红蛋白(HbA1c)"],
    },
    "insulin": {
        "en": ["Insulin", "Insulin, Fasting"], "es": ["Insulina basal", "Insulina"],
        "pt": ["Insulina", "Insulina basal"], "fr": ["Insuline"], "it": ["Insulina"], "de": ["Insulin"],
        "id": ["Insulin Puasa"], "zh": ["胰岛素(INS)"],
    },
    "total_cholesterol": {
        "en": ["Total Cholesterol", "Cholesterol, Total", "Cholesterol"], "es": ["Colesterol total"],
        "pt": ["Colesterol total"], "fr": ["Cholestérol total"], "it": ["Colesterolo totale"],
        "de": ["Cholesterin", "Gesamtcholesterin"], "id": ["Kolesterol Total"], "zh": ["总胆固醇(TC)", "总胆固醇(CHOL)"],
    },
    "triglycerides": {
        "en": ["Triglycerides", "Triglyceride"], "es": ["Triglicéridos"], "pt": ["Triglicerídeos", "Triglicérides"],
        "fr": ["Triglycérides"], "it": ["Trigliceridi"], "de": ["Triglyceride", "Triglyzeride"],
        "id": ["Trigliserida"], "zh": ["甘油三酯(TG)"],
    },
    "hdl": {
        "en": ["HDL Cholesterol", "HDL-C", "Cholesterol, HDL"], "es": ["Colesterol HDL", "HDL-Colesterol"],
        "pt": ["Colesterol HDL", "HDL-Colesterol"], "fr": ["Cholestérol HDL", "HDL-Cholestérol"],
        "it": ["Colesterolo HDL"], "de": ["HDL-Cholesterin"], "id": ["Kolesterol HDL"],
        "zh": ["高密度脂蛋白胆固醇(HDL-C)"],
    },
    "ldl": {
        "en": ["LDL Cholesterol", "LDL-C (calculated)", "Cholesterol, LDL"],
        "es": ["Colesterol LDL", "LDL-Colesterol (calculado)"], "pt": ["Colesterol LDL"],
        "fr": ["Cholestérol LDL", "LDL-Cholestérol (calculé)"], "it": ["Colesterolo LDL"],
        "de": ["LDL-Cholesterin"], "id": ["Kolesterol LDL"], "zh": ["低密度脂蛋白胆固醇(LDL-C)"],
    },
    "alt": {
        "en": ["ALT", "ALT (SGPT)", "Alanine Aminotransferase"], "es": ["GPT (ALT)", "Alanina aminotransferasa"],
        "pt": ["TGP (ALT)", "Alanina aminotransferase"], "fr": ["ALAT (TGP)", "Alanine aminotransférase"],
        "it": ["ALT (GPT)", "Alanina aminotransferasi"], "de": ["GPT (ALT)", "ALAT"], "id": ["SGPT", "ALT (SGPT)"],
        "zh": ["丙氨酸氨基转移酶(ALT)"],
    },
    "ast": {
        "en": ["AST", "AST (SGOT)", "Aspartate Aminotransferase"], "es": ["GOT (AST)", "Aspartato aminotransferasa"],
        "pt": ["TGO (AST)", "Aspartato aminotransferase"], "fr": ["ASAT (TGO)", "Aspartate aminotransférase"],
        "it": ["AST (GOT)", "Aspartato aminotransferasi"], "de": ["GOT (AST)", "ASAT"], "id": ["SGOT", "AST (SGOT)"],
        "zh": ["天门冬氨酸氨基转移酶(AST)"],
    },
    "alp": {
        "en": ["Alkaline Phosphatase", "ALP"], "es": ["Fosfatasa alcalina"], "pt": ["Fosfatase alcalina"],
        "fr": ["Phosphatases alcalines"], "it": ["Fosfatasi alcalina"], "de": ["Alkalische Phosphatase", "AP"],
        "id": ["Alkali Fosfatase"], "zh": ["碱性磷酸酶(ALP)"],
    },
    "ggt": {
        "en": ["GGT", "Gamma-Glutamyl Transferase", "Gamma GT"], "es": ["GGT", "Gamma glutamil transferasa"],
        "pt": ["Gama GT", "Gama-glutamiltransferase"], "fr": ["Gamma GT", "Gamma-glutamyl transférase"],
        "it": ["Gamma GT", "GGT"], "de": ["Gamma-GT", "GGT"], "id": ["Gamma GT"],
        "zh": ["γ-谷氨酰转移酶(GGT)", "谷氨酰转肽酶(GGT)"],
    },
    "bilirubin_total": {
        "en": ["Total Bilirubin", "Bilirubin, Total"], "es": ["Bilirrubina total"], "pt": ["Bilirrubina total"],
        "fr": ["Bilirubine totale"], "it": ["Bilirubina totale"], "de": ["Bilirubin gesamt", "Gesamt-Bilirubin"],
        "id": ["Bilirubin Total"], "zh": ["总胆红素(TBIL)"],
    },
    "bilirubin_direct": {
        "en": ["Direct Bilirubin", "Bilirubin, Direct"], "es": ["Bilirrubina directa"], "pt": ["Bilirrubina direta"],
        "fr": ["Bilirubine conjuguée", "Bilirubine directe"], "it": ["Bilirubina diretta"],
        "de": ["Bilirubin direkt"], "id": ["Bilirubin Direk"], "zh": ["直接胆红素(DBIL)"],
    },
    "total_protein": {
        "en": ["Total Protein", "Protein, Total"], "es": ["Proteínas totales"], "pt": ["Proteínas totais"],
        "fr": ["Protéines totales"], "it": ["Proteine totali"], "de": ["Gesamteiweiß", "Gesamtprotein"],
        "id": ["Protein Total"], "zh": ["总蛋白(TP)"],
    },
    "albumin": {
        "en": ["Albumin"], "es": ["Albúmina"], "pt": ["Albumina"], "fr": ["Albumine"], "it": ["Albumina"],
        "de": ["Albumin"], "id": ["Albumin"], "zh": ["白蛋白(ALB)"],
    },
    # Blood urea nitrogen is reported in mg/dL where conventional units are used; SI laboratories
    # report urea itself in mmol/L (BUN mg/dL x 0.357 = urea mmol/L), under its own name.
    "bun": {
        "en": ["BUN", "Blood Urea Nitrogen", "Urea Nitrogen"], "es": ["Nitrógeno ureico (BUN)"],
        "pt": ["Nitrogênio ureico (BUN)"], "fr": ["Azote uréique (BUN)"], "it": ["Azoto ureico (BUN)"],
        "de": ["Harnstoff-N (BUN)"], "id": ["BUN"], "zh": ["尿素氮(BUN)"],
    },
    "bun@si": {
        "en": ["Urea", "Urea, Serum"], "es": ["Urea"], "pt": ["Ureia"], "fr": ["Urée"], "it": ["Urea", "Azotemia"],
        "de": ["Harnstoff"], "id": ["Ureum"], "zh": ["尿素(UREA)"],
    },
    "creatinine": {
        "en": ["Creatinine", "Creatinine, Serum"], "es": ["Creatinina"], "pt": ["Creatinina"],
        "fr": ["Créatinine"], "it": ["Creatinina"], "de": ["Kreatinin", "Creatinin"], "id": ["Kreatinin"],
        "zh": ["肌酐(CREA)", "肌酐(Cr)"],
    },
    "egfr": {
        "en": ["eGFR", "eGFR (CKD-EPI)", "Estimated GFR"], "es": ["Filtrado glomerular estimado (CKD-EPI)", "FGe"],
        "pt": ["TFG estimada (CKD-EPI)", "Taxa de filtração glomerular"],
        "fr": ["DFG estimé (CKD-EPI)", "Débit de filtration glomérulaire"],
        "it": ["eGFR (CKD-EPI)", "Filtrato glomerulare stimato"], "de": ["eGFR (CKD-EPI)", "GFR, geschätzt"],
        "id": ["eGFR", "Laju Filtrasi Glomerulus"], "zh": ["估算肾小球滤过率(eGFR)"],
    },
    "uric_acid": {
        "en": ["Uric Acid"], "es": ["Ácido úrico"], "pt": ["Ácido úrico"], "fr": ["Acide urique"],
        "it": ["Acido urico"], "de": ["Harnsäure"], "id": ["Asam Urat"], "zh": ["尿酸(UA)"],
    },
    "sodium": {
        "en": ["Sodium", "Sodium (Na)"], "es": ["Sodio"], "pt": ["Sódio"], "fr": ["Sodium"], "it": ["Sodio"],
        "de": ["Natrium"], "id": ["Natrium"], "zh": ["钠(Na)"],
    },
    "potassium": {
        "en": ["Potassium", "Potassium (K)"], "es": ["Potasio"], "pt": ["Potássio"], "fr": ["Potassium"],
        "it": ["Potassio"], "de": ["Kalium"], "id": ["Kalium"], "zh": ["钾(K)"],
    },
    "chloride": {
        "en": ["Chloride", "Chloride (Cl)"], "es": ["Cloro", "Cloruro"], "pt": ["Cloro", "Cloreto"],
        "fr": ["Chlore", "Chlorure"], "it": ["Cloro"], "de": ["Chlorid"], "id": ["Klorida"], "zh": ["氯(Cl)"],
    },
    "bicarbonate": {
        "en": ["Bicarbonate", "Carbon Dioxide, Total"], "es": ["Bicarbonato"], "pt": ["Bicarbonato"],
        "fr": ["Bicarbonates", "Réserve alcaline"], "it": ["Bicarbonati"], "de": ["Bicarbonat", "Hydrogencarbonat"],
        "id": ["Bikarbonat"], "zh": ["二氧化碳结合力(CO2CP)"],
    },
    "calcium": {
        "en": ["Calcium", "Calcium, Total"], "es": ["Calcio"], "pt": ["Cálcio"], "fr": ["Calcium"],
        "it": ["Calcio"], "de": ["Calcium", "Kalzium"], "id": ["Kalsium"], "zh": ["钙(Ca)"],
    },
    "magnesium": {
        "en": ["Magnesium"], "es": ["Magnesio"], "pt": ["Magnésio"], "fr": ["Magnésium"], "it": ["Magnesio"],
        "de": ["Magnesium"], "id": ["Magnesium"], "zh": ["镁(Mg)"],
    },
    "phosphorus": {
        "en": ["Phosphorus", "Phosphate"], "es": ["Fósforo"], "pt": ["Fósforo"], "fr": ["Phosphore", "Phosphates"],
        "it": ["Fosforo"], "de": ["Phosphat"], "id": ["Fosfor"], "zh": ["无机磷(P)", "磷(P)"],
    },
    "tsh": {
        "en": ["TSH", "Thyroid Stimulating Hormone"], "es": ["TSH", "Tirotropina (TSH)"],
        "pt": ["TSH", "Hormônio tireoestimulante (TSH)"], "fr": ["TSH", "TSH ultrasensible"],
        "it": ["TSH", "Tireotropina (TSH)"], "de": ["TSH", "TSH basal"], "id": ["TSH"], "zh": ["促甲状腺激素(TSH)"],
    },
    "ft4": {
        "en": ["Free T4", "FT4", "Thyroxine, Free"], "es": ["T4 libre"], "pt": ["T4 livre"],
        "fr": ["T4 libre", "Thyroxine libre (T4L)"], "it": ["FT4", "Tiroxina libera (FT4)"],
        "de": ["fT4", "Freies T4"], "id": ["FT4", "T4 Bebas"], "zh": ["游离甲状腺素(FT4)"],
    },
    "ft3": {
        "en": ["Free T3", "FT3"], "es": ["T3 libre"], "pt": ["T3 livre"], "fr": ["T3 libre"], "it": ["FT3"],
        "de": ["fT3", "Freies T3"], "id": ["FT3"], "zh": ["游离三碘甲状腺原氨酸(FT3)"],
    },
    "iron": {
        "en": ["Iron", "Serum Iron", "Iron, Total"], "es": ["Hierro", "Sideremia"], "pt": ["Ferro sérico"],
        "fr": ["Fer sérique"], "it": ["Sideremia", "Ferro"], "de": ["Eisen"], "id": ["Besi (Fe)", "Serum Iron"],
        "zh": ["血清铁(Fe)"],
    },
    "ferritin": {
        "en": ["Ferritin"], "es": ["Ferritina"], "pt": ["Ferritina"], "fr": ["Ferritine"], "it": ["Ferritina"],
        "de": ["Ferritin"], "id": ["Feritin"], "zh": ["铁蛋白(FER)"],
    },
    "tibc": {
        "en": ["TIBC", "Total Iron Binding Capacity"], "es": ["Capacidad total de fijación del hierro"],
        "pt": ["Capacidade total de ligação do ferro"], "fr": ["Capacité totale de fixation"],
        "it": ["Capacità ferrolegante totale (TIBC)"], "de": ["Totale Eisenbindungskapazität"], "id": ["TIBC"],
        "zh": ["总铁结合力(TIBC)"],
    },
    "transferrin_saturation": {
        "en": ["Transferrin Saturation", "Iron Saturation"], "es": ["Índice de saturación de transferrina"],
        "pt": ["Índice de saturação da transferrina"], "fr": ["Coefficient de saturation de la transferrine"],
        "it": ["Saturazione della transferrina"], "de": ["Transferrinsättigung"], "id": ["Saturasi Transferin"],
        "zh": ["转铁蛋白饱和度(TS)"],
    },
    "transferrin": {
        "en": ["Transferrin"], "es": ["Transferrina"], "pt": ["Transferrina"], "fr": ["Transferrine"],
        "it": ["Transferrina"], "de": ["Transferrin"], "id": ["Transferin"], "zh": ["转铁蛋白(TRF)"],
    },
    "vitamin_b12": {
        "en": ["Vitamin B12", "Cobalamin (B12)"], "es": ["Vitamina B12"], "pt": ["Vitamina B12"],
        "fr": ["Vitamine B12"], "it": ["Vitamina B12"], "de": ["Vitamin B12"], "id": ["Vitamin B12"],
        "zh": ["维生素B12(VB12)"],
    },
    "folate": {
        "en": ["Folate", "Folic Acid, Serum"], "es": ["Ácido fólico"], "pt": ["Ácido fólico"],
        "fr": ["Folates sériques"], "it": ["Folati"], "de": ["Folsäure"], "id": ["Asam Folat"], "zh": ["叶酸(FOL)"],
    },
    "vitamin_d": {
        "en": ["Vitamin D, 25-Hydroxy", "25-OH Vitamin D"], "es": ["Vitamina D (25-OH)"],
        "pt": ["Vitamina D (25-OH)"], "fr": ["Vitamine D (25-OH)"], "it": ["Vitamina D (25-OH)"],
        "de": ["25-OH-Vitamin D"], "id": ["Vitamin D (25-OH)"], "zh": ["25-羟基维生素D(25-OH-VD)"],
    },
    "crp": {
        "en": ["C-Reactive Protein", "CRP"], "es": ["Proteína C reactiva"], "pt": ["Proteína C reativa"],
        "fr": ["Protéine C réactive (CRP)"], "it": ["Proteina C reattiva (PCR)"],
        "de": ["CRP", "C-reaktives Protein"], "id": ["CRP Kuantitatif"], "zh": ["C反应蛋白(CRP)"],
    },
    "esr": {
        "en": ["ESR", "Erythrocyte Sedimentation Rate"], "es": ["VSG", "Velocidad de sedimentación globular"],
        "pt": ["VHS", "Velocidade de hemossedimentação"], "fr": ["Vitesse de sédimentation (1re heure)", "VS"],
        "it": ["VES", "Velocità di eritrosedimentazione"], "de": ["BSG", "Blutsenkung (1 h)"],
        "id": ["LED", "Laju Endap Darah"], "zh": ["红细胞沉降率(ESR)", "血沉(ESR)"],
    },
    "prothrombin_time": {
        "en": ["Prothrombin Time", "PT"], "es": ["Tiempo de protrombina"], "pt": ["Tempo de protrombina"],
        "fr": ["Temps de Quick"], "it": ["Tempo di protrombina (PT)"], "de": ["Prothrombinzeit"],
        "id": ["PT", "Masa Protrombin"], "zh": ["凝血酶原时间(PT)"],
    },
    "inr": {
        "en": ["INR", "PT-INR"], "es": ["INR"], "pt": ["RNI", "INR"], "fr": ["INR"], "it": ["INR", "PT-INR"],
        "de": ["INR"], "id": ["INR"], "zh": ["国际标准化比值(INR)"],
    },
    "aptt": {
        "en": ["APTT", "aPTT", "Partial Thromboplastin Time"], "es": ["TTPA", "Tiempo de tromboplastina parcial activada"],
        "pt": ["TTPA"], "fr": ["TCA", "Temps de céphaline activée"], "it": ["aPTT"], "de": ["aPTT", "PTT"],
        "id": ["APTT"], "zh": ["活化部分凝血活酶时间(APTT)"],
    },
    "fibrinogen": {
        "en": ["Fibrinogen"], "es": ["Fibrinógeno"], "pt": ["Fibrinogênio"], "fr": ["Fibrinogène"],
        "it": ["Fibrinogeno"], "de": ["Fibrinogen"], "id": ["Fibrinogen"], "zh": ["纤维蛋白原(FIB)"],
    },
    "testosterone": {
        "en": ["Testosterone, Total", "Testosterone"], "es": ["Testosterona total"], "pt": ["Testosterona total"],
        "fr": ["Testostérone"], "it": ["Testosterone totale"], "de": ["Testosteron"], "id": ["Testosteron Total"],
        "zh": ["睾酮(TESTO)"],
    },
    "cortisol": {
        "en": ["Cortisol (AM)", "Cortisol, Morning"], "es": ["Cortisol basal"], "pt": ["Cortisol (manhã)"],
        "fr": ["Cortisol (8 h)"], "it": ["Cortisolo (ore 8)"], "de": ["Cortisol"], "id": ["Kortisol Pagi"],
        "zh": ["皮质醇(COR)"],
    },
    "prolactin": {
        "en": ["Prolactin"], "es": ["Prolactina"], "pt": ["Prolactina"], "fr": ["Prolactine"], "it": ["Prolattina"],
        "de": ["Prolaktin"], "id": ["Prolaktin"], "zh": ["催乳素(PRL)"],
    },
    "ck": {
        "en": ["Creatine Kinase (CK)", "CPK"], "es": ["CK", "Creatina quinasa (CK)"], "pt": ["CK", "Creatinoquinase (CK)"],
        "fr": ["CPK", "Créatine kinase"], "it": ["CPK", "Creatinchinasi"], "de": ["CK", "Creatinkinase"],
        "id": ["CK", "CPK"], "zh": ["肌酸激酶(CK)"],
    },
    "ldh": {
        "en": ["LDH", "Lactate Dehydrogenase"], "es": ["LDH", "Lactato deshidrogenasa"],
        "pt": ["DHL", "Desidrogenase láctica"], "fr": ["LDH", "Lacticodéshydrogénase"],
        "it": ["LDH", "Lattato deidrogenasi"], "de": ["LDH", "Laktatdehydrogenase"], "id": ["LDH"],
        "zh": ["乳酸脱氢酶(LDH)"],
    },
    "amylase": {
        "en": ["Amylase"], "es": ["Amilasa"], "pt": ["Amilase"], "fr": ["Amylase"], "it": ["Amilasi"],
        "de": ["Amylase", "alpha-Amylase"], "id": ["Amilase"], "zh": ["淀粉酶(AMY)"],
    },
    "lipase": {
        "en": ["Lipase"], "es": ["Lipasa"], "pt": ["Lipase"], "fr": ["Lipase"], "it": ["Lipasi"], "de": ["Lipase"],
        "id": ["Lipase"], "zh": ["脂肪酶(LPS)"],
    },
    "psa": {
        "en": ["PSA, Total", "Prostate Specific Antigen"], "es": ["PSA total", "Antígeno prostático específico"],
        "pt": ["PSA total"], "fr": ["PSA total"], "it": ["PSA totale"], "de": ["PSA gesamt"], "id": ["PSA Total"],
        "zh": ["总前列腺特异性抗原(TPSA)"],
    },
}

# The white-cell differential: one cell-type word per language, and the forms a percentage row and an
# absolute-count row take around it ("Neutrophils %", "Absolute Neutrophils", "Neutrófilos #").
DIFF_CELLS: dict[str, dict[str, str]] = {
    "neut": {"en": "Neutrophils", "es": "Neutrófilos", "pt": "Neutrófilos", "fr": "Polynucléaires neutrophiles",
             "it": "Neutrofili", "de": "Neutrophile", "id": "Neutrofil"},
    "lymph": {"en": "Lymphocytes", "es": "Linfocitos", "pt": "Linfócitos", "fr": "Lymphocytes", "it": "Linfociti",
              "de": "Lymphozyten", "id": "Limfosit"},
    "mono": {"en": "Monocytes", "es": "Monocitos", "pt": "Monócitos", "fr": "Monocytes", "it": "Monociti",
             "de": "Monozyten", "id": "Monosit"},
    "eos": {"en": "Eosinophils", "es": "Eosinófilos", "pt": "Eosinófilos", "fr": "Polynucléaires éosinophiles",
            "it": "Eosinofili", "de": "Eosinophile", "id": "Eosinofil"},
    "baso": {"en": "Basophils", "es": "Basófilos", "pt": "Basófilos", "fr": "Polynucléaires basophiles",
             "it": "Basofili", "de": "Basophile", "id": "Basofil"},
}
DIFF_ZH = {"neut": ("中性粒细胞", "NEUT"), "lymph": ("淋巴细胞", "LYMPH"), "mono": ("单核细胞", "MONO"),
           "eos": ("嗜酸性粒细胞", "EO"), "baso": ("嗜碱性粒细胞", "BASO")}
PCT_FORMS = {"en": ["{c}", "{c} %"], "es": ["{c} %", "{c}"], "pt": ["{c} %", "{c}"], "fr": ["{c}"],
             "it": ["{c} %", "{c}"], "de": ["{c}", "{c} %"], "id": ["{c}", "{c} %"]}
ABS_FORMS = {"en": ["Absolute {c}", "{c} (Absolute)", "{c} #"], "es": ["{c} (absolutos)", "{c} #"],
             "pt": ["{c} (absoluto)", "{c} #"], "fr": ["{c} (valeur absolue)", "{c} #"],
             "it": ["{c} #", "{c} (assoluti)"], "de": ["{c} absolut", "{c} #"], "id": ["{c} Absolut", "{c} #"]}
for _cell, (_zh, _abbr) in DIFF_ZH.items():
    NAMES[f"{_cell}_pct"] = {lang: [form.format(c=DIFF_CELLS[_cell][lang]) for form in forms]
                             for lang, forms in PCT_FORMS.items()} | {"zh": [f"{_zh}百分比({_abbr}%)"]}
    NAMES[f"{_cell}_abs"] = {lang: [form.format(c=DIFF_CELLS[_cell][lang]) for form in forms]
                             for lang, forms in ABS_FORMS.items()} | {"zh": [f"{_zh}绝对值({_abbr}#)"]}


# Blood gas analysis (families/blood_gas.py; the first eight languages): analyser printouts (Radiometer ABL,
# Siemens RAPIDPoint, Werfen GEM, Roche cobas b) keep the symbols (pH, pCO2, cHCO3-, ABE / SBE / BE(B), sO2, cLac),
# hospital reports spell them out in the report's language.
NAMES.update({
    "ph": {"en": ["pH", "pH (arterial)"], "es": ["pH", "pH arterial"], "pt": ["pH", "pH arterial"],
           "fr": ["pH", "pH artériel"], "it": ["pH", "pH arterioso"], "de": ["pH", "pH-Wert"], "id": ["pH", "pH darah"],
           "zh": ["酸碱度(pH)", "血液酸碱度(pH)"]},
    "pco2": {"en": ["pCO2", "PaCO2", "Carbon dioxide partial pressure"], "es": ["pCO2", "Presión parcial de CO2"],
             "pt": ["pCO2", "Pressão parcial de CO2"], "fr": ["pCO2", "PaCO2", "Pression partielle en CO2"],
             "it": ["pCO2", "Pressione parziale CO2"], "de": ["pCO2", "CO2-Partialdruck"],
             "id": ["pCO2", "Tekanan parsial CO2"], "zh": ["二氧化碳分压(PCO2)", "二氧化碳分压(pCO2)"]},
    "po2": {"en": ["pO2", "PaO2", "Oxygen partial pressure"], "es": ["pO2", "Presión parcial de O2"],
            "pt": ["pO2", "Pressão parcial de O2"], "fr": ["pO2", "PaO2", "Pression partielle en O2"],
            "it": ["pO2", "Pressione parziale O2"], "de": ["pO2", "O2-Partialdruck"],
            "id": ["pO2", "Tekanan parsial O2"], "zh": ["氧分压(PO2)", "氧分压(pO2)"]},
    "hco3": {"en": ["HCO3-", "cHCO3-", "Bicarbonate (actual)"], "es": ["HCO3-", "Bicarbonato actual"],
             "pt": ["HCO3-", "Bicarbonato"], "fr": ["HCO3-", "Bicarbonates"], "it": ["HCO3-", "Bicarbonato"],
             "de": ["HCO3-", "aktuelles Bicarbonat"], "id": ["HCO3-", "Bikarbonat"],
             "zh": ["实际碳酸氢根(HCO3-)", "碳酸氢根(HCO3-)"]},
    "base_excess": {"en": ["Base Excess (BE)", "BE(B)", "SBE", "ABE", "BEecf"],
                    "es": ["Exceso de base (EB)", "BE(B)", "EB"], "pt": ["Excesso de base", "BE", "BEecf"],
                    "fr": ["Excès de base", "BE", "BEecf"], "it": ["Eccesso di basi (BE)", "BE(B)", "ABE"],
                    "de": ["Basenüberschuss (BE)", "ABE", "SBE"], "id": ["Kelebihan basa (BE)", "BE", "BEecf"],
                    "zh": ["碱剩余(BE)", "标准碱剩余(SBE)", "全血碱剩余(BE(B))"]},
    "so2": {"en": ["sO2", "Oxygen saturation (sO2)", "SaO2"], "es": ["Saturación de O2 (sO2)", "sO2"],
            "pt": ["Saturação de O2", "sO2"], "fr": ["Saturation en O2 (SaO2)", "SaO2"],
            "it": ["Saturazione O2 (sO2)", "sO2"], "de": ["O2-Sättigung (sO2)", "sO2"],
            "id": ["Saturasi O2 (SaO2)", "SaO2"], "zh": ["血氧饱和度(SO2)", "氧饱和度(sO2)"]},
    **{f"{key}_t": {lang: [f"{sym}(T)", f"{sym} (T)"] for lang in ("en", "es", "pt", "fr", "it", "de", "id", "zh")}
       for key, sym in (("ph", "pH"), ("pco2", "pCO2"), ("po2", "pO2"))},
    "lactate": {"en": ["Lactate", "cLac", "Lactic acid"], "es": ["Lactato", "Ácido láctico"], "pt": ["Lactato"],
                "fr": ["Lactate", "Lactates"], "it": ["Lattato", "Acido lattico"], "de": ["Laktat", "Lactat"],
                "id": ["Laktat", "Asam laktat"], "zh": ["乳酸(Lac)", "血乳酸(LAC)"]},
    "ionized_calcium": {"en": ["Ionized Calcium", "Calcium, ionized", "cCa2+"], "es": ["Calcio iónico"],
                        "pt": ["Cálcio iônico"], "fr": ["Calcium ionisé"], "it": ["Calcio ionizzato"],
                        "de": ["Ionisiertes Calcium", "Calcium ionisiert"], "id": ["Kalsium ion"],
                        "zh": ["离子钙(iCa)", "游离钙(Ca2+)"]},
})

from tests.analysis.layoutgen.langs import MODULES as _MORE  # noqa: E402  (the further languages' names)

for _lang, _mod in _MORE.items():
    for _key, _forms in _mod.NAMES.items():
        NAMES[_key][_lang] = _forms
    for _cell, _word in _mod.DIFF["cells"].items():
        NAMES[f"{_cell}_pct"][_lang] = [form.format(c=_word) for form in _mod.DIFF["pct"]]
        NAMES[f"{_cell}_abs"][_lang] = [form.format(c=_word) for form in _mod.DIFF["abs"]]


def names_for(key: str, lang: str, units: str) -> list[str]:
    """The printed forms of marker `key` in `lang` (SI laboratories may name a marker differently)."""
    table = NAMES.get(f"{key}@{units}") or NAMES[key]
    return table[lang]
