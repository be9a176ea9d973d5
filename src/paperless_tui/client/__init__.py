"""Async client for the Paperless-ngx REST API (httpx + pydantic v2). Never imports Textual.

Entry point::

    from paperless_tui.client import Paperless, DocumentFilter

    async with Paperless("http://localhost:8000", token) as paperless:
        doc = await paperless.documents(42)
        notes = await doc.notes()                       # cached, no request
        async for hit in paperless.documents.search("invoice"):
            print(hit.search_hit.rank, hit.title)
        view = paperless.documents.filter(DocumentFilter(tags_all=[1]), fields=["id", "title"])
        page = await view.page(1, page_size=50)

Services (attributes of :class:`Paperless`): ``documents`` (+ ``.notes``, ``.bulk_edit``, files, search,
metadata, suggestions, history, share links, upload, e-mail), ``tags``, ``correspondents``,
``document_types``, ``storage_paths``, ``custom_fields``, ``users``, ``groups``, ``saved_views``,
``share_links``, ``tasks``, ``trash``, ``status()``, ``statistics()``, ``ui_settings()``; and
:func:`login` for ``POST /api/token/``. Errors: :mod:`paperless_tui.client.exceptions`. Filters:
:mod:`paperless_tui.client.filters`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import exceptions
from .exceptions import PaperlessError

if TYPE_CHECKING:
    from .client import Paperless, login
    from .files import FileStream
    from .filters import CustomFieldQuery, DocumentFilter
    from .models import Page

__all__ = [
    "CustomFieldQuery",
    "DocumentFilter",
    "FileStream",
    "Page",
    "Paperless",
    "PaperlessError",
    "exceptions",
    "login",
]

# The names below load on first use (PEP 562): importing the package, or a light submodule such as
# `exceptions` or `prefetch`, does not import httpx and pydantic (a third of a second).
_LAZY = {
    "Paperless": ".client",
    "login": ".client",
    "FileStream": ".files",
    "CustomFieldQuery": ".filters",
    "DocumentFilter": ".filters",
    "Page": ".models",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
