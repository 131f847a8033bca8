"""Decompression-bomb PDFs for tests, built on the fly (never committed as files).

`flate_bomb(2 << 30)` is a ~4 KB PDF whose page content stream is Flate-compressed twice over
2 GiB of zeros (`/Filter [/FlateDecode /FlateDecode]`), the issue-18 probe's file. Building it
does not compress 2 GiB: a zlib stream of zeros is made of identical full-flushed 16 MiB blocks,
so the first block is compressed once and repeated (under 0.2 s); the Adler-32 of n zeros is
computed directly.

`encrypted=True` encrypts the streams (RC4, empty user password: PDFium opens it without asking),
which hides them from the pre-extraction inflation check: what is left to stop the bomb is the
sandbox's address-space limit.
"""

from __future__ import annotations

import hashlib
import zlib

from shared.analysis.sandboxed import pdf_file
from tests.analysis.pdfgen import _Security

_BLOCK = 1 << 24


def deflated_zeros(n: int) -> bytes:
    """A valid zlib stream of `n` zero bytes."""
    if n <= _BLOCK:
        return zlib.compress(bytes(n), 9)
    c = zlib.compressobj(9)
    first = c.compress(bytes(_BLOCK)) + c.flush(zlib.Z_FULL_FLUSH)
    full, rest = divmod(n, _BLOCK)
    repeat = c.compress(bytes(_BLOCK)) + c.flush(zlib.Z_FULL_FLUSH) if full > 1 else b""
    tail = c.compress(bytes(rest)) + c.flush(zlib.Z_FINISH)
    adler = ((n % 65521) << 16) | 1  # Adler-32 of n zeros: A = 1, B = n mod 65521
    return first + repeat * (full - 1) + tail[:-4] + adler.to_bytes(4, "big")


def flate_bomb(inflated: int, *, pages: int = 1, layers: int = 2, shared: bool = False, encrypted: bool = False) -> bytes:
    """A PDF of `pages` pages whose content streams each inflate to `inflated` zero bytes through
    `layers` Flate filters; `shared=True` makes every page use one stream (one object, `pages` uses)."""
    data = deflated_zeros(inflated)
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    filters = b"[" + b" ".join([b"/FlateDecode"] * layers) + b"]"
    file_id = hashlib.md5(data).digest()
    security = _Security("", "owner", file_id) if encrypted else None
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]  # catalog, pages, font
    kids = []
    for page in range(pages):
        if not shared or page == 0:
            body = security.encrypt(len(objects) + 1, data) if security else data
            objects.append(b"<< /Length %d /Filter %s >>\nstream\n%s\nendstream" % (len(body), filters, body))
        contents = 4 if shared else len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % contents)
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), pages)
    trailer = b"/ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    if security:
        objects.append(b"<< /Filter /Standard /V 2 /R 3 /Length 128 /O <%s> /U <%s> /P %d >>"
                       % (security.o.hex().encode(), security.u.hex().encode(), security.p))
        trailer += b" /Encrypt %d 0 R" % len(objects)
    return pdf_file(objects, trailer)
