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

from . import exceptions
from .client import Paperless, login
from .exceptions import PaperlessError
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
