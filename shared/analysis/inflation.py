"""How far a PDF's compressed streams expand, bounded before PDFium reads them (decompression bombs).

PDFium inflates a page's content streams, fonts and object streams whole, with no limit of its
own, and pypdfium2 offers no hook to set one: a 4 KB stream compressed twice over zeros becomes
2 GiB in memory and many seconds of parsing. So before extraction, `check_inflation` looks at every
Flate-encoded stream that text extraction decodes (page contents, forms, fonts, CMaps, object and
cross-reference streams; not images, which it never decodes) and bounds what it can produce:

- a chain of two or more Flate filters (`/Filter [/FlateDecode /FlateDecode]`) squares the ratio
  and has no use in a real report: it is inflated (streaming, never held) and counted;
- one Flate filter (with or without ASCII85/ASCIIHex, which only shrink) inflates at most 1032x its
  stream (deflate's own limit). While the sum of those bounds stays
  under the limit nothing is inflated: that is every file of the corpus (the whole check takes
  0.01-0.5 ms). Past it, the largest streams are inflated until the bound fits or the limit breaks;
- a stream that is the contents of several pages counts once per page (PDFium decodes it for each).

Best effort by design: LZW and run-length streams, an indirect /Filter, encrypted streams and a form
drawn many times are not measured. The sandbox's address-space and CPU limits are the hard bound
behind this check; the check makes the common bomb fail in milliseconds, with a message that says why.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from shared.errors import ExpandsTooMuch

DEFLATE_MAX_RATIO = 1032  # deflate cannot expand more than this (258-byte matches in ~2 bits)
CHUNK = 1 << 20  # inflate output piece; nothing larger is ever held

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R\b")

_FLATE = {b"FlateDecode", b"Fl"}
_TEXT_DECODERS = {b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85"}  # shrink, never expand


@dataclass(slots=True)
class Stream:
    start: int  # offset of the first data byte
    end: int  # offset past the last one
    filters: list[bytes]  # the /Filter chain, first applied first
    weight: int  # how many times PDFium decodes it

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def flate_stages(self) -> int:
        return sum(f in _FLATE for f in self.filters)


def check_inflation(pdf: bytes, limit_mb: float) -> int:
    """Raise ExpandsTooMuch if the streams text extraction decodes inflate past `limit_mb`; otherwise
    return an upper bound of what they inflate to, in bytes."""
    limit = int(limit_mb * 1024 * 1024)
    measured = 0
    single: list[Stream] = []
    for stream in streams(pdf):
        if stream.flate_stages == 1:  # ASCIIHex/ASCII85 stages around it only shrink: bounded by its size
            single.append(stream)
            continue
        measured += inflated_size(pdf, stream, (limit - measured) // stream.weight + 1) * stream.weight
        if measured > limit:
            raise _too_much(limit_mb)
    single.sort(key=lambda s: s.size * s.weight)
    bound = sum(DEFLATE_MAX_RATIO * s.size * s.weight for s in single)
    while single and measured + bound > limit:
        stream = single.pop()  # the largest bound left
        bound -= DEFLATE_MAX_RATIO * stream.size * stream.weight
        measured += inflated_size(pdf, stream, (limit - measured) // stream.weight + 1) * stream.weight
        if measured > limit:
            raise _too_much(limit_mb)
    return measured + bound


def _too_much(limit_mb: float) -> ExpandsTooMuch:
    return ExpandsTooMuch(f"the PDF expands beyond {limit_mb:g} MB when decompressed; it cannot be analysed")


def streams(pdf: bytes) -> Iterator[Stream]:
    """The Flate-encoded streams of `pdf` that text extraction decodes."""
    contents = _contents_refs(pdf)
    for m in _STREAM.finditer(pdf):
        dict_start = pdf.rfind(b"obj", max(0, m.start() - 4096), m.start())
        if dict_start < 0:
            continue
        head = pdf[dict_start : m.start() + 2]
        found = _FILTER.search(head)
        if found is None:
            continue
        filters = _NAME.findall(found.group(1))
        if not any(f in _FLATE for f in filters) or any(f not in _FLATE and f not in _TEXT_DECODERS for f in filters):
            continue
        number = _OBJ.search(pdf, max(0, dict_start - 24), dict_start + 3)
        uses = contents.get((number[1], number[2]), 0) if number else 0
        if uses == 0 and _IMAGE.search(head):
            continue  # an image: decoded to draw a page, never to read its text
        length = _LENGTH.search(head)
        end = m.end() + int(length.group(1)) if length else pdf.find(b"endstream", m.end())
        yield Stream(m.end(), min(len(pdf), end if end >= 0 else len(pdf)), filters, max(1, uses))


def _contents_refs(pdf: bytes) -> Counter[tuple[bytes, bytes]]:
    """(object number, generation) -> how many pages name it as their /Contents."""
    refs: Counter[tuple[bytes, bytes]] = Counter()
    for m in _CONTENTS.finditer(pdf):
        refs.update((r[1], r[2]) for r in _REF.finditer(m.group(1)))
    return refs


def inflated_size(pdf: bytes, stream: Stream, budget: int) -> int:
    """Bytes the stream's filter chain produces, counting no further than `budget` (+ one chunk)."""
    data = pdf[stream.start : stream.end]
    chunks: Iterable[bytes] = [data]
    for name in stream.filters:
        if name in _FLATE:
            chunks = _inflate(chunks)
        else:
            decoded = _text_decode(name, b"".join(chunks))
            if decoded is None:
                return 0
            chunks = [decoded]
    total = 0
    for out in chunks:
        total += len(out)
        if total > budget:
            break
    return total


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """zlib-inflate a stream of chunks, yielding at most CHUNK bytes at a time; stops at the first error
    (PDFium keeps what it inflated before a damaged spot, and so does this count)."""
    d = zlib.decompressobj()
    for chunk in chunks:
        data = chunk
        while True:
            try:
                out = d.decompress(data, CHUNK)
            except zlib.error:
                return
            if out:
                yield out
            if d.eof:
                return
            data = d.unconsumed_tail
            if not data and len(out) < CHUNK:
                break


def _text_decode(name: bytes, data: bytes) -> bytes | None:
    try:
        if name in (b"ASCIIHexDecode", b"AHx"):
            hexits = re.sub(rb"\s+", b"", data.split(b">", 1)[0])
            return binascii.unhexlify(hexits + b"0" * (len(hexits) % 2))
        text = re.sub(rb"\s+", b"", data)
        text = text[2:] if text.startswith(b"<~") else text
        return base64.a85decode(text.split(b"~>", 1)[0])
    except (ValueError, binascii.Error):
        return None
