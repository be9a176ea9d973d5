"""Pilot tests of the virtual results list with synthetic rows (no server)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.reactive import var

from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.result_set import ResultRow, ResultSet
from paperless_tui.app.widgets.results_list import ResultsList, column_layout

HOSTILE = ["[@click=app.quit]x[/]", "report [/b] 2024", "\x1b]2;pwned\x07", "\x1b[31m red"]


def make_rows(page: int, page_size: int, total: int) -> list[ResultRow]:
    start = page * page_size
    return [
        ResultRow.from_api(
            {
                "id": i + 1,
                "title": f"Document {i + 1}",
                "created": "2024-01-15",
                "archive_serial_number": 1000 + i,
                "correspondent": 1,
                "document_type": 2,
                "tags": [1, 2],
                "notes": [{}] * (i % 3),
            }
        )
        for i in range(start, min(total, start + page_size))
    ]


class ListApp(App[None]):
    """A host for the list that answers page requests from synthetic data, like the screen's worker."""

    result_set: var[ResultSet | None] = var(None, always_update=True)
    lookups: var[Lookups] = var(Lookups)

    def __init__(self, total: int, *, page_size: int = 50, auto_load: bool = True) -> None:
        super().__init__()
        self.total = total
        self.page_size = page_size
        self.auto_load = auto_load
        self.requested: list[int] = []
        self.messages: list[object] = []

    def compose(self) -> ComposeResult:
        yield ResultsList(id="results").data_bind(ListApp.result_set, ListApp.lookups)

    def on_mount(self) -> None:
        # (Textual runs on_mount of every class in the MRO, so subclasses override these hooks instead.)
        self.lookups = self.make_lookups()
        self.result_set = self.make_result_set()
        self.query_one(ResultsList).focus()

    def make_lookups(self) -> Lookups:
        return Lookups.build(
            tags=[
                {"id": 1, "name": "inbox", "color": "#ff0000"},
                {"id": 2, "name": "paid", "color": "#eeeeee"},
            ],
            correspondents=[{"id": 1, "name": "ACME"}],
            document_types=[{"id": 2, "name": "Invoice"}],
        )

    def make_result_set(self) -> ResultSet:
        return ResultSet(self.total, page_size=self.page_size)

    def load(self, page: int) -> None:
        assert self.result_set is not None
        self.result_set.add_page(page, make_rows(page, self.page_size, self.total))
        self.mutate_reactive(ListApp.result_set)

    def on_results_list_page_requested(self, message: ResultsList.PageRequested) -> None:
        self.requested.append(message.page)
        if self.auto_load:
            self.load(message.page)

    def on_results_list_highlighted(self, message: ResultsList.Highlighted) -> None:
        self.messages.append(("highlighted", message.doc_id))

    def on_results_list_selected(self, message: ResultsList.Selected) -> None:
        self.messages.append(("selected", message.doc_id))


def screen_text(app: App[object]) -> str:
    widget = app.query_one(ResultsList)
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_movement_keys_and_lazy_pages() -> None:
    app = ListApp(10_000)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        results = app.query_one(ResultsList)
        assert app.requested == [0]
        await pilot.press("j", "j", "down")
        assert results.cursor == 3
        await pilot.press("k")
        assert results.cursor == 2
        await pilot.press("G")
        await pilot.pause()
        assert results.cursor == 9_999
        assert 199 in app.requested  # the last page, and only the pages shown
        assert len(app.requested) <= 3
        await pilot.press("g")
        assert results.cursor == 0
        await pilot.press("pagedown")
        assert results.cursor == results.visible_rows
        await pilot.press("ctrl+d")
        assert results.cursor == results.visible_rows + results.visible_rows // 2
        await pilot.press("ctrl+u", "pageup")
        assert results.cursor == 0
        await pilot.press("up")
        assert results.cursor == 0
        await pilot.press("enter")
        await pilot.pause()
        assert ("selected", 1) in app.messages
        assert ("highlighted", 10_000) in app.messages


async def test_placeholders_until_page_arrives() -> None:
    app = ListApp(500, auto_load=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert app.requested == [0]
        assert "loading" in screen_text(app)
        assert app.messages == []  # nothing highlighted before the row exists
        app.load(0)
        await pilot.pause()
        text = screen_text(app)
        assert "loading" not in text
        assert "Document 1" in text
        assert ("highlighted", 1) in app.messages
        # A page is requested once, even though many rows of it are drawn repeatedly.
        await pilot.press("G")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert app.requested.count(9) == 1


async def test_failed_page_shows_retry_hint() -> None:
    app = ListApp(100, auto_load=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert app.result_set is not None
        app.result_set.mark_failed(0)
        app.mutate_reactive(ListApp.result_set)
        await pilot.pause()
        assert "could not load" in screen_text(app)


async def test_hostile_titles_shown_literally() -> None:
    class HostileApp(ListApp):
        def load(self, page: int) -> None:
            assert self.result_set is not None
            rows = [
                ResultRow.from_api(
                    {"id": i + 1, "title": title, "tags": [1], "correspondent": 1, "created": "2024-01-01"}
                )
                for i, title in enumerate(HOSTILE)
            ]
            self.result_set.add_page(page, rows)
            self.mutate_reactive(ListApp.result_set)

        def make_lookups(self) -> Lookups:
            return Lookups.build(
                tags=[{"id": 1, "name": "[b]tag[/b] \x1b[2J", "color": "javascript:alert(1)"}],
                correspondents=[{"id": 1, "name": "[$var]"}],
            )

    app = HostileApp(len(HOSTILE))
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text
        assert "report [/b] 2024" in text
        assert "␛]2;pwned␇" in text
        assert "␛[31m red" in text
        assert "[b]tag[/b] ␛[2J" in text
        assert "[$var]" in text
        assert "\x1b" not in text and "\x07" not in text
        # Clicking the hostile title runs nothing.
        await pilot.click(ResultsList, offset=(30, 1))
        await pilot.pause()
        assert app.is_running


async def test_search_hits_show_score_and_snippet() -> None:
    class HitsApp(ListApp):
        def make_result_set(self) -> ResultSet:
            return ResultSet(1, page_size=50, has_hits=True)

        def load(self, page: int) -> None:
            assert self.result_set is not None
            row = ResultRow.from_api(
                {
                    "id": 7,
                    "title": "Invoice",
                    "__search_hit__": {
                        "score": 12.5,
                        "highlights": "pay <b>[red]online</b> now &amp; \x1b[31m",
                        "rank": 1,
                    },
                }
            )
            self.result_set.add_page(page, [row])
            self.mutate_reactive(ListApp.result_set)

    app = HitsApp(1)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        results = app.query_one(ResultsList)
        assert results.row_height == 2
        text = screen_text(app)
        assert "12.5" in text
        assert "pay [red]online now & ␛[31m" in text
        snippet = results.render_line(2)
        bold = [segment.text for segment in snippet if segment.style and segment.style.bold]
        assert "[red]online" in bold


def test_column_layout_fills_width() -> None:
    for width in (40, 60, 80, 100, 160):
        for hits in (False, True):
            columns = column_layout(width, hits)
            assert sum(w for _, w in columns) + len(columns) - 1 == width


async def test_pages_near_the_cursor_are_prefetched() -> None:
    app = ListApp(1_000, page_size=50)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert app.requested == [0]
        results = app.query_one(ResultsList)
        results.cursor = 40  # near the end of page 0: page 1 is asked for before it is on screen
        await pilot.pause()
        assert 1 in app.requested
        results.cursor = 30
        results.cursor = 35
        await pilot.pause()
        assert app.requested.count(1) == 1  # once


async def test_names_stay_blank_until_the_names_cache_arrives() -> None:
    """Rows drawn before the names cache has loaded show no "#id" stand-ins; the names fill in after."""

    class NoNamesYet(ListApp):
        def make_lookups(self) -> Lookups:
            return Lookups()

    app = NoNamesYet(20)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Document 1" in text
        assert "#1" not in text and "#2" not in text and "ACME" not in text
        app.lookups = ListApp.make_lookups(app)
        await pilot.pause()
        text = screen_text(app)
        assert "ACME" in text and "inbox" in text and "Invoice" in text


class BlueInboxApp(ListApp):
    """The demo's inbox blue, close to the cursor's blue of the default theme."""

    def make_lookups(self) -> Lookups:
        return Lookups.build(
            tags=[
                {"id": 1, "name": "Inbox", "color": "#1e88e5", "is_inbox_tag": True},
                {"id": 2, "name": "paid", "color": "#eeeeee"},
            ]
        )


async def test_the_highlighted_row_does_not_hide_a_tag_of_its_own_colour() -> None:
    from paperless_tui.app.widgets.tag_style import MIN_CHIP_CONTRAST, contrast_ratio

    app = BlueInboxApp(3)
    async with app.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        results = app.query_one(ResultsList)
        assert results.has_focus and results.cursor == 0
        for y in (1, 2):  # the cursor's row and the one under it
            strip = results.render_line(y)
            row_background = strip._segments[0].style.bgcolor.get_truecolor().hex
            chip = next(s for s in strip if s.text.strip() == "Inbox")
            chip_background = chip.style.bgcolor.get_truecolor().hex
            assert contrast_ratio(chip_background, row_background) >= MIN_CHIP_CONTRAST, (y, chip.style)
