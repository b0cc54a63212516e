"""numpy query evaluation (articles/search/whoosh/matching.py) gives Whoosh's own matches and scores.

Each test builds a real Whoosh index in a temporary folder, in several segments and with deleted
documents, and compares the evaluator with Whoosh's search over every match.
"""

import random

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.fields import DATETIME, ID, KEYWORD, Schema
from whoosh.index import create_in

from articles.bangla.whoosh_analysis import BanglaBigrams, BanglaText
from articles.search.whoosh.matching import Evaluator, Postings, leaf_column, whoosh_scores

WORDS = "ইরান রাশিয়া ভারত সরকার নির্বাচন ঢাকা পুতিন আলোচনা বাজেট বন্যা প্রধানমন্ত্রী হাসিনা".split()
SUFFIXES = ["", "ের", "কে", "ে", "র"]


def _schema():
    return Schema(
        id=ID(stored=True, unique=True),
        text=BanglaText(stored=True),  # as the archive's schema: no positions, pairs for phrases
        bigrams=BanglaBigrams(),
        entities=KEYWORD(commas=True, lowercase=False),
        published=DATETIME(sortable=True),
    )


def _build(folder, codec=None):
    from datetime import datetime

    rng = random.Random(6)
    index = create_in(folder, _schema())
    number = 0
    for batch in range(3):  # three commits: three segments
        writer = index.writer(**({"codec": codec} if codec else {}))
        for _ in range(120):
            words = [rng.choice(WORDS) + rng.choice(SUFFIXES) for _ in range(rng.randint(3, 60))]
            body = " ".join(words)
            entities = ",".join(sorted({w for w in ("iran", "russia", "putin") if rng.random() < 0.3}))
            fields = {"id": str(number), "text": body, "bigrams": body, "entities": entities}
            if number % 7:  # some documents have no date
                fields["published"] = datetime(2010 + number % 15, 1 + number % 12, 1 + number % 28)
            writer.add_document(**fields)
            number += 1
        if batch == 2:
            for gone in range(0, number, 11):
                writer.delete_by_term("id", str(gone))
        writer.commit(merge=False)
    return index


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    index = _build(tmp_path_factory.mktemp("matching"))
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 3 and searcher.reader().has_deletions()
        yield searcher


QUERIES = [
    wq.Term("text", "ইরান"),
    wq.Term("text", "ইরান", boost=2.5),
    wq.Term("text", "নেই-এমন-শব্দ"),
    wq.Term("entities", "putin"),
    wq.Term("bigrams", "ইরান রাশিয়া"),
    wq.And([wq.Term("text", "ইরান"), wq.Term("text", "রাশিয়া")]),
    wq.And([wq.Term("text", "ইরান"), wq.Term("text", "নেই-এমন-শব্দ")]),
    wq.Or([wq.Term("text", "ইরান"), wq.Term("text", "ভারত"), wq.Term("entities", "iran")]),
    wq.Or([wq.Term("text", "পুতিন"), wq.Term("entities", "putin")], boost=1.5),
    wq.And([wq.Term("text", "ইরান"), wq.Not(wq.Term("text", "রাশিয়া"))]),
    wq.Not(wq.Term("text", "সরকার")),
    wq.And([wq.Or([wq.Term("text", "ইরান"), wq.Term("text", "ভারত")]), wq.Term("text", "আলোচনা")]),
    wq.Prefix("text", "প্রধান"),  # evaluated by Whoosh itself, combined with numpy
    wq.And([wq.Prefix("text", "রাশ"), wq.Term("text", "পুতিন")]),
    wq.Phrase("bigrams", ["ইরান রাশিয়া", "রাশিয়া ভারত"]),
    wq.Or([wq.Term("text", "ইরান")], boost=1.0),
]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_matches_and_scores_equal_whooshs(searcher, query):
    postings = Postings(searcher)
    live = postings.live()
    expected_docs, expected_scores = whoosh_scores(searcher, query)
    docs, scores = Evaluator(searcher, postings).evaluate(query)
    keep = live[docs]
    docs, scores = docs[keep], scores[keep]
    assert np.array_equal(docs, expected_docs)
    assert np.allclose(scores, expected_scores, rtol=1e-9, atol=0)


def test_and_not_removes_every_document_of_the_right_side(searcher):
    # Compared with the two sides as Whoosh matches them: Whoosh's own AndNotMatcher keeps a
    # document of the right side when that side's segment has deletions (doc 241 here).
    left, right = wq.Term("text", "ঢাকা"), wq.Term("text", "বন্যা")
    postings = Postings(searcher)
    live = postings.live()
    left_docs, left_scores = whoosh_scores(searcher, left)
    keep = ~np.isin(left_docs, whoosh_scores(searcher, right)[0])
    docs, scores = Evaluator(searcher, postings).evaluate(wq.AndNot(left, right))
    assert np.array_equal(docs[live[docs]], left_docs[keep])
    assert np.allclose(scores[live[docs]], left_scores[keep], rtol=1e-9, atol=0)
    assert 0 < len(left_docs[keep]) < len(left_docs)


def test_a_term_in_most_documents_is_not_empty(searcher):
    docs, scores = Evaluator(searcher).evaluate(wq.Term("text", "সরকার"))
    assert len(docs) > 100 and np.all(np.diff(docs) > 0) and np.all(scores > 0)


def test_posting_cache_returns_the_same_arrays_and_stays_within_its_budget(searcher):
    postings = Postings(searcher, cache_bytes=4096)
    first = postings.postings("text", "ইরান")
    assert postings.postings("text", "ইরান") is first or first[0].nbytes * 2 > 4096 // 4
    for word in WORDS:
        postings.postings("text", word)
    assert postings._cached_size <= 4096


def test_live_mask_and_date_column_read_every_segment(searcher):
    from whoosh.util.times import datetime_to_long

    postings = Postings(searcher)
    live = postings.live()
    reader = searcher.reader()
    assert [bool(x) for x in live] == [not reader.is_deleted(d) for d in range(reader.doc_count_all())]
    column = np.concatenate([leaf_column(leaf, "published") for leaf, _offset in postings.leaves])
    slow = list(reader.column_reader("published", translate=False))
    assert len(column) == len(slow)
    assert all(int(a) == (b if b < 2**63 else b - 2**64) for a, b in zip(column, slow, strict=True))
    stored = searcher.stored_fields(1)  # document 1 has a date (only multiples of 7 have none)
    assert stored["id"] == "1"
    from datetime import datetime

    assert column[1] == datetime_to_long(datetime(2011, 2, 2))
    assert leaf_column(postings.leaves[0][0], "no-such-field") is None


def test_field_lengths_are_whooshs(searcher):
    postings = Postings(searcher)
    lengths = postings.lengths("text")
    reader = searcher.reader()
    for docnum in range(0, reader.doc_count_all(), 17):
        assert lengths[docnum] == (reader.doc_field_length(docnum, "text") or 0)


def test_the_archive_codec_gives_the_same_matches_and_scores(searcher, tmp_path):
    # (Whoosh's own top-N search, which skips blocks by the statistics this codec leaves out, is
    # not exact even with them: for Or([পুতিন, entities:putin], boost=1.5) and ইরান AND NOT রাশিয়া
    # on this index its top 10 differs from sorting every score. The archive never uses it.)
    from articles.search.whoosh.codec import ArchiveCodec

    with _build(tmp_path, ArchiveCodec()).searcher() as other:
        for query in QUERIES:
            docs, scores = Evaluator(searcher).evaluate(query)
            other_docs, other_scores = Evaluator(other).evaluate(query)
            assert np.array_equal(docs, other_docs) and np.allclose(scores, other_scores, rtol=1e-12)


@pytest.mark.parametrize("size", [10**6, 400])  # sparse lists in a large index; dense in a small one
def test_union_and_intersection_sum_the_scores_of_each_list(size):
    from articles.search.whoosh.matching import _intersect, _union

    rng = np.random.default_rng(size)
    parts = []
    for count in (50, 300, 120):
        docs = np.sort(rng.choice(400, size=count, replace=False)).astype(np.int64)
        parts.append((docs, rng.random(count)))
    expected_union, expected_both = {}, None
    for docs, scores in parts:
        for d, sc in zip(docs.tolist(), scores.tolist(), strict=True):
            expected_union[d] = expected_union.get(d, 0.0) + sc
        expected_both = set(docs.tolist()) if expected_both is None else expected_both & set(docs.tolist())
    docs, scores = _union(parts, size)
    assert docs.tolist() == sorted(expected_union)
    assert np.allclose(scores, [expected_union[d] for d in docs.tolist()])
    docs, scores = _intersect(parts, size)
    assert docs.tolist() == sorted(expected_both)
    assert np.allclose(scores, [expected_union[d] for d in docs.tolist()])
