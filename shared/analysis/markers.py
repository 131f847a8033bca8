"""The marker catalogue: canonical keys, synonyms, panels, default adult ranges, what each test measures.

Default ranges are used ONLY when the report prints no range for a result (the
result then says `range_source: "default"`). They are general adult intervals;
laboratories differ, and a range printed on the report always wins. Each entry
names where its interval comes from (`source`).

What a result outside its range means, how severe it is and what to do about it
is not here: see the advice tables in `shared/analysis/advice/` (statements with
their premises and sources) and the severity thresholds there (`thresholds.toml`).

Synonyms are matched after `norm_name` (lower-case, accents and punctuation
removed), so "Hb", "Haemoglobin", "HEMOGLOBIN" and "Emoglobina" meet on one key;
"TLC", "WBC" and "Total Leucocyte Count" too; "SGPT" and "ALT".
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from shared.analysis.lexicon import SPECIMEN_PREFIXES
from shared.analysis.units import convert, parse_unit

# Panels, in the order the analysis presents them.
BLOOD = "blood count"
DIABETES = "diabetes"
LIPIDS = "lipids"
LIVER = "liver"
KIDNEY = "kidney"
THYROID = "thyroid"
VITAMINS = "vitamins and minerals"
IRON = "iron"
INFLAMMATION = "inflammation"
ELECTROLYTES = "electrolytes"
HEART = "heart"
CLOTTING = "clotting"
HORMONES = "hormones"
CALCIUM = "calcium and bone"  # calcium has its own advice, not the salts'
URIC_ACID = "uric acid"  # gout risk, not a kidney test
MUSCLE = "muscle"  # CK and myoglobin come from skeletal muscle, not the heart
PROSTATE = "prostate"  # PSA is not a hormone
OTHER = "other"  # includes LDH: found in almost every tissue, it points to no organ
PANELS = [BLOOD, DIABETES, LIPIDS, LIVER, KIDNEY, URIC_ACID, THYROID, VITAMINS, IRON, INFLAMMATION, ELECTROLYTES,
          CALCIUM, HEART, MUSCLE, CLOTTING, HORMONES, PROSTATE, OTHER]

# Where the default intervals come from. They are typical adult intervals, not one lab's.
SRC_TYPICAL = ("typical adult reference interval as listed in MedlinePlus (U.S. National Library of Medicine) "
               "test pages and the Merck Manual 'Normal Laboratory Values'; laboratories differ")
SRC_ADA = "American Diabetes Association, Standards of Care in Diabetes (2024): fasting glucose < 100 mg/dL, HbA1c < 5.7 %"
SRC_NCEP = "NCEP ATP III adult treatment panel cut-offs (desirable / optimal levels)"
SRC_ENDO = "Endocrine Society clinical practice guideline on vitamin D (2011): sufficiency 30-100 ng/mL"
SRC_KDIGO = "KDIGO CKD guideline (2012, 2024): eGFR below 60 mL/min/1.73 m2 is category G3 or worse"
SRC_AHA = "AHA/CDC scientific statement on hs-CRP (2003): < 1 low, 1-3 average, > 3 mg/L high cardiovascular risk"
SRC_ESC = "ESC heart failure guideline (2021): NT-proBNP < 125 pg/mL and BNP < 35-100 pg/mL make heart failure unlikely"
SRC_ATA = "American Thyroid Association: usual TSH reference interval about 0.4-4.0 mIU/L"
SRC_AUA = "American Urological Association testosterone deficiency guideline (2018): total testosterone < 300 ng/dL is low"
SRC_HOMA = "commonly used HOMA-IR cut-off of about 2.5 (population dependent)"
SRC_PSA = "conventional PSA threshold of 4.0 ng/mL (age and history matter)"
SRC_GAS = ("arterial blood gas intervals as listed in MedlinePlus 'Blood gases' (pH 7.35-7.45, pCO2 35-45 mmHg, "
           "pO2 75-100 mmHg, HCO3 22-26 mEq/L, O2 saturation 95-100 %) and the Merck Manual 'Normal Laboratory "
           "Values' (base excess -2 to +3 mEq/L); lactate 0.5-2.2 mmol/L (MedlinePlus 'Lactic acid test', "
           "4.5-19.8 mg/dL); laboratories and analysers differ")

Interval = tuple[float | None, float | None]


@dataclass(frozen=True, slots=True)
class Marker:
    key: str
    label: str
    panel: str
    unit: str | None = None  # unit of `ranges` (and of the severity thresholds in advice/thresholds.toml)
    ranges: dict[str, Interval] = field(default_factory=dict)  # 'any' | 'male' | 'female'
    source: str = ""
    synonyms: tuple[str, ...] = ()
    molar_mass: float | None = None
    valence: int | None = None
    about: str = ""  # what the test measures, completing "It measures ..."

    def default_range(self, sex: str | None) -> Interval | None:
        if sex in ("male", "female") and sex in self.ranges:
            return self.ranges[sex]
        return self.ranges.get("any")

    def to_unit(self, value: float, printed_unit: str | None) -> float | None:
        """`value` expressed in this marker's catalogue unit, or None when not convertible."""
        if self.unit is None:
            return value if not printed_unit else None
        if printed_unit is None:
            return None
        info = parse_unit(printed_unit)
        if self.key == "hba1c" and info is not None and info.kind == "mmol/mol":
            return value / 10.929 + 2.15  # IFCC mmol/mol -> NGSP %
        return convert(value, printed_unit, self.unit, molar_mass=self.molar_mass, valence=self.valence)


def _m(key, label, panel, unit=None, ranges=None, source="", synonyms=(), molar_mass=None, valence=None,
       about="") -> Marker:
    if isinstance(ranges, tuple):
        ranges = {"any": ranges}
    return Marker(key, label, panel, unit, ranges or {}, source, tuple(synonyms), molar_mass, valence, about)


_DIFF_ABOUT = {
    "neutrophils": "white cells that fight bacterial infection",
    "lymphocytes": "white cells of the immune system that fight viruses",
    "monocytes": "white cells that clear debris and help fight infection",
    "eosinophils": "white cells involved in allergy and parasite defence",
    "basophils": "white cells involved in allergic reactions",
}

MARKERS: list[Marker] = [
    # ---------------------------------------------------------------- blood count
    _m("hemoglobin", "Haemoglobin", BLOOD, "g/dL", {"any": (12.0, 17.5), "male": (13.5, 17.5), "female": (12.0, 15.5)},
       SRC_TYPICAL, ("hemoglobin", "haemoglobin", "hb", "hgb", "emoglobina", "hemoglobina", "hemoglobine",
                     "hamoglobin"), molar_mass=16114.5,
       about="the oxygen-carrying protein in red blood cells"),
    _m("hematocrit", "Haematocrit (PCV)", BLOOD, "%", {"any": (36.0, 50.0), "male": (40.0, 50.0), "female": (36.0, 46.0)},
       SRC_TYPICAL, ("hematocrit", "haematocrit", "hct", "pcv", "packed cell volume", "ematocrito", "hematocrito",
                     "hematocrite"),
       about="the share of the blood volume made up of red cells"),
    _m("rbc", "Red blood cells", BLOOD, "10^6/uL", {"any": (4.1, 5.9), "male": (4.5, 5.9), "female": (4.1, 5.1)},
       SRC_TYPICAL, ("rbc", "rbc count", "red blood cells", "red blood cell", "red blood cell count", "red cell count",
                     "red cells", "erythrocytes", "erythrocyte count", "total rbc", "globuli rossi", "eritrociti",
                     "hematies", "eritrocitos", "erythrozyten"),
       about="the number of red blood cells"),
    _m("wbc", "White blood cells", BLOOD, "10^3/uL", (4.0, 11.0), SRC_TYPICAL,
       ("wbc", "wbc count", "white blood cells", "white blood cell", "white blood cell count", "white cell count",
        "total white cell count", "total leucocyte count", "total leukocyte count", "tlc", "leucocytes", "leukocytes",
        "leucocyte count", "leukocyte count", "total wbc", "total wbc count", "globuli bianchi", "leucociti",
        "leucocitos", "leukozyten", "total count"),
       about="the number of infection-fighting white cells"),
    _m("platelets", "Platelets", BLOOD, "10^3/uL", (150.0, 400.0), SRC_TYPICAL,
       ("platelets", "platelet", "platelet count", "plt", "plt count", "thrombocytes", "thrombocyte count",
        "piastrine", "plaquetas", "thrombozyten"),
       about="cells that help the blood clot"),
    _m("mcv", "MCV (red cell size)", BLOOD, "fL", (80.0, 100.0), SRC_TYPICAL,
       ("mcv", "mean corpuscular volume", "mean cell volume", "volume globulare medio", "volume corpuscolare medio",
        "volumen corpuscular medio"),
       about="the average size of red blood cells"),
    _m("mch", "MCH", BLOOD, "pg", (27.0, 33.0), SRC_TYPICAL,
       ("mch", "mean corpuscular hemoglobin", "mean cell hemoglobin", "contenuto medio di hb",
        "contenuto emoglobinico medio", "hemoglobina corpuscular media"),
       about="the average amount of haemoglobin in each red cell"),
    _m("mchc", "MCHC", BLOOD, "g/dL", (32.0, 36.0), SRC_TYPICAL,
       ("mchc", "mean corpuscular hemoglobin concentration", "mean cell hemoglobin concentration",
        "concentrazione media di hb", "concentrazione emoglobinica media", "chcm",
        "concentracion de hemoglobina corpuscular media"),
       about="how concentrated haemoglobin is inside red cells"),
    _m("rdw", "RDW", BLOOD, "%", (11.5, 14.5), SRC_TYPICAL,
       ("rdw", "rdw cv", "rdw sd", "red cell distribution width", "red blood cell distribution width"),
       about="how much red cells vary in size"),
    _m("mpv", "MPV", BLOOD, "fL", (7.5, 11.5), SRC_TYPICAL,
       ("mpv", "mean platelet volume", "volume piastrinico medio", "volumen plaquetario medio"),
       about="the average size of platelets"),
    *[_m(f"{cell}_pct", f"{cell.capitalize()} %", BLOOD, "%", rng_pct, SRC_TYPICAL, (), about=_DIFF_ABOUT[cell])
      for cell, rng_pct in (("neutrophils", (40.0, 75.0)), ("lymphocytes", (20.0, 45.0)), ("monocytes", (2.0, 10.0)),
                            ("eosinophils", (1.0, 6.0)), ("basophils", (0.0, 2.0)))],
    *[_m(f"{cell}_abs", f"{cell.capitalize()} (absolute)", BLOOD, "10^3/uL", rng_abs, SRC_TYPICAL, (),
         about=_DIFF_ABOUT[cell])
      for cell, rng_abs in (("neutrophils", (2.0, 7.0)), ("lymphocytes", (1.0, 4.0)), ("monocytes", (0.2, 1.0)),
                            ("eosinophils", (0.0, 0.5)), ("basophils", (0.0, 0.1)))],
    _m("reticulocytes", "Reticulocytes", BLOOD, "%", (0.5, 2.5), SRC_TYPICAL,
       ("reticulocytes", "reticulocyte count", "retic count", "reticulociti"),
       about="young red cells, showing how fast the marrow makes new ones"),
    # ---------------------------------------------------------------- diabetes
    _m("glucose", "Glucose", DIABETES, "mg/dL", (70.0, 99.0), SRC_ADA,
       ("glucose", "fasting glucose", "glucose fasting", "fasting blood glucose", "fasting blood sugar", "fbs",
        "blood sugar", "blood sugar fasting", "fasting plasma glucose", "fpg", "glucose level", "blood glucose",
        "plasma glucose", "glicemia", "glucosa", "glycemia", "glycaemia", "glukose", "sugar fasting", "glucose f",
        "random blood sugar", "rbs", "random glucose", "glucose random", "glicemia a digiuno", "glucosa basal"), molar_mass=180.16,
       about="the sugar level in the blood"),
    _m("glucose_pp", "Glucose (after a meal)", DIABETES, "mg/dL", (70.0, 140.0), SRC_ADA,
       ("post prandial glucose", "postprandial glucose", "glucose pp", "ppbs", "post prandial blood sugar",
        "glucose post prandial", "2 hour glucose", "glucose 2 hr"), molar_mass=180.16,
       about="the sugar level about two hours after a meal"),
    _m("hba1c", "HbA1c", DIABETES, "%", (4.0, 5.6), SRC_ADA,
       ("hba1c", "hb a1c", "a1c", "glycated hemoglobin", "glycosylated hemoglobin", "glycated haemoglobin",
        "glycosylated haemoglobin", "hemoglobin a1c", "haemoglobin a1c", "emoglobina glicata",
        "hemoglobina glicosilada", "hemoglobina glicada", "glycohemoglobin", "hba1c glycosylated hemoglobin",
        "hba1c glycated hemoglobin"),
       about="the average blood sugar over the last two to three months"),
    _m("eag", "Estimated average glucose", DIABETES, "mg/dL", {}, "", ("estimated average glucose", "eag",
                                                                       "average blood glucose", "mean blood glucose"),
       molar_mass=180.16, about="HbA1c expressed as an average glucose level"),
    _m("insulin", "Insulin", DIABETES, "uIU/mL", (2.6, 24.9), SRC_TYPICAL,
       ("insulin", "fasting insulin", "insulin fasting", "insulina", "serum insulin", "insulin serum"),
       about="the hormone that moves sugar from the blood into cells"),
    _m("homa_ir", "HOMA-IR", DIABETES, None, (None, 2.5), SRC_HOMA,
       ("homa ir", "homa", "homa index", "insulin resistance index", "homa ir index"),
       about="an estimate of insulin resistance from fasting glucose and insulin"),
    _m("homa_b", "HOMA-B (beta-cell function)", DIABETES, None, {}, "",
       ("homa b", "homa beta", "homa beta cell function", "homa b cell function", "homa percent b"),
       about="an estimate of insulin production from fasting glucose and insulin"),
    _m("c_peptide", "C-peptide", DIABETES, "ng/mL", (0.8, 3.1), SRC_TYPICAL, ("c peptide", "c peptide fasting"),
       about="a by-product of insulin production"),
    # ---------------------------------------------------------------- lipids
    _m("total_cholesterol", "Total cholesterol", LIPIDS, "mg/dL", (None, 200.0), SRC_NCEP,
       ("total cholesterol", "cholesterol", "cholesterol total", "serum cholesterol", "colesterolo totale",
        "colesterolo", "colesterol total", "colesterol", "tc", "cholesterin", "cholesterol serum"),
       molar_mass=386.65,
       about="all the cholesterol carried in the blood"),
    _m("ldl", "LDL cholesterol", LIPIDS, "mg/dL", (None, 100.0), SRC_NCEP,
       ("ldl", "ldl cholesterol", "ldl c", "ldlc", "low density lipoprotein", "low density lipoprotein cholesterol",
        "ldl cholesterol direct", "direct ldl", "ldl direct", "ldl calculated", "colesterolo ldl", "colesterol ldl",
        "ldl colesterolo"), molar_mass=386.65,
       about="the 'bad' cholesterol that can build up in artery walls"),
    _m("hdl", "HDL cholesterol", LIPIDS, "mg/dL", {"any": (40.0, None), "male": (40.0, None), "female": (50.0, None)},
       SRC_NCEP,
       ("hdl", "hdl cholesterol", "hdl c", "hdlc", "high density lipoprotein", "high density lipoprotein cholesterol",
        "hdl cholesterol direct", "direct hdl", "colesterolo hdl", "colesterol hdl", "hdl colesterolo"),
       molar_mass=386.65,
       about="the 'good' cholesterol that carries cholesterol away from arteries"),
    _m("triglycerides", "Triglycerides", LIPIDS, "mg/dL", (None, 150.0), SRC_NCEP,
       ("triglycerides", "triglyceride", "tg", "trigs", "trigliceridi", "trigliceridos", "triglicéridos",
        "triacylglycerol", "triglyzeride"), molar_mass=885.7,
       about="blood fats that rise with sugar, alcohol and excess calories"),
    _m("vldl", "VLDL cholesterol", LIPIDS, "mg/dL", (None, 30.0), SRC_TYPICAL,
       ("vldl", "vldl cholesterol", "vldl c", "very low density lipoprotein"), molar_mass=386.65,
       about="cholesterol carried by triglyceride-rich particles"),
    _m("non_hdl", "Non-HDL cholesterol", LIPIDS, "mg/dL", (None, 130.0), SRC_NCEP,
       ("non hdl cholesterol", "non hdl", "non hdl c", "nonhdl cholesterol", "non hdl chol"), molar_mass=386.65,
       about="all the cholesterol in potentially harmful particles"),
    _m("chol_hdl_ratio", "Total cholesterol / HDL ratio", LIPIDS, None, (None, 5.0), SRC_TYPICAL,
       ("total cholesterol hdl ratio", "cholesterol hdl ratio", "total hdl ratio", "tc hdl ratio", "chol hdl ratio",
        "total cholesterol hdl cholesterol ratio", "tc hdl", "cholesterol ratio", "risk ratio", "chol hdlc ratio",
        "cholesterol hdl c ratio", "chol hdl"),
       about="total cholesterol divided by HDL"),
    _m("ldl_hdl_ratio", "LDL / HDL ratio", LIPIDS, None, (None, 3.5), SRC_TYPICAL,
       ("ldl hdl ratio", "ldl hdl cholesterol ratio", "ldl c hdl c ratio"),
       about="LDL divided by HDL"),
    _m("apob", "Apolipoprotein B", LIPIDS, "mg/dL", (None, 130.0), SRC_TYPICAL,
       ("apolipoprotein b", "apo b", "apob", "apolipoproteina b", "apolipoprotein b100"),
       about="the number of potentially harmful cholesterol particles"),
    _m("apoa1", "Apolipoprotein A1", LIPIDS, "mg/dL", (110.0, 205.0), SRC_TYPICAL,
       ("apolipoprotein a1", "apo a1", "apoa1", "apolipoprotein a i", "apo a"),
       about="the main protein of HDL particles"),
    _m("lpa", "Lipoprotein(a)", LIPIDS, "mg/dL", (None, 30.0), SRC_TYPICAL,
       ("lipoprotein a", "lp a", "lpa", "lipoproteina a"),
       about="an inherited cholesterol particle linked to heart risk"),
    # ---------------------------------------------------------------- liver
    _m("alt", "ALT (SGPT)", LIVER, "U/L", (7.0, 56.0), SRC_TYPICAL,
       ("alt", "sgpt", "alanine aminotransferase", "alanine transaminase", "alat", "gpt", "alt sgpt", "sgpt alt",
        "transaminasi gpt", "alanina aminotransferasa", "alanina aminotransferasi", "gpt alt"),
       about="a liver enzyme"),
    _m("ast", "AST (SGOT)", LIVER, "U/L", (10.0, 40.0), SRC_TYPICAL,
       ("ast", "sgot", "aspartate aminotransferase", "aspartate transaminase", "asat", "got", "ast sgot", "sgot ast",
        "transaminasi got", "aspartato aminotransferasa", "aspartato aminotransferasi", "got ast"),
       about="an enzyme found in liver and muscle"),
    _m("alp", "Alkaline phosphatase", LIVER, "U/L", (44.0, 147.0), SRC_TYPICAL,
       ("alkaline phosphatase", "alp", "alk phos", "alkp", "fosfatasi alcalina", "fosfatasa alcalina", "sap"),
       about="an enzyme from the liver's bile ducts and from bone"),
    _m("ggt", "GGT", LIVER, "U/L", (9.0, 48.0), SRC_TYPICAL,
       ("ggt", "gamma gt", "gamma glutamyl transferase", "gamma glutamyltransferase", "ggtp",
        "gamma glutamyl transpeptidase", "gamma glutamiltransferasi", "gamma glutamil transferasa"),
       about="a liver enzyme sensitive to alcohol and bile flow"),
    _m("total_bilirubin", "Bilirubin (total)", LIVER, "mg/dL", (0.1, 1.2), SRC_TYPICAL,
       ("total bilirubin", "bilirubin total", "bilirubin", "t bil", "tbil", "bilirubina totale", "bilirrubina total",
        "bilirubina total", "serum bilirubin"), molar_mass=584.66,
       about="a yellow pigment from the breakdown of old red cells"),
    _m("direct_bilirubin", "Bilirubin (direct)", LIVER, "mg/dL", (0.0, 0.3), SRC_TYPICAL,
       ("direct bilirubin", "bilirubin direct", "conjugated bilirubin", "bilirubina diretta", "bilirrubina directa",
        "d bil", "dbil"), molar_mass=584.66,
       about="bilirubin already processed by the liver"),
    _m("indirect_bilirubin", "Bilirubin (indirect)", LIVER, "mg/dL", (0.1, 1.0), SRC_TYPICAL,
       ("indirect bilirubin", "bilirubin indirect", "unconjugated bilirubin", "bilirubina indiretta",
        "bilirrubina indirecta"), molar_mass=584.66,
       about="bilirubin not yet processed by the liver"),
    _m("total_protein", "Total protein", LIVER, "g/dL", (6.0, 8.3), SRC_TYPICAL,
       ("total protein", "protein total", "total proteins", "proteins total", "proteine totali",
        "proteinas totales", "serum protein", "total serum protein"),
       about="all the proteins in the blood"),
    _m("albumin", "Albumin", LIVER, "g/dL", (3.4, 5.4), SRC_TYPICAL,
       ("albumin", "albumina", "serum albumin", "albumine"),
       about="the main blood protein, made by the liver"),
    _m("globulin", "Globulin", LIVER, "g/dL", (2.0, 3.5), SRC_TYPICAL, ("globulin", "globulins", "globuline"),
       about="immune and carrier proteins"),
    _m("ag_ratio", "Albumin / globulin ratio", LIVER, None, (1.1, 2.5), SRC_TYPICAL,
       ("a g ratio", "albumin globulin ratio", "ag ratio", "rapporto a g", "albumin globulin", "a g"),
       about="albumin divided by globulin"),
    _m("ldh", "LDH", OTHER, "U/L", (140.0, 280.0), SRC_TYPICAL, ("ldh", "lactate dehydrogenase", "ld"),
       about="an enzyme released when cells are damaged"),
    _m("amylase", "Amylase", OTHER, "U/L", (40.0, 140.0), SRC_TYPICAL, ("amylase", "alpha amylase", "serum amylase", "amilasa",
                                                      "amilase", "amilasi", "amylase totale", "淀粉酶", "amy"),
       about="a digestive enzyme made by the pancreas and the salivary glands"),
    _m("lipase", "Lipase", OTHER, "U/L", (0.0, 160.0), SRC_TYPICAL, ("lipase", "serum lipase", "lipasa", "lipasi", "脂肪酶"),
       about="a digestive enzyme made by the pancreas"),
    # ---------------------------------------------------------------- kidney
    _m("creatinine", "Creatinine", KIDNEY, "mg/dL", {"any": (0.6, 1.3), "male": (0.74, 1.35), "female": (0.59, 1.04)},
       SRC_TYPICAL, ("creatinine", "serum creatinine", "creatinina", "creat", "creatinine serum", "kreatinin"),
       molar_mass=113.12,
       about="a muscle waste product cleared by the kidneys"),
    _m("urea", "Urea", KIDNEY, "mg/dL", (15.0, 45.0), SRC_TYPICAL,
       ("urea", "blood urea", "serum urea", "azotemia", "urea serum", "uremia", "harnstoff"), molar_mass=60.06,
       about="a protein waste product cleared by the kidneys"),
    _m("bun", "Blood urea nitrogen (BUN)", KIDNEY, "mg/dL", (6.0, 20.0), SRC_TYPICAL,
       ("bun", "blood urea nitrogen", "urea nitrogen", "serum urea nitrogen"), molar_mass=28.014,
       about="a protein waste product cleared by the kidneys"),
    _m("egfr", "eGFR", KIDNEY, "mL/min/1.73m2", (60.0, None), SRC_KDIGO,
       ("egfr", "gfr", "estimated gfr", "estimated glomerular filtration rate", "egfr ckd epi", "e gfr",
        "glomerular filtration rate", "egfr creatinine"),
       about="an estimate of how well the kidneys filter"),
    _m("uric_acid", "Uric acid", URIC_ACID, "mg/dL", {"any": (2.4, 7.0), "male": (3.4, 7.0), "female": (2.4, 6.0)},
       SRC_TYPICAL, ("uric acid", "urate", "serum uric acid", "acido urico", "uricemia", "serum urate", "harnsaure"),
       molar_mass=168.11,
       about="a waste product of purines (from food and cell turnover)"),
    _m("cystatin_c", "Cystatin C", KIDNEY, "mg/L", (0.6, 1.2), SRC_TYPICAL, ("cystatin c", "cistatina c"),
       about="another marker of kidney filtration"),
    _m("bun_creatinine_ratio", "BUN / creatinine ratio", KIDNEY, None, (10.0, 20.0), SRC_TYPICAL,
       ("bun creatinine ratio", "urea creatinine ratio", "bun creat ratio"),
       about="BUN divided by creatinine"),
    # ---------------------------------------------------------------- electrolytes
    _m("sodium", "Sodium", ELECTROLYTES, "mmol/L", (135.0, 145.0), SRC_TYPICAL,
       ("sodium", "na", "na+", "serum sodium", "sodio", "natrium", "sodium serum"),
       molar_mass=22.99, valence=1,
       about="the main salt in the blood, which governs water balance"),
    _m("potassium", "Potassium", ELECTROLYTES, "mmol/L", (3.5, 5.1), SRC_TYPICAL,
       ("potassium", "k", "k+", "serum potassium", "potassio", "potasio", "kalium", "potassium serum"), molar_mass=39.10, valence=1,
       about="a salt essential for muscle and heart rhythm"),
    _m("chloride", "Chloride", ELECTROLYTES, "mmol/L", (98.0, 107.0), SRC_TYPICAL,
       ("chloride", "cl", "cl-", "chlorides", "cloro", "cloruro", "serum chloride", "chlorid"), molar_mass=35.45, valence=1, about="a salt that moves with sodium"),
    _m("bicarbonate", "Bicarbonate", ELECTROLYTES, "mmol/L", (22.0, 29.0), SRC_TYPICAL,
       ("bicarbonate", "hco3", "co2", "total co2", "tco2", "bicarbonato", "carbon dioxide"), valence=1, about="the blood's main acid buffer"),
    _m("calcium", "Calcium", CALCIUM, "mg/dL", (8.5, 10.2), SRC_TYPICAL,
       ("calcium", "total calcium", "ca", "calcio", "calcium total", "serum calcium", "calcio totale", "kalzium",
        "ca total", "calcium serum"), molar_mass=40.08, valence=2,
       about="the mineral for bones, nerves and muscles"),
    _m("corrected_calcium", "Calcium (corrected)", CALCIUM, "mg/dL", (8.5, 10.2), SRC_TYPICAL,
       ("corrected calcium", "adjusted calcium", "calcium corrected", "albumin corrected calcium"), molar_mass=40.08, valence=2, about="calcium adjusted for the albumin level"),
    _m("ionized_calcium", "Calcium (ionised)", CALCIUM, "mmol/L", (1.12, 1.32), SRC_TYPICAL,
       ("ionized calcium", "ionised calcium", "ica", "calcium ionized", "calcio ionizzato", "cca2", "ca2", "ca++",
        "calcium ionised"),
       molar_mass=40.08, valence=2, about="the active, free fraction of calcium"),
    _m("magnesium", "Magnesium", ELECTROLYTES, "mg/dL", (1.7, 2.2), SRC_TYPICAL,
       ("magnesium", "mg", "mg++", "magnesio", "serum magnesium", "magnesium serum"),
       molar_mass=24.305, valence=2,
       about="a mineral for muscles, nerves and heart rhythm"),
    _m("phosphate", "Phosphate", CALCIUM, "mg/dL", (2.5, 4.5), SRC_TYPICAL,
       ("phosphate", "phosphorus", "inorganic phosphate", "inorganic phosphorus", "phosphorous", "fosforo",
        "fosfato", "po4", "serum phosphorus", "fosforo inorganico"), molar_mass=30.97,
       about="a mineral for bones and energy"),
    # ---------------------------------------------------------------- thyroid
    _m("tsh", "TSH", THYROID, "mIU/L", (0.4, 4.0), SRC_ATA,
       ("tsh", "thyroid stimulating hormone", "thyrotropin", "tsh ultrasensitive", "ultrasensitive tsh",
        "tsh 3rd generation", "s tsh", "us tsh", "tsh reflex", "tireotropina", "tirotropina"),
       about="the pituitary signal that drives the thyroid"),
    _m("free_t4", "Free T4", THYROID, "ng/dL", (0.8, 1.8), SRC_TYPICAL,
       ("free t4", "ft4", "free thyroxine", "t4 free", "t4 libera", "t4 libre", "tiroxina libera", "tiroxina libre",
        "fT4 free t4"), molar_mass=776.87,
       about="the active thyroid hormone in the blood"),
    _m("free_t3", "Free T3", THYROID, "pg/mL", (2.3, 4.2), SRC_TYPICAL,
       ("free t3", "ft3", "free triiodothyronine", "t3 free", "t3 libera", "t3 libre", "triiodotironina libera"),
       molar_mass=650.97,
       about="the most active thyroid hormone"),
    _m("total_t4", "Total T4", THYROID, "ug/dL", (5.0, 12.0), SRC_TYPICAL,
       ("t4", "total t4", "thyroxine", "total thyroxine", "t4 total"), molar_mass=776.87,
       about="all thyroxine in the blood"),
    _m("total_t3", "Total T3", THYROID, "ng/dL", (80.0, 200.0), SRC_TYPICAL,
       ("t3", "total t3", "triiodothyronine", "total triiodothyronine", "t3 total"), molar_mass=650.97,
       about="all triiodothyronine in the blood"),
    _m("anti_tpo", "Anti-TPO antibodies", THYROID, None, {}, "",
       ("anti tpo", "tpo antibodies", "anti thyroid peroxidase", "anti tpo antibodies", "atpo"),
       about="antibodies against the thyroid (autoimmune thyroid disease)"),
    # ---------------------------------------------------------------- vitamins and minerals
    _m("vitamin_d", "Vitamin D (25-OH)", VITAMINS, "ng/mL", (30.0, 100.0), SRC_ENDO,
       ("vitamin d", "25 oh vitamin d", "25 hydroxy vitamin d", "vitamin d 25 oh", "vitamin d 25 hydroxy",
        "25 hydroxyvitamin d", "vitamin d3", "25 oh d", "vit d", "vitamin d total", "25 oh d3", "vitamina d",
        "calcidiol", "25 oh vit d", "vitamin d 25oh", "25oh vitamin d", "vitamina d 25 oh", "vit d3",
        "vitamin d 25 hydroxy total"), molar_mass=400.64,
       about="the vitamin that controls calcium absorption and bone health"),
    _m("vitamin_b12", "Vitamin B12", VITAMINS, "pg/mL", (200.0, 900.0), SRC_TYPICAL,
       ("vitamin b12", "b12", "cobalamin", "cyanocobalamin", "vit b12", "vitamina b12", "vitamin b 12"),
       molar_mass=1355.37,
       about="a vitamin needed for nerves and red-cell production"),
    _m("folate", "Folate", VITAMINS, "ng/mL", (2.7, 17.0), SRC_TYPICAL,
       ("folate", "folic acid", "serum folate", "acido folico", "folati", "vitamin b9", "folato"), molar_mass=441.4,
       about="a B vitamin needed to make red cells"),
    _m("zinc", "Zinc", VITAMINS, "ug/dL", (60.0, 120.0), SRC_TYPICAL, ("zinc", "zn", "zinco", "serum zinc"),
       molar_mass=65.38, about="a trace mineral for immunity and healing"),
    _m("selenium", "Selenium", VITAMINS, "ug/L", (70.0, 150.0), SRC_TYPICAL, ("selenium", "se", "selenio"),
       molar_mass=78.97, about="a trace mineral for thyroid and antioxidant enzymes"),
    _m("copper", "Copper", VITAMINS, "ug/dL", (70.0, 140.0), SRC_TYPICAL, ("copper", "cu", "rame", "cobre"),
       molar_mass=63.55, about="a trace mineral"),
    # ---------------------------------------------------------------- iron
    _m("iron", "Iron", IRON, "ug/dL", (60.0, 170.0), SRC_TYPICAL,
       ("iron", "serum iron", "fe", "iron serum", "sideremia", "ferro", "hierro", "si", "ferro sierico", "eisen"),
       molar_mass=55.845,
       about="the iron circulating in the blood"),
    _m("ferritin", "Ferritin", IRON, "ng/mL", {"any": (12.0, 300.0), "male": (24.0, 336.0), "female": (11.0, 307.0)},
       SRC_TYPICAL, ("ferritin", "serum ferritin", "ferritina", "ferritine"),
       about="the body's iron stores"),
    _m("tibc", "TIBC", IRON, "ug/dL", (240.0, 450.0), SRC_TYPICAL,
       ("tibc", "total iron binding capacity", "capacita ferro legante", "capacidad total de fijacion de hierro"),
       molar_mass=55.845, about="how much iron the blood could carry"),
    _m("transferrin_saturation", "Transferrin saturation", IRON, "%", (20.0, 50.0), SRC_TYPICAL,
       ("transferrin saturation", "tsat", "iron saturation", "saturazione transferrina", "saturacion de transferrina",
        "transferrin saturation index", "saturation"),
       about="how full the iron carriers are"),
    _m("transferrin", "Transferrin", IRON, "mg/dL", (200.0, 360.0), SRC_TYPICAL,
       ("transferrin", "transferrina", "transferrina serica"), about="the protein that carries iron"),
    _m("uibc", "UIBC", IRON, "ug/dL", {}, "", ("uibc", "unsaturated iron binding capacity"),
       about="spare iron-carrying capacity"),
    # ---------------------------------------------------------------- inflammation
    _m("crp", "C-reactive protein (CRP)", INFLAMMATION, "mg/L", (None, 5.0), SRC_TYPICAL,
       ("crp", "c reactive protein", "proteina c reattiva", "pcr", "proteina c reactiva", "crp quantitative",
        "quantitative crp", "c reaktives protein"),
       about="a general marker of inflammation"),
    _m("hs_crp", "hs-CRP", INFLAMMATION, "mg/L", (None, 3.0), SRC_AHA,
       ("hs crp", "hscrp", "high sensitivity crp", "high sensitive crp", "cardio crp", "hs c reactive protein",
        "high sensitivity c reactive protein", "ultrasensitive crp", "us crp", "cardio c reactive protein",
        "hs c reactive protein hs crp", "crp high sensitivity", "pcr ultrasensibile"),
       about="low-grade inflammation, used for heart-risk assessment"),
    _m("esr", "ESR", INFLAMMATION, "mm/hr", {"any": (0.0, 20.0), "male": (0.0, 15.0), "female": (0.0, 20.0)},
       SRC_TYPICAL, ("esr", "erythrocyte sedimentation rate", "sed rate", "ves", "vsg", "sedimentation rate",
                     "velocita di eritrosedimentazione", "velocidad de sedimentacion"),
       about="a slow, general marker of inflammation"),
    _m("homocysteine", "Homocysteine", VITAMINS, "umol/L", (5.0, 15.0), SRC_TYPICAL,
       ("homocysteine", "omocisteina", "homocisteina", "hcy", "total homocysteine"),
       about="an amino acid linked to B-vitamin status and artery health"),
    _m("procalcitonin", "Procalcitonin", INFLAMMATION, "ng/mL", {}, "", ("procalcitonin", "procalcitonina"),
       about="a marker of bacterial infection"),
    # ---------------------------------------------------------------- heart
    _m("troponin_i", "Troponin I", HEART, None, {}, "",
       ("troponin i", "troponin", "hs troponin i", "tni", "hs tni", "ctni", "hstni", "troponin i hs",
        "high sensitivity troponin i", "troponina i", "troponin i high sensitive"),
       about="a heart-muscle protein released when heart cells are injured"),
    _m("troponin_t", "Troponin T", HEART, None, {}, "", ("troponin t", "hs troponin t", "tnt", "hstnt", "troponina t"),
       about="a heart-muscle protein released when heart cells are injured"),
    _m("nt_probnp", "NT-proBNP", HEART, "pg/mL", (None, 125.0), SRC_ESC,
       ("nt probnp", "nt pro bnp", "ntprobnp", "n terminal pro bnp", "pro bnp"),
       about="a hormone released when the heart is under strain"),
    _m("bnp", "BNP", HEART, "pg/mL", (None, 100.0), SRC_ESC,
       ("bnp", "brain natriuretic peptide", "b type natriuretic peptide"),
       about="a hormone released when the heart is under strain"),
    _m("ck_mb", "CK-MB", HEART, None, {}, "", ("ck mb", "ckmb", "creatine kinase mb"),
       about="a heart-muscle enzyme"),
    _m("ck", "Creatine kinase (CK)", MUSCLE, None, {}, "", ("ck", "cpk", "creatine kinase", "creatine phosphokinase",
                                                           "ck total"),
       about="a muscle enzyme that rises after hard exercise or muscle injury"),
    _m("ck_mm", "CK-MM", MUSCLE, None, {}, "", ("ck mm", "ckmm", "creatine kinase mm"),
       about="the skeletal-muscle form of creatine kinase"),
    _m("myoglobin", "Myoglobin", MUSCLE, None, {}, "", ("myoglobin", "mioglobina", "serum myoglobin"),
       about="a muscle protein released quickly when muscle is damaged"),
    # ---------------------------------------------------------------- clotting
    _m("pt", "Prothrombin time (PT)", CLOTTING, "s", (11.0, 13.5), SRC_TYPICAL,
       ("pt", "prothrombin time", "pro time", "tempo di protrombina", "tiempo de protrombina", "pt seconds"),
       about="how long the blood takes to clot (outer pathway)"),
    _m("inr", "INR", CLOTTING, None, (0.8, 1.1), SRC_TYPICAL,
       ("inr", "pt inr", "international normalized ratio", "international normalised ratio"), about="the standardised clotting time"),
    _m("aptt", "aPTT", CLOTTING, "s", (25.0, 35.0), SRC_TYPICAL,
       ("aptt", "ptt", "activated partial thromboplastin time", "partial thromboplastin time", "ptt activated",
        "tempo di tromboplastina parziale attivata"),
       about="how long the blood takes to clot (inner pathway)"),
    _m("fibrinogen", "Fibrinogen", CLOTTING, "mg/dL", (200.0, 400.0), SRC_TYPICAL,
       ("fibrinogen", "fibrinogeno", "fibrinogen clauss"), about="a clotting protein that also rises with inflammation"),
    _m("d_dimer", "D-dimer", CLOTTING, "ug/mL", (None, 0.5), SRC_TYPICAL,
       ("d dimer", "ddimer", "dimero d", "d dimero", "dimeros d"),
       about="a breakdown product of blood clots"),
    # ---------------------------------------------------------------- hormones
    _m("testosterone", "Testosterone (total)", HORMONES, "ng/dL", {"male": (300.0, 1000.0), "female": (15.0, 70.0)},
       SRC_AUA, ("testosterone", "total testosterone", "testosterone total", "testosterone serum",
                 "testosterone totale", "testosterona total", "testosterona"), molar_mass=288.42,
       about="the main male sex hormone (also present in women)"),
    _m("free_testosterone", "Free testosterone", HORMONES, None, {}, "", ("free testosterone", "testosterone free"),
       about="the unbound, active part of testosterone"),
    _m("estradiol", "Estradiol", HORMONES, None, {}, "", ("estradiol", "e2", "oestradiol", "estradiolo"),
       about="the main female sex hormone"),
    _m("cortisol", "Cortisol", HORMONES, None, {}, "", ("cortisol", "cortisolo", "cortisol am", "morning cortisol",
                                                       "serum cortisol"),
       about="the stress hormone (depends strongly on the time of day)"),
    _m("psa", "PSA", PROSTATE, "ng/mL", (None, 4.0), SRC_PSA,
       ("psa", "total psa", "prostate specific antigen", "psa total", "tpsa"),
       about="a prostate protein"),
    _m("igf1", "IGF-1", HORMONES, None, {}, "", ("igf 1", "igf1", "insulin like growth factor 1", "somatomedin c"),
       about="a growth-hormone marker"),
    _m("prolactin", "Prolactin", HORMONES, None, {}, "", ("prolactin", "prl", "prolattina"), about="a pituitary hormone"),
    _m("lh", "LH", HORMONES, None, {}, "", ("lh", "luteinizing hormone", "luteinising hormone"),
       about="a pituitary hormone"),
    _m("fsh", "FSH", HORMONES, None, {}, "", ("fsh", "follicle stimulating hormone"), about="a pituitary hormone"),
    _m("dheas", "DHEA-S", HORMONES, None, {}, "", ("dhea s", "dheas", "dhea sulfate", "dehydroepiandrosterone sulfate"),
       about="an adrenal hormone"),
    _m("shbg", "SHBG", HORMONES, None, {}, "", ("shbg", "sex hormone binding globulin"),
       about="the protein that carries sex hormones"),
    # ---------------------------------------------------------------- other
    _m("ph", "pH", OTHER, None, {}, "", ("ph", "urine ph", "ph urine", "ph arterial", "ph arterial blood"),
       about="acidity"),  # no default: a blood pH (7.35-7.45) and a urine pH (4.5-8) share the name
    # blood gas analysis (arterial); the gases' partial pressures in mmHg or kPa (units.py converts between them)
    _m("pco2", "pCO2", OTHER, "mmHg", (35.0, 45.0), SRC_GAS,
       ("pco2", "paco2", "pco2 t", "carbon dioxide partial pressure", "partial pressure of carbon dioxide"),
       about="the carbon dioxide pressure in the blood (breathing)"),
    _m("po2", "pO2", OTHER, "mmHg", (80.0, 100.0), SRC_GAS,
       ("po2", "pao2", "po2 t", "oxygen partial pressure", "partial pressure of oxygen"),
       about="the oxygen pressure in the blood"),
    _m("base_excess", "Base excess", OTHER, "mmol/L", (-2.0, 3.0), SRC_GAS,
       ("base excess", "be", "abe", "sbe", "be b", "beb", "beecf", "be ecf", "cbase b", "cbase ecf",
        "actual base excess", "standard base excess", "base excess b", "base excess ecf"),
       about="the excess or deficit of base in the blood (metabolic acid-base balance)"),
    _m("so2", "Oxygen saturation", OTHER, "%", (95.0, 99.0), SRC_GAS,
       ("so2", "sao2", "o2 saturation", "oxygen saturation arterial", "o2sat", "so2 arterial"),
       about="the share of haemoglobin carrying oxygen"),
    _m("lactate", "Lactate", OTHER, "mmol/L", (0.5, 2.2), SRC_GAS, ("lactate", "lactic acid", "clac", "lac"),
       molar_mass=90.08, about="a product of metabolism without enough oxygen"),
    _m("specific_gravity", "Specific gravity", OTHER, None, {}, "", ("specific gravity", "sp gravity", "sg"),
       about="urine concentration"),
]

BY_KEY: dict[str, Marker] = {m.key: m for m in MARKERS}

# Differential white-cell counts share synonyms; the unit decides between % and absolute.
_DIFF_SYNONYMS: dict[str, tuple[str, ...]] = {
    "neutrophils": ("neutrophils", "neutrophil", "neutrophiles", "polymorphs", "segmented neutrophils", "neutrofili",
                    "neutrofilos", "neut", "neutro", "polys", "segs", "neutrophile"),
    "lymphocytes": ("lymphocytes", "lymphocyte", "linfociti", "linfocitos", "lymph", "lymphs", "lympho", "lymphozyten"),
    "monocytes": ("monocytes", "monocyte", "monociti", "monocitos", "mono", "monos", "monozyten"),
    "eosinophils": ("eosinophils", "eosinophil", "eosinofili", "eosinofilos", "eos", "eosino", "eosinophile"),
    "basophils": ("basophils", "basophil", "basofili", "basofilos", "baso", "basophile"),
}
_DIFF_ABS_WORDS: tuple[str, ...] = ("absolute", "abs", "#", "count", "assoluti", "absolutos")
# The words of those phrases: beside a differential cell's name they leave the name that cell's
_DIFF_WORDS: set[str] = set()


def _with_other_languages() -> None:
    from shared.analysis.names import DIFF_ABSOLUTE_WORDS, DIFF_NAMES

    global _DIFF_ABS_WORDS
    for base, names in DIFF_NAMES.items():
        _DIFF_SYNONYMS[base] = tuple(dict.fromkeys(_DIFF_SYNONYMS[base] + names))
    _DIFF_ABS_WORDS = tuple(dict.fromkeys(_DIFF_ABS_WORDS + tuple(norm_name(w) or w for w in DIFF_ABSOLUTE_WORDS)))
    _DIFF_WORDS.update(w for phrase in _DIFF_ABS_WORDS for w in phrase.split())

_NOISE = {"serum", "plasma", "blood", "whole", "level", "levels", "test", "count", "sensitive", "high", "ultra",
          "total", "fasting", "random", "value", "estimation", "assay", "conc", "concentration", "calculated",
          "direct", "measured", "quantitative", "s", "f", "p", "b", "25", "oh", "hydroxy", "sensitivity", "hs",
          "cbc", "%", "#", "in", "of", "the", "venous", "capillary", "result", "results", "method", "auto", "sierico",
          "siero", "en", "suero", "de", "di", "ultrasensitive", "3rd", "generation"}


# Letters whose mark is part of the letter (no accent for NFKD to drop): 'Płytki', 'Kırmızı', 'Đường'.
_BASE_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def norm_name(text: str) -> str:
    """Lower-case, accents and punctuation removed, superscripts folded ('Na⁺' -> 'na+')."""
    t = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = t.replace("µ", "u").replace("μ", "u").replace("γ", "gamma ").replace("β", "beta ").replace("α", "alpha ")
    t = re.sub(r"[^a-z0-9%#+\u0430-\u044f\u4e00-\u9fff]+", " ", t)  # Latin, Cyrillic (lower case), CJK
    t = re.sub(r"(?<=[a-z])\+", "+", t)
    return " ".join(t.split())


# A specimen prefix before a name ('P-', 'S-', 'B-', 'fS-'; lexicon.SPECIMEN_PREFIXES), which rows.clean_name drops.
_SPECIMEN_PREFIX = re.compile(rf"^(?:{'|'.join(SPECIMEN_PREFIXES)})\s?[-–—]\s?(?=[^\W\d_])", re.IGNORECASE)


def _build_synonyms() -> dict[str, str]:
    syn: dict[str, str] = {}
    for m in MARKERS:
        for s in (m.key.replace("_", " "), m.label, *m.synonyms):
            n = norm_name(s)
            if n:
                syn.setdefault(n, m.key)
    from shared.analysis.names import NAMES  # names in other languages: our own synonyms win on a clash

    for key, names in NAMES.items():
        for s in names:
            n = norm_name(s)
            if n:
                syn.setdefault(n, key)
    for key, names in NAMES.items():  # 'P-T3 (frit)' is also known as the name reader leaves it: 'T3 (frit)'
        for s in names:
            bare = _SPECIMEN_PREFIX.sub("", s)
            if bare != s and norm_name(bare):
                syn.setdefault(norm_name(bare), key)
    for base, names in _DIFF_SYNONYMS.items():
        for s in names:
            syn[norm_name(s)] = base
        for w in ("absolute", "abs", "absolute count", "count absolute", "assoluti"):
            syn[norm_name(f"{w} {base}")] = f"{base}_abs"
            syn[norm_name(f"{base} {w}")] = f"{base}_abs"
        syn[norm_name(f"{base} %")] = f"{base}_pct"
    syn["anc"] = "neutrophils_abs"
    syn["alc"] = "lymphocytes_abs"
    syn["absolute neutrophil count"] = "neutrophils_abs"
    syn["absolute lymphocyte count"] = "lymphocytes_abs"
    syn["absolute eosinophil count"] = "eosinophils_abs"
    syn["absolute monocyte count"] = "monocytes_abs"
    syn["aec"] = "eosinophils_abs"
    return syn


_with_other_languages()
SYNONYMS = _build_synonyms()
_MAX_SYN_WORDS = max(len(k.split()) for k in SYNONYMS)
NAME_WORDS = frozenset(w for k in SYNONYMS for w in k.split())  # the words of the names we know


def name_word(text: str) -> bool:
    """Whether `text` (one word) is a word of a test's name we know, or no word at all ('(', '-')."""
    n = norm_name(text)
    return all(w in NAME_WORDS for w in n.split())
_GUARDS = ("ratio", "non", "corrected", "free", "direct", "indirect", "urine", "urinary", "index", "ionized",
           "ionised", "unsaturated", "binding", "saturation", "post", "pp", "apolipoprotein", "apo", "estimated")


def _lookup(n: str) -> str | None:
    return SYNONYMS.get(n)


def _guard_ok(name_norm: str, syn_norm: str) -> bool:
    words = set(name_norm.split())
    syn_words = set(syn_norm.split())
    for g in _GUARDS:
        if g in words and g not in syn_words:
            return False
    return True


_SORTED_SYNONYMS = sorted(SYNONYMS)


def _truncated(n: str) -> str | None:
    """The key of the one synonym this name is the beginning of, cut inside a word (at least three words kept
    and most of the name printed), or None."""
    words = n.split()
    if len(words) < 3 or len(words[-1]) < 2:
        return None
    i = bisect.bisect_left(_SORTED_SYNONYMS, n)
    keys = set()
    while i < len(_SORTED_SYNONYMS) and _SORTED_SYNONYMS[i].startswith(n):
        syn = _SORTED_SYNONYMS[i]
        if len(syn) > len(n) and syn[len(n)] != " " and len(n) >= 0.6 * len(syn):
            keys.add(SYNONYMS[syn])
        i += 1
    return keys.pop() if len(keys) == 1 else None


@lru_cache(maxsize=4096)
def _canonical_base(name: str) -> str | None:
    n = norm_name(name)
    if not n:
        return None
    key = _lookup(n)
    if key:
        return key
    # without parenthesised parts: "HBA1C (HPLC)" -> "hba1c"
    stripped = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", name)
    ns = norm_name(stripped)
    if ns and ns != n:
        key = _lookup(ns)
        if key and _guard_ok(ns, ns):
            return key
    # parenthesised abbreviations: "VOLUME GLOBULARE MEDIO (MCV)", "(hsCRP)"
    for inner in re.findall(r"\(([^)]*)\)", name):
        ni = norm_name(inner)
        key = _lookup(ni)
        if key and _guard_ok(n, ni):
            return key
    # alternatives: "SGPT / ALT", "PCV/Hematocrit", "GLUCOSE, FASTING (F), PLASMA"
    for source in (stripped, name):
        for part in re.split(r"[/,;]| - ", source):
            np_ = norm_name(part)
            key = _lookup(np_) if np_ else None
            if key and _guard_ok(n, np_):
                return key
    # a name cut short by a narrow column: 'Mean Corpuscular Hemoglobin Conc' is MCHC, not MCH
    key = _truncated(ns or n)
    if key:
        return key
    # longest known phrase inside the name, the rest being noise words
    for cand in (ns or n, n):
        words = cand.split()
        best = None
        for size in range(min(_MAX_SYN_WORDS, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                phrase = " ".join(words[i:i + size])
                key = _lookup(phrase)
                if key is None:
                    continue
                rest = words[:i] + words[i + size:]
                noise = _NOISE | _DIFF_WORDS if key in _DIFF_SYNONYMS else _NOISE  # 'Neutrofily absolutně'
                if all(w in noise for w in rest) and _guard_ok(cand, phrase):
                    best = key
                    break
            if best:
                return best
    return None


def canonical(name: str, unit: str | None = None, value: float | None = None) -> str | None:
    """Our key for a printed test name ('Hb' -> 'hemoglobin'); differential counts resolved by unit."""
    base = _canonical_base(name)
    if base is None:
        return None
    if base in _DIFF_SYNONYMS:
        n = norm_name(name)
        u = (unit or "").strip()
        words = n.split()
        if u == "%" or "%" in words or "percent" in n or "percentage" in n or "百分比" in n:
            return f"{base}_pct"
        if any(w in words or (not w.isascii() and w in n) for w in _DIFF_ABS_WORDS) or "#" in name \
                or (u and u != "%"):
            return f"{base}_abs"
        if value is not None:
            return f"{base}_pct" if value > 15 else f"{base}_abs"
        return f"{base}_pct"
    return base


def marker(key: str | None) -> Marker | None:
    return BY_KEY.get(key) if key else None


def panel_of(key: str | None) -> str:
    m = marker(key)
    return m.panel if m else OTHER
