"""A column title that prints its column's unit ('Result (mg/dL)'): family header_units."""

from __future__ import annotations

import pytest

from shared.analysis.layout.columns import heading_unit


@pytest.mark.parametrize("title, expected", [
    ("Result (mg/dL)", ("Result", "mg/dL")), ("Resultado [g/L]", ("Resultado", "g/L")),
    ("Ergebnis / mmol/l", ("Ergebnis", "mmol/l")), ("Results, g/dL", ("Results", "g/dL")),
    ("Result (x 10^9/L)", ("Result", "x 10^9/L")), ("Valores de referencia (mg/dL)", ("Valores de referencia", "mg/dL")),
    ("检验结果 [x10^3/uL]", ("检验结果", "x10^3/uL")),
])
def test_a_result_or_range_title_with_its_unit(title: str, expected: tuple[str, str]) -> None:
    assert heading_unit(title) == expected


@pytest.mark.parametrize("title", ["Flag (H/L)", "Result (H/L)", "Test (mg/dL)", "Result", "Result (SI)",
                                   "Result / Range", "Reference (Ratio)"])
def test_no_unit_in_other_titles(title: str) -> None:
    assert heading_unit(title) is None
