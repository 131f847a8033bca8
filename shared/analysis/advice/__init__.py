"""The advice table and its language.

- `advice.toml`: every statement the local analysis can make (marker or pattern x direction x
  severity -> explain / physician / nutrition / exercise), each with its premise and source.
- `thresholds.toml`: severity thresholds (marked: within days; critical: today) with sources.
- `premise.py`: the premise language; `table.py`: loading and checking both files.

`python -m shared.analysis.advice --csv` prints the statements as one CSV table for review.
"""

from shared.analysis.advice.table import AdviceTable, Pattern, Statement, TableError, table

__all__ = ["AdviceTable", "Pattern", "Statement", "TableError", "table"]
