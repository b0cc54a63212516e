"""Gazetteer curation: merge entities, change aliases, review candidates. Every change is logged
(who, when, what) and the affected articles are re-tagged so facets and the index follow.
"""

from django.db import transaction

from .indexing import deferred_indexing
from .models import CurationLog, Entity, EntityCandidate, Mention
from .search import article_ids_matching
from .tagging import current_tagger, retag_articles


def log(user, action, entity=None, details=""):
    return CurationLog.objects.create(
        user=user if user and user.is_authenticated else None, action=action, entity=entity, details=details
    )


def retag(ids):
    """Re-tag these articles; the index is written once for all of them when the transaction commits."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    with deferred_indexing(on_commit=True):
        return retag_articles(ids, current_tagger())


def articles_for_aliases(entity, aliases):
    ids = set(Mention.objects.filter(entity=entity).values_list("article_id", flat=True))
    for alias in aliases:
        ids |= article_ids_matching(alias)
    return ids


@transaction.atomic
def aliases_changed(user, entity, before, after):
    """After an admin edit of `entity.aliases`: log each change and re-tag the articles concerned."""
    added = [a for a in after if a not in before]
    removed = [a for a in before if a not in after]
    for alias in added:
        log(user, "add_alias", entity, alias)
    for alias in removed:
        log(user, "remove_alias", entity, alias)
    if added or removed:
        retag(articles_for_aliases(entity, [*added, *removed, entity.name]))
    return added, removed


# Fields whose change alters what the tagger finds.
TAGGING_FIELDS = ("name", "name_en", "aliases", "weak_aliases", "context", "ambiguous")


@transaction.atomic
def entity_edited(user, before, entity):
    """Log an admin edit field by field and re-tag what it affects; True if articles were re-tagged."""
    if before is None:
        log(user, "create", entity, entity.name)
        aliases_changed(user, entity, [], entity.aliases)
        return True
    changed = [
        f.name
        for f in entity._meta.concrete_fields
        if getattr(before, f.attname) != getattr(entity, f.attname)
    ]
    changed = [name for name in changed if name != "modified"]
    if "kind" in changed:
        log(user, "change_kind", entity, f"{before.kind} -> {entity.kind}")
    if "name" in changed:
        log(user, "rename", entity, f"{before.name} -> {entity.name}")
    others = [name for name in changed if name not in ("kind", "name", "aliases")]
    if others:
        log(
            user,
            "edit",
            entity,
            ", ".join(f"{n}: {getattr(before, n)!r} -> {getattr(entity, n)!r}" for n in others),
        )
    added, removed = aliases_changed(user, entity, before.aliases, entity.aliases)
    if not (added or removed) and any(name in TAGGING_FIELDS for name in changed):
        names = [before.name, entity.name, before.name_en, entity.name_en, *entity.weak_aliases]
        retag(articles_for_aliases(entity, [n for n in names if n]))
        return True
    return bool(added or removed)


@transaction.atomic
def merge(user, target, others):
    """Fold `others` into `target`: names become aliases, mentions move, the others are deleted."""
    affected = set()
    for other in others:
        if other.pk == target.pk:
            continue
        new = [a for a in [other.name, other.name_en, *other.aliases] if a and a not in target.aliases]
        target.aliases = [*target.aliases, *new]
        affected |= set(Mention.objects.filter(entity=other).values_list("article_id", flat=True))
        EntityCandidate.objects.filter(entity=other).update(entity=target)
        log(user, "merge", target, f"{other.key} ({other.name}) merged into {target.key}")
        other.delete()
    target.save(update_fields=["aliases"])
    retag(affected | set(Mention.objects.filter(entity=target).values_list("article_id", flat=True)))
    return target


@transaction.atomic
def approve_candidate(user, candidate, kind):
    """A reviewed name becomes an entity of `kind` (or an alias of the entity the curator chose)."""
    if candidate.entity_id:
        entity = candidate.entity
        if candidate.text not in entity.aliases and candidate.text != entity.name:
            entity.aliases = [*entity.aliases, candidate.text]
            entity.save(update_fields=["aliases"])
        log(user, "candidate_alias", entity, candidate.text)
    else:
        # Keys are ASCII (they appear in URLs and exports); the Bengali name is the entity's name.
        key = f"reviewed-{candidate.pk}"
        entity = Entity.objects.create(key=key, name=candidate.text, kind=kind, source="review")
        log(user, "candidate_approved", entity, f"{candidate.text} as {kind}")
    candidate.status, candidate.entity = EntityCandidate.Status.APPROVED, entity
    candidate.save(update_fields=["status", "entity"])
    retag(articles_for_aliases(entity, [candidate.text]))
    return entity


def reject_candidate(user, candidate):
    candidate.status = EntityCandidate.Status.REJECTED
    candidate.save(update_fields=["status"])
    log(user, "candidate_rejected", None, candidate.text)
