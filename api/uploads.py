"""Reading a submission: the multipart form, checked before anything is queued.

The form is parsed here rather than by FastAPI's `File`/`Form` parameters so
that every way a request can be wrong gets its own clear answer: not
multipart (415), too large (413, before the body is read when Content-Length
says so, else as soon as the cap is passed), malformed, two files, unknown
fields, a query too long, a bad priority, an empty file (422), neither a PDF nor an image we read (415),
a malformed body (400). The file's kind comes from its first bytes (shared/analysis/images.py): a PDF, or
with OCR on a JPEG, PNG or HEIC photo or scan; its name and declared type are not trusted.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.callback_targets import CallbackRefused, resolve
from api.errors import ApiError, error_response
from shared.analysis.images import Kind, heif_supported, sniff
from shared.job import Priority
from shared.settings import Settings

DEFAULT_QUERY = "Summarise my blood test report"
FORM_FIELDS = {"file", "query", "priority", "callback_url", "patient_reference"}
UPLOAD_PATHS = {"/analyze", "/analyze-async"}
FORM_OVERHEAD = 64 * 1024  # multipart boundaries, headers and the text fields
PATIENT_REFERENCE_MAX = 512
BODY_IDLE_SECONDS = 30.0  # an upload that sends nothing for this long is answered 408

# The OpenAPI description of the form (the route parses it by hand, see above).
FORM_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "additionalProperties": False,
                    "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "description": "The lab report: a PDF, or a photo or scan of it (JPEG, PNG, HEIC)"},
                        "query": {"type": "string", "default": DEFAULT_QUERY, "maxLength": 2000,
                                  "description": "What you want to know; markers or panels it names come first"},
                        "priority": {"type": "string", "enum": [p.value for p in Priority], "default": "normal"},
                        "callback_url": {"type": "string", "format": "uri", "maxLength": 2000,
                                         "description": "POSTed the final status (HMAC-SHA256 signed) when the job ends"},
                        "patient_reference": {"type": "string", "maxLength": PATIENT_REFERENCE_MAX,
                                              "examples": ["Patient/123"],
                                              "description": "Your own FHIR reference to the patient (Patient/<id>, an "
                                                             "absolute URL ending in Patient/<id>, or urn:uuid:<uuid>): "
                                                             "the subject of GET /jobs/{id}/fhir. Never logged."},
                    },
                },
                "encoding": {"file": {"contentType": "application/pdf, image/jpeg, image/png, image/heic"}},
            }
        },
    }
}  # fmt: skip


@dataclass(slots=True)
class Submission:
    pdf: bytes
    query: str
    priority: Priority
    filename: str | None
    callback_url: str | None
    received_at: float
    patient_reference: str | None = None


# A FHIR Reference.reference to a Patient (FHIR R4 'References': relative 'Patient/[id]' with id
# [A-Za-z0-9-.]{1,64}, optionally /_history/[vid]; the same at the end of an absolute http(s) URL;
# or a urn:uuid:).
_PATIENT_REFERENCE = re.compile(
    r"(?:https?://[^\s/]+(?:/[^\s/]+)*/)?Patient/[A-Za-z0-9\-.]{1,64}(?:/_history/[A-Za-z0-9\-.]{1,64})?"
    r"|urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Unicode categories removed from file names: control (Cc), format (Cf: bidirectional overrides
# such as U+202E that make "gpj.pdf" display as "fdp.jpg", zero-width characters, BOM),
# surrogates (Cs), private use (Co), unassigned (Cn), line and paragraph separators (Zl, Zp).
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def clean_filename(name: str | None) -> str | None:
    """A display name only (never a path): last path component, nothing invisible or
    direction-changing, other spaces as plain spaces, bounded."""
    if not name:
        return None
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    kept = (" " if unicodedata.category(ch) == "Zs" else ch for ch in name if unicodedata.category(ch) not in _INVISIBLE)
    name = re.sub(" {2,}", " ", "".join(kept)).strip().lstrip(".")
    return name[:200] or None


def accepted_kinds(settings: Settings) -> set[Kind]:
    if not settings.ocr_enabled:
        return {Kind.PDF}
    return {Kind.PDF, Kind.JPEG, Kind.PNG} | ({Kind.HEIF} if heif_supported() else set())


def unsupported_message(kind: Kind | None, settings: Settings) -> str:
    if kind is not None:  # an image this service does not read
        return f"{kind.value.upper()} images are not read by this service; upload the lab report as a PDF"
    if settings.ocr_enabled:
        return ("the uploaded file is not a PDF or a JPEG/PNG image; upload the lab report as a PDF, or a photo or "
                "scan of it")
    return "the uploaded file is not a PDF (no %PDF header); upload the lab report as a PDF"


async def read_submission(request: Request, settings: Settings) -> Submission:
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise ApiError(415, "send the report as multipart/form-data with the PDF in a field named 'file'",
                       "unsupported_media_type")  # fmt: skip
    try:
        form = await _parse_in_memory(request, settings)
    except MultiPartException as exc:
        raise ApiError(400, f"the multipart body could not be read: {_multipart_reason(exc)}", "malformed_multipart") from exc
    except BodyTooLarge:
        raise ApiError(413, f"the upload is larger than {settings.max_upload_mb:g} MB", "too_large") from None
    except BodyStalled:
        raise ApiError(408, f"the upload stalled: nothing arrived for {BODY_IDLE_SECONDS:g} s", "upload_stalled") from None
    try:
        return await _validate(form, settings)
    finally:
        await form.close()


class _InMemoryMultiPartParser(MultiPartParser):
    """Starlette's multipart parser with its spill-to-disk threshold above the upload cap, so an
    upload stays in memory (its default rolls anything over 1 MB into a temporary file)."""

    def __init__(self, *args: Any, spool_max_size: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spool_max_size = spool_max_size


async def _parse_in_memory(request: Request, settings: Settings) -> FormData:
    async with contextlib.aclosing(request.stream()) as stream:
        parser = _InMemoryMultiPartParser(request.headers, stream, max_files=2, max_fields=10,
                                          max_part_size=settings.max_query_chars * 4 + 4096,
                                          spool_max_size=settings.max_upload_bytes + FORM_OVERHEAD)  # fmt: skip
        return await parser.parse()


def _multipart_reason(exc: Exception) -> str:
    text = str(getattr(exc, "message", None) or getattr(exc, "detail", None) or exc)
    return text.rstrip(".").lower() if len(text) < 120 else "malformed multipart data"


async def _validate(form: Any, settings: Settings) -> Submission:
    files = form.getlist("file")
    if not files:
        raise ApiError(422, "no file: upload the PDF in a form field named 'file'", "missing_file")
    if len(files) > 1:
        raise ApiError(422, "send exactly one file per request", "too_many_files")
    upload = files[0]
    if not isinstance(upload, UploadFile):
        raise ApiError(422, "the 'file' field must be a file upload, not text", "missing_file")
    unknown = sorted(set(form.keys()) - FORM_FIELDS)
    if unknown:
        raise ApiError(422, f"unknown form field(s): {', '.join(unknown)[:200]}; expected file, query, priority, "
                            "callback_url, patient_reference",
                       "unknown_field")  # fmt: skip
    for name in ("query", "priority", "callback_url", "patient_reference"):
        if len(form.getlist(name)) > 1:
            raise ApiError(422, f"the form field '{name}' was sent more than once", "invalid_request")
    query = str(form.get("query") or "").strip() or DEFAULT_QUERY
    if len(query) > settings.max_query_chars:
        raise ApiError(422, f"the query is too long ({len(query)} characters; at most {settings.max_query_chars})",
                       "query_too_long")  # fmt: skip
    raw_priority = str(form.get("priority") or "normal").strip().lower()
    try:
        priority = Priority(raw_priority)
    except ValueError:
        raise ApiError(422, "priority must be one of: high, normal, low", "invalid_priority") from None
    callback = str(form.get("callback_url") or "").strip() or None
    if callback is not None:
        await _check_callback(callback, settings)
    patient_reference = patient_reference_of(form.get("patient_reference"))
    data = await upload.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise ApiError(413, f"the upload is larger than {settings.max_upload_mb:g} MB", "too_large")
    if not data:
        raise ApiError(422, "the uploaded file is empty", "empty_file")
    kind = sniff(data)
    if kind not in accepted_kinds(settings):
        raise ApiError(415, unsupported_message(kind, settings), "not_a_pdf")
    return Submission(pdf=data, query=query, priority=priority, filename=clean_filename(upload.filename),
                      callback_url=callback, received_at=time.time(), patient_reference=patient_reference)  # fmt: skip


def patient_reference_of(value: Any) -> str | None:
    """The optional patient reference, checked; 422 (never echoing the value) when it is not one."""
    text = str(value or "").strip()
    if not text:
        return None
    if len(text) > PATIENT_REFERENCE_MAX or not _PATIENT_REFERENCE.fullmatch(text):
        raise ApiError(422, "patient_reference must be a FHIR reference to a Patient: Patient/<id> (id: letters, "
                            "digits, '-' or '.', at most 64), an http(s) URL ending in Patient/<id>, or urn:uuid:<uuid>",
                       "invalid_patient_reference")
    return text


async def _check_callback(url: str, settings: Settings) -> None:
    """Refuse now what delivery would refuse later: a private or loopback target is a 422 at
    submission, not a callback silently dropped when the job ends."""
    if len(url) > 2000:
        raise ApiError(422, "callback_url is longer than 2000 characters", "invalid_callback_url")
    try:
        await resolve(url, allow_private=settings.webhook_allow_private)
    except CallbackRefused as exc:
        raise ApiError(422, str(exc), "invalid_callback_url") from None


class BodyTooLarge(Exception):
    pass


class BodyStalled(Exception):
    pass


class UploadSizeLimit:
    """ASGI middleware: refuse upload bodies past MAX_UPLOAD_MB without reading them whole, and
    stop waiting for a body when the client sends nothing for BODY_IDLE_SECONDS (a slow client
    cannot hold a request open for ever; slow headers are the reverse proxy's job)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit + FORM_OVERHEAD
        self.idle_seconds = BODY_IDLE_SECONDS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in UPLOAD_PATHS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            mb = (self.limit - FORM_OVERHEAD) / 1024 / 1024
            await error_response(413, f"the upload is larger than {mb:g} MB", "too_large")(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            try:
                async with asyncio.timeout(self.idle_seconds):
                    message = await receive()
            except TimeoutError:
                raise BodyStalled from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        await self.app(scope, counted, send)
