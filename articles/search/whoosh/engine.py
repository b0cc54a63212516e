"""The query function behind the search page: parameters in, one page of results and facets out.

Whoosh parses the query and holds the index; matching and BM25 ranking run on numpy arrays of its
postings (matching.py, the same scores as Whoosh's, at a fraction of the cost). Everything
around them is shaped for speed too (issue 6):
- facet counts come from per-field arrays (document number -> value index), built once per index
  generation and counted with numpy over the matching documents, instead of one extra Whoosh search
  per facet field as haystack does;
- filters (outlet, topic, month, entity, date range) become masks over the same arrays;
- date order comes from the arrays too, phrases match on a field of word pairs, and results are
  rendered from stored fields, so a page needs no database query.
"""

from __future__ import annotations

import contextlib
import os
import threading
from array import array
from collections import OrderedDict
from dataclasses import astuple, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import monotonic

import numpy as np
from django.conf import settings
from django.utils import timezone
from haystack import connections
from whoosh import query as wq
from whoosh.util.times import datetime_to_long

from articles.bangla.analysis import analyze
from articles.bangla.highlight import snippet as highlight
from articles.deadline import DeadlineExceeded

from ..query import Expansion, check_expansion, expand_entities, parse_query, phrases_to_bigrams
from ..suggest import SUGGEST_BUDGET_S, SUGGEST_MAX_EDITS, SUGGEST_PREFIX, suggest
from ..types import (
    FACET_FIELDS,
    Hit,
    IndexUnavailable,
    QueryError,
    SearchParams,
    SearchResults,
    TimelineCounts,
    TimelinePoint,
    TimelineSeries,
    filter_values,
    plain_snippet,
    sort_facet,
)
from . import banglish as banglish_search
from .matching import Evaluator, Postings, leaf_column, leaf_field_docs

_EPOCH_LONG = datetime_to_long(datetime(1970, 1, 1))
UNKNOWN_DATE = np.iinfo(np.int64).min  # not -1: dates before 1970 are negative
SEGMENT_ARRAYS_VERSION = 4  # of the files saved per segment (see _segment_arrays)
MULTI_VALUED = {"entities", "sources"}
# Read into per-document arrays like the facets; `cluster` only collapses results (it is no facet).
ARRAY_FIELDS = (*FACET_FIELDS, "cluster")


class _FacetCache:
    """Per-process arrays for one index generation: doc -> value index for each facet field."""

    def __init__(self):
        self.lock = threading.Lock()
        self.key = None
        self.values: dict[str, list[str]] = {}
        self.single: dict[str, np.ndarray] = {}
        self.multi: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # (doc, value index) pairs
        self.live: np.ndarray | None = None
        self.full_counts: dict[str, np.ndarray] = {}
        self.published: np.ndarray | None = None  # seconds since epoch; UNKNOWN_DATE when undated
        self.by_date_desc: np.ndarray | None = None  # dated live documents, newest first
        self.undated: np.ndarray | None = None

    def ensure(self, searcher, key):
        """Rebuild the arrays when the index (its path and commit generation) changed."""
        if key == self.key:
            return
        with self.lock:
            if key != self.key:
                self._build(searcher)
                self.key = key

    def _build(self, searcher):
        reader = searcher.reader()
        size = reader.doc_count_all()
        self.postings = postings = Postings(searcher, cache_bytes=settings.ARCHIVE_POSTINGS_CACHE_MB * 2**20)
        self.live = live = postings.live()
        leaves = [(_segment_arrays(leaf), offset) for leaf, offset in postings.leaves]
        _forget_other_segments({leaf.segment().segment_id() for leaf, _offset in postings.leaves})
        self.values, self.single, self.multi, self.full_counts = {}, {}, {}, {}
        self._positions = {}
        for name in ARRAY_FIELDS:
            terms = sorted({t for arrays, _offset in leaves for t in arrays[name][0]})
            self.values[name] = terms
            position = {t: i for i, t in enumerate(terms)}
            if name in MULTI_VALUED:
                # One row per (document, value) pair: counting is a bincount over the matching rows.
                docs, values = [], []
                for arrays, offset in leaves:
                    local_terms, local_docs, local_values = arrays[name]
                    to_global = np.array([position[t] for t in local_terms], dtype=np.int64)
                    docs.append(local_docs + offset)
                    values.append(to_global[local_values] if len(local_values) else local_values)
                pair_docs = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
                pair_values = np.concatenate(values) if values else np.zeros(0, dtype=np.int64)
                keep = live[pair_docs]
                # int32: at 1,000,000 articles there are about ten million (document, entity) pairs.
                self.multi[name] = (pair_docs[keep].astype(np.int32), pair_values[keep].astype(np.int32))
                self.full_counts[name] = np.bincount(pair_values[keep], minlength=len(terms))
            else:
                column = np.full(size, -1, dtype=np.int32)
                for arrays, offset in leaves:
                    local_terms, local_docs, local_values = arrays[name]
                    if len(local_docs):
                        to_global = np.array([position[t] for t in local_terms], dtype=np.int64)
                        column[local_docs + offset] = to_global[local_values]
                column[~live] = -1
                self.single[name] = column
                self.full_counts[name] = np.bincount(column[column >= 0], minlength=len(terms))
        # Raw column values (microseconds since 0001-01-01); documents without a date hold a sentinel
        # that would overflow datetime, so convert numerically and keep the sane range.
        low, high = _EPOCH_LONG - 2_208_988_800 * 10**6, _EPOCH_LONG + 7_258_118_400 * 10**6  # 1900..2200
        published = np.full(size, UNKNOWN_DATE, dtype=np.int64)
        for arrays, offset in leaves:
            raw = arrays["published"]
            if raw is not None:
                sane = (raw > low) & (raw < high) & live[offset : offset + len(raw)]
                published[offset : offset + len(raw)][sane] = (raw[sane] - _EPOCH_LONG) // 1_000_000
        self.published = published
        dated = np.flatnonzero(live & (published != UNKNOWN_DATE))
        self.by_date_desc = dated[np.argsort(published[dated], kind="stable")[::-1]]
        self.undated = np.flatnonzero(live & (published == UNKNOWN_DATE))

    def date_positions(self, sort):
        """Every document's place in date order ("newest" or "oldest", undated last, as pages list
        them), for choosing the member of a cluster that comes first; built once per generation."""
        found = self._positions.get(sort)
        if found is None:
            dated = self.by_date_desc if sort == "newest" else self.by_date_desc[::-1]
            order = np.concatenate([dated, self.undated])
            found = np.full(len(self.live), len(order), dtype=np.int64)
            found[order] = np.arange(len(order))
            self._positions[sort] = found
        return found

    def mask_for(self, name, value):
        """Boolean mask of live documents whose `name` field holds `value` (or starts with it, for months)."""
        terms = self.values.get(name, [])
        if name == "month" and len(value) == 4:
            indexes = [i for i, t in enumerate(terms) if t.startswith(value + "-")]
        else:
            indexes = [i for i, t in enumerate(terms) if t == value]
        mask = np.zeros(len(self.live), dtype=bool)
        for index in indexes:
            if name in MULTI_VALUED:
                pair_docs, pair_values = self.multi[name]
                mask[pair_docs[pair_values == index]] = True
            else:
                mask |= self.single[name] == index
        return mask

    def counts(self, name, mask):
        if mask is None:
            counts = self.full_counts[name]
        elif name in MULTI_VALUED:
            pair_docs, pair_values = self.multi[name]
            counts = np.bincount(pair_values[mask[pair_docs]], minlength=len(self.values[name]))
        else:
            column = self.single[name][mask]
            counts = np.bincount(column[column >= 0], minlength=len(self.values[name]))
        return counts


_facets = _FacetCache()
# Segments never change once written (deletions are a separate mask), so what the facet arrays need
# from a segment is saved beside the index (<index>.arrays/) the first time it is read: after an
# import only the new segment is read, and a new worker loads the files instead of reading every
# posting of every facet value (7.1 s -> 0.9 s at 1,000,000 articles). They are not kept in memory
# once the arrays are assembled (that would double the facet memory of a worker).


def _arrays_folder():
    return Path(f"{connections['default'].get_backend().path}.arrays")


def _arrays_path(key):
    return _arrays_folder() / f"{key[0]}-{key[1]}-v{SEGMENT_ARRAYS_VERSION}.npz"


def _segment_arrays(leaf):
    key = (leaf.segment().segment_id(), leaf.doc_count_all())
    path = _arrays_path(key)
    try:
        with np.load(path) as saved:
            arrays = {
                name: (saved[f"{name}.values"].tolist(), saved[f"{name}.docs"], saved[f"{name}.index"])
                for name in ARRAY_FIELDS
            }
            arrays["published"] = saved["published"] if saved["has_published"] else None
    except Exception:  # missing, or garbled (BadZipFile, EOFError...): read from the index again
        arrays = {name: leaf_field_docs(leaf, name) for name in ARRAY_FIELDS}
        arrays["published"] = leaf_column(leaf, "published")
        _save_arrays(path, arrays)
    return arrays


def _save_arrays(path, arrays):
    content = {"has_published": np.array(arrays["published"] is not None)}
    content["published"] = arrays["published"] if arrays["published"] is not None else np.zeros(0, np.int64)
    for name in ARRAY_FIELDS:
        values, docs, index = arrays[name]
        content[f"{name}.values"] = np.array(values, dtype=str)
        content[f"{name}.docs"], content[f"{name}.index"] = docs, index
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.npz")
        np.savez(temporary, **content)
        os.replace(temporary, path)  # atomic: another worker may be saving the same segment
    except OSError:
        pass  # a read-only data folder: the arrays are simply read again next time


def _forget_other_segments(present):
    """Delete the saved arrays of segments the index no longer has (merged or cleared away)."""
    with contextlib.suppress(OSError):
        for saved in _arrays_folder().glob("*.npz"):
            if saved.name.split("-")[0] not in present:
                saved.unlink()


def expand_query_banglish(query, searcher, backend, key, searched):
    """Latin words of the query also search their Bengali index terms (iran rashia: ইরান রাশিয়া)."""
    if not banglish_search.has_latin_words(query):
        return query  # a Bengali query never pays for the matcher
    matcher = banglish_search.matcher_for(searcher, backend.path, key[2])
    try:
        return banglish_search.expand_banglish(query, matcher, searched)
    except Exception as exc:  # a query shape the expansion cannot rebuild: say so, never a 500
        raise QueryError("syntax") from exc


def _aware(value):
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _date_mask(cache, date_from, date_to):
    tz = timezone.get_current_timezone()
    published = cache.published
    mask = published != UNKNOWN_DATE
    if date_from:
        start = datetime.combine(date_from, time.min, tzinfo=tz).timestamp()
        mask &= published >= start
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz).timestamp()
        mask &= published < end
    return mask


class _SearcherCache:
    """One open searcher per index and process: opening one costs about 15 ms of file work."""

    def __init__(self):
        self.lock = threading.Lock()
        self.searchers = {}

    def get(self, backend):
        index = backend.index
        # The generation alone is not enough: a cleared and rebuilt index starts counting again.
        key = (backend.path, index.latest_generation(), tuple(seg.segment_id() for seg in index._segments()))
        with self.lock:
            cached = self.searchers.get(backend.path)
            if cached is not None and cached[0] == key:
                return key, cached[1]
            searcher = index.searcher()
            if cached is not None:
                cached[1].close()
            self.searchers[backend.path] = (key, searcher)
            return key, searcher


_searchers = _SearcherCache()
_results = OrderedDict()  # (index key, parameters, tagger) -> SearchResults, most recent last
_results_lock = threading.Lock()


def run_search(params: SearchParams, tagger=None) -> SearchResults:
    """One page of results with facet counts; `tagger` (if given) expands entity names in the query.

    Identical searches (pagination back and forth, a facet clicked twice) come from a small cache
    keyed on the index version, so they never show stale results (settings.ARCHIVE_SEARCH_CACHE).
    """
    backend = connections["default"].get_backend()
    for attempt in (1, 2):
        try:
            if not backend.setup_complete:
                backend.setup()
            backend.index = backend.index.refresh()
            key, searcher = _searchers.get(backend)
            break
        except Exception as exc:
            # The first failure may be a commit replacing the table of contents as it was read.
            if attempt == 2:
                raise IndexUnavailable(str(exc)) from exc
    cache_key = (key, astuple(params), id(tagger))
    size = getattr(settings, "ARCHIVE_SEARCH_CACHE", 128)
    with _results_lock:
        if cache_key in _results:
            _results.move_to_end(cache_key)
            return _results[cache_key]
    try:
        result = _run_search(params, tagger, backend, key, searcher)
    except (QueryError, IndexUnavailable, IndexError, DeadlineExceeded):
        raise  # IndexError: a page past the last (a damaged index raises other types)
    except Exception as exc:
        # A writer may have merged away a segment this searcher had not opened yet: try once more on
        # the index as it is now. Damaged files fail in many ways (missing file, bad pickle, short
        # read): then the search pages say the index is unavailable, the rest goes on (issue 13).
        try:
            backend.index = backend.index.refresh()
            retry_key, retry_searcher = _searchers.get(backend)
            if retry_key == key:
                raise
            key, result = retry_key, _run_search(params, tagger, backend, retry_key, retry_searcher)
        except (QueryError, IndexError, DeadlineExceeded):
            raise
        except Exception as again:
            raise IndexUnavailable(f"{type(again).__name__}: {again}") from exc
        cache_key = (key, astuple(params), id(tagger))
    if size:
        with _results_lock:
            _results[cache_key] = result
            while len(_results) > size:
                _results.popitem(last=False)
    return result


def _matched(params, tagger, backend, key, searcher, result):
    """The query, its filters as a mask (`allow`, None when unfiltered) and the mask of matching live
    documents; `result` (if given) collects what name expansion added. Shared by the search and the
    timeline so that both count exactly the same documents."""
    query = parse_query(params.q, backend.index.schema)
    if query is not None:
        check_expansion(query, searcher.reader())
    if query is not None and tagger is not None and params.expand:
        try:
            expansion = Expansion(result.expanded, result.also_searched) if result is not None else None
            query = expand_entities(query, tagger, expansion)
        except Exception as exc:  # a query shape the expansion cannot rebuild: say so, never a 500
            raise QueryError("syntax") from exc
    if query is not None and params.banglish:
        searched = result.banglish if result is not None else {}
        query = expand_query_banglish(query, searcher, backend, key, searched)
    _facets.ensure(searcher, key)
    cache = _facets
    allow = None
    for name, value in (
        ("outlet", params.outlet),
        ("topic", params.topic),
        ("month", params.month),
        ("entities", params.entity),
        ("sources", params.source),
        ("precision", params.precision),
        ("language", params.language),
    ):
        if value:
            # Several values of one filter (a tuple) combine as OR; different filters as AND.
            mask = np.logical_or.reduce([cache.mask_for(name, v) for v in filter_values(value)])
            allow = mask if allow is None else allow & mask
    if not params.approximate:
        mask = cache.live & ~cache.mask_for("precision", "approximate")
        allow = mask if allow is None else allow & mask
    if params.date_from or params.date_to:
        mask = _date_mask(cache, params.date_from, params.date_to)
        allow = mask if allow is None else allow & mask

    ranked = None  # (doc numbers, scores) of every match, for relevance order
    match = phrases_to_bigrams(query) if query is not None else None
    if query is None:
        matched = cache.live if allow is None else (cache.live & allow)
    else:
        docs, scores = Evaluator(searcher, cache.postings).evaluate(match)
        matched = np.zeros(len(cache.live), dtype=bool)
        matched[docs] = True
        matched &= cache.live
        if allow is not None:
            matched &= allow
        ranked = (docs, scores)
    return query, match, allow, matched, ranked


def _run_search(params, tagger, backend, key, searcher):
    result = SearchResults(params=params)
    query, _match, allow, matched, ranked = _matched(params, tagger, backend, key, searcher, result)
    cache = _facets
    result.total = int(matched.sum())
    no_filter = query is None and allow is None
    for name in FACET_FIELDS:
        counts = cache.counts(name, None if no_filter else matched)
        nonzero = np.flatnonzero(counts)
        values = cache.values[name]
        result.facets[name] = sort_facet(name, [(values[i], int(counts[i])) for i in nonzero])

    standing, earliest, versions, result.clusters = _stories(cache, matched, params, query, ranked)
    shown = matched if params.all_versions else standing
    shows = None if params.all_versions else earliest
    per_page = params.per_page
    result.num_pages = max(1, -(-(result.total if params.all_versions else result.clusters) // per_page))
    if params.page > result.num_pages:
        raise IndexError(params.page)
    start = (params.page - 1) * per_page
    if result.total:
        result.hits = _page(searcher, query, shown, params, start, per_page, ranked, versions, shows)
    if query is not None and result.total == 0:
        result.suggestion = _suggest(searcher, params.q)
    return result


def _first_of_runs(values):
    first = np.ones(len(values), dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return first


def _stories(cache, matched, params, query, ranked):
    """Where each story stands in the page's order, and which version shows it.

    A story is a cluster (its members share the `cluster` field) or an article no one else ran.
    Returns (mask of the members that place their story: the first in the page's own order, as
    Solr's grouping places groups; cluster -> its earliest matching version, the one shown (None
    when nothing is clustered); scores by document or None; matching versions per cluster; stories).
    """
    column = cache.single["cluster"]
    clustered = np.flatnonzero(matched & (column >= 0))
    versions = np.bincount(column[clustered], minlength=len(cache.values["cluster"]))
    stories = int(matched.sum()) - len(clustered) + int(np.count_nonzero(versions))
    if not len(clustered):
        return matched, None, versions, stories
    groups = column[clustered]
    order = np.lexsort((cache.date_positions("oldest")[clustered], groups))
    first = _first_of_runs(groups[order])
    earliest = np.full(len(versions), -1, dtype=np.int64)
    earliest[groups[order][first]] = clustered[order][first]
    if query is None or params.sort in ("newest", "oldest"):
        place = cache.date_positions("oldest" if params.sort == "oldest" else "newest")
        order = np.lexsort((place[clustered], groups))
    else:
        docs, scores = ranked
        score = np.zeros(len(matched), dtype=np.float64)
        score[docs] = scores
        order = np.lexsort((clustered, -score[clustered], groups))
    standing = matched.copy()
    standing[clustered] = False
    standing[clustered[order][_first_of_runs(groups[order])]] = True
    return standing, earliest, versions, stories


def _page(searcher, query, matched, params, start, per_page, ranked, versions=None, shows=None):
    """The documents of one page, in order, rendered from stored fields (no database query).

    Date order comes from the per-generation arrays (undated articles last in both directions);
    relevance order from the BM25 scores of every match (articles/search/whoosh/matching.py).
    """
    cache = _facets
    if query is None or params.sort in ("newest", "oldest"):
        dated = cache.by_date_desc[matched[cache.by_date_desc]]
        if params.sort == "oldest":
            dated = dated[::-1]
        undated = cache.undated[matched[cache.undated]]
        order = np.concatenate([dated, undated])[start : start + per_page]
        scored = [(int(d), None) for d in order]
    else:
        docs, scores = ranked
        keep = matched[docs]
        docs, scores = docs[keep], scores[keep]
        # Highest score first; equal scores in document order, as Whoosh orders them.
        end = start + per_page
        if end < len(docs):  # only the top `end` need sorting, and every score equal to the last
            # (argpartition alone would cut a run of equal scores anywhere: pages would overlap).
            last = np.partition(scores, len(scores) - end)[len(scores) - end]
            top = np.flatnonzero(scores >= last)
            docs, scores = docs[top], scores[top]
        order = np.lexsort((docs, -scores))[start:end]
        scored = [(int(docs[i]), float(scores[i])) for i in order]
    if shows is not None:
        # A story stands where its first member does and shows its earliest version; its score is the
        # one that placed it, its best (Solr's group maxScore).
        earliest = shows
        column = cache.single["cluster"]
        scored = [(int(earliest[column[d]]), s) if column[d] >= 0 else (d, s) for d, s in scored]
    terms = _highlight_terms(searcher, query) if query is not None and params.snippets else frozenset()
    hits = []
    for docnum, score in scored:
        stored = searcher.stored_fields(docnum)
        text = stored.get("text", "")
        snippet = highlight(text, terms, headline=stored.get("title", "")) if terms else ""
        if not snippet and params.snippets:
            snippet = plain_snippet(stored.get("lead") or text)
        published = stored.get("published")
        group = int(cache.single["cluster"][docnum])
        hits.append(
            Hit(
                id=int(stored["django_id"]),
                title=stored.get("title", ""),
                path=stored.get("path", ""),
                outlet=stored.get("outlet") or "",
                topic=stored.get("topic") or "",
                published=_aware(published) if isinstance(published, datetime) else None,
                precision=stored.get("precision", "unknown"),
                language=stored.get("language") or "bn",
                snippet=snippet,
                score=score,
                cluster=int(cache.values["cluster"][group]) if group >= 0 else None,
                versions=int(versions[group]) if group >= 0 and versions is not None else 1,
            )
        )
    return hits


def _highlight_terms(searcher, query):
    """The index terms the query matches in the body (prefixes expanded to the words they match)."""
    try:
        pairs = query.existing_terms(searcher.reader(), phrases=True, expand=True)
    except Exception:
        pairs = query.iter_all_terms()
    return frozenset(t.decode() if isinstance(t, bytes) else t for f, t in pairs if f == "text")


# Did-you-mean (articles/search/suggest.py, shared with the Solr engine) looks up each unknown word
# among the index's terms within two edits: Whoosh walks every term of the field (0.3-0.9 s a word at
# 18,600 terms) unless the first letter is given, which only the terms starting with it are compared
# with (5-35 ms): misspellings rarely touch the first letter.


def _suggest(searcher, text, budget=SUGGEST_BUDGET_S):
    """'Did you mean': replace each unknown query term by the closest index term, if any, within budget."""
    corrector = searcher.corrector("text")

    def known(terms):
        return {term for term in terms if searcher.doc_frequency("text", term)}

    def closest(terms, deadline):
        found = {}
        for term in dict.fromkeys(terms):
            if monotonic() > deadline:
                return None  # a partial correction would mislead: none at all
            suggestions = corrector.suggest(term, limit=1, maxdist=SUGGEST_MAX_EDITS, prefix=SUGGEST_PREFIX)
            if suggestions:
                found[term] = suggestions[0]
        return found

    return suggest(text, known, closest, budget)


def article_ids_matching(text: str) -> set[int]:
    """Ids of indexed articles that contain `text` as a phrase (analysed like the body)."""
    terms = analyze(text)
    if not terms:
        return set()
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    backend.index = backend.index.refresh()
    with backend.index.searcher() as searcher:
        query = wq.Term("text", terms[0]) if len(terms) == 1 else phrases_to_bigrams(wq.Phrase("text", terms))
        results = searcher.search(query, limit=None)
        return {int(hit["django_id"]) for hit in results}


def run_timeline(
    series: list[SearchParams], interval: str = "", tagger=None, split: str = "", calendar: str = "gregorian"
) -> TimelineCounts:
    """Matching articles per period (Asia/Dhaka days) for each search of `series`, on one common axis.

    The documents are those `run_search` counts (the same masks), so a series' counts plus its
    undated articles equal the search's total. `split` turns each search into its five largest
    outlets plus the rest, or its six most mentioned entities. An empty `interval` is chosen from the
    span of the dates (or of date_from/date_to).
    """
    from articles.timeline.periods import PeriodError

    try:
        return _run_timeline(series, interval, tagger, split, calendar)
    except (QueryError, PeriodError, DeadlineExceeded, IndexUnavailable):
        raise
    except Exception as exc:  # a damaged index fails in many ways: pages say it is unavailable
        raise IndexUnavailable(f"{type(exc).__name__}: {exc}") from exc


def _run_timeline(series, interval, tagger, split, calendar):
    from articles.timeline.periods import chart_axis

    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    backend.index = backend.index.refresh()
    key, searcher = _searchers.get(backend)
    rows = []  # (label, params, matched, denominator, others_than)
    for params in series:
        matched = _matched(params, tagger, backend, key, searcher, None)[3]
        rows += _timeline_rows(_facets, params, matched, split)
    cache = _facets
    tz = timezone.get_current_timezone()
    published = cache.published
    dated = published != UNKNOWN_DATE
    stamps = [published[m & dated] for _l, _p, m, _d, _o in rows]
    stamps = [s for s in stamps if len(s)]
    first = min((datetime.fromtimestamp(int(s.min()), tz).date() for s in stamps), default=None)
    last = max((datetime.fromtimestamp(int(s.max()), tz).date() for s in stamps), default=None)
    interval, spans = chart_axis([(p.date_from, p.date_to) for p in series], first, last, interval, calendar)
    bounds = np.array(
        [datetime.combine(p.start, time.min, tzinfo=tz).timestamp() for p in spans]
        + (
            [datetime.combine(spans[-1].end + timedelta(days=1), time.min, tzinfo=tz).timestamp()]
            if spans
            else []
        ),
        dtype=np.int64,
    )
    approximate = cache.mask_for("precision", "approximate")

    def per_period(mask):
        if not spans:
            return np.zeros(0, dtype=np.int64)
        index = np.searchsorted(bounds, published[mask & dated], side="right") - 1
        index = index[(index >= 0) & (index < len(spans))]
        return np.bincount(index, minlength=len(spans))

    result = TimelineCounts(interval=interval, calendar=calendar, series=[])
    for label, params, matched, denominator, others_than in rows:
        counts, approx, totals = (
            per_period(matched),
            per_period(matched & approximate),
            per_period(denominator),
        )
        points = [
            TimelinePoint(p.key, p.start, p.end, int(counts[i]), int(approx[i]), int(totals[i]))
            for i, p in enumerate(spans)
        ]
        undated = int((matched & ~dated).sum())
        result.series.append(
            TimelineSeries(label, params, points, undated, int(matched.sum()), list(others_than))
        )
    return result


def _timeline_rows(cache, params, matched, split):
    """One search's series: itself, or its largest outlets and the rest, or its top entities."""
    base = cache.live.copy()  # the denominator: same outlet (and language), every word
    for name, value in (("outlet", params.outlet), ("language", params.language)):
        if value:  # several values of one filter: any of them (as the search's own mask)
            base &= np.logical_or.reduce([cache.mask_for(name, v) for v in filter_values(value)])
    if not params.approximate:
        base &= ~cache.mask_for("precision", "approximate")
    if split == "outlet":
        counts = cache.counts("outlet", matched)
        names, column = cache.values["outlet"], cache.single["outlet"]
        top = [int(i) for i in np.argsort(-counts, kind="stable")[:5] if counts[i]]
        rows = [
            (names[i], replace(params, outlet=names[i]), matched & (column == i), base & (column == i), [])
            for i in top
        ]
        rest = ~np.isin(column, top)
        if (matched & rest).any():
            rows.append(("", params, matched & rest, base & rest, [names[i] for i in top]))
        return rows
    if split == "entity":
        counts = cache.counts("entities", matched)
        names = cache.values["entities"]
        top = [
            int(i)
            for i in np.argsort(-counts, kind="stable")
            if counts[i] and names[i] not in filter_values(params.entity or ())
        ][:6]
        return [
            (
                names[i],
                replace(params, entity=names[i]),
                matched & cache.mask_for("entities", names[i]),
                base,
                [],
            )
            for i in top
        ]
    return [(params.q, params, matched, base, [])]


def matching_ids(params, tagger=None):
    """Every matching article id in the search's order (an array of int64, 8 bytes an article).

    The search runs on one searcher, in pages of settings.ARCHIVE_EXPORT_ID_PAGE (5,000) hits, so a
    large export never holds more than one page of hits (each with its stored fields) and every page
    sees the same index version. It runs beside the page cache (run_search keeps recent results): a
    cached result holding every hit of a large export would stay in memory long after the download.
    """
    try:
        return _matching_ids(params, tagger)
    except (QueryError, IndexError, DeadlineExceeded, IndexUnavailable):
        raise
    except Exception as exc:  # a damaged index fails in many ways: the page says it is unavailable
        raise IndexUnavailable(f"{type(exc).__name__}: {exc}") from exc


def _matching_ids(params, tagger):
    per_page = max(1, int(getattr(settings, "ARCHIVE_EXPORT_ID_PAGE", 5_000)))
    # Every copy: an export lists each outlet's article (with its cluster), not one per story.
    page = replace(params, page=1, per_page=per_page, snippets=False, all_versions=True)
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    backend.index = backend.index.refresh()
    # The process's shared searcher, the one the facet arrays follow. A searcher of the export's own
    # could open a newer index version than `key` (a commit in between: document numbers that do not
    # match the arrays), and arrays built on it would read through it once closed (issue 13's soak).
    # No other request of this process closes the shared one meanwhile: requests reaching the engine
    # take turns (articles/engine_gate.py), and the ids are all taken within the request's turn.
    key, searcher = _searchers.get(backend)
    first = _run_search(page, tagger, backend, key, searcher)
    ids = array("q", (hit.id for hit in first.hits))
    for number in range(2, first.num_pages + 1):
        result = _run_search(replace(page, page=number), tagger, backend, key, searcher)
        ids.extend(hit.id for hit in result.hits)
    return ids


def inspect(sample=50):
    """The index against the database (articles/search/whoosh/health.py)."""
    from .health import inspect as inspect_index

    return inspect_index(connections["default"].get_backend(), sample=sample)
