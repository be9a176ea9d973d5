"""Parse the server's search highlights (`<b>` tags) into bold spans, keeping all other text inert.

Only the exact tags `<b>` and `</b>` mean anything; every other character (including other tags,
brackets and escape sequences) is text, made safe with `safe_text.clean()`.
"""

from __future__ import annotations

import html
import re

from textual.content import Content, Span

from paperless_tui.app.safe_text import clean

_TAG = re.compile(r"</?b>", re.IGNORECASE)
_SPACES = re.compile(r"[\t\n\r\f\v ]+")


def parse_highlights(highlights: object) -> tuple[tuple[str, bool], ...]:
    """Split a highlight string into `(text, is_match)` parts, text already cleaned to one line."""
    if not isinstance(highlights, str) or not highlights:
        return ()
    parts: list[tuple[str, bool]] = []
    bold = False
    position = 0
    for match in _TAG.finditer(highlights):
        if match.start() > position:
            parts.append((_text(highlights[position : match.start()]), bold))
        bold = not match.group().startswith("</")
        position = match.end()
    if position < len(highlights):
        parts.append((_text(highlights[position:]), bold))
    return tuple((text, is_match) for text, is_match in parts if text)


def _text(raw: str) -> str:
    # Highlights are HTML fragments: entities such as &amp; stand for characters. Newlines in a
    # snippet become spaces so it fits one row.
    return clean(_SPACES.sub(" ", html.unescape(raw)))


def highlights_content(parts: tuple[tuple[str, bool], ...], match_style: str = "bold") -> Content:
    """A `Content` showing the parts, matches in `match_style`."""
    text = "".join(part for part, _ in parts)
    spans: list[Span] = []
    offset = 0
    for part, is_match in parts:
        if is_match:
            spans.append(Span(offset, offset + len(part), match_style))
        offset += len(part)
    return Content(text, spans)
