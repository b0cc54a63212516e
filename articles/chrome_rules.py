"""Learned chrome in the archive: finding rules per outlet, keeping them, applying "drop" rules.

The statistics are in `articles/ingest/learned_chrome.py`; this module holds the Django side:
- `load_drop_rules()` before an import reads the outlets' "drop" rules once, and `clean_record()` (called
  by `importer.analyse`, also in forked workers) removes them from a new body before it is hashed, so a
  page imported again still matches its stored, cleaned copy;
- `learn_outlet()` after an import (over the outlet's newest stored articles) and from `learn_chrome`
  (over all of them) records new rules and cleans the stored bodies with the outlet's "drop" rules.

Evidence decides the status of a new rule: a unit in at least `DROP_ARTICLES` articles and
`DROP_SHARE` of the outlet's, mostly at the start or end of the bodies, foreign to them and found in
articles not otherwise alike, is created as "drop"; a weaker one as "proposed". Curators' decisions
win: a "keep" rule is never proposed or applied again, and a rule a curator decided keeps its status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from hashlib import sha1

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.ingest import learned_chrome
from articles.ingest.dedup import body_fingerprints
from articles.ingest.outlets import find_outlet

from .models import Article, ChromeRule, Outlet
from .tagging import current_tagger, retag_articles

# After an import, learning reads this many of the outlet's newest articles (about 1 s): enough to see
# the chrome of today's pages, and an import's cost stays bounded however large the archive.
# `learn_chrome` reads them all.
IMPORT_LEARN_LIMIT = 500
# Outlet slug -> keys of its "drop" rules; read by clean_record (and inherited by forked workers).
_drop_rules: dict[str, frozenset[str]] = {}


def outlet_slug(name: str) -> str:
    """The slug `Importer.outlet_for` gives an outlet name (the rules are stored by outlet)."""
    known = find_outlet(name)
    return known.slug if known else slugify(name)[:90] or f"outlet-{sha1(name.encode()).hexdigest()[:8]}"


def drop_keys(outlet) -> frozenset[str]:
    return frozenset(
        ChromeRule.objects.filter(outlet=outlet, status=ChromeRule.Status.DROP).values_list("text", flat=True)
    )


def load_drop_rules() -> None:
    """Read every outlet's "drop" rules for the records about to be imported."""
    rules: dict[str, set[str]] = {}
    for slug, text in ChromeRule.objects.filter(status=ChromeRule.Status.DROP).values_list(
        "outlet__slug", "text"
    ):
        rules.setdefault(slug, set()).add(text)
    _drop_rules.clear()
    _drop_rules.update({slug: frozenset(keys) for slug, keys in rules.items()})


def clean_record(record) -> int:
    """Remove the outlet's learned chrome from a record's body; the number of lines removed."""
    if not _drop_rules or not record.outlet:
        return 0
    keys = _drop_rules.get(outlet_slug(record.outlet))
    if not keys:
        return 0
    body, removed = learned_chrome.apply(record.body, keys)
    if removed and body.strip():
        record.body = body
        return removed
    return 0


@dataclass
class Learned:
    """What learning over one outlet found and changed."""

    outlet: Outlet
    articles: int = 0
    new_drop: int = 0
    new_proposed: int = 0
    cleaned: list[int] = field(default_factory=list)  # ids of articles whose body changed
    lines_removed: int = 0


def learn_outlet(outlet: Outlet, *, dry_run=False, full=True, limit=None) -> Learned:
    """Learn the outlet's chrome over its stored articles, record the rules, clean the bodies.

    Learning reads the newest `limit` originals (all without one). With `full`, every body of the
    outlet is cleaned with all its "drop" rules; without (after an import, whose new bodies had the
    old rules applied already), only with the rules that became "drop" now, and only if there are any.

    With `dry_run`, only counts what would be found and removed. Bodies are changed with UPDATE
    (no signals): the caller reindexes `Learned.cleaned`, best inside `deferred_indexing` (re-tagging
    saves the articles whose mentions changed).
    """
    result = Learned(outlet)
    stored = Article.objects.filter(outlet=outlet)
    result.articles = stored.count()
    # Copies and listing pages would count one text many times: learn from the originals only.
    originals = stored.filter(duplicate_of__isnull=True, kind=Article.Kind.ARTICLE).order_by("-pk")
    sample = dict(
        originals.values_list("pk", "body")[:limit] if limit else originals.values_list("pk", "body")
    )
    rules = {r.text: r for r in ChromeRule.objects.filter(outlet=outlet)}
    decided = {
        key for key, rule in rules.items() if rule.status != ChromeRule.Status.PROPOSED or rule.decided_by_id
    }
    drop = {key for key, rule in rules.items() if rule.status == ChromeRule.Status.DROP}
    new_drop = set()
    for finding in learned_chrome.learn(sample, exclude=decided):
        rule = rules.get(finding.key)
        if finding.status == "drop":
            new_drop.add(finding.key)
        if rule is None:
            result.new_drop += finding.status == "drop"
            result.new_proposed += finding.status != "drop"
            rule = ChromeRule(outlet=outlet, text=finding.key)
        rule.example_text = finding.text[:2000]
        rule.articles = finding.articles
        rule.examples = list(finding.examples)
        rule.status = finding.status
        if not dry_run:
            rule.save()
    keys = drop | new_drop if full else new_drop
    if keys:
        bodies = dict(stored.values_list("pk", "body"))
        result.cleaned, result.lines_removed = _clean(bodies, keys, dry_run=dry_run)
    return result


def clean_outlet(outlet: Outlet) -> list[int]:
    """Remove the outlet's "drop" rules from its stored bodies (after a curator drops a rule); the ids
    of the articles changed (the caller reindexes them)."""
    bodies = dict(Article.objects.filter(outlet=outlet).values_list("pk", "body"))
    return _clean(bodies, drop_keys(outlet))[0]


def _clean(bodies: dict, keys, *, dry_run=False) -> tuple[list[int], int]:
    """Store the bodies without the units of `keys` and tag the changed articles again (a removed
    line may have named an entity: "follow us on Facebook", the outlet's own name in a footer)."""
    cleaned, lines = [], 0
    for pk, body in bodies.items():
        new_body, removed = learned_chrome.apply(body, keys)
        if not removed or not new_body.strip():
            continue
        lines += removed
        cleaned.append(pk)
        if not dry_run:
            _store_body(pk, new_body)
    if cleaned and not dry_run:
        retag_articles(cleaned, current_tagger())
    return cleaned, lines


def _store_body(pk: int, body: str) -> None:
    """Save a cleaned body with its new hashes, so a re-import of the same page still matches it.

    Two articles that differed only in chrome now have the same text: the later one becomes a
    duplicate of the earlier and keeps its old hash (hashes are unique).
    """
    content_hash, signature = body_fingerprints(body)
    from .importer import pack_signature

    fields = {"body": body, "fingerprint": pack_signature(signature), "modified": timezone.now()}
    same = (
        Article.objects.filter(content_hash=content_hash).exclude(pk=pk).values_list("pk", flat=True).first()
    )
    if same is not None:
        Article.objects.filter(pk=pk).update(duplicate_of_id=same, **fields)
        return
    try:
        with transaction.atomic():
            Article.objects.filter(pk=pk).update(content_hash=content_hash, **fields)
    except IntegrityError:  # another writer stored the same text meanwhile
        Article.objects.filter(pk=pk).update(**fields)


def after_import(outlet_names, pending: set | None = None) -> list[Learned]:
    """Learn over each outlet an import touched; the cleaned articles join `pending` (the import's
    deferred index batch) or are reindexed here."""
    from .indexing import reindex_articles

    slugs = {outlet_slug(name) for name in outlet_names if name}
    results = [
        learn_outlet(outlet, full=False, limit=IMPORT_LEARN_LIMIT)
        for outlet in Outlet.objects.filter(slug__in=slugs)
    ]
    cleaned = [pk for result in results for pk in result.cleaned]
    if pending is not None:
        pending.update(cleaned)
    else:
        reindex_articles(cleaned)
    return results
