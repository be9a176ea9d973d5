"""The last hits of several common words OR-ed come from each word's least shares (demo/last_hits.py): the
same rows, in the same order, as summing every document's shares and sorting them from the end."""

from __future__ import annotations

from paperless_tui.demo import impact, last_hits
from paperless_tui.demo.generate import generate_archive
from paperless_tui.demo.routes.doc_search import REVERSED
from paperless_tui.demo.store import Store

COLUMNS = "title content correspondent type tags notes custom_fields"


def test_the_last_hits_of_words_or_ed_are_those_of_the_whole_sum(tmp_path) -> None:
    store = Store(tmp_path / "demo.sqlite3", impact_min_docs=1)
    store.load_archive(generate_archive(docs=300))

    def count_rows(term: str) -> int:
        return impact.count(store.db, term)

    words = [
        term
        for (term,) in store.db.execute(
            "SELECT term FROM fts_impact_counts WHERE term GLOB '[a-z][a-z][a-z]*' AND term NOT GLOB '*[*]' "
            "AND term NOT GLOB '*:*' AND n BETWEEN 60 AND 150 ORDER BY n DESC"
        )
    ]
    assert len(words) > 6
    told = untold = 0
    for chosen in (
        [words[0], words[1]],
        [words[1], words[0]],
        [words[2], words[-1], words[3]],
        [words[4]] * 2,
    ):
        phrases = [(f'({{{COLUMNS}}} : "{w}")', w) for w in chosen]
        sql, params = impact.phrases_sql(store.db, phrases, count_rows, REVERSED)
        ending = [(int(r), float(b)) for r, b in store.db.execute(sql, params)]
        for k in range(1, 60):
            last = last_hits.last(store.db, phrases, count_rows, k)
            assert last is None or last == ending[:k], (chosen, k)
            if 16 * k + 16 < min(count_rows(w) for w in chosen):  # from lists short of every row
                told += last is not None
                untold += last is None
    assert told > 20, (told, untold)
    with_rare = [(f'({{{COLUMNS}}} : "{words[0]}")', words[0]), (f'({{{COLUMNS}}} : "zzq")', None)]
    assert last_hits.last(store.db, with_rare, count_rows, 5) is None  # a phrase without rows
    store.close()
