"""Minimal PDF writer for tests: text at positions, image-only pages, zero pages, RC4 encryption, PUA fonts.

Written by hand (no PDF library can encrypt here: pypdfium2 cannot, qpdf is not
installed), following the PDF 1.7 spec: standard Type1 fonts with
WinAnsiEncoding, an optional /ToUnicode CMap (used to reproduce the
'Microsoft Print to PDF' private-use-area trap), and the standard security
handler revision 3 (RC4, 128-bit) for password-protected files.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

Line = tuple  # (x, y, text) or (x, y, text, style): points from bottom-left; style "bold", "red" or "bold red"
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _esc(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_page(lines: list[Line], size: float = 10, *, turned: int = 0) -> bytes:
    """Content drawing `lines`; `turned=90` draws them for a page shown with /Rotate 90 (the text turned a
    quarter counter-clockwise in the page's own space, upright once the viewer rotates the page)."""
    ops = []
    for x, y, text, *style in lines:
        style_s = style[0] if style else ""
        font = b"/F2" if "bold" in style_s else b"/F1"
        colour = b"0.8 0.1 0.1 rg " if "red" in style_s else b"0 0 0 rg "
        if turned:  # the viewer's (x, y, y up) on the rotated view -> the 595x842 page's own space
            a, b, c, d, e, f = {90: (0, 1, -1, 0, 595 - y, x), 180: (-1, 0, 0, -1, 595 - x, 842 - y),
                                270: (0, -1, 1, 0, y, 842 - x)}[turned]
            matrix = b"%d %d %d %d %s %s Tm" % (a, b, c, d, str(e).encode(), str(f).encode())
            ops.append(b"BT %s%s %s Tf %s (%s) Tj ET" % (colour, font, str(size).encode(), matrix, _esc(text)))
            continue
        ops.append(b"BT %s%s %s Tf %s %s Td (%s) Tj ET" % (colour, font, str(size).encode(), str(x).encode(),
                                                            str(y).encode(), _esc(text)))
    return b"\n".join(ops)


def one_run_page(rows: list[list[str]], xs: list[float], *, order: list[int], top: float = 760, step: float = 16,
                 size: float = 10) -> bytes:
    """Content drawing each row as ONE run of text (a single TJ, no space characters), its cells in `order`, placed
    by kerning moves: how a PDF looks after a re-distilling producer (Ghostscript's pdfwrite) merged a row's cells,
    a cell drawn after one right of it included (the move then goes back left)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    ops = []
    for r, row in enumerate(rows):
        at = xs[order[0]]
        parts = []
        for c in order:
            if not row[c]:
                continue
            if parts:
                parts.append(b"%d" % round(-(xs[c] - at) * 1000 / size))
            parts.append(b"(%s)" % _esc(row[c]))
            at = xs[c] + stringWidth(row[c], "Helvetica", size)
        ops.append(b"BT /F1 %s Tf %s %s Td [%s] TJ ET" % (str(size).encode(), str(xs[order[0]]).encode(),
                                                       str(top - r * step).encode(), b" ".join(parts)))
    return b"\n".join(ops)


def table_page(rows: list[list[str]], xs: list[float], *, top: float = 760, step: float = 16,
               column_order: bool = False, title_lines: list[str] | None = None) -> list[Line]:
    """Rows of cells at column positions; `column_order=True` emits the table column by column."""
    out: list[Line] = []
    y = top
    for t in title_lines or []:
        out.append((50, y, t))
        y -= step
    cells = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell:
                cells.append((c, r, (xs[c], y - r * step, cell)))
    if column_order:
        cells.sort(key=lambda t: (t[0], t[1]))
    out.extend(cell for _, _, cell in cells)
    return out


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


class _Security:
    """Standard security handler, revision 3, 128-bit RC4 (PDF 1.7 spec algorithms 2-5)."""

    def __init__(self, user: str, owner: str, file_id: bytes) -> None:
        self.p = -3904  # print + copy allowed, as a signed 32-bit int
        upad = (user.encode("latin-1") + _PAD)[:32]
        opad = (owner.encode("latin-1") + _PAD)[:32]
        h = hashlib.md5(opad).digest()
        for _ in range(50):
            h = hashlib.md5(h).digest()
        okey = h[:16]
        o = _rc4(okey, upad)
        for i in range(1, 20):
            o = _rc4(bytes(b ^ i for b in okey), o)
        self.o = o
        h = hashlib.md5(upad + o + struct.pack("<i", self.p) + file_id).digest()
        for _ in range(50):
            h = hashlib.md5(h[:16]).digest()
        self.key = h[:16]
        u = _rc4(self.key, hashlib.md5(_PAD + file_id).digest())
        for i in range(1, 20):
            u = _rc4(bytes(b ^ i for b in self.key), u)
        self.u = u + b"\x00" * 16

    def encrypt(self, num: int, data: bytes) -> bytes:
        k = hashlib.md5(self.key + struct.pack("<i", num)[:3] + b"\x00\x00").digest()[:16]
        return _rc4(k, data)


_PUA_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /PUA def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <20> <7E> <F020> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""



def _garbled_cmap() -> bytes:
    """A ToUnicode map that sends every printable code to a control code (0x01-0x1F but tab, LF, CR), as fonts
    subset by some producers map glyph numbers: the print is fine, its text cannot be decoded."""
    controls = [c for c in range(1, 32) if c not in (9, 10, 13)]
    pairs = b"\n".join(b"<%02X> <%04X>" % (code, controls[code % len(controls)]) for code in range(0x21, 0x7F))
    return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Garbled def /CMapType 2 def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n94 beginbfchar\n" + pairs +
            b"\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end")


def build_pdf(pages: list[bytes] | None = None, *, image_pages: int = 0, password: str | None = None,
              pua: bool = False, garbled: bool = False, compress: bool = True, rotate: int = 0) -> bytes:
    """A PDF with the given content streams (see `text_page`), plus `image_pages` image-only pages."""
    pages = list(pages or [])
    objects: list[bytes | None] = [None]  # 1-based
    file_id = hashlib.md5(b"test-pdf" + b"".join(pages)).digest()
    sec = _Security(password, "owner-" + password, file_id) if password else None

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects) - 1

    def stream(num_hint: int, data: bytes, extra: bytes = b"") -> bytes:
        filt = b""
        if compress:
            data, filt = zlib.compress(data), b" /Filter /FlateDecode"
        if sec:
            data = sec.encrypt(num_hint, data)
        return b"<< /Length %d%s%s >>\nstream\n%s\nendstream" % (len(data), filt, extra, data)

    catalog = add(b"")
    pages_obj = add(b"")
    tounicode = None
    if pua or garbled:
        tounicode = len(objects)
        add(stream(tounicode, _PUA_CMAP if pua else _garbled_cmap()))
    font_extra = b" /ToUnicode %d 0 R" % tounicode if tounicode else b""
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding%s >>" % font_extra)
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding%s >>" % font_extra)
    kids = []
    for content in pages:
        num = len(objects)
        add(stream(num, content))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Rotate %d "
                        b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>" % (pages_obj, num, rotate, font, bold)))
    for _ in range(image_pages):
        w = h = 8
        pixels = bytes((x * 30) % 256 for x in range(w * h * 3))
        inum = len(objects)
        add(stream(inum, pixels, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                                 b"/BitsPerComponent 8" % (w, h)))
        cnum = len(objects)
        add(stream(cnum, b"q 500 0 0 700 40 60 cm /Im1 Do Q"))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /XObject << /Im1 %d 0 R >> >> >>" % (pages_obj, cnum, inum)))
    objects[catalog] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    encrypt_ref = b""
    if sec:
        enc = add(b"<< /Filter /Standard /V 2 /R 3 /Length 128 /O <%s> /U <%s> /P %d >>"
                  % (sec.o.hex().encode(), sec.u.hex().encode(), sec.p))
        encrypt_ref = b" /Encrypt %d 0 R" % enc
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = [0]
    for num in range(1, len(objects)):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % len(objects)
    for off in offsets[1:]:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root %d 0 R /ID [<%s> <%s>]%s >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects), catalog, file_id.hex().encode(), file_id.hex().encode(), encrypt_ref, xref))
    return bytes(out)


def report_pdf(rows: list[list[str]], *, header: list[str] | None = None, title: list[str] | None = None,
               xs: list[float] | None = None, column_order: bool = False, pua: bool = False,
               garbled: bool = False, password: str | None = None, rows_per_page: int = 40) -> bytes:
    """A simple lab-report-like PDF: title lines, a header row, then rows of cells."""
    xs = xs or [50, 230, 300, 380, 480]
    pages = []
    chunks = [rows[i:i + rows_per_page] for i in range(0, len(rows), rows_per_page)] or [[]]
    for chunk in chunks:
        table = ([header] if header else []) + chunk
        pages.append(text_page(table_page(table, xs, title_lines=title, column_order=column_order)))
    return build_pdf(pages, pua=pua, garbled=garbled, password=password)
