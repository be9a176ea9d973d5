"""``paperless.trash``: deleted documents (``deleted_at`` set), restore and empty."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from .. import exceptions as exc
from ..models.documents import Document
from .base import Draft, ResourceService

__all__ = ["TrashService"]


def _ids(documents: int | Document | Iterable[int | Document]) -> list[int]:
    if isinstance(documents, int | Document):
        documents = [documents]
    return [d.id if isinstance(d, Document) else int(d) for d in documents]


class TrashService(ResourceService[Document]):
    """``/api/trash/``: iterate with ``async for doc in paperless.trash``."""

    path = "/api/trash/"
    resource = "trash"
    required: ClassVar[tuple[str, ...]] = ()
    lazy_rows: ClassVar[bool] = True

    async def __call__(self, pk: int, **params: Any) -> Document:
        """The trashed document ``pk`` (the trash has no detail endpoint: the list is searched)."""
        async for doc in self:
            if doc.id == pk:
                return doc
        raise exc.NotFoundError(
            f"document {pk} is not in the trash",
            status=404,
            request=exc.RequestInfo("GET", self._paperless.transport.url(self.path)),
        )

    async def _action(self, action: str, documents: list[int] | None) -> list[int]:
        body: dict[str, Any] = {"action": action}
        if documents is not None:
            body["documents"] = documents
        transport = self._paperless.transport
        data = transport.decode(await transport.request("POST", self.path, json=body))
        ids = data.get("doc_ids") if isinstance(data, dict) else None
        return [int(i) for i in ids] if isinstance(ids, list) else list(documents or [])

    async def restore(self, documents: int | Document | Iterable[int | Document]) -> list[int]:
        """Move documents back out of the trash; return their ids."""
        return await self._action("restore", _ids(documents))

    async def empty(self, documents: int | Document | Iterable[int | Document] | None = None) -> list[int]:
        """Delete documents for good (all of the trash if ``documents`` is None); return their ids."""
        return await self._action("empty", None if documents is None else _ids(documents))

    async def delete(self, model: Document | int, *, silent_fail: bool = False) -> bool:
        """Delete one trashed document for good."""
        try:
            await self.empty(model)
        except exc.ResponseError:
            if silent_fail:
                return False
            raise
        return True

    def create(self, **fields: Any) -> Draft:
        """Nothing is created in the trash; delete a document instead."""
        raise exc.DraftError("documents reach the trash through paperless.documents.delete()")

    async def update(self, model: Document, *, only_changed: bool = True) -> bool:
        """Trashed documents cannot be edited; restore them first."""
        raise exc.DraftError("restore a trashed document before editing it")


TrashService._adapters(Document)
