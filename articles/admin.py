"""Curation in Django admin: fix entries, hide or publish, mark duplicates, curate entities."""

from django.contrib import admin, messages
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import chrome_rules, curation
from .admin_candidates import EntityCandidateAdmin
from .admin_widgets import ListFieldsMixin
from .clusters import service as clusters
from .indexing import deferred_indexing, schedule_reindex
from .models import (
    Article,
    ChromeRule,
    Cluster,
    CurationLog,
    Entity,
    EntityCandidate,
    Mention,
    Outlet,
    Topic,
)

# The archive's name instead of "Django administration" (জ্যাঙ্গো প্রশাসন), which says nothing to a curator.
admin.site.site_header = _("News Archive: curation")
admin.site.site_title = _("News Archive: curation")
admin.site.index_title = _("Curation")


class HttpsURLs:
    # Curators paste bare domains; assume https (Django 6 will, and 5.2 warns until told).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(HttpsURLs, admin.ModelAdmin):
    list_display = ("name_en", "name_bn", "slug", "domain")
    search_fields = ("name_en", "name_bn", "domain", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Topic)
class TopicAdmin(ListFieldsMixin, admin.ModelAdmin):
    list_fields = {"aliases": "\n"}
    list_display = ("name_bn", "name_en", "slug")
    search_fields = ("name_en", "name_bn", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ("entity",)


@admin.register(Article)
class ArticleAdmin(HttpsURLs, ListFieldsMixin, admin.ModelAdmin):
    list_fields = {"sources": ","}
    list_display = (
        "title",
        "outlet",
        "topic",
        "published_at",
        "date_precision",
        "status",
        "duplicate_of",
        "cluster",
    )
    list_filter = (
        "status",
        "kind",
        "outlet",
        "topic",
        "date_precision",
        "language",
        ("published_at", admin.DateFieldListFilter),
    )
    search_fields = ("title", "body", "url", "desk", "byline")
    autocomplete_fields = ("outlet", "topic", "duplicate_of")
    date_hierarchy = "published_at"
    readonly_fields = (
        "content_hash",
        "cluster_pinned",
        "import_source",
        "import_format",
        "import_warnings",
        "created",
        "modified",
    )
    inlines = [MentionInline]
    actions = ("hide", "publish", "join_cluster", "split_cluster", "mark_article", "mark_listing", "reindex")
    list_select_related = ("outlet", "topic", "duplicate_of", "cluster")
    fieldsets = (
        (None, {"fields": ("title", "slug", "lead", "body", "status", "kind", "duplicate_of", "cluster")}),
        (
            _("Source"),
            {"fields": ("outlet", "topic", "section_label", "url", "desk", "byline", "sources", "language")},
        ),
        (_("Dates"), {"fields": ("published_at", "updated_at", "date_precision")}),
        (_("Import"), {"fields": readonly_fields, "classes": ("collapse",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Cluster membership changes through the join and split actions, which keep the cluster's
        # earliest version and its copies' duplicate_of in step.
        return (*self.readonly_fields, "cluster")

    @transaction.atomic
    def _set_status(self, request, queryset, status):
        # queryset.update() sends no signals: the articles go on the index's to-do list in the same
        # transaction, and are indexed after it commits without waiting for a running job.
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(status=status)
        schedule_reindex(ids)
        # A hidden version cannot be the one readers find: its cluster may need another earliest.
        clusters.refresh(
            set(Article.objects.filter(pk__in=ids, cluster__isnull=False).values_list("cluster", flat=True))
        )
        return len(ids)

    @admin.action(description=_("Hide from readers"))
    def hide(self, request, queryset):
        n = self._set_status(request, queryset, Article.Status.HIDDEN)
        self.message_user(request, _("%d articles hidden.") % n)

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        n = self._set_status(request, queryset, Article.Status.PUBLISHED)
        self.message_user(request, _("%d articles published.") % n)

    # Joining replaces marking duplicates: the earliest version is the one shown in search, and every
    # copy keeps its page, which links to the cluster.
    @admin.action(description=_("Join into one story cluster (the earliest is shown in search)"))
    def join_cluster(self, request, queryset):
        cluster = clusters.join(list(queryset.values_list("pk", flat=True)))
        if cluster is None:
            self.message_user(request, _("Select at least two articles."), messages.WARNING)
            return
        self.message_user(
            request,
            _("Story cluster #%(id)d now has %(n)d articles.") % {"id": cluster.pk, "n": cluster.size},
        )

    @admin.action(description=_("Split the selected articles out of their story clusters"))
    def split_cluster(self, request, queryset):
        n = clusters.split(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%d articles split out of their clusters.") % n)

    @transaction.atomic
    def _set_kind(self, queryset, kind):
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(kind=kind)
        schedule_reindex(ids)
        return len(ids)

    @admin.action(description=_("This is an article after all (not a listing page)"))
    def mark_article(self, request, queryset):
        n = self._set_kind(queryset, Article.Kind.ARTICLE)
        self.message_user(request, _("%d pages marked as articles.") % n)

    @admin.action(description=_("This is a listing page (section, topic or tag page), not an article"))
    def mark_listing(self, request, queryset):
        n = self._set_kind(queryset, Article.Kind.LISTING)
        self.message_user(request, _("%d pages marked as listing pages.") % n)

    @admin.action(description=_("Reindex in search"))
    def reindex(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            schedule_reindex(ids)
        self.message_user(request, _("%d articles reindexed.") % len(ids))


@admin.register(Entity)
class EntityAdmin(ListFieldsMixin, admin.ModelAdmin):
    list_fields = {"aliases": "\n", "weak_aliases": "\n", "context": ","}
    list_display = ("name", "name_en", "kind", "source", "ambiguous")
    list_filter = ("kind", "source", "ambiguous")
    search_fields = ("name", "name_en", "key", "aliases")
    actions = ("merge_into_first",)

    def get_readonly_fields(self, request, obj=None):
        # The key is in URLs, exports and the index: fixed once the entity exists.
        return ("key",) if obj else ()

    def save_model(self, request, obj, form, change):
        before = Entity.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if curation.entity_edited(request.user, before, obj):
            self.message_user(request, _("Articles were tagged again for the changed aliases."))

    def delete_model(self, request, obj):
        curation.log(request.user, "delete", None, f"{obj.key} ({obj.name})")
        super().delete_model(request, obj)

    @admin.action(description=_("Merge the selected entities into the first selected (by name)"))
    def merge_into_first(self, request, queryset):
        entities = list(queryset.order_by("name"))
        if len(entities) < 2:
            self.message_user(request, _("Select at least two entities."), messages.WARNING)
            return
        target = curation.merge(request.user, entities[0], entities[1:])
        self.message_user(request, _("Merged into %s.") % target)


admin.site.register(EntityCandidate, EntityCandidateAdmin)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ("entity", "article", "count")
    list_filter = ("entity__kind",)
    search_fields = ("entity__name", "entity__key", "article__title")
    autocomplete_fields = ("article", "entity")
    list_select_related = ("entity", "article")


@admin.register(CurationLog)
class CurationLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "entity")
    list_filter = ("action",)
    search_fields = ("details",)
    readonly_fields = ("at", "user", "action", "entity", "details")


@admin.register(ChromeRule)
class ChromeRuleAdmin(admin.ModelAdmin):
    """Learned chrome per outlet: curators keep a line (genuine text) or drop it (removed from bodies)."""

    list_display = (
        "example_text",
        "outlet",
        "articles",
        "status",
        "example_links",
        "decided_by",
        "decided_at",
    )
    list_filter = ("outlet", "status")
    search_fields = ("text", "example_text")
    list_select_related = ("outlet", "decided_by")
    readonly_fields = ("text", "articles", "example_links", "decided_by", "decided_at", "found_at")
    fields = (
        "outlet",
        "example_text",
        "text",
        "status",
        "articles",
        "example_links",
        "decided_by",
        "decided_at",
    )
    actions = ("drop", "keep")

    @admin.display(description=_("examples"))
    def example_links(self, rule):
        ids = [pk for pk in rule.examples or [] if isinstance(pk, int)]
        return format_html_join(
            " ",
            '<a href="{}">{}</a>',
            ((reverse("admin:articles_article_change", args=[pk]), pk) for pk in ids),
        ) or format_html("{}", "-")

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.decided_by, obj.decided_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data and obj.status == ChromeRule.Status.DROP:
            self._apply({obj.outlet})

    def _decide(self, request, queryset, status):
        rules = list(queryset.select_related("outlet"))
        queryset.update(status=status, decided_by=request.user, decided_at=timezone.now())
        return rules

    @staticmethod
    @transaction.atomic
    def _apply(outlets):
        # Dropping applies at once: the outlet's bodies are cleaned and reindexed after the commit.
        cleaned = []
        with deferred_indexing(on_commit=True) as pending:
            for outlet in outlets:
                cleaned.extend(chrome_rules.clean_outlet(outlet))
            pending.update(cleaned)
        return cleaned

    @admin.action(description=_("Drop: remove these lines from the outlet's articles"))
    def drop(self, request, queryset):
        rules = self._decide(request, queryset, ChromeRule.Status.DROP)
        cleaned = self._apply({r.outlet for r in rules})
        self.message_user(
            request, _("%(n)d rules dropped; %(a)d articles cleaned.") % {"n": len(rules), "a": len(cleaned)}
        )

    @admin.action(description=_("Keep: these lines are genuine text"))
    def keep(self, request, queryset):
        rules = self._decide(request, queryset, ChromeRule.Status.KEEP)
        self.message_user(request, _("%d rules kept; they will not be proposed again.") % len(rules))


class ClusterArticleInline(admin.TabularInline):
    model = Article
    fields = ("title", "outlet", "published_at", "date_precision", "status", "duplicate_of", "cluster_pinned")
    readonly_fields = fields
    ordering = ("published_at", "pk")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    """Clusters with their articles; membership changes through the Article actions (join, split)."""

    list_display = ("__str__", "size", "earliest", "modified")
    search_fields = ("articles__title", "articles__url")
    readonly_fields = ("earliest", "size", "created", "modified")
    list_select_related = ("earliest",)
    inlines = [ClusterArticleInline]
    actions = ("dissolve",)

    def has_add_permission(self, request):
        return False  # clusters are made by joining articles

    @admin.action(description=_("Dissolve: every article becomes a story of its own"))
    def dissolve(self, request, queryset):
        ids = list(Article.objects.filter(cluster__in=queryset).values_list("pk", flat=True))
        n = clusters.split(ids)
        self.message_user(request, _("%d articles split out of their clusters.") % n)
