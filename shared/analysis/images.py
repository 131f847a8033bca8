"""Image uploads: what kind of file an upload is (by its first bytes), and opening an image safely.

Kinds are told by signature, never by name or declared type: PDF ('%PDF-' in the first KB),
JPEG (FF D8 FF), PNG (the 8-byte PNG signature), HEIC/HEIF (an ISO-BMFF 'ftyp' box with a HEIF
brand; read through pillow-heif when it is installed).

`open_image` reads the header first and refuses an image of more than `max_pixels` before a
single pixel is decoded (a 20,000 x 20,000 PNG is a few hundred KB that would become 1.2 GB),
then decodes it (a JPEG larger than needed is decoded at a reduced scale, which costs a
fraction of the memory), turns it upright by its EXIF orientation, and returns RGB.
"""

from __future__ import annotations

import enum
import io
import warnings

from shared.errors import CorruptImage, ImageTooLarge

HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
READ_LONG_SIDE = 4400  # px: no OCR needs more (a page at 400 DPI); JPEGs are decoded down towards it


class Kind(enum.StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    HEIF = "heif"


MEDIA_TYPES = {Kind.PDF: "application/pdf", Kind.JPEG: "image/jpeg", Kind.PNG: "image/png", Kind.HEIF: "image/heic"}


def sniff(data: bytes) -> Kind | None:
    """The upload's kind from its first bytes, or None for anything else."""
    if data[:3] == b"\xff\xd8\xff":
        return Kind.JPEG
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return Kind.PNG
    if data[4:8] == b"ftyp" and (data[8:12] in HEIF_BRANDS or any(b in data[16:64] for b in HEIF_BRANDS)):
        return Kind.HEIF
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    return None


def heif_supported() -> bool:
    try:
        import pillow_heif  # noqa: F401
    except ImportError:
        return False
    return True


def open_image(data: bytes, *, max_pixels: int):
    """The upload as an upright RGB PIL image; ImageTooLarge / CorruptImage otherwise."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    kind = sniff(data)
    if kind is Kind.HEIF:
        if not heif_supported():
            raise CorruptImage("HEIC photos cannot be read by this service; save the photo as JPEG and upload that")
        import pillow_heif

        pillow_heif.register_heif_opener()
    header = png_size(data)
    if header is not None and header[0] * header[1] > max_pixels:
        raise _too_large(*header, max_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):  # past Pillow's own limit
        raise _too_large(0, 0, max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _corrupt(exc) from None
    if width * height > max_pixels:
        raise _too_large(width, height, max_pixels)
    try:
        if image.format == "JPEG" and max(width, height) > READ_LONG_SIDE:
            image.draft("RGB", (READ_LONG_SIDE * width // max(width, height), READ_LONG_SIDE * height // max(width, height)))
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        return upright.convert("RGB")
    except (OSError, SyntaxError, ValueError) as exc:
        raise _corrupt(exc) from None


def png_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's width and height from its IHDR chunk (before Pillow, whose own bomb check would speak first)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _too_large(width: int, height: int, max_pixels: int) -> ImageTooLarge:
    limit = max_pixels / 1e6
    size = f" is {width:,} x {height:,} pixels ({width * height / 1e6:.0f} megapixels);" if width else " is too large;"
    return ImageTooLarge(f"the image{size} images up to {limit:g} megapixels are read. Upload a photo or scan of "
                         "the report at its normal size")


def _corrupt(exc: Exception) -> CorruptImage:
    if "truncated" in str(exc).lower():
        return CorruptImage("the image is damaged or truncated (the upload may have been cut off); please upload "
                            "the complete file")
    return CorruptImage("the image is damaged and cannot be read; please upload the original photo or scan")
