"""Server-wide read-only views: status, statistics and UI settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pydantic.dataclasses import dataclass

from .base import CONFIG

__all__ = ["FileTypeCount", "Statistics", "Status", "UiSettings", "UiSettingsUser"]


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Status:
    """``/api/status/``: versions, storage, database, and the state of the background services.

    ``storage``, ``database`` and ``tasks`` stay plain JSON; the shortcuts below read the common values.
    """

    pngx_version: str | None = None
    server_os: str | None = None
    install_type: str | None = None
    storage: dict[str, Any] | None = None
    database: dict[str, Any] | None = None
    tasks: dict[str, Any] | None = None

    def _task_value(self, key: str) -> Any:
        return (self.tasks or {}).get(key)

    @property
    def classifier_last_trained(self) -> dt.datetime | None:
        """When the classifier was last trained (UTC)."""
        value = self._task_value("classifier_last_trained")
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None

    @property
    def sanity_check_last_run(self) -> dt.datetime | None:
        """When the sanity checker last ran (UTC)."""
        value = self._task_value("sanity_check_last_run")
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None

    @property
    def storage_total(self) -> int | None:
        """Total bytes of the media storage."""
        value = (self.storage or {}).get("total")
        return value if isinstance(value, int) else None

    @property
    def storage_available(self) -> int | None:
        """Free bytes of the media storage."""
        value = (self.storage or {}).get("available")
        return value if isinstance(value, int) else None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class FileTypeCount:
    """How many documents have a MIME type."""

    mime_type: str = ""
    mime_type_count: int = 0


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Statistics:
    """``/api/statistics/``: document, inbox and object counts."""

    documents_total: int = 0
    documents_inbox: int | None = None
    inbox_tag: int | None = None
    inbox_tags: list[int] = dataclasses.field(default_factory=list)
    document_file_type_counts: list[FileTypeCount] = dataclasses.field(default_factory=list)
    character_count: int | None = None
    tag_count: int | None = None
    correspondent_count: int | None = None
    document_type_count: int | None = None
    storage_path_count: int | None = None
    current_asn: int | None = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class UiSettingsUser:
    """The logged-in user as ``/api/ui_settings/`` reports it."""

    id: int
    username: str = ""
    is_staff: bool = False
    is_superuser: bool = False
    groups: list[int] = dataclasses.field(default_factory=list)
    first_name: str | None = None
    last_name: str | None = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class UiSettings:
    """``/api/ui_settings/``: the current user, their settings (plain JSON) and their permissions."""

    user: UiSettingsUser | None = None
    settings: dict[str, Any] = dataclasses.field(default_factory=dict)
    permissions: list[str] = dataclasses.field(default_factory=list)

    @property
    def email_enabled(self) -> bool:
        """True if the server can send e-mail (check before offering it)."""
        return bool(self.settings.get("email_enabled"))
