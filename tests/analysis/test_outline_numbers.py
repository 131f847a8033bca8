"""Tests numbered as an outline ('1. HAEMATOLOGY', '1.1 Hemoglobin' ... '1.10', 'a)', 'b)'): family numbered_outline.
The numbers are no values and no part of the names."""

from __future__ import annotations

import pytest

from shared.analysis.parser import parse_line
from shared.analysis.rows import ResultRow


@pytest.mark.parametrize("line, name, value", [
    ("1.1 Hemoglobin 13.6 g/dL 12.0 - 15.5", "Hemoglobin", 13.6),
    ("1.10 Platelets 250 10^3/uL 150 - 400", "Platelets", 250.0),
    ("2.3. Creatinine 1.14 mg/dL 0.74 - 1.35", "Creatinine", 1.14),
    ("b) Glucose 92 mg/dL 70 - 99", "Glucose", 92.0),
    ("(c) Ferritin 189 ng/mL 24 - 336", "Ferritin", 189.0),
    ("3. TSH 2.1 mIU/L 0.4 - 4.0", "TSH", 2.1),          # a panel of one test on its numbered line
    ("1.3 25-OH Vitamin D 10.5 ng/mL 30 - 100", "25-OH Vitamin D", 10.5),
    ("Creatinine 1.5 mg/dL 0.7 - 1.3", "Creatinine", 1.5),  # a value that looks like an outline number
])
def test_the_outline_number_is_neither_value_nor_name(line: str, name: str, value: float) -> None:
    row = parse_line(line)
    assert isinstance(row, ResultRow)
    assert (row.name, row.value) == (name, value)
