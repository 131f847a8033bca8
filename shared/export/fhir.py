"""An analysis result as a FHIR R4 Bundle: one DiagnosticReport and one Observation per result.

- Bundle: type `collection`; its entries' fullUrls are `urn:uuid:` ids derived from the job id,
  so exporting the same job twice gives the same ids (a receiver can de-duplicate).
- DiagnosticReport: status `final`, category LAB (HL7 v2 table 0074), code LOINC 11502-2
  'Laboratory report', the report's date as `effectiveDateTime` when printed, the laboratory
  as performer (display only), `result` referencing every Observation.
- Observation (one per numeric result): status `final`, category `laboratory`, the LOINC code
  where one is trustworthy (loinc.py) with `code.text` the name as printed, `valueQuantity`
  {value, the unit as printed, UCUM system and code (ucum.py)}, `referenceRange` low/high in
  the same unit (its text says when it is a typical adult range rather than the report's),
  `interpretation` from HL7 v3 ObservationInterpretation (L, H, LL, HH, N).
  A result printed as below or above a limit ('<0.5') is an Observation with a comparator.
- No Patient resource is made up. `subject` is the client's own reference, sent with the
  upload (`patient_reference`); the name printed on the report is added (as `display`) only
  when asked for.

Plain dicts are built (fast: no model validation per request); tests validate the output with
the R4B models of `fhir.resources`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from shared.analysis.result import Flag
from shared.export.dates import fhir_date
from shared.export.loinc import LOINC_SYSTEM, loinc_for
from shared.export.stored import Censored, Exportable, Reading
from shared.export.ucum import UCUM_SYSTEM, ucum_code

MEDIA_TYPE = "application/fhir+json"
REPORT_CODE = {"system": LOINC_SYSTEM, "code": "11502-2", "display": "Laboratory report"}
LAB_CATEGORY = {"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "LAB", "display": "Laboratory"}
OBSERVATION_CATEGORY = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory",
                        "display": "Laboratory"}
INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
# Our flags as HL7 v3 ObservationInterpretation codes.
INTERPRETATION: dict[Flag, tuple[str, str]] = {
    Flag.LOW: ("L", "Low"), Flag.HIGH: ("H", "High"), Flag.CRITICAL_LOW: ("LL", "Critical low"),
    Flag.CRITICAL_HIGH: ("HH", "Critical high"), Flag.NORMAL: ("N", "Normal"),
}
# Ids are uuid5 names under this namespace (a fixed, random uuid of ours).
NAMESPACE = uuid.UUID("6f1f4c52-2b1e-4a57-9d43-0f3f1d8e6a10")
_CENSORED = re.compile(r"^\s*(<=|>=|<|>|≤|≥)\s*([0-9]+(?:[.,][0-9]+)?)\s*$")
_COMPARATOR = {"≤": "<=", "≥": ">="}


@dataclass(frozen=True, slots=True)
class ExportContext:
    job_id: str
    finished_at: str | None = None  # ISO instant the analysis finished (Bundle.timestamp)
    patient_reference: str | None = None  # the client's own reference, e.g. 'Patient/123'
    include_name: bool = False  # add the name printed on the report as the subject's display


def _urn(job_id: str, kind: str, index: int = 0) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{job_id}/{kind}/{index}')}"


@lru_cache(maxsize=256)
def _urns(job_id: str, count: int) -> tuple[str, ...]:
    """The observations' ids of a job (the same on every export of it)."""
    return tuple(_urn(job_id, "observation", i) for i in range(count))


def _subject(result: Exportable, ctx: ExportContext) -> dict[str, str] | None:
    subject: dict[str, str] = {}
    if ctx.patient_reference:
        subject["reference"] = ctx.patient_reference
    if ctx.include_name and result.patient.name:
        subject["display"] = result.patient.name
    return subject or None


def quantity(value: float, unit: str | None, comparator: str | None = None) -> dict[str, Any]:
    q: dict[str, Any] = {"value": value}
    if comparator:
        q["comparator"] = comparator
    if unit:
        q["unit"] = unit
        code = ucum_code(unit)
        if code is not None:
            q["system"], q["code"] = UCUM_SYSTEM, code
    return q


def _code(name: str, canonical: str | None, unit: str | None, printed: str | None) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": name}
    coding = loinc_for(canonical, unit, name, printed)
    if coding is not None:
        concept["coding"] = [{"system": LOINC_SYSTEM, "code": coding.code}]
    return concept


def _reference_range(b: Reading) -> list[dict[str, Any]]:
    if b.ref_low is None and b.ref_high is None and not b.ref_text:
        return []
    rng: dict[str, Any] = {}
    if b.ref_low is not None:
        rng["low"] = quantity(b.ref_low, b.unit)
    if b.ref_high is not None:
        rng["high"] = quantity(b.ref_high, b.unit)
    if b.ref_text:
        rng["text"] = b.ref_text
    return [rng]


def _observation(common: dict[str, Any], b: Reading) -> dict[str, Any]:
    obs = {**common, "code": _code(b.name, b.canonical, b.unit, b.code), "valueQuantity": quantity(b.value, b.unit)}
    if b.flag is not None:
        code, display = INTERPRETATION[b.flag]
        obs["interpretation"] = [{"coding": [{"system": INTERPRETATION_SYSTEM, "code": code, "display": display}]}]
    if rng := _reference_range(b):
        obs["referenceRange"] = rng
    return obs


def _censored_observation(common: dict[str, Any], o: Censored) -> dict[str, Any]:
    obs = {**common, "code": _code(o.name, o.canonical, o.unit, None)}
    m = _CENSORED.match(o.result)
    if m:
        op = _COMPARATOR.get(m.group(1), m.group(1))
        obs["valueQuantity"] = quantity(float(m.group(2).replace(",", ".")), o.unit, op)
    else:
        obs["valueString"] = f"{o.result} {o.unit}".strip() if o.unit else o.result
    if o.ref_text:
        obs["referenceRange"] = [{"text": o.ref_text}]
    return obs


def bundle(result: Exportable, ctx: ExportContext) -> dict[str, Any]:
    """The FHIR R4 Bundle (a JSON-ready dict) for one analysis result."""
    subject = _subject(result, ctx)
    effective = fhir_date(result.patient.date)
    common: dict[str, Any] = {"status": "final", "category": [{"coding": [OBSERVATION_CATEGORY]}]}
    if subject:
        common["subject"] = subject
    if effective:
        common["effectiveDateTime"] = effective
    observations = [_observation(common, b) for b in result.biomarkers]
    observations += [_censored_observation(common, o) for o in result.other_results]
    urls = _urns(ctx.job_id, len(observations))
    report_url = _urn(ctx.job_id, "report")
    report: dict[str, Any] = {"resourceType": "DiagnosticReport", "id": report_url.removeprefix("urn:uuid:"),
                              "status": "final", "category": [{"coding": [LAB_CATEGORY]}],
                              "code": {"coding": [REPORT_CODE], "text": "Laboratory report"}}
    if subject:
        report["subject"] = subject
    if effective:
        report["effectiveDateTime"] = effective
    if result.patient.lab:
        report["performer"] = [{"display": result.patient.lab}]
    report["result"] = [{"reference": url} for url in urls]
    entries = [{"fullUrl": report_url, "resource": report}]
    entries += [{"fullUrl": url, "resource": {"resourceType": "Observation", "id": url.removeprefix("urn:uuid:"), **obs}}
                for url, obs in zip(urls, observations, strict=True)]
    out: dict[str, Any] = {"resourceType": "Bundle", "id": ctx.job_id, "type": "collection",
                           "identifier": {"system": "urn:ietf:rfc:3986", "value": _urn(ctx.job_id, "bundle")}}
    if ctx.finished_at:
        out["timestamp"] = ctx.finished_at
    out["entry"] = entries
    return out
