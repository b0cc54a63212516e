"""One article as a Solr document, from what the haystack index definition prepared.

`articles/search_indexes.py` stays the one place that says what a document holds; this module only
says how Solr keeps it (solr/configset/managed-schema.xml): the searched `terms` are the archive's own
analysed terms of `text` joined by spaces (Solr splits on whitespace and keeps positions), the word
pairs of `bigrams` are left out (phrases match on positions), dates are UTC ISO strings and empty
values are not sent. `story` (the cluster, or the article itself when it has none) is derived here
for Solr's grouping, which would put every document without a value in one group.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from articles.bangla.analysis import analyze

# Whoosh-only fields with no counterpart in the Solr schema.
LEFT_OUT = frozenset({"bigrams"})
# What django.urls.reverse() leaves unquoted in an address (RFC 3986 sub-delimiters and "/~:@").
_URL_SAFE = "!$&'()*+,;=/~:@"


def solr_date(value: datetime) -> str:
    # The index definition stores naive UTC (Whoosh drops tzinfo); an aware value is converted.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def solr_document(prepared: dict, terms: str | None = None) -> dict:
    """The Solr document of one article, given `ArticleIndex().full_prepare(article)`; `terms`, the
    analysed terms of its text joined by spaces, when already known (articles/search/solr/terms_cache.py)."""
    document = {}
    for name, value in prepared.items():
        if name in LEFT_OUT or value is None or value == "" or value == []:
            continue
        if isinstance(value, datetime):
            value = solr_date(value)
        elif isinstance(value, set | tuple):
            value = sorted(value)
        document[name] = value
    document["terms"] = terms if terms is not None else " ".join(analyze(prepared.get("text") or ""))
    if str(prepared.get("django_id", "")).isdigit():
        document["pk"] = int(prepared["django_id"])
    cluster = prepared.get("cluster")
    document["story"] = f"c{cluster}" if cluster else f"a{prepared.get('django_id', '')}"
    return document


# -- the rebuild's documents, read as rows ---------------------------------------------------------------
#
# A rebuild reads every article, and per article haystack's `full_prepare` costs about 0.3 ms of Python
# (model instances, one `reverse()` per address, a time-zone conversion per field), which is most of
# the client's part of a rebuild. `Rows` builds the same documents from the columns alone; the rebuild
# checks one document of every batch against `full_prepare`'s (articles/search/solr/rebuild.py) and goes
# back to `full_prepare` for good at the first difference, so the index definition stays the one place
# that says what a document holds.

COLUMNS = (
    "pk",
    "title",
    "lead",
    "body",
    "published_at",
    "outlet_id",
    "outlet__slug",
    "topic_id",
    "topic__slug",
    "date_precision",
    "language",
    "sources",
    "cluster_id",
    "slug",
)
# The fields of articles/search_indexes.py's ArticleIndex that `Rows.document` fills.
FIELDS = frozenset(
    {"text", "title", "bigrams", "outlet", "topic", "year", "month", "entities", "sources", "published"}
    | {"path", "lead", "precision", "language", "cluster"}
)


class Rows:
    """Solr documents of articles given as `COLUMNS` rows (what ArticleIndex.full_prepare would give)."""

    def __init__(self):
        from django.urls import reverse
        from django.utils.timezone import get_current_timezone

        from articles.models import Article

        meta = Article._meta
        self.ct = f"{meta.app_label}.{meta.model_name}"
        self.zone = get_current_timezone()
        self.reverse = reverse
        # The address of an article is reverse()'s with its key and slug in place of these two.
        key, slug = 918273645, "solrrebuildslug"
        self.url = reverse("articles:detail", kwargs={"pk": key, "slug": slug})
        self.url_parts = self.url.split(str(key)) if self.url.count(str(key)) == 1 else None
        if self.url_parts and self.url_parts[1].count(slug) == 1:
            self.url_parts = [self.url_parts[0], *self.url_parts[1].split(slug)]
        else:
            self.url_parts = None

    def path(self, pk: int, slug: str) -> str:
        if self.url_parts is None or not slug or "/" in slug:
            return self.reverse("articles:detail", kwargs={"pk": pk, "slug": slug})
        # reverse() quotes the whole address with these safe characters; the rest of it is ASCII.
        return f"{self.url_parts[0]}{pk}{self.url_parts[1]}{quote(slug, safe=_URL_SAFE)}{self.url_parts[2]}"

    def document(self, row: tuple, entities, terms: str) -> dict:
        (pk, title, lead, body, published, outlet_id, outlet, topic_id, topic, precision, language,
         sources, cluster, slug) = row  # fmt: skip
        document = {"id": f"{self.ct}.{pk}", "django_ct": self.ct, "django_id": str(pk)}
        text = "\n".join(part for part in (title, lead, body) if part)
        if text:
            document["text"] = text
        if title:
            document["title"] = str(title)
        if outlet_id and outlet:
            document["outlet"] = outlet
        if topic_id and topic:
            document["topic"] = topic
        if published is not None:
            local = published.astimezone(self.zone)
            document["year"] = f"{local:%Y}"
            document["month"] = f"{local:%Y-%m}"
            document["published"] = solr_date(published)
        if entities:
            document["entities"] = sorted(entities)
        if sources:
            document["sources"] = list(sources)
        document["path"] = self.path(pk, slug)
        if lead:
            document["lead"] = lead
        if precision is not None and precision != "":
            document["precision"] = str(precision)
        if language is not None and language != "":
            document["language"] = str(language)
        if cluster:
            document["cluster"] = str(cluster)
        document["terms"] = terms
        document["pk"] = pk
        document["story"] = f"c{cluster}" if cluster else f"a{pk}"
        return document
