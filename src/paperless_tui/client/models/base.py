"""Base of every API model: slotted pydantic dataclasses, change tracking, JSON conversion, pages.

Models are ``pydantic.dataclasses.dataclass(slots=True, kw_only=True)``: validated in one pass from the
response bytes (``TypeAdapter.validate_json``) and much smaller than ``BaseModel`` instances (no
``__dict__``, no fields-set set). Unknown keys are ignored, so newer servers do not break older clients.

Lazy rows: a list service may hand out objects that carry only their ``id`` plus a reference to the
undecoded page they came in (``_lazy``, an object with a ``load()`` method). Reading any other field
decodes and validates the whole page once (``__getattr__`` runs only for a field not set yet) and fills
every object of that page; after that, fields are plain slots again. Assigning a field, a snapshot, a
copy or a pickle decode first, so they never see a half-filled object.

Change tracking, for ``update(only_changed=True)``: assigning a public attribute records its original
value once; objects fetched one by one (``paperless.tags(3)``) also keep a snapshot of their writable
fields, so in-place edits such as ``doc.tags.append(5)`` are seen too. Objects that came in a list only
track assignments (``doc.tags = [*doc.tags, 5]``), which keeps iteration lean.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pydantic import ConfigDict, TypeAdapter
from pydantic.dataclasses import dataclass

if TYPE_CHECKING:
    from ..client import Paperless

__all__ = ["CONFIG", "Model", "Page", "adapter", "to_api"]

#: Config shared by all models: fields are filled by name or by their API alias. ``defer_build`` keeps
#: importing the client cheap: a model's validator is built the first time it is used, not at import.
CONFIG = ConfigDict(validate_by_name=True, validate_by_alias=True, defer_build=True)
_DEFERRED = ConfigDict(defer_build=True)


def adapter(tp: Any) -> TypeAdapter[Any]:
    """A ``TypeAdapter`` for ``tp`` (a model, ``list[Model]``, ``Page[Model]``) built on first use."""
    if isinstance(tp, type):  # a model class: its own config already defers the build
        return TypeAdapter(tp)
    return TypeAdapter(tp, config=_DEFERRED)


_PRIVATE = dataclasses.field(default=None, init=False, repr=False, compare=False)


def to_api(value: Any) -> Any:
    """A model value as JSON for the API (dates as ISO strings, nested models via their ``to_api``)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    to = getattr(value, "to_api", None)
    if callable(to):
        return to()
    if isinstance(value, list | tuple):
        return [to_api(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_api(v) for k, v in value.items()}
    return value


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Model:
    """Base class of the resource models (tags, documents, ...): knows its client and its changes."""

    _api: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)
    _changed: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)
    _snapshot: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)
    _lazy: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)

    #: Fields sent on update/create (the writable ones), in API names.
    _writable: ClassVar[tuple[str, ...]] = ()
    #: Name of the client attribute that serves this model (``"tags"``), for ``paperless.update(model)``.
    _service: ClassVar[str] = ""

    if not TYPE_CHECKING:  # (hidden from type checkers, which would otherwise accept any attribute name)

        def __getattr__(self, name: str) -> Any:
            """Only called for a slot that is not set: a lazy row's field (decode its page) or a private
            slot of such a row (its default, None)."""
            if name[0] == "_":
                if name in type(self).__dataclass_fields__:
                    return None
            else:
                try:
                    lazy = object.__getattribute__(self, "_lazy")
                except AttributeError:
                    lazy = None
                if lazy is not None:
                    lazy.load()
                    return object.__getattribute__(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _load(self) -> None:
        """Decode the page of a lazy row now (nothing to do for any other object)."""
        try:
            lazy = object.__getattribute__(self, "_lazy")
        except AttributeError:
            return
        if lazy is not None:
            lazy.load()

    def __getstate__(self) -> Any:
        self._load()
        return object.__getstate__(self)

    def __setattr__(self, name: str, value: Any) -> None:
        if name[0] != "_":
            self._load()
            try:
                changed = object.__getattribute__(self, "_changed")
            except AttributeError:
                changed = None
            if changed is None:
                changed = {}
                object.__setattr__(self, "_changed", changed)
            if name not in changed:
                try:
                    changed[name] = object.__getattribute__(self, name)
                except AttributeError:
                    changed[name] = dataclasses.MISSING
        object.__setattr__(self, name, value)

    # -- change tracking ---------------------------------------------------------------------------

    def take_snapshot(self) -> None:
        """Remember the writable fields as they are now (deep copies), to detect in-place edits."""
        object.__setattr__(
            self, "_snapshot", {name: copy.deepcopy(getattr(self, name, None)) for name in self._writable}
        )
        object.__setattr__(self, "_changed", None)

    def changed_fields(self) -> dict[str, Any]:
        """Writable fields whose value differs from what the server sent: name -> current value."""
        changed: dict[str, Any] = self._changed or {}
        snapshot: dict[str, Any] = self._snapshot or {}
        out: dict[str, Any] = {}
        for name in self._writable:
            if name in snapshot:
                original = snapshot[name]
            elif name in changed:
                original = changed[name]
            else:
                continue
            current = getattr(self, name, None)
            if current != original:
                out[name] = current
        return out

    def writable_fields(self) -> dict[str, Any]:
        """All writable fields with their current values (for a full ``PUT``)."""
        return {name: getattr(self, name, None) for name in self._writable}

    def refresh_from(self, other: Model) -> None:
        """Take every field value of ``other`` (the server's answer) and forget recorded changes."""
        self._load()
        for f in dataclasses.fields(self):
            if f.name[0] != "_":
                object.__setattr__(self, f.name, getattr(other, f.name))
        object.__setattr__(self, "_changed", None)
        if self._snapshot is not None:
            self.take_snapshot()

    def bind(self, api: Paperless) -> None:
        """Attach the client that fetched this object (done by the services)."""
        object.__setattr__(self, "_api", api)

    @property
    def paperless(self) -> Paperless:
        """The client this object belongs to."""
        if self._api is None:
            raise RuntimeError(f"{type(self).__name__} is not bound to a Paperless client")
        api: Paperless = self._api
        return api


T = TypeVar("T")


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Page(Generic[T]):
    """One page of a list endpoint: ``count`` items in total, this page's ``results``.

    ``current_page`` and ``page_size`` are the values we asked for; ``all`` is the id list API v9 adds.
    """

    count: int = 0
    next: str | None = None
    previous: str | None = None
    results: list[T] = dataclasses.field(default_factory=list)
    all: list[int] | None = None
    corrected_query: str | None = None
    current_page: int = dataclasses.field(default=1, init=False)
    page_size: int = dataclasses.field(default=0, init=False)

    def __iter__(self) -> Iterator[T]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    @property
    def items(self) -> list[T]:
        """The objects on this page."""
        return self.results

    @property
    def has_next_page(self) -> bool:
        """True if another page follows."""
        return self.next is not None

    @property
    def has_previous_page(self) -> bool:
        """True if a page comes before this one."""
        return self.current_page > 1

    @property
    def last_page(self) -> int:
        """Number of the last page (1 for an empty result)."""
        if self.page_size <= 0:
            return self.current_page
        return max(1, -(-self.count // self.page_size))
