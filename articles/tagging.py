"""The gazetteer as the database holds it: a tagger for import, re-tagging and query expansion.

Curators change entities in admin, so the tagger is built from Entity rows, not the shipped CSV.
Each process keeps one and rebuilds it when the entities change (a cheap version query: row count,
highest id and the latest modification time, so edits, additions and deletions all count).
"""

import threading

from django.db.models import Count, Max

from articles.entities.gazetteer import Entry
from articles.entities.tagger import Tagger

from .models import Article, Entity, Mention

_cache = {"version": None, "tagger": None}
_lock = threading.Lock()


def build_tagger() -> Tagger:
    return Tagger(
        Entry(
            key=e.key,
            kind=e.kind,
            name_bn=e.name,
            name_en=e.name_en,
            aliases=tuple(e.aliases or ()),
            source=e.source,
            ambiguous=e.ambiguous,
            weak_aliases=tuple(e.weak_aliases or ()),
            context=tuple(e.context or ()),
        )
        for e in Entity.objects.all()
    )


def entities_version():
    stats = Entity.objects.aggregate(n=Count("id"), top=Max("id"), changed=Max("modified"))
    return stats["n"], stats["top"], stats["changed"]


def current_tagger() -> Tagger:
    """The tagger for the entities as they are now (rebuilt in this process when they change)."""
    version = entities_version()
    if _cache["version"] != version:
        with _lock:
            if _cache["version"] != version:
                _cache["tagger"], _cache["version"] = build_tagger(), version
    return _cache["tagger"]


def retag_articles(ids, tagger, progress=lambda it: it):
    """Replace the mentions of these articles by what `tagger` finds now; returns how many changed."""
    entity_ids = dict(Entity.objects.values_list("key", "pk"))
    changed = 0
    for start in progress(range(0, len(ids), 200)):
        batch = (
            Article.objects.filter(pk__in=ids[start : start + 200])
            .select_related("outlet")
            .only("pk", "title", "body", "outlet__name_en")
        )
        for article in batch:
            outlet = article.outlet.name_en if article.outlet_id else ""
            found = {
                entity_ids[h.key]: h.mentions
                for h in tagger.tag(article.title + "\n\n" + article.body, outlet=outlet)
                if h.key in entity_ids
            }
            current = dict(Mention.objects.filter(article=article).values_list("entity_id", "count"))
            if found == current:
                continue
            changed += 1
            Mention.objects.filter(article=article).delete()
            Mention.objects.bulk_create(
                [Mention(article=article, entity_id=eid, count=n) for eid, n in found.items()]
            )
            # bulk_create sends no signals: touch the article so the index follows.
            article.save(update_fields=["modified"])
    return changed
