"""Pages deep inside a common word's hits come from its marks (demo/middle_page.py): the same rows, in the
same order, as sorting every hit, before and after writes that leave the marks stale."""

from __future__ import annotations

import pytest

from paperless_tui.demo import impact, middle_page
from paperless_tui.demo.generate import generate_archive
from paperless_tui.demo.store import Store

COUNTED = "SELECT term FROM fts_impact_counts WHERE " + " AND ".join(  # the terms with rows
    f"term NOT GLOB '{column}:*'" for column in impact.ROWLESS
)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(middle_page, "MARK", 3)  # a mark every 3 rows: windows of a few rows
    store = Store(tmp_path / "demo.sqlite3", impact_min_docs=1)
    store.load_archive(generate_archive(docs=120))
    yield store
    store.close()


def sorted_hits(store: Store, term: str) -> tuple[tuple[float, float], list[tuple[int, float]]]:
    """(idf, avgdl) and every row of `term` by relevance (b, id descending), scored as the search is."""
    score = impact.score_params(store.db, impact.count(store.db, term))
    sql = f"SELECT doc, {impact.SCORE_SQL} AS b FROM fts_impact WHERE term = ? ORDER BY b, doc DESC"
    return score, [(int(r), float(b)) for r, b in store.db.execute(sql, (*score, term))]


def test_every_page_from_the_marks_is_the_sorted_page(store: Store, monkeypatch) -> None:
    placed: list[str] = []  # terms whose marks were placed (by a sort)
    place = middle_page._sorted_and_marked
    monkeypatch.setattr(
        middle_page, "_sorted_and_marked", lambda db, ask: placed.append(ask.term) or place(db, ask)
    )
    terms = [t for (t,) in store.db.execute(f"{COUNTED} ORDER BY n DESC")]
    words = [t for t in terms if not t.endswith("*")]
    prefix = next(t for t in terms if t.endswith("*") and t[0].isalpha())
    chosen = [words[0], words[len(words) // 2], prefix]

    def check(excluded: list[int]) -> None:
        tied = 0
        for term in chosen:
            score, rows = sorted_hits(store, term)
            tied += len({b for _, b in rows}) < len(rows)  # equal scores, ordered by id
            hits = [r for r in rows if r[0] not in excluded]
            for size in (1, 4):
                for offset in range(len(hits) + 2):
                    got = middle_page.page(store.db, middle_page.Ask(term, score, offset, size, excluded))
                    assert got == hits[offset : offset + size], (term, offset, size)
        assert tied

    check([])
    assert placed == chosen  # each term's first page placed its marks; the others came from them
    marks = "SELECT count(*) FROM fts_impact_marks WHERE term = ?"
    assert store.db.execute(marks, (words[0],)).fetchone()[0] == -(-impact.count(store.db, words[0]) // 3)
    _, rows = sorted_hits(store, words[0])
    placed.clear()
    check([*(r for r, _ in rows[:16:2]), rows[-1][0], 10**9])  # left out: ids among the rows, and not
    assert placed == []
    with store.write() as db:  # the marks are stale: new best documents, a purge, a longer average
        db.execute("UPDATE docs SET title = title || ' invoice invoice rechnung' WHERE id IN (7, 8, 9)")
        store.reindex(db, [7, 8, 9])
        store.purge_document(db, rows[len(rows) // 2][0])
        new = {**store.doc_dict(1), "id": None, "title": "invoice", "content": "lang " * 3000}
        for n in range(4):
            store.insert_document(db, {**new, "checksum": f"{n:032x}"})
    check([rows[1][0]])
    assert placed  # some page missed the stale marks and placed them anew
    placed.clear()
    check([rows[1][0]])
    assert placed == []  # from then on the new marks answer every page
    with store.write() as db:
        impact.build(db, 1)
    assert store.db.execute("SELECT count(*) FROM fts_impact_marks").fetchone()[0] == 0  # rows rebuilt


def test_a_write_transaction_reads_pages_without_placing_marks(store: Store) -> None:
    term = store.db.execute(f"{COUNTED} ORDER BY n DESC").fetchone()[0]
    score, rows = sorted_hits(store, term)
    with store.write() as db:
        assert middle_page.page(db, middle_page.Ask(term, score, 10, 5, [])) == rows[10:15]
    assert store.db.execute("SELECT count(*) FROM fts_impact_marks").fetchone()[0] == 0


def test_a_locked_archive_answers_the_page_and_places_the_marks_later(store: Store, tmp_path) -> None:
    import sqlite3

    term = store.db.execute(f"{COUNTED} ORDER BY n DESC").fetchone()[0]
    score, rows = sorted_hits(store, term)
    store.db.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(tmp_path / "demo.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writes
    assert middle_page.page(store.db, middle_page.Ask(term, score, 10, 5, [])) == rows[10:15]
    assert not store.db.in_transaction
    other.execute("ROLLBACK")
    other.close()
    assert store.db.execute("SELECT count(*) FROM fts_impact_marks").fetchone()[0] == 0
    assert middle_page.page(store.db, middle_page.Ask(term, score, 10, 5, [])) == rows[10:15]
    assert store.db.execute("SELECT count(*) FROM fts_impact_marks").fetchone()[0] > 0


def test_every_page_of_a_word_not_others_comes_from_the_word_s_marks(store: Store) -> None:
    """A word NOT others (one with rows, one without: FTS5 finds its documents) places the word's marks
    on its first deep page, then answers every page from them: the same rows, in the same order, as the
    word's hits less the others' documents sorted; also with ids left out, and after writes."""
    cols = "title content correspondent type tags notes custom_fields"
    terms = [t for (t,) in store.db.execute(f"{COUNTED} ORDER BY n DESC")]
    words = [t for t in terms if t.isalpha()]
    term, other = words[0], words[len(words) // 2]
    rare = store.db.execute(  # the word without rows found in most documents of `term`
        "SELECT v.term FROM fts_vocab v WHERE v.term NOT IN (SELECT term FROM fts_impact_terms) "
        "AND v.term GLOB '[a-z]*' ORDER BY v.doc DESC LIMIT 1"
    ).fetchone()[0]
    unless = [(f'({{{cols}}} : "{other}")', other), (f'({{{cols}}} : "{rare}")', None)]

    def check(excluded: list[int]) -> None:
        score, rows = sorted_hits(store, term)
        left = {
            r for (r,) in store.db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (f"{other} OR {rare}",))
        }
        assert left & {r for r, _ in rows[: len(rows) // 2]}  # (some of them rank high)
        hits = [r for r in rows if r[0] not in left and r[0] not in excluded]
        for size in (1, 4):
            for offset in range(len(hits) + 2):
                ask = middle_page.Ask(term, score, offset, size, excluded, unless)
                assert middle_page.page(store.db, ask) == hits[offset : offset + size], (offset, size)

    check([])
    _, rows = sorted_hits(store, term)
    check([rows[2][0], rows[-1][0]])
    with store.write() as db:  # stale marks: a page they miss is None (the search sorts it)
        db.execute("UPDATE docs SET title = title || ? WHERE id IN (7, 8, 9)", (f" {term} {term}",))
        store.reindex(db, [7, 8, 9])
    score, rows = sorted_hits(store, term)
    left = {
        r for (r,) in store.db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (f"{other} OR {rare}",))
    }
    hits = [r for r in rows if r[0] not in left]
    for offset in range(len(hits)):
        got = middle_page.page(store.db, middle_page.Ask(term, score, offset, 2, [], unless))
        assert got is None or got == hits[offset : offset + 2], offset
