"""Tests of the demo file renderer: real PDFs/PNGs/JPEGs/WebPs, page counts, rotation, determinism."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image

from paperless_tui.demo.generate import DemoArchive, generate_archive
from paperless_tui.demo.render import render_archive, render_original, render_thumbnail


@pytest.fixture(scope="module")
def archive() -> DemoArchive:
    return generate_archive(seed=1, docs=120)


def first(archive: DemoArchive, predicate) -> dict:
    return next(d for d in archive.documents if predicate(d))


def born_digital(doc: dict) -> bool:
    return doc["mime_type"] == "application/pdf" and not doc["has_archive_version"] and doc["rotation"] == 0


def pdf_pages(data: bytes) -> pdfium.PdfDocument:
    assert data.startswith(b"%PDF-")
    return pdfium.PdfDocument(data)


def dark_fraction(image: Image.Image) -> float:
    grey = image.convert("L")
    histogram = grey.histogram()
    return sum(histogram[:128]) / (grey.width * grey.height)


def test_born_digital_pdf_has_page_count_pages_with_ink(archive: DemoArchive) -> None:
    multi_page = first(archive, lambda d: born_digital(d) and d["page_count"] > 1)
    for doc in [*[d for d in archive.documents if born_digital(d)][:6], multi_page]:
        pdf = pdf_pages(render_original(doc))
        assert len(pdf) == doc["page_count"]
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            assert height > width  # portrait A4
            assert dark_fraction(page.render(scale=0.5).to_pil()) > 0.002  # text was drawn on every page
        assert render_archive(doc) is None


def test_scanned_pdf_has_original_and_archive(archive: DemoArchive) -> None:
    doc = first(archive, lambda d: d["mime_type"] == "application/pdf" and d["has_archive_version"])
    original, archived = render_original(doc), render_archive(doc)
    assert archived is not None and archived != original
    assert len(pdf_pages(original)) == len(pdf_pages(archived)) == doc["page_count"]


@pytest.mark.parametrize(("mime", "fmt"), [("image/png", "PNG"), ("image/jpeg", "JPEG")])
def test_image_documents_are_real_images_with_archive_pdf(archive: DemoArchive, mime: str, fmt: str) -> None:
    doc = first(archive, lambda d: d["mime_type"] == mime)
    image = Image.open(io.BytesIO(render_original(doc)))
    assert image.format == fmt and image.height > 200 and dark_fraction(image) > 0.01
    archived = render_archive(doc)
    assert archived is not None and len(pdf_pages(archived)) == 1


def test_thumbnails_are_webp_about_300_px_wide(archive: DemoArchive) -> None:
    for predicate in (born_digital, lambda d: d["mime_type"].startswith("image/"), lambda d: d["rotation"]):
        doc = first(archive, predicate)
        thumb = Image.open(io.BytesIO(render_thumbnail(doc)))
        assert thumb.format == "WEBP"
        assert thumb.width == 300 and thumb.height > 100


def test_rotation_turns_the_pages(archive: DemoArchive) -> None:
    version = first(archive, lambda d: d["root_document"] is not None)
    root = first(archive, lambda d: d["id"] == version["root_document"])
    upright = pdf_pages(render_original(root))[0].get_size()
    turned = pdf_pages(render_original(version))[0].get_size()
    assert turned[0] > turned[1] and upright[1] > upright[0]
    turned_thumb = Image.open(io.BytesIO(render_thumbnail(version)))
    assert turned_thumb.width > turned_thumb.height


def test_rendering_is_deterministic(archive: DemoArchive) -> None:
    for predicate in (
        born_digital,
        lambda d: d["mime_type"] == "image/png",
        lambda d: d["has_archive_version"],
    ):
        doc = first(archive, predicate)
        assert render_original(dict(doc)) == render_original(doc)
        assert render_archive(dict(doc)) == render_archive(doc)
        assert render_thumbnail(dict(doc)) == render_thumbnail(doc)


def test_different_documents_give_different_files(archive: DemoArchive) -> None:
    docs = [d for d in archive.documents if born_digital(d)][:5]
    assert len({render_original(d) for d in docs}) == len(docs)


def test_hostile_and_odd_documents_render(archive: DemoArchive) -> None:
    base = first(archive, born_digital)
    odd = dict(
        base,
        title="[b]x[/b] \x1b[31m evil \u2603 € \u202e",
        content="\x1b[31mred\x1b[0m\n" + "x" * 500 + "\n" + "\n".join(f"line {n}" for n in range(400)),
        page_count=2,
    )
    pdf = pdf_pages(render_original(odd))
    assert len(pdf) == 2
    empty = dict(base, content="", page_count=None, mime_type="application/pdf")
    assert len(pdf_pages(render_original(empty))) == 1
    Image.open(io.BytesIO(render_thumbnail(dict(odd, mime_type="image/png", page_count=None)))).verify()
