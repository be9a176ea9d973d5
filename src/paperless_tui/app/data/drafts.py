"""Unsaved drafts kept on disk until the server has them: a note being written, an edit form's values.

Nothing the user typed is lost: a note or a form that could not be saved (server down, 5xx, timeout,
permission denied, the app killed) stays in the platform's state folder (`locations.state_dir()`,
`drafts/`, one JSON file per draft, mode 0600) until it is saved or the user discards it, and is offered
again on the next start. A draft is keyed by the profile (else the server URL: `Connection.state_key`)
and the document id, so it comes back for the right server and document only; file names carry a hash
of the profile, never the URL itself.

`DraftStore` reads and writes off the event loop (in a thread, one write at a time). `already_saved` is
the idempotency guard of a retry: a draft that was sent once with an unclear outcome (a timeout, a
dropped connection, a 5xx after the server may have stored it) is saved again only if the document's
notes hold no identical note by this user written since that first attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from paperless_tui.app.data.config import write_private
from paperless_tui.app.data.locations import state_dir

DRAFTS_VERSION = 1
CLOCK_SLACK_SECONDS = 120.0
"""How far the server's clock may be behind ours when matching a note against a draft's first attempt."""

Kind = Literal["note", "form"]


@dataclass(frozen=True)
class NoteDraft:
    """A note not (known to be) saved yet."""

    profile: str
    doc_id: int
    text: str
    title: str = ""
    """The document's title when the draft was written (to name it in the list of pending drafts)."""
    started: float = field(default_factory=time.time)
    first_attempt: float | None = None
    """When it was first sent (epoch seconds); None while it was never sent."""
    attempts: int = 0
    error: str = ""
    """Why the last attempt failed, in the user's words."""

    kind: Literal["note"] = "note"

    def attempted(self, now: float | None = None) -> NoteDraft:
        """The draft as it is about to be sent (once more)."""
        when = time.time() if now is None else now
        first = self.first_attempt if self.first_attempt is not None else when
        return replace(self, first_attempt=first, attempts=self.attempts + 1)


@dataclass(frozen=True)
class FormDraft:
    """An edit form's values (as typed, field name -> text or ids) not saved yet."""

    profile: str
    doc_id: int
    values: dict[str, Any]
    base_modified: str = ""
    """The document's `modified` the form was opened on (ISO), to tell a concurrent edit."""
    title: str = ""
    started: float = field(default_factory=time.time)
    error: str = ""

    kind: Literal["form"] = "form"


Draft = NoteDraft | FormDraft


def drafts_folder(base: Path | None = None) -> Path:
    return (base if base is not None else state_dir()) / "drafts"


def _profile_hash(profile: str) -> str:
    return hashlib.sha256(profile.encode("utf-8")).hexdigest()[:16]


def draft_path(profile: str, doc_id: int, kind: Kind, base: Path | None = None) -> Path:
    """Where the draft of `kind` for document `doc_id` of `profile` lives."""
    return drafts_folder(base) / f"{kind}-{_profile_hash(profile)}-{int(doc_id)}.json"


_WRITING = threading.Lock()  # `write_private` names its temporary file by process: one write at a time


def write_draft(draft: Draft, base: Path | None = None) -> Path:
    """Keep `draft` on disk (replacing the one for the same profile, document and kind)."""
    path = draft_path(draft.profile, draft.doc_id, draft.kind, base)
    text = json.dumps({"version": DRAFTS_VERSION, **asdict(draft)}, indent=1)  # ASCII: every char escaped
    with _WRITING:
        write_private(path, text)
    return path


def _parse(data: Any) -> Draft | None:
    if not isinstance(data, dict) or data.get("version") != DRAFTS_VERSION:
        return None
    body = {key: value for key, value in data.items() if key != "version"}
    try:
        if body.get("kind") == "note" and isinstance(body.get("text"), str):
            return NoteDraft(**body)
        if body.get("kind") == "form" and isinstance(body.get("values"), dict):
            return FormDraft(**body)
    except TypeError:  # a field this version does not know
        return None
    return None


def _read(path: Path) -> Draft | None:
    try:
        return _parse(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def read_draft(profile: str, doc_id: int, kind: Kind, base: Path | None = None) -> Draft | None:
    """The kept draft, or None (none kept, or the file is unreadable)."""
    draft = _read(draft_path(profile, doc_id, kind, base))
    if draft is None or draft.profile != profile or draft.doc_id != doc_id:
        return None
    return draft


def remove_draft(profile: str, doc_id: int, kind: Kind, base: Path | None = None) -> None:
    """Forget the draft (saved, or discarded by the user)."""
    with _WRITING, contextlib.suppress(OSError):
        draft_path(profile, doc_id, kind, base).unlink(missing_ok=True)


def pending_drafts(profile: str, base: Path | None = None) -> list[Draft]:
    """Every draft kept for `profile`, oldest first."""
    folder = drafts_folder(base)
    found: list[Draft] = []
    with contextlib.suppress(OSError):
        for path in folder.glob(f"*-{_profile_hash(profile)}-*.json"):
            draft = _read(path)
            if draft is not None and draft.profile == profile:
                found.append(draft)
    return sorted(found, key=lambda draft: (draft.started, draft.doc_id, draft.kind))


def _note_user_id(note: Any) -> int | None:
    user = getattr(note, "user", None)
    if isinstance(user, int):
        return user
    number = getattr(user, "id", None)
    return number if isinstance(number, int) else None


def already_saved(draft: NoteDraft, notes: Iterable[Any], user_id: int | None) -> bool:
    """Whether an earlier attempt of `draft` reached the server after all: an identical note (by
    `user_id`, when known) created since the draft's first attempt. Never for a draft not yet sent."""
    if draft.first_attempt is None:
        return False
    since = draft.first_attempt - CLOCK_SLACK_SECONDS
    wanted = draft.text.strip()
    for note in notes:
        created = getattr(note, "created", None)
        if getattr(note, "note", None) is None or str(note.note).strip() != wanted:
            continue
        if user_id is not None and _note_user_id(note) not in (None, user_id):
            continue
        if created is None or created.timestamp() >= since:
            return True
    return False


class DraftStore:
    """The drafts of one profile, read and written in a thread (the event loop never waits on disk)."""

    def __init__(self, profile: str, base: Path | None = None) -> None:
        self.profile = profile
        self._base = base

    async def put(self, draft: Draft) -> None:
        await asyncio.to_thread(write_draft, draft, self._base)

    async def note(self, doc_id: int) -> NoteDraft | None:
        draft = await asyncio.to_thread(read_draft, self.profile, doc_id, "note", self._base)
        return draft if isinstance(draft, NoteDraft) else None

    async def form(self, doc_id: int) -> FormDraft | None:
        draft = await asyncio.to_thread(read_draft, self.profile, doc_id, "form", self._base)
        return draft if isinstance(draft, FormDraft) else None

    async def remove(self, kind: Kind, doc_id: int) -> None:
        await asyncio.to_thread(remove_draft, self.profile, doc_id, kind, self._base)

    async def pending(self) -> list[Draft]:
        return await asyncio.to_thread(pending_drafts, self.profile, self._base)
