"""Page layout from word positions: words (words.py), lines (lines.py), blocks (blocks.py), columns (columns.py)."""
