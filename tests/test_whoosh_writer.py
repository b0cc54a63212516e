"""The numpy segment writer (articles/search/whoosh/writer.py) writes what Whoosh's own writer writes.

Each test indexes the same documents with Whoosh's SegmentWriter and with ours, into real indexes in
temporary folders, and compares the files byte for byte, or everything a reader gets from them.
"""

import random
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from whoosh.index import create_in
from whoosh.writing import IndexingError, SegmentWriter

from articles.search.whoosh import writer as whoosh_writer
from articles.search.whoosh.codec import ArchiveCodec
from articles.search.whoosh.matching import Evaluator
from articles.search.whoosh.writer import ArchiveMpWriter, ArchiveSegmentWriter
from tests.test_matching import QUERIES, SUFFIXES, WORDS, _schema


def _documents(count=700, seed=3):
    rng = random.Random(seed)
    rare = [f"বিরল{n}" for n in range(400)]
    docs = []
    for number in range(count):
        words = [rng.choice(WORDS) + rng.choice(SUFFIXES) for _ in range(rng.randint(0, 80))]
        if rng.random() < 0.5:
            words.insert(rng.randint(0, len(words)), rng.choice(rare))
        body = " ".join(words)
        doc = {"id": str(number), "text": body, "bigrams": body}
        doc["entities"] = ",".join(sorted({w for w in ("iran", "russia", "putin") if rng.random() < 0.3}))
        if number % 5:
            doc["published"] = datetime(2010 + number % 15, 1 + number % 12, 1 + number % 28)
        if number % 13 == 0:
            doc["_text_boost"] = 1.5  # weights that are not whole numbers
        if number % 17 == 0:
            doc["text"] = doc["bigrams"] = None  # a document without a body
        if number % 19 == 0:
            doc["text"] = doc["bigrams"] = "ইরান"  # one word: no pairs
        docs.append(doc)
    return docs


def _index(folder, writer_class, docs, **options):
    folder.mkdir(exist_ok=True)
    index = create_in(folder, _schema())
    writer = writer_class(index, codec=ArchiveCodec(), compound=False, **options)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(merge=False)
    return index


def _segment_files(folder):
    # MAIN_<segment id>.<what>: the segment ids differ, the rest must not.
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in Path(folder).iterdir()
        if path.name.startswith("MAIN_") and "." in path.name
    }


def test_the_segment_files_are_whooshs_byte_for_byte(tmp_path, monkeypatch):
    docs = _documents()
    _index(tmp_path / "whoosh", SegmentWriter, docs)
    monkeypatch.setattr(ArchiveSegmentWriter, "identical_to_whoosh", True)
    _index(tmp_path / "ours", ArchiveSegmentWriter, docs)
    theirs, ours = _segment_files(tmp_path / "whoosh"), _segment_files(tmp_path / "ours")
    assert {"pst", "trm", "_stored.col", "_text_len.col", "_bigrams_len.col"} <= set(theirs)
    assert sorted(ours) == sorted(theirs)
    for name, content in theirs.items():
        assert ours[name] == content, name


def _postings(reader):
    """Every term of every field with its statistics and every posting (document, weight, value)."""
    found = {}
    for field, text in reader.all_terms():
        info = reader.term_info(field, text)
        matcher = reader.postings(field, text)
        postings = []
        while matcher.is_active():
            postings.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        stats = (info.weight(), info.doc_frequency(), info.max_weight(), info.min_id(), info.max_id())
        found[field, text] = (stats, postings)
    return found


def test_the_faster_blocks_read_back_the_same(tmp_path):
    # By default blocks are pickled with protocol 5 and small ones are not compressed: other bytes,
    # the same postings, statistics, matches and scores.
    docs = _documents()
    whooshs = _index(tmp_path / "whoosh", SegmentWriter, docs)
    ours = _index(tmp_path / "ours", ArchiveSegmentWriter, docs)
    assert _segment_files(tmp_path / "whoosh")["pst"] != _segment_files(tmp_path / "ours")["pst"]
    with whooshs.searcher() as expected, ours.searcher() as actual:
        theirs = _postings(expected.reader())
        assert max(stats[1] for stats, _ in theirs.values()) > 128  # terms of several blocks
        pairs = [weight for (field, _), (_, p) in theirs.items() if field == "bigrams" for _, weight, _ in p]
        assert max(pairs) > 1  # a pair twice in a document: several positions in one posting
        assert _postings(actual.reader()) == theirs
        for query in QUERIES:
            expected_docs, expected_scores = Evaluator(expected).evaluate(query)
            docs_found, scores = Evaluator(actual).evaluate(query)
            assert np.array_equal(docs_found, expected_docs), query
            assert np.array_equal(scores, expected_scores), query
            assert [hit["id"] for hit in actual.search(query, limit=None)] == [
                hit["id"] for hit in expected.search(query, limit=None)
            ], query


def _all_ids(index):
    with index.searcher() as searcher:
        return sorted(int(fields["id"]) for fields in searcher.all_stored_fields())


def test_worker_processes_index_every_document_in_several_segments(tmp_path, monkeypatch):
    docs = _documents()
    expected = _index(tmp_path / "whoosh", SegmentWriter, docs)
    # Every worker starts a new segment after each batch of 100 documents (the forked workers see it).
    monkeypatch.setattr(whoosh_writer, "BYTES_PER_WORD", 10**6)
    (tmp_path / "ours").mkdir()
    index = create_in(tmp_path / "ours", _schema())
    writer = ArchiveMpWriter(index, procs=2, codec=ArchiveCodec(), compound=False, limitmb=1)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    assert len(index._segments()) >= 7
    assert _all_ids(index) == list(range(len(docs)))
    with expected.searcher() as theirs, index.searcher() as ours:
        for query in QUERIES:
            expected_ids = {hit["id"]: hit.score for hit in theirs.search(query, limit=None)}
            found = {hit["id"]: hit.score for hit in ours.search(query, limit=None)}
            assert found.keys() == expected_ids.keys(), query
            # Scores use collection statistics summed over segments: equal up to rounding.
            assert all(found[key] == pytest.approx(score, rel=1e-6) for key, score in expected_ids.items())


def test_a_failing_worker_fails_the_commit_and_leaves_the_index_as_it_was(tmp_path):
    # Whoosh's own MpWriter drops the documents of a worker that fails and commits the rest.
    docs = _documents(300)
    index = _index(tmp_path, SegmentWriter, docs[:50])
    writer = ArchiveMpWriter(index, procs=2, codec=ArchiveCodec(), compound=False)
    for doc in docs[50:]:
        writer.add_document(**doc)
    writer.add_document(id="bad", no_such_field="x")
    with pytest.raises(IndexingError, match="no_such_field"):
        writer.commit()
    assert _all_ids(index.refresh()) == list(range(50))
    index.writer().cancel()  # the lock was released


def test_merging_segments_into_it_is_refused(tmp_path):
    index = _index(tmp_path, SegmentWriter, _documents(20))
    writer = ArchiveSegmentWriter(index, codec=ArchiveCodec())
    with index.reader() as reader, pytest.raises(IndexingError, match="does not merge"):
        writer.add_reader(reader)
    writer.cancel()
