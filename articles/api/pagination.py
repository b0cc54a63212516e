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
about the same at any depth; relevance pages start reading a chunk before the previous position.

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

from articles.models import Article

from .search import SearchParams, search

CHUNK = 100  # articles read from the engine per call
SALT = "articles.api.search-cursor"
DATED, UNDATED = 0, 1


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
            raise CursorError("This cursor is not valid: use the 'next' link of a previous page.") from exc
        if version != 1 or owner != digest:
            raise CursorError(
                "This cursor belongs to a different search: keep the other parameters as they were."
            )
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


def _read(params, start_page, stop):
    """Engine results from `start_page` on, CHUNK at a time, until stop(hit) or the end."""
    page = start_page
    while True:
        try:
            results = search(replace(params, page=page, per_page=CHUNK))
        except IndexError:  # past the end (articles were removed since the position was noted)
            return
        for offset, hit in enumerate(results.hits):
            if stop(hit, (page - 1) * CHUNK + offset):
                return
        if page >= results.num_pages:
            return
        page += 1


def paginate(params: SearchParams, page_size: int, cursor: Cursor | None) -> Page:
    sort = effective_sort(params)
    params = replace(params, sort=sort, page=1)
    snapshot = cursor.snapshot if cursor else current_snapshot()
    after = cursor.key if cursor else None
    found = []  # (key, engine position, hit)
    state = {"boundary": None}

    def collect(hit, position):
        """Keep hits after the cursor; True once a page and every tie of its last key is read."""
        key = sort_key(hit, sort)
        if found and len(found) > page_size:
            if state["boundary"] is None:
                found.sort(key=lambda item: item[0])
                state["boundary"] = found[page_size][0][:-1]
            if key[:-1] > state["boundary"]:
                return True
        if hit.id <= snapshot and (after is None or key > after):
            found.append((key, position, hit))
            state["boundary"] = None
        return False

    if sort == "relevance":
        _read(params, max(0, (cursor.position if cursor else 0) - CHUNK) // CHUNK + 1, collect)
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
            _read(dated, 1, collect)
        # More than a page of dated articles: the undated ones all come after them.
        if len(found) <= page_size and not (params.date_from or params.date_to):
            # Then the undated ones, which the engine puts after every dated article.
            count = search(replace(params, date_from=date(1900, 1, 1), per_page=1, snippets=False)).total
            undated_first = count // CHUNK + 1
            _read(params, undated_first, lambda hit, pos: pos >= count and collect(hit, pos))
    # Totals and facets describe the whole search, not the window that was read.
    first = search(replace(params, per_page=1, snippets=False))
    found.sort(key=lambda item: item[0])
    page = found[:page_size]
    more = len(found) > page_size
    next_cursor = None
    if more and page:
        key, position, _hit = page[-1]
        next_cursor = Cursor(snapshot=snapshot, key=key, position=position)
    return Page(
        hits=[hit for _key, _pos, hit in page], next_cursor=next_cursor, first=first, snapshot=snapshot
    )
