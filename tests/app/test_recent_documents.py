"""The recent-documents LRU: kept per client, the oldest dropped first, forgotten on request."""

from __future__ import annotations

from paperless_tui.app.models.recent_documents import RecentDocuments


def test_kept_per_client_and_the_oldest_dropped():
    recent = RecentDocuments(size=2)
    client, other = object(), object()
    recent.put(client, 1, "one")
    recent.put(client, 2, "two")
    assert recent.get(client, 1) == "one"  # 1 is now the newest
    recent.put(client, 3, "three")
    assert (
        recent.get(client, 2) is None and recent.get(client, 1) == "one" and recent.get(client, 3) == "three"
    )
    recent.forget(3)
    assert recent.get(client, 3) is None
    assert recent.get(other, 1) is None  # another client (URL, user) starts empty
    assert recent.get(client, 1) is None
