"""Test names in the languages the parser reads map onto the catalogue's keys."""

from __future__ import annotations

import pytest

from shared.analysis.markers import BY_KEY, canonical
from shared.analysis.names import DIFF_NAMES, NAMES


def test_every_name_table_key_is_a_catalogue_marker() -> None:
    assert set(NAMES) <= set(BY_KEY)
    assert {f"{base}_pct" for base in DIFF_NAMES} <= set(BY_KEY)


@pytest.mark.parametrize("name,unit,key", [
    ("血红蛋白(HGB)", "g/L", "hemoglobin"), ("白细胞计数", "10^9/L", "wbc"), ("中性粒细胞绝对值", "10^9/L", "neutrophils_abs"),
    ("中性粒细胞百分比", "%", "neutrophils_pct"), ("Hémoglobine", "g/dL", "hemoglobin"), ("Leukozyten", "G/l", "wbc"),
    ("Polynucléaires éosinophiles (valeur absolue)", "G/L", "eosinophils_abs"), ("Limfosit %", "%", "lymphocytes_pct"),
    ("Trombosit", "10^3/uL", "platelets"), ("Glukosa Puasa", "mg/dL", "glucose"), ("Kolesterol Total", "mg/dL",
                                                                                 "total_cholesterol"),
    ("Fer sérique", "µmol/L", "iron"), ("Ferritine", "ng/mL", "ferritin"), ("Harnsäure", "mg/dl", "uric_acid"),
    ("Blutsenkung (1 h)", "mm/h", "esr"), ("Proteína C reactiva", "mg/dL", "crp"), ("TP", "g/dL", "total_protein"),
    ("ALB", "g/dL", "albumin"), ("Ácido úrico", "mg/dL", "uric_acid"), ("Creatinchinasi", "U/L", "ck"),
    ("Velocidad de sedimentación globular", "mm/h", "esr"), ("Laju Endap Darah", "mm/jam", "esr"),
    ("PSA gesamt", "ng/ml", "psa"), ("PSA totale", "ng/mL", "psa"),
])
def test_names_in_other_languages(name: str, unit: str, key: str) -> None:
    assert canonical(name, unit) == key
