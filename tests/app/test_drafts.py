"""Drafts on disk: kept per profile and document, private, gone once saved; the retry guard."""

from __future__ import annotations

import datetime as dt
import os
import stat
from types import SimpleNamespace

from paperless_tui.app.data import drafts
from paperless_tui.app.data.drafts import (
    CLOCK_SLACK_SECONDS,
    DraftStore,
    FormDraft,
    NoteDraft,
    already_saved,
    draft_path,
    pending_drafts,
    read_draft,
    remove_draft,
    write_draft,
)
from paperless_tui.app.data.locations import state_dir

TEXT = "Paid by transfer [b]ref 42[/b]\n\x1b[31mred?\x07 tab\there ünï"


def test_a_note_draft_round_trips_exactly_and_privately(tmp_path):
    draft = NoteDraft("home", 7, TEXT, title="Invoice")
    path = write_draft(draft, tmp_path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_bytes().isascii()  # every character escaped: nothing in the file is a control char
    assert "home" not in path.name  # the profile (maybe a URL) is hashed into the name
    assert read_draft("home", 7, "note", tmp_path) == draft
    assert read_draft("home", 8, "note", tmp_path) is None
    assert read_draft("work", 7, "note", tmp_path) is None
    remove_draft("home", 7, "note", tmp_path)
    assert not path.exists() and read_draft("home", 7, "note", tmp_path) is None
    remove_draft("home", 7, "note", tmp_path)  # twice is fine


def test_pending_drafts_are_those_of_the_profile_oldest_first(tmp_path):
    write_draft(NoteDraft("home", 3, "b", started=20.0), tmp_path)
    write_draft(FormDraft("home", 3, {"title": "x"}, base_modified="m", started=10.0), tmp_path)
    write_draft(NoteDraft("http://other.example", 3, "c", started=5.0), tmp_path)
    found = pending_drafts("home", tmp_path)
    assert [(d.kind, d.doc_id) for d in found] == [("form", 3), ("note", 3)]
    assert found[0] == FormDraft("home", 3, {"title": "x"}, base_modified="m", started=10.0)
    assert [d.profile for d in pending_drafts("http://other.example", tmp_path)] == ["http://other.example"]


def test_a_damaged_or_foreign_file_is_ignored(tmp_path):
    path = draft_path("home", 1, "note", tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert read_draft("home", 1, "note", tmp_path) is None
    path.write_text('{"version": 99, "kind": "note", "text": "x"}', encoding="utf-8")
    assert read_draft("home", 1, "note", tmp_path) is None
    assert pending_drafts("home", tmp_path) == []


def test_drafts_live_in_the_state_folder(isolated_config, monkeypatch):
    assert state_dir() == isolated_config / "state"
    write_draft(NoteDraft("p", 1, "x"))
    assert (isolated_config / "state" / "drafts").is_dir()
    monkeypatch.setenv("PAPERLESS_TUI_STATE_DIR", str(isolated_config / "elsewhere"))
    assert drafts.drafts_folder() == isolated_config / "elsewhere" / "drafts"


def test_attempted_keeps_the_first_attempt():
    draft = NoteDraft("p", 1, "x").attempted(now=100.0)
    assert (draft.first_attempt, draft.attempts) == (100.0, 1)
    again = draft.attempted(now=200.0)
    assert (again.first_attempt, again.attempts) == (100.0, 2)


def _note(text, created, user_id=2):
    return SimpleNamespace(note=text, created=created, user=SimpleNamespace(id=user_id))


def test_the_retry_guard_finds_the_note_an_unclear_attempt_saved():
    first = 1_000_000.0
    draft = NoteDraft("p", 1, "Paid [b]x[/b]").attempted(now=first)
    after = dt.datetime.fromtimestamp(first + 1, dt.UTC)
    long_before = dt.datetime.fromtimestamp(first - CLOCK_SLACK_SECONDS - 60, dt.UTC)
    assert already_saved(draft, [_note("Paid [b]x[/b]", after)], user_id=2)
    assert already_saved(draft, [_note("Paid [b]x[/b]\n", after)], user_id=None)
    assert not already_saved(draft, [_note("Paid [b]x[/b]", after, user_id=3)], user_id=2)  # someone else's
    assert not already_saved(draft, [_note("Paid [b]x[/b]", long_before)], user_id=2)  # an older twin
    assert not already_saved(draft, [_note("Paid x", after)], user_id=2)
    never_sent = NoteDraft("p", 1, "Paid [b]x[/b]")
    assert not already_saved(never_sent, [_note("Paid [b]x[/b]", after)], user_id=2)


async def test_the_store_works_off_the_event_loop(tmp_path):
    store = DraftStore("home", tmp_path)
    await store.put(NoteDraft("home", 4, "n"))
    await store.put(FormDraft("home", 4, {"title": "t"}))
    assert (await store.note(4)).text == "n"
    assert (await store.form(4)).values == {"title": "t"}
    assert len(await store.pending()) == 2
    await store.remove("note", 4)
    assert await store.note(4) is None and await store.form(4) is not None
