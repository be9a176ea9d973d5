"""Styles for tag chips computed from the tag's own colour, with a readable foreground.

Tag colours come from the server, so they are validated strictly (`#rrggbb` only); anything else
falls back to the theme's default chip style. A chip whose colour is too close to the row's own
background (the inbox's blue on the highlighted row of a blue theme) is drawn the other way round,
the tag's colour as text on black or white, so it still shows (`tag_chip_style_on`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.style import Style

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a `#rrggbb` colour (0 = black, 1 = white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def readable_foreground(colour: str) -> str:
    """Black or white, whichever contrasts more with the `#rrggbb` background `colour`."""
    # The crossover where black and white give the same contrast ratio is L = 0.179.
    return "#000000" if relative_luminance(colour) > 0.179 else "#ffffff"


def valid_colour(colour: object) -> str | None:
    """`colour` lower-cased if it is a `#rrggbb` string, else None."""
    if isinstance(colour, str) and _HEX.fullmatch(colour):
        return colour.lower()
    return None


@lru_cache(maxsize=512)
def tag_chip_style(colour: str | None) -> Style | None:
    """Rich style for a tag chip of `colour`, or None when the colour is missing or invalid."""
    checked = valid_colour(colour)
    if checked is None:
        return None
    return Style(color=readable_foreground(checked), bgcolor=checked)


MIN_CHIP_CONTRAST = 1.5
"""Below this contrast ratio with the row's background a chip's colour does not show as a pill."""


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours (1 = the same, 21 = black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=1024)
def tag_chip_style_on(colour: str | None, background: str | None) -> Style | None:
    """Rich style for a tag chip of `colour` on a row of `background` (`#rrggbb`, None if unknown):
    the chip as `tag_chip_style` gives it, or inverted when it would not stand out from the row."""
    checked = valid_colour(colour)
    if checked is None:
        return None
    row = valid_colour(background)
    if row is not None and contrast_ratio(checked, row) < MIN_CHIP_CONTRAST:
        return Style(color=checked, bgcolor=readable_foreground(checked), bold=True)
    return tag_chip_style(checked)
