"""Whoosh queries evaluated with numpy over Whoosh's own postings (issue 6).

Whoosh matches and scores one posting at a time in Python (about 3-4 µs each): a word found in most of
100,000 articles costs over 100 ms before anything else happens. Here a term's postings are read a
block at a time (each block is one zlib-compressed pickle of 128 document numbers and weights) into
numpy arrays, cached per index generation, and the query tree is evaluated with array operations:

- `Term`: the postings, scored with the searcher's own BM25F parameters (idf, average field length,
  B, K1) and the byte-quantised field lengths Whoosh stores, so the scores equal Whoosh's;
- `And` / `Or`: intersection / union, scores summed, as Whoosh's matchers sum them;
- `Not`: every other document, scoring 1.0 (Whoosh's InverseMatcher); `AndNot`: the left side only;
- anything else (prefixes, phrases of three or more words, ranges): Whoosh itself, collected once.

`Evaluator(searcher).evaluate(query)` returns `(docs, scores)`: sorted global document numbers,
including deleted documents the caller has not masked out, and their scores. Nothing here imports
Django. It reads a few private attributes of Whoosh 2.7's codec (pinned in requirements.txt); the
tests compare its results with Whoosh's own search on a real index.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from array import array
from collections import OrderedDict

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.collectors import ScoredCollector
from whoosh.columns import NumericColumn
from whoosh.matching import WrappingMatcher
from whoosh.reading import EmptyReader
from whoosh.scoring import BM25FScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

from articles import deadline

_EMPTY_DOCS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)
# Whoosh stores each document's field length as one byte; this table turns the bytes back into lengths.
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class _ScoreEverything(ScoredCollector):
    """Collects every matching document with its score in one pass, without block-quality skipping."""

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.docs, self.scores = array("q"), array("d")

    def _use_block_quality(self):
        return False

    def _collect(self, global_docnum, score):
        self.docs.append(global_docnum)
        self.scores.append(score)
        if not len(self.docs) & 4095:  # a query Whoosh evaluates itself can be long: keep to the budget
            deadline.check()
        return 0


def whoosh_scores(searcher, query):
    """(docs, scores) of every match, as Whoosh itself scores them (sorted by document number)."""
    collector = _ScoreEverything()
    searcher.search_with_collector(query, collector)
    docs = np.frombuffer(collector.docs, dtype=np.int64).copy()
    scores = np.frombuffer(collector.scores, dtype=np.float64).copy()
    order = np.argsort(docs, kind="stable")
    return docs[order], scores[order]


def _read_leaf_postings(matcher):
    """All (document numbers, weights) of one segment's postings for a term, as numpy arrays."""
    while isinstance(matcher, WrappingMatcher):  # e.g. the filter that hides deleted documents
        matcher = matcher.child
    ids, weights = [], []
    if isinstance(matcher, W3LeafMatcher):
        postfile = matcher._postfile
        while not matcher._atend:
            start = matcher._dataoffset
            raw = postfile.get(start, matcher._nextoffset - start)
            if matcher._compression:
                raw = zlib.decompress(raw)
            block_ids, block_weights, _values = pickle.loads(raw)
            count = matcher._blocklength
            if matcher._byteids:
                ids.append(np.frombuffer(bytes(block_ids), dtype=np.uint8).astype(np.int64))
            else:
                # Stored as differences from the previous id, starting from 0 in every block.
                ids.append(np.cumsum(np.asarray(block_ids, dtype=np.int64)))
            if block_weights is None:
                weights.append(np.ones(count, dtype=np.float64))
            elif isinstance(block_weights, float):
                weights.append(np.full(count, block_weights, dtype=np.float64))
            else:
                weights.append(np.asarray(block_weights, dtype=np.float64))
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
    else:  # inlined postings of rare terms, or another matcher type: the generic (slower) way
        found, weight = [], []
        while matcher.is_active():
            found.append(matcher.id())
            weight.append(matcher.weight())
            matcher.next()
        ids.append(np.asarray(found, dtype=np.int64))
        weights.append(np.asarray(weight, dtype=np.float64))
    if not ids:
        return _EMPTY_DOCS, _EMPTY_SCORES
    return np.concatenate(ids), np.concatenate(weights)


def leaf_field_docs(reader, fieldname):
    """Every value of a field in one segment with its documents: (values, docs, value index per doc).

    Reads the segment's own terms only (no look-ups of other segments' values).
    """
    if fieldname not in reader.schema:
        return [], _EMPTY_DOCS, _EMPTY_DOCS
    format_ = reader.schema[fieldname].format
    values, docs = [], []
    for btext in reader.lexicon(fieldname):
        values.append(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
        docs.append(_read_leaf_postings(reader._terms.matcher(fieldname, btext, format_))[0])
    if not docs:
        return [], _EMPTY_DOCS, _EMPTY_DOCS
    index = np.repeat(np.arange(len(values), dtype=np.int64), [len(d) for d in docs])
    return values, np.concatenate(docs), index


def leaf_column(reader, fieldname):
    """The raw values of a numeric sortable column in one segment (None when it has none)."""
    if fieldname not in reader.schema or not reader.has_column(fieldname):
        return None
    column = reader.column_reader(fieldname, translate=False)
    if isinstance(column, NumericColumn.Reader):
        dtype = np.dtype(column._typecode).newbyteorder(">")
        raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        values = np.frombuffer(raw, dtype=dtype)
        missing = np.full(reader.doc_count_all() - len(values), column._default, dtype=dtype)
    else:
        values = np.fromiter(column, dtype=np.int64)
        missing = np.zeros(reader.doc_count_all() - len(values), dtype=np.int64)
    # Trailing documents without a value are not stored; unsigned values wrap (as sentinels).
    return np.concatenate([values, missing]).astype(np.int64)


class Postings:
    """Posting lists and field lengths of one open searcher as numpy arrays (global doc numbers).

    Lists are kept in a least-recently-used cache bounded by `cache_bytes`; the object belongs to one
    index generation (make a new one when the searcher changes).
    """

    def __init__(self, searcher, cache_bytes=64 * 2**20):
        self.searcher = searcher
        # An index with no segments (a fresh archive) has one EmptyReader leaf, without postings or
        # per-document files: it holds nothing to read.
        self.leaves = [
            (sub.reader(), offset)
            for sub, offset in searcher.leaf_searchers()
            if not isinstance(sub.reader(), EmptyReader)
        ]
        self.size = searcher.doc_count_all()
        self.cache_bytes = cache_bytes
        self._cached = OrderedDict()
        self._cached_size = 0
        self._lengths = {}
        self._lock = threading.Lock()

    def postings(self, fieldname, text):
        """(sorted document numbers, weights) of the term; empty arrays when the index lacks it."""
        key = (fieldname, text)
        with self._lock:
            hit = self._cached.get(key)
            if hit is not None:
                self._cached.move_to_end(key)
                return hit
        result = self._read(fieldname, text)
        size = result[0].nbytes + result[1].nbytes
        if size <= self.cache_bytes // 4:
            with self._lock:
                if key not in self._cached:
                    self._cached[key] = result
                    self._cached_size += size
                    while self._cached_size > self.cache_bytes:
                        _, (docs, weights) = self._cached.popitem(last=False)
                        self._cached_size -= docs.nbytes + weights.nbytes
        return result

    def _read(self, fieldname, text):
        docs, weights = [], []
        format_ = self.searcher.schema[fieldname].format
        for reader, offset in self.leaves:
            btext = reader._text_to_bytes(fieldname, text)
            if (fieldname, btext) not in reader._terms:
                continue
            ids, w = _read_leaf_postings(reader._terms.matcher(fieldname, btext, format_))
            docs.append(ids + offset)
            weights.append(w)
        if not docs:
            return _EMPTY_DOCS, _EMPTY_SCORES
        # Kept compact (8 bytes a posting): weights are frequencies times a boost, exact in float32.
        return np.concatenate(docs).astype(np.int32), np.concatenate(weights).astype(np.float32)

    def lengths(self, fieldname):
        """Each document's length of the field, as Whoosh's scorer sees it (byte-quantised)."""
        with self._lock:
            cached = self._lengths.get(fieldname)
        if cached is not None:
            return cached
        lengths = np.zeros(self.size, dtype=np.float64)
        for reader, offset in self.leaves:
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                continue
            raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
            lengths[offset : offset + len(raw)] = _BYTE_TO_LENGTH[raw]
        with self._lock:
            self._lengths[fieldname] = lengths
        return lengths

    def live(self):
        """Boolean mask of the documents that are not deleted."""
        live = np.ones(self.size, dtype=bool)
        for reader, offset in self.leaves:
            deleted = np.fromiter(reader._perdoc.deleted_docs(), dtype=np.int64)
            live[deleted + offset] = False
        return live


def _dense(parts, size):
    """Large lists (a few per cent of the index or more) combine faster through arrays over every
    document than through sorting: np.unique over 1.7 million numbers took 300 ms at 1,000,000."""
    return sum(len(p[0]) for p in parts) * 16 > size


def _intersect(parts, size):
    parts = sorted(parts, key=lambda p: len(p[0]))
    docs, scores = parts[0]
    for other_docs, other_scores in parts[1:]:
        if not len(docs):
            break
        if _dense([(docs, scores), (other_docs, other_scores)], size):
            total = np.zeros(size, dtype=np.float64)
            hit = np.zeros(size, dtype=bool)
            hit[other_docs] = True
            total[other_docs] = other_scores
            keep = hit[docs]
            docs, scores = docs[keep], scores[keep] + total[docs[keep]]
        else:
            docs, left, right = np.intersect1d(docs, other_docs, assume_unique=True, return_indices=True)
            scores = scores[left] + other_scores[right]
    return docs, scores


def _union(parts, size):
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY_DOCS, _EMPTY_SCORES
    if len(parts) == 1:
        return parts[0]
    if _dense(parts, size):
        total = np.zeros(size, dtype=np.float64)
        hit = np.zeros(size, dtype=bool)
        for docs, scores in parts:  # each list holds a document once, so += adds each part's score
            total[docs] += scores
            hit[docs] = True
        docs = np.flatnonzero(hit)
        return docs, total[docs]
    all_docs = np.concatenate([p[0] for p in parts])
    docs, inverse = np.unique(all_docs, return_inverse=True)
    scores = np.bincount(inverse, weights=np.concatenate([p[1] for p in parts]), minlength=len(docs))
    return docs, scores


def _without(docs, scores, excluded):
    if not len(excluded) or not len(docs):
        return docs, scores
    keep = ~np.isin(docs, excluded, assume_unique=True)
    return docs[keep], scores[keep]


class Evaluator:
    """Evaluates Whoosh query trees with numpy (see the module docstring)."""

    def __init__(self, searcher, postings=None):
        self.searcher = searcher
        self.postings = postings or Postings(searcher)

    def evaluate(self, q):
        deadline.check()
        if isinstance(q, wq.Term):
            return self._term(q)
        if isinstance(q, wq.And) and q.subqueries:
            docs, scores = _intersect([self.evaluate(sub) for sub in q.subqueries], self.postings.size)
            return docs, scores * q.boost if q.boost != 1.0 else scores
        if isinstance(q, wq.Or) and type(q) in (wq.Or, wq.DisjunctionMax) and q.subqueries:
            if isinstance(q, wq.DisjunctionMax) or q.minmatch or q.scale:
                return whoosh_scores(self.searcher, q)
            docs, scores = _union([self.evaluate(sub) for sub in q.subqueries], self.postings.size)
            return docs, scores * q.boost if q.boost != 1.0 else scores
        if isinstance(q, wq.AndNot):
            docs, scores = self.evaluate(q.a)
            return _without(docs, scores, self.evaluate(q.b)[0])
        if isinstance(q, wq.Not):
            excluded = self.evaluate(q.query)[0]
            docs = np.setdiff1d(np.arange(self.postings.size, dtype=np.int64), excluded, assume_unique=True)
            return docs, np.ones(len(docs), dtype=np.float64)
        if isinstance(q, wq.NullQuery.__class__):
            return _EMPTY_DOCS, _EMPTY_SCORES
        return whoosh_scores(self.searcher, q)

    def _term(self, q):
        fieldname, text = q.fieldname, q.text
        if fieldname not in self.searcher.schema:
            return _EMPTY_DOCS, _EMPTY_SCORES
        docs, weights = self.postings.postings(fieldname, text)
        if not len(docs):
            return _EMPTY_DOCS, _EMPTY_SCORES
        docs, weights = docs.astype(np.int64), weights.astype(np.float64)
        scorer = self.searcher.weighting.scorer(self.searcher, fieldname, text)
        if isinstance(scorer, BM25FScorer):
            lengths = self.postings.lengths(fieldname)[docs]
            k1, b = scorer.K1, scorer.B
            scores = scorer.idf * (
                (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / scorer.avgfl))
            )
        elif isinstance(scorer, WeightScorer):
            scores = weights
        else:
            return whoosh_scores(self.searcher, q)
        if q.boost != 1.0:
            scores = scores * q.boost
        return docs, scores
