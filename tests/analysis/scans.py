"""Scanned and photographed reports made from text PDFs (test data for OCR; nothing is committed).

    pages = render_pages(pdf_bytes, dpi=200)                 # PIL RGB images, one per page
    page = degrade(page, "scan", seed=1)                     # JPEG 60-75, rotation +-2 deg, blur, noise
    page = degrade(page, "photo", seed=1)                    # + perspective and uneven light
    pdf = image_pdf(pages, dpi=200)                          # an image-only PDF of those pages
    data = encode(page, "jpeg" | "png")

The truth of a scan is the truth of the PDF it was made from. Deterministic for its arguments.
"""

from __future__ import annotations

import io
import random
from statistics import NormalDist

from PIL import Image, ImageChops, ImageDraw, ImageFilter

KINDS = ("clean", "scan", "photo")


def render_pages(pdf: bytes, *, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            pages.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            page.close()
        return pages
    finally:
        doc.close()


def degrade(page: Image.Image, kind: str, *, seed: int = 0) -> Image.Image:
    """'clean': as rendered; 'scan': rotated up to 2 degrees, a little blur and noise, JPEG 60-75;
    'photo': a scan, seen at an angle (perspective) and lit from one side."""
    if kind == "clean":
        return page
    rng = random.Random(seed)
    img = page.rotate(rng.choice((-1, 1)) * rng.uniform(0.7, 2.0), resample=Image.Resampling.BICUBIC,
                      expand=False, fillcolor=(255, 255, 255))  # fmt: skip
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.8)))
    img = add_noise(img, rng.uniform(6, 12), seed)
    if kind == "photo":
        img = perspective(img, rng)
        img = uneven_light(img, rng)
    elif kind != "scan":
        raise ValueError(f"unknown kind {kind!r}; one of {KINDS}")
    return Image.open(io.BytesIO(encode(img, "jpeg", quality=rng.randint(60, 75)))).convert("RGB")


def add_noise(img: Image.Image, sigma: float, seed: int) -> Image.Image:
    """Grey Gaussian noise of `sigma` around the image, the same for the same seed: uniform bytes from a
    seeded `random.Random` mapped through the normal quantiles (Image.effect_noise draws from C's rand(),
    which no Python seed reaches, so two runs of a sweep read different pages)."""
    normal = NormalDist(128, sigma)
    table = [min(255, max(0, round(normal.inv_cdf((u + 0.5) / 256)))) for u in range(256)]
    uniform = Image.frombytes("L", img.size, random.Random(seed).randbytes(img.size[0] * img.size[1]))
    noise = uniform.point(table).convert("RGB")  # grey noise around 128
    return ImageChops.add(ImageChops.subtract(img, Image.new("RGB", img.size, (64,) * 3)),
                          ImageChops.subtract(noise, Image.new("RGB", img.size, (64,) * 3)))  # fmt: skip


def perspective(img: Image.Image, rng: random.Random) -> Image.Image:
    """The page photographed slightly from below: the top edge narrower than the bottom."""
    w, h = img.size
    inset = rng.uniform(0.02, 0.04) * w
    lift = rng.uniform(0.0, 0.015) * h
    src = [(inset, lift), (w - inset, 0), (w, h), (0, h)]  # where each output corner comes from
    coeffs = _perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)], src)
    return img.transform(img.size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                         fillcolor=(200, 200, 200))  # fmt: skip


def _perspective_coeffs(out: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """The 8 coefficients mapping output points onto source points (solved by Gaussian elimination)."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(out, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    n = 8
    m = [row + [b] for row, b in zip(rows, rhs, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def uneven_light(img: Image.Image, rng: random.Random) -> Image.Image:
    """A light falling off from one corner to the opposite one (down to 55-70 % brightness)."""
    w, h = img.size
    small = Image.new("L", (64, 64))
    draw = ImageDraw.Draw(small)
    low = rng.uniform(0.55, 0.7)
    for y in range(64):
        for x in range(64):
            t = (x + y) / 126
            draw.point((x, y), fill=round(255 * (1 - (1 - low) * t)))
    shade = small.resize((w, h), Image.Resampling.BILINEAR).convert("RGB")
    return ImageChops.multiply(img, shade)


def encode(img: Image.Image, fmt: str, *, quality: int = 85) -> bytes:
    out = io.BytesIO()
    if fmt == "jpeg":
        img.convert("RGB").save(out, "JPEG", quality=quality)
    else:
        img.save(out, "PNG", optimize=False)
    return out.getvalue()


def image_pdf(pages: list[Image.Image], *, dpi: int, quality: int = 80) -> bytes:
    """An image-only PDF: each page one JPEG at `dpi`, no text layer (what a scanner writes)."""
    out = io.BytesIO()
    pages[0].convert("RGB").save(out, "PDF", resolution=float(dpi), save_all=True,
                                 append_images=[p.convert("RGB") for p in pages[1:]], quality=quality)  # fmt: skip
    return out.getvalue()
