"""The rows of an export: matching ids from the search, articles from the database in chunks."""

from array import array
from dataclasses import replace

from django.conf import settings
from django.utils import timezone
from haystack import connections

from articles import search
from articles.deadline import DeadlineExceeded
from articles.index_health import IndexUnavailable
from articles.models import Article, Mention

COLUMNS = (
    "id",
    "title",
    "lead",
    "outlet",
    "outlet_name",
    "outlet_name_en",
    "topic",
    "section_label",
    "desk",
    "byline",
    "sources",
    "published_at",
    "date_precision",
    "updated_at",
    "captured_at",
    "language",
    "cluster",
    "entities",
    "entity_keys",
    "url",
    "permalink",
)
TEXT_COLUMN = "text"


def chunk_size():
    return max(1, int(getattr(settings, "ARCHIVE_EXPORT_CHUNK", 500)))


def matching_ids(params, tagger=None):
    """Every matching article id in the search's order (an array of int64, 8 bytes an article).

    The search runs on one searcher, in pages of settings.ARCHIVE_EXPORT_ID_PAGE (5,000) hits, so a large export never holds more
    than one page of hits (each with its stored fields) and every page sees the same index version.
    It runs beside the page cache (search.run_search keeps recent results): a cached result holding
    every hit of a large export would stay in memory long after the download.
    """
    try:
        return _matching_ids(params, tagger)
    except (search.QueryError, IndexError, DeadlineExceeded, IndexUnavailable):
        raise
    except Exception as exc:  # a damaged index fails in many ways: the page says it is unavailable
        raise IndexUnavailable(f"{type(exc).__name__}: {exc}") from exc


def _matching_ids(params, tagger):
    per_page = max(1, int(getattr(settings, "ARCHIVE_EXPORT_ID_PAGE", 5_000)))
    page = replace(params, page=1, per_page=per_page, snippets=False)
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    backend.index = backend.index.refresh()
    # The process's shared searcher, the one the facet arrays follow. A searcher of the export's own
    # could open a newer index version than `key` (a commit in between: document numbers that do not
    # match the arrays), and arrays built on it would read through it once closed (issue 13's soak).
    # No other request of this process closes the shared one meanwhile: requests reaching the engine
    # take turns (articles/engine_gate.py), and the ids are all taken within the request's turn.
    key, searcher = search._searchers.get(backend)
    first = search._run_search(page, tagger, backend, key, searcher)
    ids = array("q", (hit.id for hit in first.hits))
    for number in range(2, first.num_pages + 1):
        result = search._run_search(replace(page, page=number), tagger, backend, key, searcher)
        ids.extend(hit.id for hit in result.hits)
    return ids


def _queryset(with_text):
    queryset = Article.objects.select_related("outlet", "topic").defer(
        "fingerprint", "import_warnings", "import_source", "content_hash"
    )
    return queryset if with_text else queryset.defer("body")


def _entities(chunk):
    """The chunk's entities as plain values, one query: model objects for every mention cost 10x more."""
    rows = (
        Mention.objects.filter(article_id__in=chunk)
        .order_by("article_id", "-count", "pk")
        .values_list("article_id", "entity__key", "entity__name", "entity__kind", "count")
    )
    by_article = {}
    for article_id, key, name, kind, count in rows:
        by_article.setdefault(article_id, []).append({"key": key, "name": name, "kind": kind, "count": count})
    return by_article


def iter_articles(ids, with_text=False):
    """Articles in the order of `ids`, read chunk by chunk (ids deleted meanwhile are skipped).

    Each carries `export_entities`, its entities (most mentioned first) as dicts.
    """
    size = chunk_size()
    queryset = _queryset(with_text)
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        rows = queryset.in_bulk(chunk)
        entities = _entities(chunk)
        for pk in chunk:
            if pk in rows:
                article = rows[pk]
                article.export_entities = entities.get(pk, [])
                yield article


def local_iso(value):
    """A date as pages show it: Dhaka time, with its offset (2025-06-23T10:24:00+06:00)."""
    return timezone.localtime(value).isoformat() if value else None


def full_text(article):
    return "\n\n".join(part for part in (article.lead, article.body) if part)


def record(article, permalink_base, with_text=False):
    """One article as plain values (lists for entities and sources): JSON Lines writes it as it is."""
    outlet, topic = article.outlet, article.topic
    row = {
        "id": article.pk,
        "title": article.title,
        "lead": article.lead,
        "outlet": outlet.slug if outlet else None,
        "outlet_name": (outlet.name_bn or outlet.name_en) if outlet else None,
        "outlet_name_en": outlet.name_en if outlet else None,
        "topic": topic.slug if topic else None,
        "section_label": article.section_label,
        "desk": article.desk,
        "byline": article.byline,
        "sources": list(article.sources),
        "published_at": local_iso(article.published_at),
        "date_precision": article.date_precision,
        "updated_at": local_iso(article.updated_at),
        "captured_at": local_iso(article.captured_at),
        "language": article.language,
        "cluster": article.cluster_id,
        "entities": article.export_entities,
        "url": article.url,
        "permalink": permalink_base + article.get_absolute_url(),
    }
    if with_text:
        row[TEXT_COLUMN] = full_text(article)
    return row


def flat(row):
    """A record as CSV cells: lists joined with "; ", entity names and keys in two columns."""
    cells = dict(row)
    entities = cells.pop("entities")
    cells["entities"] = "; ".join(e["name"] for e in entities)
    cells["entity_keys"] = "; ".join(e["key"] for e in entities)
    cells["sources"] = "; ".join(cells["sources"])
    return {name: "" if value is None else value for name, value in cells.items()}
