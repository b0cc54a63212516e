"""What the API accepts (search parameters) and what it returns (articles, entities, outlets, topics).

Dates are shown in Asia/Dhaka with their offset, as the pages show them.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import citation_views, citations
from articles.forms import LANGUAGES, MAX_DATE, MAX_VALUES, MIN_DATE, MONTH_RE, PRECISIONS, YEAR_RE
from articles.models import Article, Entity, Outlet, Topic
from articles.search import SORTS

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


def local_iso(value):
    return timezone.localtime(value).isoformat() if value else None


class DhakaDateTimeField(serializers.DateTimeField):
    def to_representation(self, value):
        return local_iso(value)


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


def _values(help_text, max_length=100, slug=False):
    """A filter that may repeat (outlet=a&outlet=b): its values combine as OR, as on the search page."""
    # An empty value (outlet=, as a form with nothing chosen sends) is no filter, as on the search page.
    field = serializers.SlugField if slug else serializers.CharField
    child = field(max_length=max_length, allow_blank=True)
    return serializers.ListField(child=child, required=False, max_length=MAX_VALUES, help_text=help_text)


class SearchQuerySerializer(serializers.Serializer):
    """The search page's filters (articles/forms.py SearchForm) plus page_size and cursor."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text='Words, "a phrase", prefix*, -excluded; Bengali or Latin spellings of known names.',
    )
    outlet = _values("Outlet slugs; several: articles of any of them.", slug=True)
    topic = _values("Topic slugs; several: any of them.", slug=True)
    year = serializers.RegexField(YEAR_RE, required=False, allow_blank=True, help_text="A year, e.g. 2025.")
    month = _values("Years (2024) or months (2024-05); several: any of them.", max_length=7)
    entity = _values("Entity keys; several: articles naming any of them.", slug=True)
    source = _values('Wire sources, e.g. "Reuters"; several: any of them.')
    date_from = serializers.DateField(required=False, allow_null=True, help_text="First day (Dhaka time).")
    date_to = serializers.DateField(required=False, allow_null=True, help_text="Last day (Dhaka time).")
    sort = serializers.ChoiceField(
        choices=SORTS,
        required=False,
        help_text="relevance (default with a query), newest (default without), oldest.",
    )
    precision = serializers.ChoiceField(
        choices=[value for value, _label in PRECISIONS],
        required=False,
        help_text="Only articles whose date has this precision (unknown: undated).",
    )
    approximate = serializers.BooleanField(
        required=False, default=True, help_text="false leaves out articles dated only by their capture time."
    )
    expand = serializers.BooleanField(
        required=False,
        default=True,
        help_text="false searches names only as typed, not their other spellings.",
    )
    language = serializers.ChoiceField(
        choices=[code for code, _name in LANGUAGES],
        required=False,
        help_text="Only articles in this language.",
    )
    banglish = serializers.BooleanField(
        required=False, default=True, help_text="false searches words in Latin letters only as typed."
    )
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
    )
    snippets = serializers.BooleanField(
        required=False,
        default=True,
        help_text="false leaves snippet_html empty: pages come several times faster (for crawls).",
    )
    cursor = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="The `next` cursor of the previous page."
    )

    def _day(self, value):
        if value and not (MIN_DATE <= value <= MAX_DATE):
            raise serializers.ValidationError(_("Choose a date between 1900-01-01 and 2100-12-31."))
        return value

    def validate_date_from(self, value):
        return self._day(value)

    def validate_date_to(self, value):
        return self._day(value)

    def validate_month(self, values):
        for value in filter(None, values):
            found = MONTH_RE.match(value)
            if not found or not (MIN_DATE.year <= int(found[1]) <= MAX_DATE.year):
                raise serializers.ValidationError(
                    _("“%(value)s” is not a month: write e.g. 2024-05.") % {"value": value}
                )
            if found[2] and not 1 <= int(found[2]) <= 12:
                raise serializers.ValidationError(
                    _("“%(value)s” is not a month: months run from 01 to 12.") % {"value": value}
                )
        return values

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_from": _("The start date is after date_to.")})
        year, months = attrs.get("year"), list(filter(None, attrs.get("month") or []))
        if year and any(not m.startswith(year) for m in months):
            raise serializers.ValidationError({"year": _("the month chosen is in another year.")})
        return attrs


class NamedRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_bn = serializers.CharField()
    name_en = serializers.CharField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj):
        name = "outlet" if isinstance(obj, Outlet) else "topic"
        return _absolute(self.context.get("request"), reverse(f"api:{name}-detail", args=[obj.slug]))


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="The article's page in the archive.")
    api_url = serializers.URLField()
    outlet = serializers.CharField(allow_null=True, help_text="The outlet's slug.")
    outlet_name = serializers.CharField(allow_null=True)
    topic = serializers.CharField(allow_null=True, help_text="The topic's slug.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="Asia/Dhaka, with its offset.")
    date_precision = serializers.ChoiceField(choices=Article.Precision.values)
    language = serializers.CharField()
    cluster = serializers.IntegerField(
        allow_null=True,
        help_text="The story cluster (/cluster/ID/) when other outlets or addresses ran the same story; "
        "search shows its earliest version. Else null.",
    )
    snippet_html = serializers.CharField(help_text="Escaped text with <mark> around the matched words.")
    score = serializers.FloatField(allow_null=True, help_text="BM25 score (relevance order only).")
    cluster = serializers.IntegerField(
        allow_null=True,
        help_text="The story cluster (/cluster/ID/) when other outlets or addresses ran the same story; else null. "
        "The API lists every version (each copy is a result); group on this to count stories.",
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    outlet = FacetValueSerializer(many=True)
    topic = FacetValueSerializer(many=True)
    month = FacetValueSerializer(many=True)
    entities = FacetValueSerializer(many=True)
    sources = FacetValueSerializer(many=True)
    precision = FacetValueSerializer(many=True)
    language = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    sort = serializers.ChoiceField(choices=SORTS, help_text="The order used.")
    total = serializers.IntegerField(help_text="Matching articles now (new imports included).")
    clusters = serializers.IntegerField(
        help_text="Distinct stories among them: the copies of one story cluster count once."
    )
    snapshot = serializers.IntegerField(
        help_text="Highest article id when the first page was served: later pages keep to it."
    )
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True, help_text="The next page, or null on the last.")
    suggestion = serializers.CharField(allow_null=True, help_text="'Did you mean' when nothing matched.")
    expanded_entities = serializers.ListField(
        child=serializers.CharField(), help_text="Entity keys whose other spellings were searched too."
    )
    results = HitSerializer(many=True)
    facets = FacetsSerializer()


class MentionSerializer(serializers.Serializer):
    key = serializers.CharField(source="entity.key")
    name = serializers.CharField(source="entity.name")
    name_en = serializers.CharField(source="entity.name_en")
    kind = serializers.CharField(source="entity.kind")
    count = serializers.IntegerField(help_text="How often the article mentions it.")
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, mention):
        return _absolute(self.context.get("request"), reverse("api:entity-detail", args=[mention.entity.key]))


class ArticleSerializer(serializers.ModelSerializer):
    outlet = NamedRefSerializer(allow_null=True)
    topic = NamedRefSerializer(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The article's page in the archive.")
    original_url = serializers.CharField(source="url", help_text="Where the outlet published it.")
    published_at = DhakaDateTimeField(allow_null=True, help_text="Asia/Dhaka, with its offset.")
    updated_at = DhakaDateTimeField(allow_null=True)
    captured_at = DhakaDateTimeField(allow_null=True, help_text="When the page was scraped or saved.")
    paragraphs = serializers.ListField(
        child=serializers.CharField(), help_text="The body, paragraph by paragraph."
    )
    entities = MentionSerializer(source="mentions", many=True)
    cluster = serializers.SerializerMethodField(
        help_text="The story cluster (/cluster/ID/) when other outlets or addresses ran the same story; else null."
    )
    citations = serializers.SerializerMethodField(
        help_text="The article cited in APA, MLA, Chicago, BibTeX, RIS and CSL-JSON: the text and its file's address."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "lead",
            "body",
            "paragraphs",
            "url",
            "original_url",
            "outlet",
            "topic",
            "published_at",
            "date_precision",
            "updated_at",
            "captured_at",
            "kind",
            "language",
            "byline",
            "desk",
            "section_label",
            "sources",
            "entities",
            "cluster",
            "citations",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, article):
        return _absolute(self.context.get("request"), article.get_absolute_url())

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_cluster(self, article):
        cluster = getattr(article, "cluster_id", None)
        return cluster

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"text": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
                "required": ["text", "url"],
            },
        }
    )
    def get_citations(self, article):
        request = self.context.get("request")
        permalink = _absolute(request, reverse("articles:permalink", kwargs={"pk": article.pk}))
        source = citation_views.source_for(article, permalink)
        return {
            key: {
                "text": citations.plain(citations.cite(source, key)),
                "url": _absolute(request, reverse("articles:cite", kwargs={"pk": article.pk, "fmt": key})),
            }
            for key in citations.FORMATS
        }


class _CountedMixin(serializers.Serializer):
    article_count = serializers.SerializerMethodField(help_text="Published articles.")
    articles_url = serializers.SerializerMethodField(help_text="Its articles through the search endpoint.")
    url = serializers.SerializerMethodField(help_text="Its page in the archive.")
    api_url = serializers.SerializerMethodField()
    filter_name = ""

    def get_article_count(self, obj) -> int:
        return self.context.get("counts", {}).get(self._value(obj), 0)

    @extend_schema_field(OpenApiTypes.URI)
    def get_articles_url(self, obj):
        path = f"{reverse('api:search')}?{self.filter_name}={self._value(obj)}"
        return _absolute(self.context.get("request"), path)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return _absolute(self.context.get("request"), obj.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj):
        name = {"entity": "entity", "outlet": "outlet", "topic": "topic"}[self.filter_name]
        return _absolute(self.context.get("request"), reverse(f"api:{name}-detail", args=[self._value(obj)]))

    def _value(self, obj):
        return obj.slug


class OutletSerializer(_CountedMixin, serializers.ModelSerializer):
    filter_name = "outlet"

    class Meta:
        model = Outlet
        fields = [
            "slug",
            "name_bn",
            "name_en",
            "homepage",
            "domain",
            "article_count",
            "url",
            "api_url",
            "articles_url",
        ]


class TopicSerializer(_CountedMixin, serializers.ModelSerializer):
    filter_name = "topic"

    class Meta:
        model = Topic
        fields = ["slug", "name_bn", "name_en", "aliases", "article_count", "url", "api_url", "articles_url"]


class EntitySerializer(_CountedMixin, serializers.ModelSerializer):
    filter_name = "entity"

    class Meta:
        model = Entity
        fields = [
            "key",
            "name",
            "name_en",
            "kind",
            "aliases",
            "article_count",
            "url",
            "api_url",
            "articles_url",
        ]

    def _value(self, obj):
        return obj.key


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")
    parameter = serializers.CharField(required=False, help_text="The query parameter at fault, if one is.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Every parameter at fault with its problems.",
    )
