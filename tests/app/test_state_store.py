"""The remembered state is read once and written off the event loop, debounced (`data.state.StateStore`)."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from paperless_tui.app.application import create_app
from paperless_tui.app.data import state as state_module
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.data.state import StateStore, load_state

DEMO = "http://demo.test"


async def test_changes_in_a_burst_are_written_once(monkeypatch):
    monkeypatch.setattr(state_module, "SAVE_DELAY_SECONDS", 0.05)
    store = StateStore("home", {})
    for value in range(7):
        store.put({"search": {"query": "x" * value}})
    assert store.writes == 0 and load_state("home") == {}  # nothing written on the event loop
    await asyncio.sleep(0.2)
    assert store.writes == 1 and load_state("home") == {"search": {"query": "xxxxxx"}}
    store.put({"search": {"query": "last"}})
    store.flush()  # at exit: what is pending is written at once
    assert store.writes == 2 and load_state("home") == {"search": {"query": "last"}}


async def test_typing_a_query_reads_the_file_never_and_writes_it_once(
    demo_http, demo_token, wait, monkeypatch
):
    reads: list[str] = []
    writes: list[str] = []
    real_load, real_save = state_module.load_state, state_module.save_state
    monkeypatch.setattr(state_module, "load_state", lambda key: reads.append(key) or real_load(key))
    monkeypatch.setattr(state_module, "save_state", lambda key, s: writes.append(key) or real_save(key, s))
    app = create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=demo_http, image_renderer="unicode"
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await wait(pilot, app)
        reads.clear()
        await asyncio.sleep(state_module.SAVE_DELAY_SECONDS + 0.2)
        writes.clear()
        await pilot.press("slash", *"invoice")
        assert app.screen.query_one("#search-input", Input).value == "invoice"
        await asyncio.sleep(state_module.SAVE_DELAY_SECONDS + 0.3)
        await wait(pilot, app)
        assert reads == []
        assert len(writes) == 1
    assert load_state(app.connection.state_key)["search"]["query"] == "invoice"
