"""Fuzzy matching for the pickers: does a typed needle match a name, and how well.

A needle matches a label when its characters appear in the label in order (case-folded, spaces in the
needle ignored), as in fzf: `tx23` finds "Tax 2023". Contiguous matches beat scattered ones, a match
at the start of a word beats one inside a word, and a shorter label beats a longer one, so the best
candidate is first and the quick path (type part of a name, `enter`) picks what the user meant.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

K = TypeVar("K")

_BOUNDARY = " -_/.:([{#"


def _starts_word(label: str, index: int) -> bool:
    return index == 0 or label[index - 1] in _BOUNDARY


def fuzzy_score(needle: str, label: str) -> float | None:
    """How well `needle` matches `label` (higher is better), or None when it does not match."""
    wanted = "".join(needle.casefold().split())
    if not wanted:
        return 0.0
    text = label.casefold()
    at = text.find(wanted)
    if at >= 0:
        # A substring: best at the start of the label, then at a word start, then anywhere.
        score = 1000.0 - at
        if at == 0:
            score += 400
        elif _starts_word(text, at):
            score += 200
        if len(wanted) == len(text):
            score += 300  # the whole name
        return score - len(text) * 0.5
    # A subsequence: count the gaps and reward matches at word starts.
    score = 500.0
    position = -1
    for char in wanted:
        found = text.find(char, position + 1)
        if found < 0:
            return None
        if position >= 0 and found > position + 1:
            score -= 5 + (found - position - 1)
        if _starts_word(text, found):
            score += 8
        position = found
    return score - len(text) * 0.5


def fuzzy_rank(needle: str, items: Iterable[tuple[K, str]]) -> list[tuple[K, str]]:
    """The items whose label matches `needle`, best first; ties (and an empty needle) keep their order."""
    if not needle.strip():
        return list(items)
    scored: list[tuple[float, int, tuple[K, str]]] = []
    for index, item in enumerate(items):
        score = fuzzy_score(needle, item[1])
        if score is not None:
            scored.append((-score, index, item))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _, _, item in scored]
