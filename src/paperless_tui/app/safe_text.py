"""Make untrusted server text inert before it reaches the screen.

Everything from the server (titles, notes, names, OCR content, history JSON, file names, error
messages) goes through `clean()` or `inert()`: markup brackets stay literal because the result is a
`Content` (never parsed as markup), and C0/C1 control characters, DEL and bidi overrides are replaced
with visible symbols so escape sequences can never reach the terminal.
"""

from __future__ import annotations

from textual.content import Content

_SUBSTITUTE = "\ufffd"


def _build_table(*, keep_newlines: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        # U+2400.. are the "control pictures": ␀ ␁ ... ␛ (ESC) ...
        table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = _SUBSTITUTE
    # Bidi embeddings/overrides/isolates and line/paragraph separators could reorder or break lines.
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029, 0x200E, 0x200F):
        table[code] = _SUBSTITUTE
    table[0x09] = "    "
    if keep_newlines:
        del table[0x0A]
        table[0x0D] = ""
    return table


_SINGLE_LINE = _build_table(keep_newlines=False)
_MULTI_LINE = _build_table(keep_newlines=True)


def clean(text: object, *, multiline: bool = False) -> str:
    """Return `text` as a plain string with every control character replaced by a visible symbol.

    `None` becomes the empty string. With `multiline`, newlines are kept (carriage returns dropped);
    otherwise a newline is shown as ␊ so a single-line cell stays on one line.
    """
    if text is None:
        return ""
    value = text if isinstance(text, str) else str(text)
    return value.translate(_MULTI_LINE if multiline else _SINGLE_LINE)


def inert(text: object, *, multiline: bool = False) -> Content:
    """Return untrusted `text` as a `Content` that shows exactly what it says and runs nothing."""
    return Content(clean(text, multiline=multiline))
