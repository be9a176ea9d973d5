"""A tag change over one or many documents: which tags to add, which to remove, which to create.

The tag picker is tri-state, like the web UI's bulk editor: each tag is now on all, some or none of
the target documents, and the user cycles it between "add", "remove" and "leave as it is". Cycling
skips what would change nothing: a tag on every document cannot be added, one on none cannot be
removed. `TagChange` is what the picker returns; `TagPlan` is the state while it is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Presence(Enum):
    """Where a tag is now, over the target documents."""

    ALL = "all"
    SOME = "some"
    NONE = "none"


class Pending(Enum):
    """What the user asked for a tag."""

    LEAVE = "leave"
    ADD = "add"
    REMOVE = "remove"


@dataclass(frozen=True)
class TagChange:
    """What to do: add these tags, remove these, create these new names (and add them)."""

    add: frozenset[int] = frozenset()
    remove: frozenset[int] = frozenset()
    create: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.add or self.remove or self.create)

    def apply(self, tags: frozenset[int] | set[int] | list[int]) -> list[int]:
        """One document's tags after the change (new tags not included: they have no id yet)."""
        result = [tag for tag in tags if tag not in self.remove]
        result += sorted(tag for tag in self.add if tag not in result)
        return result


def presence(count: int, total: int) -> Presence:
    if count <= 0:
        return Presence.NONE
    return Presence.ALL if count >= total else Presence.SOME


@dataclass
class TagPlan:
    """The picker's state: per tag, how many documents have it, and what the user chose."""

    counts: Mapping[int, int]
    total: int
    pending: dict[int, Pending] = field(default_factory=dict)
    create: list[str] = field(default_factory=list)

    def presence(self, tag: int) -> Presence:
        return presence(self.counts.get(tag, 0), self.total)

    def state(self, tag: int) -> Pending:
        return self.pending.get(tag, Pending.LEAVE)

    def cycle(self, tag: int) -> Pending:
        """leave → add → remove → leave, skipping the step that would change nothing."""
        now = self.presence(tag)
        steps = {
            Presence.NONE: (Pending.LEAVE, Pending.ADD),
            Presence.ALL: (Pending.LEAVE, Pending.REMOVE),
            Presence.SOME: (Pending.LEAVE, Pending.ADD, Pending.REMOVE),
        }[now]
        current = self.state(tag)
        following = steps[(steps.index(current) + 1) % len(steps)] if current in steps else Pending.LEAVE
        if following is Pending.LEAVE:
            self.pending.pop(tag, None)
        else:
            self.pending[tag] = following
        return following

    def toggle_create(self, name: str) -> bool:
        """Add or drop a new tag name to create; True when it is now to be created."""
        key = name.casefold()
        for existing in self.create:
            if existing.casefold() == key:
                self.create.remove(existing)
                return False
        self.create.append(name)
        return True

    @property
    def changed(self) -> bool:
        return bool(self.pending or self.create)

    def change(self) -> TagChange:
        return TagChange(
            add=frozenset(tag for tag, want in self.pending.items() if want is Pending.ADD),
            remove=frozenset(tag for tag, want in self.pending.items() if want is Pending.REMOVE),
            create=tuple(self.create),
        )

    def summary(self) -> str:
        """'add 2 · remove 1 · create 1 on 5 documents' (empty when nothing is chosen)."""
        change = self.change()
        parts = []
        if change.add:
            parts.append(f"add {len(change.add)}")
        if change.remove:
            parts.append(f"remove {len(change.remove)}")
        if change.create:
            parts.append(f"create {len(change.create)}")
        if not parts:
            return ""
        documents = "document" if self.total == 1 else "documents"
        return " · ".join(parts) + f" on {self.total} {documents}"
