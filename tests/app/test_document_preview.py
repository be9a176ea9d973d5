"""The full-screen page preview (pypdfium2 pages, image originals) against the demo server."""

from __future__ import annotations

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.preview import PreviewScreen

DEMO = "http://demo.test"


async def docs(demo_http, token):
    response = await demo_http.get(
        "/api/documents/?fields=id,page_count,mime_type&page_size=100",
        headers={"Authorization": f"Token {token}"},
    )
    return response.json()["results"]


async def test_pages_through_a_multi_page_pdf(demo_http, demo_token, wait, screen_text):
    doc = max(await docs(demo_http, demo_token), key=lambda d: d["page_count"] or 0)
    assert doc["page_count"] >= 2
    app = create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=demo_http, image_renderer="unicode"
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(doc["id"])
        await wait(pilot, app)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("P")
        await wait(pilot, app)
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        assert preview.page_count >= 2 and preview.image is not None
        assert f"Page 1 of {preview.page_count}" in screen_text(app)
        first = preview.image
        await pilot.press("j")
        await wait(pilot, app)
        assert preview.page == 1 and preview.image is not None and preview.image is not first
        assert f"Page 2 of {preview.page_count}" in screen_text(app)
        await pilot.press("G", "k", "g")
        await wait(pilot, app)
        assert preview.page == 0 and preview.image is first  # from the page cache
        await pilot.press("escape")
        assert isinstance(app.screen, DocumentScreen)
        assert not app.problems


async def test_image_originals_are_shown_directly(demo_http, demo_token, wait):
    image_doc = next(
        (d for d in await docs(demo_http, demo_token) if d["mime_type"].startswith("image/")), None
    )
    assert image_doc is not None, "the demo archive has scanned (image) originals"
    app = create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=demo_http, image_renderer="halfcell"
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait(pilot, app)
        app.push_screen(PreviewScreen(image_doc["id"], "scan"))
        await wait(pilot, app)
        assert app.screen.page_count >= 1 and app.screen.image is not None
        assert not app.problems
