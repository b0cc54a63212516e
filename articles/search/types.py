"""What every search engine takes and returns: the interface's parameters, results and refusals.

Both engines (articles/search/whoosh, articles/search/solr) fill these same dataclasses, so views, the
API, exports and timelines never know which engine answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

FACET_FIELDS = ("outlet", "topic", "month", "entities", "sources", "precision", "language")
SORTS = ("relevance", "newest", "oldest")
PRECISIONS = ("minute", "day", "approximate", "unknown")  # Article.Precision, most exact first


class IndexUnavailable(RuntimeError):
    """The index cannot be read (missing or damaged files, no engine node answering): search pages say
    so, the rest of the site works."""


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
    banglish: bool = (
        True  # Latin words also search their Bengali index terms (articles/search/whoosh/banglish.py)
    )
    # False: one hit per story cluster (the member first in the search's order) with its number of
    # matching versions; True: every copy is a hit of its own (exports, the API, the "every version" switch).
    all_versions: bool = False


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
    cluster: int | None = None  # its story cluster (/cluster/ID/); None for a story no one else ran
    versions: int = 1  # matching articles of its cluster in this search, itself included


@dataclass
class SearchResults:
    params: SearchParams
    total: int = 0  # every matching article, each copy of a story included (facets count the same)
    clusters: int = 0  # distinct stories among the matches: a cluster counts once (collapsed paging)
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


def filter_values(value):
    return (value,) if isinstance(value, str) else tuple(value)


def sort_facet(name, pairs):
    """A facet's (value, count) pairs in the order pages show them, on every engine: months newest
    first, precision from exact to unknown (as readers weigh them), the rest by count."""
    if name == "month":
        return sorted(pairs, reverse=True)
    if name == "precision":
        return sorted(pairs, key=lambda p: PRECISIONS.index(p[0]) if p[0] in PRECISIONS else len(PRECISIONS))
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def plain_snippet(text, limit=220):
    from django.utils.html import escape

    lines = [line for line in text.splitlines() if line.strip()]
    body = " ".join(lines[1:] if len(lines) > 1 else lines)
    return escape(body[:limit] + ("…" if len(body) > limit else ""))


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


def _articles(n: int) -> str:
    return "1 article is" if n == 1 else f"{n} articles are"


@dataclass
class Report:
    """What an engine's `inspect` found: the index against the database, and the repair it needs."""

    indexed: int = 0
    expected: int = 0  # articles the database says the index holds: every version of a story
    problems: list[str] = field(default_factory=list)
    rebuild: bool = False  # the files are damaged: only a rebuild repairs them
    missing: set[int] = field(default_factory=set)  # to be indexed, not in the index
    extra: set[int] = field(default_factory=set)  # in the index, not to be (hidden, deleted...)
    stale: set[int] = field(default_factory=set)  # indexed twice, or differing from the database
    pending: set[int] = field(default_factory=set)  # changes the index may not have yet

    @property
    def to_reindex(self):
        return self.missing | self.extra | self.stale | self.pending

    @property
    def healthy(self):
        return not self.problems

    def compare(self, expected: set[int], indexed: set[int]) -> None:
        """Note what differs between the ids that should be indexed and those that are (and the
        to-do list), with the problems `check_archive` prints; the same words on every engine."""
        self.indexed = len(indexed)
        self.missing |= expected - indexed
        self.extra |= indexed - expected
        if self.missing:
            self.problems.append(f"{_articles(len(self.missing))} missing from the index.")
        if self.extra:
            self.problems.append(
                f"{_articles(len(self.extra))} in the index but should not be (hidden, deleted or not articles)."
            )
        if self.stale:
            self.problems.append(f"{len(self.stale)} indexed articles differ from the database.")
        if self.pending:
            self.problems.append(f"{len(self.pending)} changes are waiting to be indexed.")
