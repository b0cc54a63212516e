"""Cursor pagination of search results that stays stable while imports add articles.

A search's first page fixes a snapshot: the highest article id at that moment. Ids only grow, so
"id <= snapshot" is exactly the set of articles that existed then; later pages keep to it, and articles
imported meanwhile appear in a new search, never in the middle of a crawl. Within the snapshot the
order is a total order on (sort key, id):
- newest / oldest: (publication second, id), undated articles last in id order;
- relevance: (score, id).
The cursor carries the snapshot, the last article's key and a digest of the search's filters; it is
signed (django.core.signing), so it is opaque and a forged or edited cursor is refused. There is no
"previous" link: clients keep the cursors they were given.

The engine orders equal keys by its own document numbers, which change when segments merge, so a page
is cut only where the key changes: every article tied with the page's last one is read before the
page is chosen. Date cursors narrow the engine's date range to the cursor's day, so a page costs
about the same at any depth; relevance pages start reading one engine call's worth before the previous position.

Relevance scores (BM25) depend on collection statistics that an import changes: an article can move
across a page boundary then. Date order has no such drift; a crawl that must be exact uses
sort=newest or sort=oldest (the default when there is no query).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import astuple, dataclass, replace
from datetime import date, datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_noop

from articles.models import Article

from .search import SearchParams, search

# Articles read from the engine per call: a page, the one after it that proves there is a next page,
# and room for ties at the page's end, so that a page usually costs one call.
SLACK = 20
SALT = "articles.api.search-cursor"
DATED, UNDATED = 0, 1


# Messages for clients, translated where they are shown (articles/api/views.py).
CURSOR_NOT_VALID = gettext_noop("This cursor is not valid: use the 'next' link of a previous page.")
CURSOR_OTHER_SEARCH = gettext_noop(
    "This cursor belongs to a different search: keep the other parameters as they were."
)


class CursorError(ValueError):
    """A cursor that is not ours, was edited, or belongs to another search."""


@dataclass
class Cursor:
    snapshot: int  # highest article id when the first page was served
    key: tuple  # the last article's sort key
    position: int  # where the engine had that article (a hint for relevance pages)

    def encode(self, digest):
        return signing.dumps(
            [1, digest, self.snapshot, list(self.key), self.position], salt=SALT, compress=True
        )

    @classmethod
    def decode(cls, token, digest):
        try:
            version, owner, snapshot, key, position = signing.loads(token, salt=SALT)
        except (signing.BadSignature, ValueError, TypeError) as exc:
            raise CursorError(CURSOR_NOT_VALID) from exc
        if version != 1 or owner != digest:
            raise CursorError(CURSOR_OTHER_SEARCH)
        return cls(snapshot=int(snapshot), key=tuple(key), position=int(position))


def params_digest(params: SearchParams) -> str:
    """The search a cursor belongs to (page and page size may change between pages)."""
    fixed = replace(params, page=1, per_page=1, snippets=True)
    return hashlib.sha256(repr(astuple(fixed)).encode()).hexdigest()[:16]


def current_snapshot() -> int:
    return Article.objects.order_by("-id").values_list("id", flat=True).first() or 0


def effective_sort(params: SearchParams) -> str:
    # Without a query the engine orders by date (newest first) whatever the sort says.
    if params.sort == "relevance" and not params.q.strip():
        return "newest"
    return params.sort


def sort_key(hit, sort):
    if sort == "relevance":
        return (-(hit.score or 0.0), hit.id)
    if hit.published is None:
        return (UNDATED, 0, hit.id)
    seconds = math.floor(hit.published.timestamp())
    return (DATED, -seconds if sort == "newest" else seconds, hit.id)


def _local_day(seconds) -> date:
    return datetime.fromtimestamp(seconds, tz=timezone.get_current_timezone()).date()


@dataclass
class Page:
    hits: list
    next_cursor: Cursor | None
    first: object  # the SearchResults of the first engine call (total, facets, suggestion)
    snapshot: int


class _Collector:
    """Hits after the cursor, in engine order; says when a page and every tie of its end are in."""

    def __init__(self, sort, page_size, snapshot, after):
        self.sort, self.page_size, self.snapshot, self.after = sort, page_size, snapshot, after
        self.found = []  # (key, engine position, hit, the engine call that returned it)
        self.boundary = None
        self.stop = None  # engine position of the hit that proved the page complete

    def reset(self):
        self.found, self.boundary, self.stop = [], None, None

    def __call__(self, hit, position, call):
        key = sort_key(hit, self.sort)
        if len(self.found) > self.page_size:
            if self.boundary is None:
                self.found.sort(key=lambda item: item[0])
                self.boundary = self.found[self.page_size][0][:-1]
            if key[:-1] > self.boundary:
                self.stop = position
                return True
        if hit.id <= self.snapshot and (self.after is None or key > self.after):
            self.found.append((key, position, hit, call))
            self.boundary = None
        return False


def _read(params, chunk, start_page, stop):
    """Engine results from `start_page` on, `chunk` at a time, until stop(hit, position) or the end."""
    page = start_page
    while True:
        call = replace(params, page=page, per_page=chunk)
        try:
            results = search(call)
        except IndexError:  # past the end (articles were removed since the position was noted)
            return
        for offset, hit in enumerate(results.hits):
            if stop(hit, (page - 1) * chunk + offset, call):
                return
        if page >= results.num_pages:
            return
        page += 1


def _read_relevance(params, chunk, position, collect):
    """Relevance pages, read in calls of `chunk` from just before `position`.

    The engine keeps the best `page x per_page` scores and picks among equal scores at that cut
    arbitrarily, so two calls agree on their seam only when the score drops across it. Where it
    does not, one call from the top covers the region instead (its cut is then past the page).
    """
    page = max(0, position - chunk) // chunk + 1
    previous = None  # the last score of the call before, negated as in sort_key
    while True:
        call = replace(params, page=page, per_page=chunk)
        try:
            results = search(call)
        except IndexError:
            break
        top = -(results.hits[0].score or 0.0) if results.hits else None
        if top is not None and previous is not None and top == previous:
            break  # equal scores across the seam
        if top is not None and previous is None and page > 1 and top >= collect.after[0]:
            break  # the first call starts among the cursor's ties, or after it (articles were removed)
        for offset, hit in enumerate(results.hits):
            if collect(hit, (page - 1) * chunk + offset, call):
                return
        if page >= results.num_pages or not results.hits:
            return
        previous = -(results.hits[-1].score or 0.0)
        page += 1
    window = (page + 1) * chunk
    while True:
        collect.reset()
        call = replace(params, page=1, per_page=window)
        results = search(call)
        for position, hit in enumerate(results.hits):
            if collect(hit, position, call):
                return
        if window >= results.total:
            return
        window *= 2


def _with_snippets(page, chunk, stop, total):
    """The page's hits with their highlighted snippets.

    Relevance pages are found without snippets (highlighting costs about a millisecond an article,
    reading one a tenth of that); then the engine calls that returned the page's hits run again with
    them. The
    same call on the same index returns the same articles in the same order, ties included. A call
    from the top (relevance ties) is narrowed to one that starts at the page and ends past `stop`:
    everything scored above its cut keeps its place, and the page is.
    """
    calls = {}
    for _key, position, hit, call in page:
        calls.setdefault(astuple(call), (call, []))[1].append((position, hit.id))
    highlighted = {}
    for call, members in calls.values():
        if call.per_page > chunk:
            first, end = min(p for p, _id in members), (stop if stop is not None else total - 1)
            size = max(1, end - first + 1)
            while (first // size + 1) * size <= end:
                size += 1
            call = replace(call, page=first // size + 1, per_page=size)
        wanted = {hit_id for _position, hit_id in members}
        highlighted.update((h.id, h) for h in search(replace(call, snippets=True)).hits if h.id in wanted)
    return [highlighted.get(hit.id, hit) for _key, _position, hit, _call in page]


def paginate(params: SearchParams, page_size: int, cursor: Cursor | None) -> Page:
    sort = effective_sort(params)
    # Relevance pages are found without snippets and then highlighted (see _with_snippets): their
    # reads from the top would otherwise highlight every article above the page. Date pages read
    # about a page per call, so they highlight as they read.
    late_snippets = params.snippets and sort == "relevance"
    params = replace(params, sort=sort, page=1, snippets=params.snippets and not late_snippets)
    snapshot = cursor.snapshot if cursor else current_snapshot()
    chunk = page_size + 1 + SLACK
    after = cursor.key if cursor else None
    collect = _Collector(sort, page_size, snapshot, after)
    if sort == "relevance":
        _read_relevance(params, chunk, cursor.position if cursor else 0, collect)
    else:
        dated = params
        if after is not None and after[0] == DATED:
            day = _local_day(-after[1] if sort == "newest" else after[1])
            if sort == "newest":
                dated = replace(params, date_to=min(day, params.date_to or day))
            else:
                dated = replace(params, date_from=max(day, params.date_from or day))
        if after is None or after[0] == DATED:
            # Dated articles first: a date range keeps the engine from returning undated ones.
            dated = replace(dated, date_from=dated.date_from or date(1900, 1, 1))
            _read(dated, chunk, 1, collect)
        # With more than a page of dated articles the page is complete: undated ones come after.
        if len(collect.found) <= page_size and not (params.date_from or params.date_to):
            # Then the undated ones, which the engine puts after every dated article.
            count = search(replace(params, date_from=date(1900, 1, 1), per_page=1)).total
            _read(
                params,
                chunk,
                count // chunk + 1,
                lambda hit, pos, call: pos >= count and collect(hit, pos, call),
            )
    # Totals and facets describe the whole search, not the window that was read.
    first = search(replace(params, per_page=1))
    found = sorted(collect.found, key=lambda item: item[0])
    page = found[:page_size]
    next_cursor = None
    if len(found) > page_size and page:
        key, position, _hit, _call = page[-1]
        next_cursor = Cursor(snapshot=snapshot, key=key, position=position)
    hits = [hit for _key, _position, hit, _call in page]
    if late_snippets:
        hits = _with_snippets(page, chunk, collect.stop, first.total)
    return Page(hits=hits, next_cursor=next_cursor, first=first, snapshot=snapshot)
