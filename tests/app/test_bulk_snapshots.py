"""Snapshots of marks and bulk edits: the marked list with the bulk panel, a visual range, and the
tag and choice pickers in bulk use (counts over the marked documents)."""

from __future__ import annotations

import asyncio

from tests.app.test_search_snapshots import demo_app_for_snapshot

SIZE = (120, 34)


async def settle(pilot) -> None:
    """Wait for every worker but a modal flow's (it waits for the dialog on screen)."""
    for _ in range(6):
        busy = [w for w in pilot.app.workers if w.group != "flow"]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()
        await asyncio.sleep(0.02)


def snapshot(snap_compare, demo_app, demo_token, *steps) -> bool:
    async def run_before(pilot) -> None:
        await settle(pilot)
        for keys in steps:
            await pilot.press(*keys)
            await settle(pilot)

    return snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )


MARK_THREE = ("F", "slash", *"invoice", "enter")


def test_marked_rows_and_the_bulk_panel(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, MARK_THREE, ("space", "space", "j", "space"))


def test_a_visual_range(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("F",), ("space", "j", "V", "j", "j"))


def test_the_tag_picker_over_marked_documents(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, MARK_THREE, ("space", "space", "space"), ("t",))


def test_the_correspondent_picker_over_marked_documents(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, MARK_THREE, ("space", "space", "space"), ("c",))


def test_the_actions_menu(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("F",), ("space", "space"), ("a",))
