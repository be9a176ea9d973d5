"""Bulk edits of documents (``paperless.documents.bulk_edit``): one request for many documents.

Every method returns ``True`` when the server answers ``{"result": "OK"}`` and raises
:class:`~paperless_tui.client.exceptions.BulkEditError` otherwise. ``rotate``, ``merge``, ``delete`` and
``reprocess`` use the API v10 endpoints (``/api/documents/rotate/`` ...) and fall back to the legacy
``bulk_edit`` methods on v9 servers. ``set_permissions`` always sends the ``set_permissions`` key (the
server fails with a 500 without it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .. import exceptions as exc
from ..models.types import Permissions

if TYPE_CHECKING:
    from ..client import Paperless

__all__ = ["DocumentBulkEdit"]


def _ids(documents: int | Iterable[int]) -> list[int]:
    return [documents] if isinstance(documents, int) else [int(d) for d in documents]


class DocumentBulkEdit:
    """``paperless.documents.bulk_edit``."""

    def __init__(self, paperless: Paperless) -> None:
        self._paperless = paperless

    async def _post(self, path: str, body: dict[str, Any]) -> bool:
        transport = self._paperless.transport
        try:
            response = await transport.request("POST", path, json=body)
        except exc.ResponseError as error:
            raise exc.BulkEditError.wrap(error) from error
        data = transport.decode(response)
        if not (isinstance(data, dict) and data.get("result") == "OK"):
            raise exc.BulkEditError(
                f"unexpected answer {str(data)[:100]}",
                status=response.status_code,
                request=exc.RequestInfo("POST", transport.url(path)),
                body=data,
            )
        return True

    async def _method(self, documents: int | Iterable[int], method: str, **parameters: Any) -> bool:
        body = {"documents": _ids(documents), "method": method, "parameters": parameters}
        return await self._post("/api/documents/bulk_edit/", body)

    async def _operation(self, name: str, documents: list[int], **fields: Any) -> bool:
        """A v10 document operation endpoint, or the legacy bulk_edit method on v9 servers."""
        if self._paperless.transport.api_version >= 10:
            try:
                return await self._post(f"/api/documents/{name}/", {"documents": documents, **fields})
            except exc.BulkEditError as error:
                if error.status not in (404, 405):
                    raise
        return await self._method(documents, name, **fields)

    # -- metadata ---------------------------------------------------------------------------------

    async def set_correspondent(self, documents: int | Iterable[int], correspondent: int | None) -> bool:
        """Set (or with None clear) the correspondent."""
        return await self._method(documents, "set_correspondent", correspondent=correspondent)

    async def set_document_type(self, documents: int | Iterable[int], document_type: int | None) -> bool:
        """Set (or clear) the document type."""
        return await self._method(documents, "set_document_type", document_type=document_type)

    async def set_storage_path(self, documents: int | Iterable[int], storage_path: int | None) -> bool:
        """Set (or clear) the storage path."""
        return await self._method(documents, "set_storage_path", storage_path=storage_path)

    # -- tags ---------------------------------------------------------------------------------------

    async def add_tag(self, documents: int | Iterable[int], tag: int) -> bool:
        """Add one tag."""
        return await self._method(documents, "add_tag", tag=tag)

    async def remove_tag(self, documents: int | Iterable[int], tag: int) -> bool:
        """Remove one tag."""
        return await self._method(documents, "remove_tag", tag=tag)

    async def modify_tags(
        self,
        documents: int | Iterable[int],
        add_tags: Iterable[int] = (),
        remove_tags: Iterable[int] = (),
    ) -> bool:
        """Add and remove tags in one call."""
        return await self._method(
            documents, "modify_tags", add_tags=list(add_tags), remove_tags=list(remove_tags)
        )

    # -- custom fields ------------------------------------------------------------------------------

    async def modify_custom_fields(
        self,
        documents: int | Iterable[int],
        add_custom_fields: Mapping[int, Any] | Iterable[int] = (),
        remove_custom_fields: Iterable[int] = (),
    ) -> bool:
        """Add fields (``{id: value}``, or ids for empty values) and remove fields (ids)."""
        added: dict[str, Any] | list[int]
        if isinstance(add_custom_fields, Mapping):
            added = {str(k): v for k, v in add_custom_fields.items()}
        else:
            added = [int(k) for k in add_custom_fields]
        return await self._method(
            documents,
            "modify_custom_fields",
            add_custom_fields=added,
            remove_custom_fields=[int(k) for k in remove_custom_fields],
        )

    # -- permissions --------------------------------------------------------------------------------

    async def set_permissions(
        self,
        documents: int | Iterable[int],
        *,
        owner: int | None = None,
        permissions: Permissions | None = None,
        merge: bool = False,
    ) -> bool:
        """Set owner and view/change permissions (``merge=True`` adds to the existing ones)."""
        return await self._method(
            documents,
            "set_permissions",
            set_permissions=(permissions or Permissions()).to_api(),
            owner=owner,
            merge=merge,
        )

    # -- document operations ------------------------------------------------------------------------

    async def delete(self, documents: int | Iterable[int]) -> bool:
        """Move documents to the trash."""
        return await self._operation("delete", _ids(documents))

    async def reprocess(self, documents: int | Iterable[int]) -> bool:
        """Run OCR and classification again (a background task)."""
        return await self._operation("reprocess", _ids(documents))

    async def rotate(self, documents: int | Iterable[int], degrees: int) -> bool:
        """Rotate pages by 90, 180 or 270 degrees (3.0 stores the result as a new version)."""
        return await self._operation("rotate", _ids(documents), degrees=degrees)

    async def merge(
        self,
        documents: int | Iterable[int],
        metadata_document_id: int | None = None,
        delete_originals: bool = False,
    ) -> bool:
        """Merge into a new document (a background task); optionally trash the originals."""
        fields: dict[str, Any] = {"delete_originals": delete_originals}
        if metadata_document_id is not None:
            fields["metadata_document_id"] = metadata_document_id
        return await self._operation("merge", _ids(documents), **fields)
