"""Curation in Django admin: fix entries, hide or publish, mark duplicates, curate entities."""

from django.contrib import admin, messages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from . import curation
from .indexing import reindex_articles
from .models import Article, CurationLog, Entity, EntityCandidate, Mention, Outlet, Topic


class HttpsURLs:
    # Curators paste bare domains; assume https (Django 6 will, and 5.2 warns until told).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(HttpsURLs, admin.ModelAdmin):
    list_display = ("name_en", "name_bn", "slug", "domain")
    search_fields = ("name_en", "name_bn", "domain", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name_bn", "name_en", "slug")
    search_fields = ("name_en", "name_bn", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ("entity",)


@admin.register(Article)
class ArticleAdmin(HttpsURLs, admin.ModelAdmin):
    list_display = ("title", "outlet", "topic", "published_at", "date_precision", "status", "duplicate_of")
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
        "import_source",
        "import_format",
        "import_warnings",
        "created",
        "modified",
    )
    inlines = [MentionInline]
    actions = ("hide", "publish", "mark_duplicate", "mark_article", "mark_listing", "reindex")
    list_select_related = ("outlet", "topic", "duplicate_of")
    fieldsets = (
        (None, {"fields": ("title", "slug", "lead", "body", "status", "kind", "duplicate_of")}),
        (
            _("Source"),
            {"fields": ("outlet", "topic", "section_label", "url", "desk", "byline", "sources", "language")},
        ),
        (_("Dates"), {"fields": ("published_at", "updated_at", "date_precision")}),
        (_("Import"), {"fields": readonly_fields, "classes": ("collapse",)}),
    )

    def _set_status(self, request, queryset, status):
        # queryset.update() sends no signals: reindex explicitly, after the transaction commits.
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(status=status)
        transaction.on_commit(lambda: reindex_articles(ids))
        return len(ids)

    @admin.action(description=_("Hide from readers"))
    def hide(self, request, queryset):
        n = self._set_status(request, queryset, Article.Status.HIDDEN)
        self.message_user(request, _("%d articles hidden.") % n)

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        n = self._set_status(request, queryset, Article.Status.PUBLISHED)
        self.message_user(request, _("%d articles published.") % n)

    @admin.action(description=_("Mark as duplicates of the oldest selected article"))
    def mark_duplicate(self, request, queryset):
        articles = list(queryset.order_by("published_at", "pk"))
        if len(articles) < 2:
            self.message_user(request, _("Select the original and at least one copy."), messages.WARNING)
            return
        original, copies = articles[0], articles[1:]
        ids = [a.pk for a in copies]
        Article.objects.filter(pk__in=ids).update(duplicate_of=original)
        transaction.on_commit(lambda: reindex_articles(ids))
        self.message_user(
            request, _("%(n)d articles marked as copies of “%(t)s”.") % {"n": len(ids), "t": original}
        )

    def _set_kind(self, queryset, kind):
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(kind=kind)
        transaction.on_commit(lambda: reindex_articles(ids))
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
        reindex_articles(ids)
        self.message_user(request, _("%d articles reindexed.") % len(ids))


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
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


@admin.register(EntityCandidate)
class EntityCandidateAdmin(admin.ModelAdmin):
    list_display = ("text", "count", "status", "entity", "example")
    list_filter = ("status",)
    search_fields = ("text",)
    autocomplete_fields = ("entity", "example")
    actions = ("approve_person", "approve_organisation", "approve_place", "reject")

    def _approve(self, request, queryset, kind):
        entities = [curation.approve_candidate(request.user, c, kind) for c in queryset]
        self.message_user(request, _("%d candidates approved.") % len(entities))

    @admin.action(description=_("Approve as person (or as an alias of the chosen entity)"))
    def approve_person(self, request, queryset):
        self._approve(request, queryset, Entity.Kind.PERSON)

    @admin.action(description=_("Approve as organisation (or as an alias of the chosen entity)"))
    def approve_organisation(self, request, queryset):
        self._approve(request, queryset, Entity.Kind.ORGANISATION)

    @admin.action(description=_("Approve as place (or as an alias of the chosen entity)"))
    def approve_place(self, request, queryset):
        self._approve(request, queryset, Entity.Kind.PLACE)

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        candidates = list(queryset)
        for candidate in candidates:
            curation.reject_candidate(request.user, candidate)
        self.message_user(request, _("%d candidates rejected.") % len(candidates))


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
