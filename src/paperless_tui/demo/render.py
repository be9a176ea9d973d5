"""Files of the demo archive, drawn with Pillow: original PDFs and scans, archive PDFs, WebP thumbnails.

All three functions take a document dict as made by `generate.py` (or stored by the demo server) and are
deterministic: the same document gives the same bytes (PDF dates come from the document, not the clock).
Pages are A4 at 96 dpi, greyscale, with a letterhead on page 1 and a footer on every page; the document's
text is split over `page_count` pages. Image documents (receipts) are narrow "phone scans", grey and a
little askew. `rotation` (degrees clockwise) turns every page, like Paperless' rotate action.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

PAGE_W, PAGE_H = 794, 1123  # A4 at 96 dpi
DPI = 96.0
MARGIN_X = 64
BODY_TOP = 168
BODY_BOTTOM = PAGE_H - 86
LINE_H = 16
MAX_CHARS = 100  # longer lines are wrapped before pagination
THUMB_W = 300
SCAN_RECEIPT_W = 440

PAPER = 255
SCAN_PAPER = 236
INK = 20
GREY = 110

Doc = dict[str, Any]


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in scalable font (headings only: FreeType costs ~2 ms per line)."""
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=1)
def _mono() -> ImageFont.ImageFont:
    """Pillow's built-in bitmap font: a 6x11 px typewriter face, ~20x faster than FreeType for body text."""
    return ImageFont.load_default_imagefont()


def _seed(doc: Doc) -> int:
    return zlib.crc32(f"{doc.get('id')}:{doc.get('title')}".encode())


def _lines(doc: Doc) -> list[str]:
    out: list[str] = []
    for raw in (doc.get("content") or doc.get("title") or "").splitlines():
        line = raw.replace("\t", "    ")
        while len(line) > MAX_CHARS:
            cut = line.rfind(" ", 0, MAX_CHARS)
            cut = cut if cut > 20 else MAX_CHARS
            out.append(line[:cut])
            line = line[cut:].lstrip()
        out.append(line)
    return out or [""]


_SUBSTITUTES = str.maketrans({"€": "EUR", "–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "’": "'"})


def _printable(text: str) -> str:
    """Drop control characters (ESC etc.) and fold the rest to Latin-1, which the bitmap font draws."""
    text = "".join(ch for ch in text.translate(_SUBSTITUTES) if ch >= " " and not "\x7f" <= ch < "\xa0")
    return text.encode("latin-1", "replace").decode("latin-1")


def _accent(doc: Doc) -> int:
    """A grey level per correspondent for the letterhead band."""
    return 150 + (zlib.crc32(str(doc.get("correspondent")).encode()) % 70)


def _page_count(doc: Doc) -> int:
    count = doc.get("page_count")
    return count if isinstance(count, int) and count > 0 else 1


def _is_scan(doc: Doc) -> bool:
    return str(doc.get("mime_type", "")).startswith("image/") or bool(doc.get("has_archive_version"))


def _pdf_date(doc: Doc) -> dt.datetime:
    for key in ("added", "created"):
        value = doc.get(key)
        if value:
            try:
                moment = dt.datetime.fromisoformat(str(value))
            except ValueError:
                continue
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


# ---------------------------------------------------------------- page drawing


def _draw_page(doc: Doc, lines: list[str], index: int, total: int, *, paper: int) -> Image.Image:
    page = Image.new("L", (PAGE_W, PAGE_H), paper)
    draw = ImageDraw.Draw(page)
    mono = _mono()
    top = BODY_TOP
    if index == 0 and lines:
        # letterhead: a band with the sender's name and address lines
        draw.rectangle((0, 0, PAGE_W, 118), fill=_accent(doc))
        draw.text((MARGIN_X, 28), _printable(lines[0]), font=_font(24), fill=INK)
        for n, line in enumerate(lines[1:3]):
            draw.text((MARGIN_X, 68 + n * 16), _printable(line), font=mono, fill=40)
        lines = lines[3:]
    else:
        top = 72
    available = BODY_BOTTOM - top
    step = LINE_H if len(lines) * LINE_H <= available else max(11, available // max(1, len(lines)))
    y = top
    for line in lines:
        if y + step > BODY_BOTTOM + 4:
            break
        draw.text((MARGIN_X, y), _printable(line), font=mono, fill=INK)
        y += step
    draw.line((MARGIN_X, PAGE_H - 64, PAGE_W - MARGIN_X, PAGE_H - 64), fill=GREY, width=1)
    footer_left = _printable(str(doc.get("title") or ""))[:70]
    draw.text((MARGIN_X, PAGE_H - 54), footer_left, font=mono, fill=GREY)
    label = (
        f"Seite {index + 1} von {total}" if doc.get("language") == "de" else f"Page {index + 1} of {total}"
    )
    draw.text((PAGE_W - MARGIN_X - int(mono.getlength(label)), PAGE_H - 54), label, font=mono, fill=GREY)
    return page


def _askew(image: Image.Image, doc: Doc, background: int) -> Image.Image:
    """Slightly rotate and speckle an image so it looks scanned."""
    seed = _seed(doc)
    angle = ((seed % 31) - 15) / 10.0  # -1.5 .. +1.5 degrees
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for n in range(40):
        x = (seed >> (n % 16)) * (n + 7) % width
        y = (seed * (n + 3) // 7) % height
        draw.point((x, y), fill=120 + n % 60)
    return image.rotate(angle, resample=Image.Resampling.NEAREST, expand=False, fillcolor=background)


def _apply_rotation(image: Image.Image, doc: Doc) -> Image.Image:
    degrees = int(doc.get("rotation") or 0) % 360
    if degrees == 90:
        return image.transpose(Image.Transpose.ROTATE_270)  # 90 degrees clockwise
    if degrees == 180:
        return image.transpose(Image.Transpose.ROTATE_180)
    if degrees == 270:
        return image.transpose(Image.Transpose.ROTATE_90)
    return image


def _pdf_pages(doc: Doc, *, scan: bool, first_only: bool = False) -> list[Image.Image]:
    lines = _lines(doc)
    total = _page_count(doc)
    per_page = -(-len(lines) // total)
    pages: list[Image.Image] = []
    for index in range(1 if first_only else total):
        chunk = lines[index * per_page : (index + 1) * per_page]
        page = _draw_page(doc, chunk, index, total, paper=SCAN_PAPER if scan else PAPER)
        if scan:
            page = _askew(page, doc, SCAN_PAPER - 30)
        pages.append(_apply_rotation(page, doc))
    return pages


def _receipt_image(doc: Doc) -> Image.Image:
    """A till receipt photographed on a desk: drawn at half size with the bitmap font, then doubled."""
    lines = _lines(doc)
    mono = _mono()
    half_w = max(SCAN_RECEIPT_W // 2, 56 + max(int(mono.getlength(_printable(line))) for line in lines))
    height = 40 + len(lines) * 13 + 30
    paper_w = half_w - 30
    image = Image.new("L", (half_w, height), 96)  # the desk behind the receipt
    draw = ImageDraw.Draw(image)
    draw.rectangle((15, 10, 15 + paper_w, height - 10), fill=SCAN_PAPER)
    y = 25
    for n, line in enumerate(lines):
        text = _printable(line)
        width = int(mono.getlength(text))
        x = 15 + max(6, (paper_w - width) // 2) if n < 3 else 22
        draw.text((x, y), text, font=mono, fill=35)
        y += 13
    image = image.resize((half_w * 2, height * 2), Image.Resampling.NEAREST)
    return _apply_rotation(_askew(image, doc, 96), doc)


def _save_pdf(pages: list[Image.Image], doc: Doc, producer: str) -> bytes:
    out = io.BytesIO()
    moment = _pdf_date(doc)
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=DPI,
        quality=80,
        title=_printable(str(doc.get("title") or "")),
        author=f"correspondent {doc.get('correspondent')}",
        creator="paperless-tui demo archive",
        producer=producer,
        creationDate=moment.astimezone(dt.UTC).timetuple(),
        modDate=moment.astimezone(dt.UTC).timetuple(),
    )
    return out.getvalue()


# ---------------------------------------------------------------- public API


def render_original(doc: Doc) -> bytes:
    """The original file: a PDF whose pages show the text, or a PNG/JPEG scan for image documents."""
    mime = str(doc.get("mime_type") or "application/pdf")
    if mime.startswith("image/"):
        image = _receipt_image(doc)
        out = io.BytesIO()
        if mime == "image/jpeg":
            image.save(out, "JPEG", quality=82)
        else:
            image.save(out, "PNG", compress_level=1)
        return out.getvalue()
    scan = bool(doc.get("has_archive_version"))
    return _save_pdf(_pdf_pages(doc, scan=scan), doc, "Demo Scanner ADF" if scan else "paperless-tui demo")


def render_archive(doc: Doc) -> bytes | None:
    """The archive PDF Paperless makes for scans and images; None when there is no archive version."""
    if not doc.get("has_archive_version"):
        return None
    if str(doc.get("mime_type") or "").startswith("image/"):
        pages = [_receipt_image(doc).convert("L")]
    else:
        pages = _pdf_pages(doc, scan=True)
    return _save_pdf(pages, doc, "OCRmyPDF (paperless-tui demo archive)")


def render_thumbnail(doc: Doc) -> bytes:
    """A WebP image of page 1, 300 px wide like Paperless' thumbnails."""
    if str(doc.get("mime_type") or "").startswith("image/"):
        first = _receipt_image(doc)
    else:
        first = _pdf_pages(doc, scan=_is_scan(doc), first_only=True)[0]
    if first.width >= 2 * THUMB_W:
        first = first.reduce(2)
    thumb = first.resize(
        (THUMB_W, max(1, round(first.height * THUMB_W / first.width))), Image.Resampling.BILINEAR
    )
    out = io.BytesIO()
    thumb.convert("RGB").save(out, "WEBP", quality=80, method=0)
    return out.getvalue()
