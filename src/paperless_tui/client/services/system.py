"""Server-wide endpoints: ``paperless.status()``, ``paperless.statistics()``, ``paperless.ui_settings()``
(and ``paperless.ui_settings.update(settings)``), ``paperless.remote_version()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from ..models.base import adapter
from ..models.system import Statistics, Status, UiSettings

if TYPE_CHECKING:
    from ..client import Paperless

__all__ = ["StatisticsService", "StatusService", "UiSettingsService"]

_STATUS: TypeAdapter[Status] = adapter(Status)
_STATISTICS: TypeAdapter[Statistics] = adapter(Statistics)
_UI: TypeAdapter[UiSettings] = adapter(UiSettings)


class _Endpoint:
    def __init__(self, paperless: Paperless) -> None:
        self._paperless = paperless


class StatusService(_Endpoint):
    """``await paperless.status()`` (slow on real servers: about 1 s)."""

    async def __call__(self) -> Status:
        transport = self._paperless.transport
        return transport.parse(await transport.request("GET", "/api/status/"), _STATUS)


class StatisticsService(_Endpoint):
    """``await paperless.statistics()``."""

    async def __call__(self) -> Statistics:
        transport = self._paperless.transport
        return transport.parse(await transport.request("GET", "/api/statistics/"), _STATISTICS)


class UiSettingsService(_Endpoint):
    """``await paperless.ui_settings()``; ``await paperless.ui_settings.update({...})``."""

    async def __call__(self) -> UiSettings:
        transport = self._paperless.transport
        return transport.parse(await transport.request("GET", "/api/ui_settings/"), _UI)

    async def update(self, settings: dict[str, Any]) -> bool:
        """Store the user's UI settings (the whole ``settings`` object)."""
        transport = self._paperless.transport
        data = transport.decode(
            await transport.request("POST", "/api/ui_settings/", json={"settings": settings})
        )
        return bool(isinstance(data, dict) and data.get("success", True))
