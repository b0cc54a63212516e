"""The archive's data: outlets, topics, articles, entities and their mentions.

The path of the data: raw file -> ingest.Record -> Article row -> index document -> page.
"""

import re
import unicodedata

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import connections, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .addresses import article_address

NOT_SLUG = re.compile(r"[^0-9a-z\u0980-\u09ff]+")


def bengali_slug(text, max_length=80):
    """A readable URL slug that keeps Bengali words whole.

    Django's slugify(allow_unicode=True) drops vowel signs and the virama (its \\w does not match
    them), so রহিম would become রহম. Cut at a word boundary, never inside a word.
    """
    text = unicodedata.normalize("NFC", text or "").lower().replace("\u200c", "").replace("\u200d", "")
    slug = NOT_SLUG.sub("-", text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug or "article"


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Store Bengali in JSON fields as text, not \\u escapes, so admin search finds aliases on SQLite."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def indexed_articles_q(prefix="articles__"):
    """Article.objects.indexed() as a filter on a related model: what search holds and counts.

    Every published article, and every copy in a story cluster (another outlet's or address's
    version: its own act of publishing, collapsed into its story in search results). A copy marked
    `duplicate_of` without a cluster (an older archive's mark, or two texts of one outlet that became
    identical once chrome was removed) stays out: nothing would collapse it.
    """
    return models.Q(**{f"{prefix}status": "published", f"{prefix}kind": "article"}) & (
        models.Q(**{f"{prefix}duplicate_of__isnull": True}) | models.Q(**{f"{prefix}cluster__isnull": False})
    )


def published_articles_q(prefix="articles__"):
    """Article.objects.published() as a filter on a related model (for counts on outlets, topics).

    Listing pages (section fronts, topic and tag pages, live feeds) are kept for curators but never
    shown to readers or counted.
    """
    return models.Q(
        **{f"{prefix}status": "published", f"{prefix}duplicate_of__isnull": True, f"{prefix}kind": "article"}
    )


class Named(models.Model):
    """Outlets and topics: a Bengali and an English name, shown in the reader's language."""

    class Meta:
        abstract = True

    def __str__(self):
        return self.name_bn or self.name_en

    def display_name(self, language="bn"):
        return self.name_in(language, self.name_bn, self.name_en)

    @staticmethod
    def name_in(language, name_bn, name_en):
        """The name in `language`, or the other one when that is empty (also for rows read as values)."""
        return (name_en or name_bn) if language == "en" else (name_bn or name_en)


class Outlet(Named):
    name_bn = models.CharField(_("Bengali name"), max_length=200, blank=True, help_text=_("e.g. প্রথম আলো"))
    name_en = models.CharField(_("English name"), max_length=200, help_text=_("e.g. Prothom Alo"))
    slug = models.SlugField(
        _("slug"), unique=True, max_length=100, help_text=_("Used in the outlet's address.")
    )
    homepage = models.URLField(_("homepage"), blank=True, help_text=_("The outlet's front page."))
    domain = models.CharField(_("domain"), max_length=200, blank=True, help_text=_("e.g. prothomalo.com"))

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def get_absolute_url(self):
        return reverse("articles:outlet", kwargs={"slug": self.slug})


class Topic(Named):
    """A section. Outlets label the same section differently; `aliases` maps their labels here."""

    name_bn = models.CharField(_("Bengali name"), max_length=100, help_text=_("e.g. খেলা"))
    name_en = models.CharField(_("English name"), max_length=100, help_text=_("e.g. Sports"))
    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    aliases = models.JSONField(
        _("aliases"),
        default=list,
        blank=True,
        help_text=_("Other labels outlets use for this section, one per line, e.g. sports or খেলাধুলা."),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """One version per story: published, and not a copy of another article (database lists that
        should not repeat a story: the sitemap, topic and entity feeds). Search and every count use
        indexed(), which adds the copies."""
        return self.filter(published_articles_q(prefix=""))

    def indexed(self):
        """What the search index holds and every count of articles counts: published() plus the
        copies of each story cluster (see indexed_articles_q). check_archive compares the index with it."""
        return self.filter(indexed_articles_q(prefix=""))

    def for_listing(self):
        return self.select_related("outlet", "topic").defer("body").newest_first()

    def newest_first(self):
        """Newest first, undated articles last, on every database.

        SQLite already sorts NULLs last in descending order and can then walk the (status, date)
        index; an explicit NULLS LAST would make it sort every row. PostgreSQL sorts NULLs first
        unless told otherwise.
        """
        if connections[self.db].vendor == "postgresql":
            return self.order_by(models.F("published_at").desc(nulls_last=True), "-id")
        return self.order_by("-published_at", "-id")


class Article(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")
        NEEDS_REVIEW = "review", _("Needs review")

    class Precision(models.TextChoices):
        MINUTE = "minute", _("Minute")
        DAY = "day", _("Day")
        UNKNOWN = "unknown", _("Unknown")
        # Only an upper bound is known: the time the page was captured (a dump's scraped_at).
        APPROXIMATE = "approximate", _("Approximate (captured)")

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        LISTING = "listing", _("Listing page")

    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("outlet"),
    )
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("topic"),
    )
    title = models.CharField(_("title"), max_length=500, help_text=_("The headline."))
    slug = models.CharField(
        _("slug"),
        max_length=100,
        validators=[RegexValidator(r"^[0-9a-z\u0980-\u09ff]+(-[0-9a-z\u0980-\u09ff]+)*$")],
        help_text=_("Bengali or Latin words joined by hyphens. Changing it keeps old links working."),
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("Sub-title or standfirst, if any."))
    body = models.TextField(_("body"), help_text=_("The article's paragraphs, separated by blank lines."))
    url = models.URLField(_("original URL"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=12,
        choices=Precision.choices,
        default=Precision.UNKNOWN,
        help_text=_("How exactly the publication date is known."),
    )
    captured_at = models.DateTimeField(
        _("captured"), null=True, blank=True, help_text=_("When the page was scraped or saved, if known.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.ARTICLE,
        help_text=_(
            "Listing pages (section fronts, tag pages, live feeds) are kept out of search and counts."
        ),
    )
    desk = models.CharField(_("desk"), max_length=200, blank=True, help_text=_("e.g. আন্তর্জাতিক ডেস্ক"))
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    section_label = models.CharField(
        _("section label"), max_length=200, blank=True, help_text=_("The section as the outlet labelled it.")
    )
    sources = models.JSONField(
        _("wire sources"),
        default=list,
        blank=True,
        help_text=_("Agencies named, separated by commas, e.g. Reuters, AFP."),
    )
    language = models.CharField(_("language"), max_length=8, default="bn", help_text=_("bn or en"))
    # Not unique: another outlet's word-for-word copy is its own act of publishing (see Cluster).
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True, editable=False)
    fingerprint = models.BinaryField(
        _("fingerprint"),
        null=True,
        blank=True,
        editable=False,
        help_text="MinHash signature for near-duplicate detection.",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
        help_text=_("Set when this is a copy (or near copy) of another article."),
    )
    cluster = models.ForeignKey(
        "Cluster",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("story cluster"),
        help_text=_("The story cluster of its copies in other outlets; empty when it has none."),
    )
    cluster_pinned = models.BooleanField(
        _("cluster set by a curator"),
        default=False,
        help_text=_("Imports and cluster_articles leave the cluster of this article as a curator set it."),
    )
    import_source = models.CharField(
        _("import source"), max_length=1000, blank=True, help_text=_("Input file (and row).")
    )
    import_format = models.CharField(_("import format"), max_length=20, blank=True)
    import_warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]  # see ArticleQuerySet.newest_first for undated articles
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="article_url_unique_when_present"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published_idx"),
            models.Index(fields=["outlet", "-published_at"], name="article_outlet_published_idx"),
            models.Index(fields=["topic", "-published_at"], name="article_topic_published_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = bengali_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # reverse() costs more than everything else an index document or export row needs.
        return article_address(self.pk, self.slug)

    @property
    def is_visible(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.duplicate_of_id is None
            and self.kind == self.Kind.ARTICLE
        )

    @property
    def has_page(self):
        """Copies keep a page of their own (it says so and links to the cluster); hidden articles and
        listing pages have none."""
        return self.status == self.Status.PUBLISHED and self.kind == self.Kind.ARTICLE

    def paragraphs(self):
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        PLACE = "place", _("Place")

    key = models.SlugField(
        _("key"), unique=True, max_length=120, help_text=_("Stable identifier, e.g. vladimir-putin.")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("Canonical Bengali name."))
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        db_index=True,
        help_text=_("Person, organisation or place."),
    )
    aliases = models.JSONField(
        _("aliases"),
        default=list,
        blank=True,
        encoder=UnicodeJSONEncoder,
        help_text=_("Other spellings, abbreviations and Latin forms."),
    )
    weak_aliases = models.JSONField(
        _("weak aliases"),
        default=list,
        blank=True,
        help_text=_("Forms that also name other things; they count only beside a strong mention or context."),
    )
    context = models.JSONField(
        _("context"),
        default=list,
        blank=True,
        help_text=_("Keys of entities whose mention confirms a weak alias."),
    )
    ambiguous = models.BooleanField(
        _("ambiguous"),
        default=False,
        help_text=_("Short or common-word aliases are only matched with context."),
    )
    source = models.CharField(
        _("source"), max_length=20, blank=True, help_text=_("curated, geo, ner or review")
    )
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:entity", kwargs={"key": self.key})


class Mention(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("article")
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("entity")
    )
    count = models.PositiveIntegerField(
        _("count"), default=1, help_text=_("How often the article mentions the entity.")
    )

    class Meta:
        ordering = ["-count"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="mention_unique_article_entity")
        ]

    def __str__(self):
        return f"{self.entity} × {self.count}"


class EntityCandidate(models.Model):
    """A name-like mention not in the gazetteer, waiting for a curator. Never shown to readers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    text = models.CharField(_("text"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    example = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("example article")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    entity = models.ForeignKey(
        Entity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("entity"),
        help_text=_("Set when approved or merged."),
    )

    class Meta:
        ordering = ["-count"]
        verbose_name = _("entity candidate")
        verbose_name_plural = _("entity candidates")

    def __str__(self):
        return self.text


class CurationLog(models.Model):
    """Who changed what in the gazetteer, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=50)
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("entity")
    )
    details = models.TextField(_("details"), blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("curation log entry")
        verbose_name_plural = _("curation log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class ChromeRule(models.Model):
    """A line that recurs across an outlet's articles: page furniture, or text a curator keeps.

    Found by `articles/ingest/learned_chrome.py` at import or by `learn_chrome`; "drop" rules are removed
    from the outlet's bodies (stored and imported later), "keep" rules are never proposed or applied
    again, "proposed" ones wait for a curator.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DROP = "drop", _("Drop (remove from bodies)")
        KEEP = "keep", _("Keep (genuine text)")

    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="chrome_rules", verbose_name=_("outlet")
    )
    text = models.CharField(
        _("line"),
        max_length=600,
        help_text=_("The line as compared: lower case, no punctuation, numbers as 0."),
    )
    example_text = models.TextField(_("as seen"), blank=True)
    articles = models.PositiveIntegerField(_("articles"), default=0, help_text=_("Articles it was seen in."))
    examples = models.JSONField(_("example articles"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    found_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        ordering = ["outlet", "-articles", "text"]
        verbose_name = _("chrome rule")
        verbose_name_plural = _("chrome rules")
        constraints = [
            models.UniqueConstraint(fields=["outlet", "text"], name="chromerule_unique_outlet_text")
        ]

    def __str__(self):
        return self.example_text[:80] or self.text[:80]


class Cluster(models.Model):
    """One story as several outlets (or one outlet at several addresses) published it: exact copies,
    near copies and syndicated wire copies, each an Article of its own.

    Articles without copies have no cluster (most of the archive): a cluster always has two or more
    articles, so `cluster_id` alone says whether an article has other versions. `earliest` and `size`
    are kept by `articles.clusters.service.refresh`; every other member's `duplicate_of` points at
    `earliest`, so that readers see one version in search.
    """

    earliest = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("earliest version"),
        help_text=_("The first version published (the one shown in search)."),
    )
    size = models.PositiveIntegerField(
        _("size"), default=0, help_text=_("Number of articles in the cluster.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["-modified", "-id"]
        verbose_name = _("story cluster")
        verbose_name_plural = _("story clusters")

    def __str__(self):
        title = self.earliest.title if self.earliest_id else ""
        return f"#{self.pk} {title}".strip()

    def get_absolute_url(self):
        return reverse("articles:cluster", kwargs={"pk": self.pk})


class PendingIndex(models.Model):
    """An article whose index document must follow a database change (the index's to-do list).

    Written in the same transaction as the change (articles/indexing.py), deleted once the index
    holds it: after a crash between the commit and the index write, the next import, `ensure_index`
    or server start finds the article here. A plain id, not a foreign key: deletions need indexing too.
    """

    article_id = models.BigIntegerField(unique=True)
    stamp = models.BigIntegerField(help_text="Changes with every save, so a later save is never lost.")

    class Meta:
        verbose_name = _("article waiting for the index")
        verbose_name_plural = _("articles waiting for the index")

    def __str__(self):
        return str(self.article_id)
