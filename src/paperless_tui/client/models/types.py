"""Small shared value types: :class:`Permissions` (who may view and change an object)."""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import model_validator
from pydantic.dataclasses import dataclass

from .base import CONFIG

__all__ = ["Permissions"]


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Permissions:
    """View/change permissions for users and groups.

    Accepts the flat form (``Permissions(view_users=[2])``) and the API's nested form
    ``{"view": {"users": [...], "groups": [...]}, "change": {...}}``; :meth:`to_api` gives the nested form.
    """

    view_users: list[int] = dataclasses.field(default_factory=list)
    view_groups: list[int] = dataclasses.field(default_factory=list)
    change_users: list[int] = dataclasses.field(default_factory=list)
    change_groups: list[int] = dataclasses.field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_nested(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("view" in data or "change" in data):
            view = data.get("view") or {}
            change = data.get("change") or {}
            return {
                "view_users": view.get("users") or [],
                "view_groups": view.get("groups") or [],
                "change_users": change.get("users") or [],
                "change_groups": change.get("groups") or [],
            }
        return data

    def to_api(self) -> dict[str, dict[str, list[int]]]:
        """The nested form the API expects in ``set_permissions``."""
        return {
            "view": {"users": list(self.view_users), "groups": list(self.view_groups)},
            "change": {"users": list(self.change_users), "groups": list(self.change_groups)},
        }
