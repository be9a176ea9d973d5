"""The shared pickers: fuzzy matching, the tri-state tag plan, and both dialogs driven by keys."""

from __future__ import annotations

from textual.app import App

from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Cleared, Create, Picked
from paperless_tui.app.dialogs.tag_picker import TagPicker
from paperless_tui.app.models.fuzzy import fuzzy_rank, fuzzy_score
from paperless_tui.app.models.tag_change import Pending, TagChange, TagPlan

TAGS = [(1, "Inbox"), (2, "Tax 2023"), (3, "[b]bold[/b]"), (4, "Paid"), (5, "Insurance")]


# --- fuzzy -----------------------------------------------------------------------------------------


def test_fuzzy_matches_in_order_and_ignores_spaces_and_case():
    assert fuzzy_score("tx23", "Tax 2023") is not None
    assert fuzzy_score("TAX 20", "Tax 2023") is not None
    assert fuzzy_score("32xt", "Tax 2023") is None
    assert fuzzy_score("", "anything") == 0.0


def test_fuzzy_ranks_prefix_then_word_start_then_scattered():
    items = [(1, "Reinsurance"), (2, "Car insurance"), (3, "Insurance"), (4, "Ixnxs")]
    assert [key for key, _ in fuzzy_rank("ins", items)] == [3, 2, 1, 4]
    assert fuzzy_rank("", items) == items  # nothing typed: the caller's order
    assert fuzzy_rank("zzz", items) == []


# --- the plan --------------------------------------------------------------------------------------


def test_cycling_skips_the_step_that_changes_nothing():
    plan = TagPlan(counts={1: 5, 2: 2}, total=5)
    assert [plan.cycle(1) for _ in range(3)] == [Pending.REMOVE, Pending.LEAVE, Pending.REMOVE]  # on all
    assert [plan.cycle(2) for _ in range(3)] == [Pending.ADD, Pending.REMOVE, Pending.LEAVE]  # on some
    assert [plan.cycle(3) for _ in range(2)] == [Pending.ADD, Pending.LEAVE]  # on none
    assert plan.change() == TagChange(remove=frozenset({1}))
    assert plan.summary() == "remove 1 on 5 documents"


def test_a_change_applied_to_one_document_keeps_its_other_tags():
    change = TagChange(add=frozenset({7}), remove=frozenset({1}))
    assert change.apply([1, 3, 7]) == [3, 7]
    assert change.apply([3]) == [3, 7]
    assert TagChange().empty and not change.empty


# --- the dialogs -----------------------------------------------------------------------------------


class Host(App[None]):
    def __init__(self, dialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def text_of(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_tag_picker_space_cycles_and_enter_applies_everything_at_once():
    host = Host(TagPicker("Tags", TAGS, counts={1: 5, 2: 2}, total=5))
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space")  # Inbox (on all) -> remove
        await pilot.press("down", "space")  # Tax 2023 (on 2) -> add
        await pilot.pause()
        screen = text_of(host)
        assert "[−] Inbox" in screen and "[+] Tax 2023" in screen and "Will add 1 · remove 1 on 5" in screen
        assert host.screen.query_one("#picker-filter").value == ""  # space never typed into the filter
        await pilot.press("enter")
    assert host.results == [TagChange(add=frozenset({2}), remove=frozenset({1}))]


async def test_tag_picker_quick_path_type_part_of_a_name_and_enter():
    host = Host(TagPicker("Tags", TAGS, counts={}, total=3))
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"insu", "enter")
    assert host.results == [TagChange(add=frozenset({5}))]


async def test_tag_picker_offers_to_create_an_unknown_name_and_shows_names_inert():
    host = Host(TagPicker("Tags", TAGS, counts={3: 1}, total=1))
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "[✓] [b]bold[/b]" in text_of(host)  # markup shown, not applied
        await pilot.press(*"receipts 2024")  # no tag matches: the space is part of the new name
        await pilot.pause()
        assert "create tag “receipts 2024”" in text_of(host)
        await pilot.press("enter")
    assert host.results == [TagChange(create=("receipts 2024",))]


async def test_tag_picker_escape_cancels_and_nothing_chosen_gives_none():
    host = Host(TagPicker("Tags", TAGS, counts={1: 2}, total=2))
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "escape")
    assert host.results == [None]


async def test_choice_picker_picks_clears_and_creates():
    items = [(1, "ACME Corp"), (2, "Stadtwerke"), (3, "Finanzamt")]
    for keys, expected in (
        (("enter",), Picked(2)),  # the current one is highlighted first
        (("home", "up", "up", "up", "enter"), Cleared()),
        ((*"fin", "enter"), Picked(3)),
        ((*"Bank Nord", "enter"), Create("Bank Nord")),
        (("escape",), None),
    ):
        host = Host(ChoicePicker("Correspondent", items, current=2, allow_create=True))
        async with host.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
        assert host.results == [expected], keys


async def test_choice_picker_lists_suggestions_first_with_counts_for_many_documents():
    items = [(1, "ACME Corp"), (2, "Stadtwerke")]
    host = Host(ChoicePicker("Correspondent", items, counts={1: 3}, total=5, suggested=[2]))
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = text_of(host)
    assert screen.index("Stadtwerke") < screen.index("ACME Corp")
    assert "★ suggested" in screen and "on 3 of 5" in screen and "unset on 2 of 5" in screen
