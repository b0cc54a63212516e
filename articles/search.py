"""The query function behind the search page: parameters in, one page of results and facets out.

Whoosh parses the query and holds the index; matching and BM25 ranking run on numpy arrays of its
postings (articles/matching.py, the same scores as Whoosh's, at a fraction of the cost). Everything
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
from collections import OrderedDict
from dataclasses import astuple, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from time import monotonic

import numpy as np
from django.conf import settings
from django.utils import timezone
from haystack import connections
from whoosh import qparser
from whoosh import query as wq
from whoosh.util.times import datetime_to_long

from articles import banglish_search
from articles.bangla.analysis import analyze, normalize_prefix
from articles.bangla.highlight import snippet as highlight
from articles.deadline import DeadlineExceeded
from articles.index_health import IndexUnavailable
from articles.matching import Evaluator, Postings, leaf_column, leaf_field_docs

_EPOCH_LONG = datetime_to_long(datetime(1970, 1, 1))
UNKNOWN_DATE = np.iinfo(np.int64).min  # not -1: dates before 1970 are negative
FACET_FIELDS = ("outlet", "topic", "month", "entities", "sources", "precision", "language")
SEGMENT_ARRAYS_VERSION = 3  # of the files saved per segment (see _segment_arrays)
MULTI_VALUED = {"entities", "sources"}
SORTS = ("relevance", "newest", "oldest")
PRECISIONS = ("minute", "day", "approximate", "unknown")  # Article.Precision, most exact first


class QueryError(ValueError):
    """A query the parser cannot turn into a search; the message is shown to the reader."""


@dataclass
class SearchParams:
    # A filter is one value or a tuple of values, any of which may match.
    q: str = ""
    outlet: str | tuple[str, ...] = ""
    topic: str | tuple[str, ...] = ""
    month: str | tuple[str, ...] = ""  # "2024-05" or "2024"
    entity: str | tuple[str, ...] = ""
    source: str | tuple[str, ...] = ""
    date_from: date | None = None
    date_to: date | None = None
    precision: str = ""  # "minute", "day", "approximate" or "unknown" (Article.date_precision)
    approximate: bool = True  # False leaves out articles dated only by their capture time
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    snippets: bool = True  # exports skip highlighting
    expand: bool = True  # names also find their other spellings (when a tagger is given)
    language: str = ""  # "bn", "en" (Article.language); empty: every language
    banglish: bool = True  # Latin words also search their Bengali index terms (articles/banglish_search.py)


@dataclass
class Hit:
    id: int
    title: str
    path: str
    outlet: str
    topic: str
    published: datetime | None
    precision: str
    language: str
    snippet: str  # HTML: escaped text with <mark> around matched words
    score: float | None = None


@dataclass
class SearchResults:
    params: SearchParams
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    num_pages: int = 1
    suggestion: str = ""
    expanded: list[str] = field(default_factory=list)  # entity keys whose other spellings were searched
    also_searched: dict[str, list[str]] = field(default_factory=dict)  # key -> the spellings added
    banglish: dict[str, list[str]] = field(default_factory=dict)  # Latin word -> Bengali terms added

    @property
    def has_next(self):
        return self.params.page < self.num_pages

    @property
    def has_previous(self):
        return self.params.page > 1


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
        for name in FACET_FIELDS:
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
                for name in FACET_FIELDS
            }
            arrays["published"] = saved["published"] if saved["has_published"] else None
    except Exception:  # missing, or garbled (BadZipFile, EOFError...): read from the index again
        arrays = {name: leaf_field_docs(leaf, name) for name in FACET_FIELDS}
        arrays["published"] = leaf_column(leaf, "published")
        _save_arrays(path, arrays)
    return arrays


def _save_arrays(path, arrays):
    content = {"has_published": np.array(arrays["published"] is not None)}
    content["published"] = arrays["published"] if arrays["published"] is not None else np.zeros(0, np.int64)
    for name in FACET_FIELDS:
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


def _parser(schema):
    parser = qparser.QueryParser("text", schema=schema, group=qparser.AndGroup)
    # Readers filter with the page's controls; field syntax would expose internal field names.
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.add_plugin(qparser.PrefixPlugin())
    # -word excludes a word; only at the start of a word (কোভিড-১৯ stays one search), and no +word.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?!)", minusexpr=r"(?:^|(?<=[\s(]))-(?=\S)"))
    return parser


def _bengali_prefixes(q):
    """Prefix queries skip the analyzer in Whoosh: normalise their text the way the index terms are."""
    if isinstance(q, wq.Prefix):
        return wq.Prefix(q.fieldname, normalize_prefix(q.text), boost=q.boost)
    return q.apply(_bengali_prefixes)


@dataclass
class Expansion:
    """What name expansion searched besides the query: entity keys and, per key, the spellings."""

    keys: list[str] = field(default_factory=list)
    spellings: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key, spellings):
        if key not in self.spellings:
            self.keys.append(key)
            self.spellings[key] = []
        self.spellings[key] += [s for s in spellings if s not in self.spellings[key]]


_MAX_NAME_WORDS = 6


def expand_entities(q, tagger, expanded=None):
    """A word or phrase that names a known entity also finds the entity's other spellings.

    রাইসি finds রায়িসি; Putin (Latin) finds পুতিন. A word stands for the entity: it also finds every
    article tagged with it. A phrase asks for the whole name, so it only adds articles tagged with
    the entity that contain another spelling of the whole name ("খালেদা জিয়া" adds Khaleda Zia, not
    every article with খালেদা). Unquoted words that together name an entity add the same variants as
    the quoted name (and no word of the run is expanded alone), so a quoted phrase never finds more
    than its unquoted words (issue 11).
    `expanded` (an Expansion) collects what was added.
    """
    if isinstance(q, wq.Term) and q.fieldname == "text":
        return _expand_word(q, tagger, expanded)
    if isinstance(q, wq.Phrase) and q.fieldname == "text":
        if len(q.words) == 1:
            return _expand_word(wq.Term("text", q.words[0], boost=q.boost), tagger, expanded)
        variants = _name_variants(q.words, tagger, expanded)
        return wq.Or([q, variants], boost=q.boost) if variants is not None else q
    if isinstance(q, wq.And) and type(q) is wq.And:
        return _expand_words(q, tagger, expanded)
    return q.apply(lambda sub: expand_entities(sub, tagger, expanded))


def _expand_word(q, tagger, expanded):
    entry = tagger.lookup(q.text)
    if entry is None:
        return q
    # Other one-word spellings as terms (so they are highlighted too); every spelling, multi-word
    # ones included, through the entity the tagger recorded on each article at import.
    alternatives = [a for a in tagger.alternatives(entry.key) if a != (q.text,) and len(a) == 1]
    if expanded is not None:
        expanded.add(entry.key, tagger.spellings(entry.key, alternatives))
    subqueries = [q, *(wq.Term("text", a[0]) for a in alternatives), wq.Term("entities", entry.key)]
    return wq.Or(subqueries, boost=q.boost)


def _name_variants(words, tagger, expanded):
    """Articles tagged with the entity `words` names that contain another spelling of the whole
    name, as a query; None when the words name no entity or it has no other full spelling."""
    entry = tagger.lookup(" ".join(words))
    if entry is None:
        return None
    variants = tagger.full_name_variants(entry.key, tuple(words))
    if not variants:
        return None
    if expanded is not None:
        expanded.add(entry.key, tagger.spellings(entry.key, variants))
    spelled = [wq.Term("text", v[0]) if len(v) == 1 else wq.Phrase("text", list(v)) for v in variants]
    return wq.And([wq.Term("entities", entry.key), spelled[0] if len(spelled) == 1 else wq.Or(spelled)])


def _expand_words(q, tagger, expanded):
    """An AND of words: a run of words naming an entity finds what its quoted form adds (see
    expand_entities), and any other word is expanded on its own."""
    children, i = [], 0
    subqueries = q.subqueries
    while i < len(subqueries):
        run = 0
        for size in range(min(_MAX_NAME_WORDS, len(subqueries) - i), 1, -1):
            part = subqueries[i : i + size]
            if all(isinstance(s, wq.Term) and s.fieldname == "text" for s in part):
                variants = _name_variants([s.text for s in part], tagger, expanded)
                if variants is not None:
                    # The words are the name: খালেদা জিয়া is not also a search for জিয়া (Ziaur Rahman).
                    children.append(wq.Or([wq.And(part), variants]))
                    run = size
                    break
        if run:
            i += run
            continue
        children.append(expand_entities(subqueries[i], tagger, expanded))
        i += 1
    return wq.And(children, boost=q.boost)


def expand_query_banglish(query, searcher, backend, key, searched):
    """Latin words of the query also search their Bengali index terms (iran rashia: ইরান রাশিয়া)."""
    if not banglish_search.has_latin_words(query):
        return query  # a Bengali query never pays for the matcher
    matcher = banglish_search.matcher_for(searcher, backend.path, key[2])
    try:
        return banglish_search.expand_banglish(query, matcher, searched)
    except Exception as exc:  # a query shape the expansion cannot rebuild: say so, never a 500
        raise QueryError("syntax") from exc


def phrases_to_bigrams(q):
    """Match phrases on the pairs field: one term for two words, a phrase over pairs for more.

    The body field keeps no word positions (see BanglaText), so every phrase goes through the pairs;
    a proximity search ("a b"~3) has nothing to run on and is refused with a message.
    """
    if isinstance(q, wq.Phrase) and q.fieldname == "text":
        if q.slop > 1:
            raise QueryError("proximity")
        if len(q.words) < 2:
            return wq.Term("text", q.words[0], boost=q.boost) if q.words else wq.NullQuery
        pairs = [f"{a} {b}" for a, b in zip(q.words, q.words[1:], strict=False)]
        if len(pairs) == 1:
            return wq.Term("bigrams", pairs[0], boost=q.boost)
        return wq.Phrase("bigrams", pairs, boost=q.boost)
    return q.apply(phrases_to_bigrams)


# What one search may ask for (issue 13: bounded cost per request); each refusal has its message.
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32  # words, phrases' words and prefixes
MAX_PREFIX_TERMS = 5000  # index terms one prefix may stand for (রা* alone would be most of them)


def parse_query(text, schema):
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError("too_long")
    try:
        parsed = _bengali_prefixes(_parser(schema).parse(text))
    except Exception as exc:  # Whoosh raises many types for odd syntax; all mean "can't parse"
        raise QueryError("syntax") from exc
    if isinstance(parsed, type(wq.NullQuery)):
        words = text.split()
        raise QueryError("only_excluded" if all(w.startswith("-") for w in words) else "only_stopwords")
    if sum(len(q.words) if isinstance(q, wq.Phrase) else 1 for q in parsed.leaves()) > MAX_QUERY_TERMS:
        raise QueryError("too_many_terms")
    return parsed


def check_expansion(query, reader):
    """Refuse a prefix that stands for too many index terms (each would be searched)."""
    for leaf in query.leaves():
        if isinstance(leaf, wq.Prefix):
            found = sum(
                1 for _ in islice(reader.expand_prefix(leaf.fieldname, leaf.text), MAX_PREFIX_TERMS + 1)
            )
            if found > MAX_PREFIX_TERMS:
                raise QueryError("too_broad")


def _aware(value):
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _values(value):
    return (value,) if isinstance(value, str) else tuple(value)


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
            mask = np.logical_or.reduce([cache.mask_for(name, v) for v in _values(value)])
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


def sort_facet(name, pairs):
    """A facet's (value, count) pairs in the order pages show them, on every engine: months newest
    first, precision from exact to unknown (as readers weigh them), the rest by count."""
    if name == "month":
        return sorted(pairs, reverse=True)
    if name == "precision":
        return sorted(pairs, key=lambda p: PRECISIONS.index(p[0]) if p[0] in PRECISIONS else len(PRECISIONS))
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


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

    per_page = params.per_page
    result.num_pages = max(1, -(-result.total // per_page))
    if params.page > result.num_pages:
        raise IndexError(params.page)
    start = (params.page - 1) * per_page
    if result.total:
        result.hits = _page(searcher, query, matched, params, start, per_page, ranked)
    if query is not None and result.total == 0:
        result.suggestion = _suggest(searcher, params.q)
    return result


def _page(searcher, query, matched, params, start, per_page, ranked):
    """The documents of one page, in order, rendered from stored fields (no database query).

    Date order comes from the per-generation arrays (undated articles last in both directions);
    relevance order from the BM25 scores of every match (articles/matching.py).
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
        if end < len(docs):  # only the top `end` need sorting
            top = np.argpartition(-scores, end - 1)[:end]
            docs, scores = docs[top], scores[top]
        order = np.lexsort((docs, -scores))[start:end]
        scored = [(int(docs[i]), float(scores[i])) for i in order]
    terms = _highlight_terms(searcher, query) if query is not None and params.snippets else frozenset()
    hits = []
    for docnum, score in scored:
        stored = searcher.stored_fields(docnum)
        text = stored.get("text", "")
        snippet = highlight(text, terms, headline=stored.get("title", "")) if terms else ""
        if not snippet and params.snippets:
            snippet = _plain_snippet(stored.get("lead") or text)
        published = stored.get("published")
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


def _plain_snippet(text, limit=220):
    from django.utils.html import escape

    lines = [line for line in text.splitlines() if line.strip()]
    body = " ".join(lines[1:] if len(lines) > 1 else lines)
    return escape(body[:limit] + ("…" if len(body) > limit else ""))


# Did-you-mean looks up each unknown word among the index's terms within two edits: Whoosh walks every
# term of the field (0.3-0.9 s a word at 18,600 terms) unless the first letter is given, which only
# the terms starting with it are compared with (5-35 ms): misspellings rarely touch the first letter.
# Words, their length and the time are capped too (issue 13: 500 characters took 12.6 s).
SUGGEST_MAX_WORD = 24  # characters; longer words get no suggestion
SUGGEST_MAX_WORDS = 5  # unknown words looked up at most
SUGGEST_BUDGET_S = 0.25


def _suggest(searcher, text, budget=SUGGEST_BUDGET_S):
    """'Did you mean': replace each unknown query term by the closest index term, if any, within budget."""
    corrector = searcher.corrector("text")
    started = monotonic()
    words, changed, looked_up = [], False, 0
    for word in text.split():
        terms = analyze(word)
        if not terms or len(terms) != 1 or searcher.doc_frequency("text", terms[0]):
            words.append(word)
            continue
        if (
            len(terms[0]) > SUGGEST_MAX_WORD
            or looked_up >= SUGGEST_MAX_WORDS
            or monotonic() - started > budget
        ):
            return ""  # a partial correction would mislead: none at all
        looked_up += 1
        suggestions = corrector.suggest(terms[0], limit=1, maxdist=2, prefix=1)
        if suggestions:
            words.append(suggestions[0])
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else ""


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


@dataclass
class TimelinePoint:
    period: str  # "2025-12" (see articles/timeline/periods.py)
    start: date
    end: date  # last day, inclusive
    count: int  # matching articles dated in the period, approximate ones included
    approximate: int  # of which dated only approximately
    total: int  # every article of the period under the series' outlet (and language) filters


@dataclass
class TimelineSeries:
    label: str  # the query, an outlet slug, an entity key; "" for the other outlets of a split
    params: SearchParams  # the search this series counts (for "others": minus the outlets listed)
    points: list[TimelinePoint]
    undated: int
    total: int  # = sum of counts + undated = the search's total
    others_than: list[str] = field(default_factory=list)


@dataclass
class TimelineCounts:
    interval: str
    calendar: str
    series: list[TimelineSeries]


TIMELINE_SPLITS = ("", "outlet", "entity")


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
    from articles.timeline.periods import choose_interval, periods

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
    starts = [p.date_from for p in series if p.date_from]
    ends = [p.date_to for p in series if p.date_to]
    first = min(starts) if starts and len(starts) == len(series) else first
    last = max(ends) if ends and len(ends) == len(series) else last
    if first is None or last is None:
        first = last = None
    interval = interval or (choose_interval(first, last) if first else "month")
    spans = periods(first, last, interval, calendar) if first else []
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
    from dataclasses import replace

    base = cache.live.copy()  # the denominator: same outlet (and language), every word
    if params.outlet:
        base &= cache.mask_for("outlet", params.outlet)
    if getattr(params, "language", "") and "language" in cache.values:
        base &= cache.mask_for("language", params.language)
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
        top = [int(i) for i in np.argsort(-counts, kind="stable") if counts[i] and names[i] != params.entity][
            :6
        ]
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
