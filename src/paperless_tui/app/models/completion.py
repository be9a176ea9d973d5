"""Completions for the search query at the cursor: field prefixes, names after `tag:` and friends,
and the server's index terms. Pure functions; the search screen fetches the terms and shows the menu.

The word completed is the one the cursor is in or just after (words end at spaces and parentheses), so
a word in the middle of a query completes as well as the last one. Accepting a completion replaces that
whole word; names with spaces are quoted (`tag:"Tax 2024"`), as the query language wants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from paperless_tui.app.models.lookups import Lookups

# Field prefixes of the full-text query language (the server's index fields).
FIELD_PREFIXES = (
    "title:",
    "content:",
    "correspondent:",
    "type:",
    "tag:",
    "path:",
    "notes:",
    "asn:",
    "created:",
    "added:",
    "modified:",
    "custom_fields:",
    "owner:",
    "original_filename:",
    "checksum:",
    "num_notes:",
    "page_count:",
)
MAX_COMPLETIONS = 10
MIN_TERM_LENGTH = 2
"""Words shorter than this are not sent to the server's term autocomplete."""

_BOUNDARY = re.compile(r"[\s()]")


@dataclass(frozen=True)
class Word:
    """The word at the cursor: `value[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Completion:
    """Replace the word with `text`; `kind` says what it is ("field", "tag", "term", ...)."""

    text: str
    kind: str


def word_at(value: str, cursor: int) -> Word:
    """The word the cursor is in or right after (empty at a boundary); a quoted part ("Tax 2024")
    belongs to its word."""
    cursor = max(0, min(cursor, len(value)))
    start, quoted = 0, False
    for index, char in enumerate(value[:cursor]):
        if char == '"':
            quoted = not quoted
        elif not quoted and _BOUNDARY.match(char):
            start = index + 1
    end = cursor
    while end < len(value):
        char = value[end]
        if char == '"':
            quoted = not quoted
        elif not quoted and _BOUNDARY.match(char):
            break
        end += 1
    return Word(start, end, value[start:end])


def apply(value: str, word: Word, completion: Completion) -> tuple[str, int]:
    """The query with `word` replaced by the completion, and the cursor after it."""
    new = value[: word.start] + completion.text + value[word.end :]
    return new, word.start + len(completion.text)


def needs_terms(word: Word) -> bool:
    """Whether the server's term autocomplete should be asked for this word."""
    return ":" not in word.text and len(word.text) >= MIN_TERM_LENGTH and not word.text.startswith('"')


def local_completions(word: Word, lookups: Lookups) -> list[Completion]:
    """Completions known without asking the server: field prefixes, and names after a name field."""
    text = word.text
    field, colon, term = text.partition(":")
    if colon:
        kind = {"tag": "tag", "correspondent": "correspondent", "type": "type", "path": "storage path"}
        names = _names(field.casefold(), lookups)
        if names is None:
            return []
        wanted = term.strip('"')
        return [
            Completion(f"{field}:{_quoted(name)}", kind[field.casefold()])
            for name in _matching(wanted, names)
            if f"{field}:{_quoted(name)}" != text
        ]
    if not text:
        return []
    return [Completion(prefix, "field") for prefix in _matching(text, FIELD_PREFIXES, prefix_only=True)]


def term_completions(word: Word, terms: Iterable[str]) -> list[Completion]:
    """Completions from the server's index terms for `word` (those that extend it)."""
    folded = word.text.casefold()
    return [
        Completion(term, "term")
        for term in dict.fromkeys(terms)
        if term.casefold().startswith(folded) and term.casefold() != folded
    ]


def merge(*groups: Sequence[Completion]) -> tuple[Completion, ...]:
    """The groups in order, without repeats, at most `MAX_COMPLETIONS`."""
    seen: dict[str, Completion] = {}
    for group in groups:
        for completion in group:
            seen.setdefault(completion.text.casefold(), completion)
    return tuple(list(seen.values())[:MAX_COMPLETIONS])


def _names(field: str, lookups: Lookups) -> list[str] | None:
    if field == "tag":
        return sorted((tag.name for tag in lookups.tags.values()), key=str.casefold)
    table = {
        "correspondent": lookups.correspondents,
        "type": lookups.document_types,
        "path": lookups.storage_paths,
    }.get(field)
    return None if table is None else sorted(table.values(), key=str.casefold)


def _matching(wanted: str, candidates: Iterable[str], *, prefix_only: bool = False) -> list[str]:
    """Candidates starting with `wanted` (case-insensitively), then (unless `prefix_only`) those
    containing it; every candidate when `wanted` is empty."""
    folded = wanted.casefold()
    starts = [c for c in candidates if c.casefold().startswith(folded)]
    if prefix_only or not folded:
        return starts[:MAX_COMPLETIONS]
    inside = [c for c in candidates if folded in c.casefold() and c not in starts]
    return (starts + inside)[:MAX_COMPLETIONS]


def _quoted(name: str) -> str:
    """A name as the query language takes it: quoted when it holds spaces or parentheses."""
    if _BOUNDARY.search(name) or ":" in name:
        return '"' + name.replace('"', "") + '"'
    return name
