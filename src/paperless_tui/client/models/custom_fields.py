"""Custom fields: the field definitions (:class:`CustomField`) and values on documents
(:class:`CustomFieldValue`).

Values keep the server's shape: monetary ``"EUR171.76"``, select the option *id* string, documentlink a
list of ids, date ``"YYYY-MM-DD"``. :meth:`CustomField.option_label` turns a select id into its label.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar

from pydantic.dataclasses import dataclass

from .base import CONFIG, Model

__all__ = ["CustomField", "CustomFieldExtraData", "CustomFieldType", "CustomFieldValue", "SelectOption"]


class CustomFieldType(enum.StrEnum):
    """The data types of a custom field."""

    STRING = "string"
    URL = "url"
    DATE = "date"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    FLOAT = "float"
    MONETARY = "monetary"
    DOCUMENT_LINK = "documentlink"
    SELECT = "select"
    LONGTEXT = "longtext"


@dataclass(slots=True, kw_only=True, config=CONFIG)
class SelectOption:
    """One option of a select field: a stable ``id`` and a ``label``."""

    id: str | None = None
    label: str = ""


@dataclass(slots=True, kw_only=True, config=CONFIG)
class CustomFieldExtraData:
    """``extra_data`` of a field: select options, default currency."""

    select_options: list[SelectOption | None] | None = None
    default_currency: str | None = None

    def to_api(self) -> dict[str, Any]:
        """JSON for the API."""
        out: dict[str, Any] = {}
        if self.select_options is not None:
            out["select_options"] = [
                {"id": o.id, "label": o.label} if o.id else {"label": o.label}
                for o in self.select_options
                if o is not None
            ]
        if self.default_currency is not None:
            out["default_currency"] = self.default_currency
        return out


@dataclass(slots=True, kw_only=True, config=CONFIG)
class CustomField(Model):
    """A custom field definition (``/api/custom_fields/``)."""

    id: int
    name: str = ""
    data_type: str = "string"
    extra_data: CustomFieldExtraData | None = None
    document_count: int | None = None

    _writable: ClassVar[tuple[str, ...]] = ("name", "data_type", "extra_data")
    _service: ClassVar[str] = "custom_fields"

    def option_label(self, option_id: str | None) -> str | None:
        """The label of a select option id (None if unknown)."""
        if self.extra_data is None or not self.extra_data.select_options or option_id is None:
            return None
        for option in self.extra_data.select_options:
            if option is not None and option.id == option_id:
                return option.label
        return None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class CustomFieldValue:
    """A custom field value on a document: ``CustomFieldValue(field=3, value="ACME Corp")``."""

    field: int
    value: Any = None

    def to_api(self) -> dict[str, Any]:
        """``{"field": id, "value": value}``."""
        return {"field": self.field, "value": self.value}
