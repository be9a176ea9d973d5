"""Pydantic v2 models of the Paperless-ngx API (slotted pydantic dataclasses, validated from raw bytes).

Submodules hold one family each: :mod:`.base` (change tracking, JSON conversion), :mod:`.types`
(permissions), :mod:`.custom_fields`, :mod:`.documents`, :mod:`.resources` (tags, correspondents, ...),
:mod:`.tasks` and :mod:`.system` (status, statistics, UI settings).
"""

from .base import Model, Page
from .custom_fields import CustomField, CustomFieldValue
from .documents import (
    Document,
    DocumentCustomFieldList,
    DocumentDraft,
    DocumentHistoryEntry,
    DocumentMeta,
    DocumentNote,
    DocumentNoteDraft,
    DocumentSearchHit,
    DocumentSuggestions,
    DownloadedDocument,
)
from .resources import (
    Correspondent,
    DocumentType,
    Group,
    SavedView,
    ShareLink,
    StoragePath,
    Tag,
    User,
)
from .system import Statistics, Status, UiSettings
from .tasks import Task, TaskStatus
from .types import Permissions

__all__ = [
    "Correspondent",
    "CustomField",
    "CustomFieldValue",
    "Document",
    "DocumentCustomFieldList",
    "DocumentDraft",
    "DocumentHistoryEntry",
    "DocumentMeta",
    "DocumentNote",
    "DocumentNoteDraft",
    "DocumentSearchHit",
    "DocumentSuggestions",
    "DocumentType",
    "DownloadedDocument",
    "Group",
    "Model",
    "Page",
    "Permissions",
    "SavedView",
    "ShareLink",
    "Statistics",
    "Status",
    "StoragePath",
    "Tag",
    "Task",
    "TaskStatus",
    "UiSettings",
    "User",
]
