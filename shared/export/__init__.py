"""Results that travel: an analysis result as FHIR R4 (fhir.py) or CSV (table.py).

Codes: LOINC for the test (loinc.py, table in loinc.toml, chosen by the printed unit's
property), UCUM for the unit (ucum.py). Report dates as FHIR dates (dates.py). Everything here
is pure and synchronous: the API's export routes and the CLI call it on a stored result.
"""
