"""The Solr engine's cache of analysed terms (articles/search/solr/terms_cache.py): a rebuild reads
back what an import analysed, a changed text is analysed again, a broken file only costs speed."""

import sqlite3

from articles.bangla.analysis import analyze
from articles.search.solr.terms_cache import TermsCache, analyzer_fingerprint

TEXTS = {
    1: "নির্বাচন কমিশনের সভায় ভোটের তারিখ ঠিক হলো",
    2: "নদীর পানি বেড়েছে, নদীতে নৌকা চলছে না",
    3: "Dhaka's traffic and the নির্বাচন",
}


def rows(cache):
    with sqlite3.connect(cache.path) as db:
        return dict(db.execute("SELECT pk, terms FROM terms").fetchall())


def test_terms_are_the_analyzers_and_are_kept(tmp_path):
    cache = TermsCache(tmp_path)
    items = list(TEXTS.items())
    assert cache.terms(items) == [" ".join(analyze(text)) for text in TEXTS.values()]
    assert set(rows(cache)) == set(TEXTS)
    assert analyzer_fingerprint() in cache.path.name
    # Read back by a fresh cache on the same folder (another process, a later rebuild).
    again = TermsCache(tmp_path)
    assert again.terms(items) == cache.terms(items)


def test_a_changed_text_is_analysed_again(tmp_path):
    cache = TermsCache(tmp_path)
    cache.terms(list(TEXTS.items()))
    before = rows(cache)[2]
    assert cache.terms([(2, "শীতের সকালে কৃষকেরা মাঠে")]) == [" ".join(analyze("শীতের সকালে কৃষকেরা মাঠে"))]
    assert rows(cache)[2] != before
    # No key (a document that is not an article): analysed, never stored.
    assert cache.terms([(None, TEXTS[1])]) == [" ".join(analyze(TEXTS[1]))]
    assert None not in rows(cache)


def test_an_analyzer_change_starts_a_new_file(tmp_path):
    stale = tmp_path / "terms-000000000000.sqlite3"
    stale.write_bytes(b"old analyzer's terms")
    cache = TermsCache(tmp_path)
    cache.terms(list(TEXTS.items()))
    assert not stale.exists() and cache.path.exists()


def test_a_damaged_file_only_costs_the_speed_up(tmp_path):
    cache = TermsCache(tmp_path)
    cache.path.write_bytes(b"not a database" * 100)
    assert cache.terms(list(TEXTS.items())) == [" ".join(analyze(t)) for t in TEXTS.values()]
    assert cache.broken
