"""The candidate-names queue in the admin: one click per decision, with the sentence that shows the name.

Each row has buttons (person, organisation, place, reject) and a box to attach the name to an
existing entity as an alias; they post to `<pk>/decide/`, which calls the same functions as the bulk
actions (articles/curation.py). Keys j/k move between rows and p/o/l/x decide the current row
(static/js/candidate_queue.js).
"""

import unicodedata

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import curation
from .bangla.highlight import _SENTENCE_END
from .models import Entity, EntityCandidate

MAX_SENTENCE = 240
KINDS = {
    "person": (Entity.Kind.PERSON, _("Person")),
    "organisation": (Entity.Kind.ORGANISATION, _("Organisation")),
    "place": (Entity.Kind.PLACE, _("Place")),
}


def example_sentence(text, name, limit=MAX_SENTENCE):
    """The sentence of `text` that contains `name`, as (before, name, after); None if it is absent.

    Long sentences are cut around the name with "…", so the name is always in view.
    """
    text = unicodedata.normalize("NFC", text or "")
    at = text.find(name)
    if at < 0:
        return None
    start = max(text.rfind("\n", 0, at) + 1, 0)
    for end_mark in _SENTENCE_END.finditer(text, start, at):
        start = end_mark.end()
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    found = _SENTENCE_END.search(text, at + len(name), end)
    end = found.end() if found else end
    before, after = text[start:at].lstrip(), text[at + len(name) : end].rstrip()
    room = max(limit - len(name), 40) // 2
    if len(before) > room:
        before = "…" + before[-room:].split(" ", 1)[-1]
    if len(after) > room:
        after = after[:room].rsplit(" ", 1)[0] + "…"
    return before, name, after


def find_entity(value):
    """The entity a curator typed to attach a name to: its key, name or English name (exactly)."""
    value = unicodedata.normalize("NFC", (value or "").strip())
    if not value:
        return None
    matches = list(Entity.objects.filter(Q(key=value) | Q(name=value) | Q(name_en__iexact=value))[:2])
    return matches[0] if len(matches) == 1 else None


class EntityCandidateAdmin(admin.ModelAdmin):
    list_display = ("text", "count", "sentence", "status", "entity", "decide")
    list_filter = ("status",)
    search_fields = ("text",)
    autocomplete_fields = ("entity", "example")
    list_select_related = ("example", "entity")
    readonly_fields = ("sentence",)
    actions = ("approve_person", "approve_organisation", "approve_place", "reject")

    class Media:
        js = ("js/candidate_queue.js",)
        css = {"all": ("css/candidate_queue.css",)}

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        return [path("<int:pk>/decide/", decide, name="articles_entitycandidate_decide"), *super().get_urls()]

    @admin.display(description=_("example sentence"))
    def sentence(self, candidate):
        article = candidate.example
        parts = None
        if article is not None:
            parts = example_sentence(article.title, candidate.text) or example_sentence(
                article.body, candidate.text
            )
        if parts is None:
            return "-"
        before, name, after = parts
        link = reverse("admin:articles_article_change", args=[article.pk])
        return format_html(
            '<span class="candidate-sentence" lang="bn">{}<mark>{}</mark>{}</span> <a href="{}">{}</a>',
            before,
            name,
            after,
            link,
            gettext("article"),
        )

    @admin.display(description=_("decide"))
    def decide(self, candidate):
        if candidate.status != EntityCandidate.Status.PENDING:
            return candidate.get_status_display()
        url = reverse("admin:articles_entitycandidate_decide", args=[candidate.pk])
        buttons = format_html(
            '<button type="submit" class="button" formaction="{}" name="decide" value="person"'
            ' data-key="p" title="{} (p)">{}</button> '
            '<button type="submit" class="button" formaction="{}" name="decide" value="organisation"'
            ' data-key="o" title="{} (o)">{}</button> '
            '<button type="submit" class="button" formaction="{}" name="decide" value="place"'
            ' data-key="l" title="{} (l)">{}</button> '
            '<button type="submit" class="button reject" formaction="{}" name="decide" value="reject"'
            ' data-key="x" title="{} (x)">{}</button>',
            url,
            gettext("Approve as a new person"),
            gettext("Person"),
            url,
            gettext("Approve as a new organisation"),
            gettext("Organisation"),
            url,
            gettext("Approve as a new place"),
            gettext("Place"),
            url,
            gettext("Not a name: reject"),
            gettext("Reject"),
        )
        attach = format_html(
            '<span class="candidate-attach"><input type="text" name="attach-{}" size="14" placeholder="{}"'
            ' aria-label="{}" data-key="a"> <button type="submit" class="button" formaction="{}"'
            ' name="decide" value="attach">{}</button></span>',
            candidate.pk,
            gettext("entity key or name"),
            gettext("Attach to an existing entity (its key or name)"),
            url,
            gettext("Attach"),
        )
        return format_html('<span class="candidate-decide">{} {}</span>', buttons, attach)

    def decide_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        candidate = get_object_or_404(EntityCandidate, pk=pk)
        if not self.has_change_permission(request, candidate):
            raise PermissionDenied
        choice = request.POST.get("decide", "")
        back = reverse("admin:articles_entitycandidate_changelist")
        referer = request.META.get("HTTP_REFERER", "")
        # Back to the list as the curator filtered and paged it.
        if url_has_allowed_host_and_scheme(referer, {request.get_host()}) and back in referer:
            back = referer
        if candidate.status != EntityCandidate.Status.PENDING:
            self.message_user(
                request, gettext("“%s” was decided already.") % candidate.text, messages.WARNING
            )
        elif choice in KINDS:
            candidate.entity = None  # a new entity of that kind; attaching has its own button
            entity = curation.approve_candidate(request.user, candidate, KINDS[choice][0])
            self.message_user(
                request,
                gettext("“%(text)s” is now an entity (%(kind)s).")
                % {"text": candidate.text, "kind": entity.get_kind_display()},
            )
        elif choice == "attach":
            typed = request.POST.get(f"attach-{pk}", "")
            entity = find_entity(typed)
            if entity is None:
                self.message_user(
                    request,
                    gettext("No single entity has the key or name “%s”: nothing was attached.") % typed,
                    messages.ERROR,
                )
            else:
                candidate.entity = entity
                curation.approve_candidate(request.user, candidate, entity.kind)
                self.message_user(
                    request,
                    gettext("“%(text)s” is now an alias of %(entity)s.")
                    % {"text": candidate.text, "entity": entity.name},
                )
        elif choice == "reject":
            curation.reject_candidate(request.user, candidate)
            self.message_user(request, gettext("“%s” rejected.") % candidate.text)
        else:
            self.message_user(request, gettext("Choose a decision."), messages.ERROR)
        return redirect(back)

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
