"""`app.startup.collector`: the collector paused for start-up, frozen and restarted once."""

from __future__ import annotations

import gc

from paperless_tui.app.startup import collector as startup_gc


def test_pause_then_resume_freezes_and_restarts():
    assert gc.isenabled()
    try:
        startup_gc.pause()
        assert not gc.isenabled() and startup_gc.paused()
        before = gc.get_freeze_count()
        kept = [[i] for i in range(1000)]  # objects alive at the end of start-up
        startup_gc.resume()
        assert gc.isenabled() and not startup_gc.paused()
        assert gc.get_freeze_count() >= before + len(kept)
        startup_gc.resume()  # a second call does nothing more
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_collector_someone_else_stopped_is_left_alone():
    gc.disable()
    try:
        startup_gc.pause()  # already off: not ours to restart
        assert not startup_gc.paused()
        startup_gc.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_command_line_pauses_it_before_the_app_is_imported(monkeypatch):
    """`main()` pauses the collector before `app.run` (and so Textual) is imported."""
    import sys

    from paperless_tui import cli

    seen: list[bool] = []

    class FakeRun:
        @staticmethod
        def run(ns):
            seen.append(startup_gc.paused())
            return 0

    monkeypatch.setitem(sys.modules, "paperless_tui.app.run", FakeRun)
    try:
        assert cli.main(["--url", "http://127.0.0.1:9", "--token", "t"]) == 0
        assert seen == [True]
    finally:
        startup_gc.resume()
        gc.unfreeze()
        gc.enable()
