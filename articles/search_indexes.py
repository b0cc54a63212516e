"""The one index definition: what an article looks like to Whoosh.

Field types are ours (mapped in articles/search/whoosh/backend.py): `keyword` fields are exact, unanalysed values for
filters and facets (slugs, "2024-05"); `bangla_text` fields go through the Bengali analyzer; `stored`
fields are kept only to render a result without a database query.
"""

from datetime import UTC

from django.utils.timezone import localtime
from haystack import indexes

from .models import Article, Mention


class KeywordField(indexes.CharField):
    field_type = "keyword"


class KeywordListField(indexes.MultiValueField):
    field_type = "keyword"


class BigramField(indexes.CharField):
    field_type = "bangla_bigrams"


class StoredField(indexes.CharField):
    field_type = "stored"


class BanglaTextField(indexes.CharField):
    field_type = "bangla_text"


def naive_utc(value):
    # Whoosh drops tzinfo: store UTC wall-clock time and make it aware again when reading.
    return value.astimezone(UTC).replace(tzinfo=None) if value else None


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = BanglaTextField(document=True, stored=True)
    # Stored only, for the result list: searches run on `text`, which holds the title too.
    title = StoredField(model_attr="title")
    # The body again, as pairs of adjacent words, for fast phrase queries (see articles/search/whoosh/engine.py).
    bigrams = BigramField(null=True)
    outlet = KeywordField(null=True)
    topic = KeywordField(null=True)
    year = KeywordField(null=True)
    month = KeywordField(null=True)
    entities = KeywordListField(null=True)
    sources = KeywordListField(null=True)
    published = indexes.DateTimeField(null=True)
    path = StoredField()
    lead = StoredField(null=True)
    precision = KeywordField(model_attr="date_precision")  # a facet and filter (exact, approximate...)
    language = KeywordField(model_attr="language")  # a facet and filter: "bn", "en"
    # The story cluster of every member (the earliest version and its copies): search collapses a
    # cluster to one hit; empty for an article no other outlet or address ran.
    cluster = KeywordField(null=True)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        # Copies in a story cluster too: timelines and totals count every outlet's act of publishing.
        return Article.objects.indexed().select_related("outlet", "topic")

    def prepare_batch(self, articles):
        """Load the entity keys of a batch of articles in one query (the backend calls it first).

        A values query, not prefetch_related("mentions__entity"): two model instances per mention cost
        a third of the indexing process's time per article.
        """
        keys = {article.pk: set() for article in articles}
        rows = Mention.objects.filter(article_id__in=list(keys)).values_list("article_id", "entity__key")
        for article_id, key in rows:
            keys[article_id].add(key)
        for article in articles:
            article.entity_keys = keys[article.pk]

    def prepare(self, obj):
        data = super().prepare(obj)
        data["bigrams"] = data["text"]
        return data

    def prepare_text(self, obj):
        # Plain text, not a template: Django's templates escape HTML, so a quotation mark was stored as
        # "&quot;" (shown as such in snippets) and indexed as the word "quot".
        return "\n".join(part for part in (obj.title, obj.lead, obj.body) if part)

    def prepare_outlet(self, obj):
        return obj.outlet.slug if obj.outlet_id else None

    def prepare_topic(self, obj):
        return obj.topic.slug if obj.topic_id else None

    def prepare_published(self, obj):
        return naive_utc(obj.published_at)

    def prepare_year(self, obj):
        return f"{localtime(obj.published_at):%Y}" if obj.published_at else None

    def prepare_month(self, obj):
        return f"{localtime(obj.published_at):%Y-%m}" if obj.published_at else None

    def prepare_entities(self, obj):
        keys = getattr(obj, "entity_keys", None)
        if keys is None:  # not loaded with its batch
            keys = set(obj.mentions.values_list("entity__key", flat=True))
        return sorted(keys)

    def prepare_sources(self, obj):
        return list(obj.sources or [])

    def prepare_path(self, obj):
        return obj.get_absolute_url()

    def prepare_cluster(self, obj):
        return str(obj.cluster_id) if obj.cluster_id else None

    def prepare_lead(self, obj):
        return obj.lead or None
