"""CRUD services of the plain resources: tags, correspondents, document types, storage paths, custom
fields, users, groups, saved views and share links."""

from __future__ import annotations

from typing import ClassVar

from ..models.custom_fields import CustomField
from ..models.resources import (
    Correspondent,
    DocumentType,
    Group,
    SavedView,
    ShareLink,
    StoragePath,
    Tag,
    User,
)
from .base import ResourceService

__all__ = [
    "CorrespondentService",
    "CustomFieldService",
    "DocumentTypeService",
    "GroupService",
    "SavedViewService",
    "ShareLinkService",
    "StoragePathService",
    "TagService",
    "UserService",
]


class TagService(ResourceService[Tag]):
    """``/api/tags/``."""

    path = "/api/tags/"
    resource = "tags"


class CorrespondentService(ResourceService[Correspondent]):
    """``/api/correspondents/``."""

    path = "/api/correspondents/"
    resource = "correspondents"


class DocumentTypeService(ResourceService[DocumentType]):
    """``/api/document_types/``."""

    path = "/api/document_types/"
    resource = "document_types"


class StoragePathService(ResourceService[StoragePath]):
    """``/api/storage_paths/``."""

    path = "/api/storage_paths/"
    resource = "storage_paths"
    required: ClassVar[tuple[str, ...]] = ("name", "path")


class CustomFieldService(ResourceService[CustomField]):
    """``/api/custom_fields/``."""

    path = "/api/custom_fields/"
    resource = "custom_fields"
    required: ClassVar[tuple[str, ...]] = ("name", "data_type")


class UserService(ResourceService[User]):
    """``/api/users/``."""

    path = "/api/users/"
    resource = "users"
    required: ClassVar[tuple[str, ...]] = ("username",)


class GroupService(ResourceService[Group]):
    """``/api/groups/``."""

    path = "/api/groups/"
    resource = "groups"


class SavedViewService(ResourceService[SavedView]):
    """``/api/saved_views/``."""

    path = "/api/saved_views/"
    resource = "saved_views"


class ShareLinkService(ResourceService[ShareLink]):
    """``/api/share_links/``: create with ``create(document=42, file_version="original", expiration=...)``."""

    path = "/api/share_links/"
    resource = "share_links"
    required: ClassVar[tuple[str, ...]] = ("document",)


TagService._adapters(Tag)
CorrespondentService._adapters(Correspondent)
DocumentTypeService._adapters(DocumentType)
StoragePathService._adapters(StoragePath)
CustomFieldService._adapters(CustomField)
UserService._adapters(User)
GroupService._adapters(Group)
SavedViewService._adapters(SavedView)
ShareLinkService._adapters(ShareLink)
