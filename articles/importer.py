"""From extracted Records to database rows: outlets, topics, duplicates, entities and provenance.

Each record is saved in its own savepoint (the command commits them in batches), so a failing record
never undoes the others; index updates are deferred and written in one batch when the import ends.
"""

from __future__ import annotations

import array
import itertools
import multiprocessing
import os
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from hashlib import sha1

from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify

from articles.bangla.analysis import iter_tokens
from articles.ingest.dedup import NearDuplicateIndex, body_fingerprints, is_copy
from articles.ingest.outlets import find_outlet
from articles.ingest.record import Record
from articles.ingest.topics import TOPICS, alias_key, match_topic
from articles.search.whoosh.writer import die_with_parent

from . import chrome_rules, failpoints
from .clusters.service import ImportClusters
from .models import Article, Entity, EntityCandidate, Mention, Outlet, Topic
from .tagging import build_tagger

# Measured on the bdnews dump: the pairs from 0.65 up are one story (a statement two outlets ran with
# their own headlines, 0.68; one outlet's report at two addresses, 0.72) or the same-outlet boilerplate
# that `is_copy` rejects; the closest pair of different stories was 0.62 (one outlet's daily gold price).
NEAR_DUPLICATE_THRESHOLD = 0.65
OUTCOMES = ("created", "updated", "unchanged", "duplicates", "failed")


def pack_signature(signature) -> bytes:
    return array.array("Q", signature).tobytes()


def unpack_signature(data) -> tuple[int, ...]:
    values = array.array("Q")
    values.frombytes(bytes(data))
    return tuple(values)


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def line(self):
        return ", ".join(f"{self.counts.get(k, 0)} {k}" for k in OUTCOMES)


@dataclass
class Analysis:
    """What an import decides from a record's text alone (no database): a worker process can do it."""

    content_hash: str
    signature: tuple[int, ...]
    hits: list
    candidates: Counter


def analyse(record: Record, tagger) -> Analysis:
    """Hashes for duplicate detection, entity mentions and candidate names of one record."""
    if not record.body.strip():
        raise ValueError("no article text was found")
    chrome_rules.clean_record(record)  # before hashing: a page imported again matches its cleaned copy
    text = record.title + "\n\n" + record.body
    content_hash, signature = body_fingerprints(record.body)
    if not tagger:
        return Analysis(content_hash, signature, [], Counter())
    tokens = list(iter_tokens(text))
    matches = tagger.matches(tokens, text)
    return Analysis(
        content_hash=content_hash,
        signature=signature,
        hits=tagger.tag(text, tokens, matches, outlet=record.outlet or ""),
        candidates=tagger.candidates(text, tokens, matches),
    )


# The tagger of the importing process, inherited by forked workers (set just before the pool starts).
_worker_tagger = None


def _analyse_item(item):
    failpoints.reached("analysing")  # the tests use it with --jobs 1 (analysis in the importing process)
    try:
        if item.resolve().error:
            return item, None, ""
        return item, analyse(item.record, _worker_tagger), ""
    except Exception as exc:  # reported for this record by the importing process
        return item, None, str(exc) or exc.__class__.__name__


def _analyse_chunk(items):
    return [_analyse_item(item) for item in items]


def _chunks(iterator, size):
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def analysed(items, tagger, jobs=2, inline_first=200):
    """(item, analysis, error) for each input item, in order; extraction (`Item.resolve`) and analysis
    run in `jobs` processes.

    The first `inline_first` items are analysed in this process: small imports never pay for
    starting workers. Workers are forked, so they share the tagger already loaded here; they touch
    no database. Analysis (tokens, entities, candidates, MinHash) is most of an import's time.
    """
    global _worker_tagger
    iterator = iter(items)
    _worker_tagger = tagger
    try:
        for _ in range(inline_first):
            item = next(iterator, None)
            if item is None:
                return
            yield _analyse_item(item)
        if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(_analyse_item, iterator)
            return
        # Workers end with the import, even when it is killed (they would wait on their queue forever).
        # A worker that dies fails the import at once (BrokenProcessPool) instead of leaving it waiting
        # for that worker's chunk, as multiprocessing.Pool does; at most `jobs * 4` chunks are in flight.
        with ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            window = deque()
            for chunk in _chunks(iterator, 16):
                window.append(pool.submit(_analyse_chunk, chunk))
                if len(window) >= jobs * 4:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
    finally:
        _worker_tagger = None


class Importer:
    """Turns records into rows. With `dry_run`, only decides (and fills record fields), writes nothing."""

    def __init__(self, *, dry_run=False, tag=True):
        self.dry_run = dry_run
        self.tagger = build_tagger() if tag else None
        chrome_rules.load_drop_rules()
        self.entity_ids = dict(Entity.objects.values_list("key", "pk"))
        self.outlets = {o.slug: o for o in Outlet.objects.all()}
        self.topics = {t.slug: t for t in Topic.objects.all()}
        self.topic_aliases = {
            alias_key(alias): t.slug for t in self.topics.values() for alias in (t.aliases or [])
        }
        self.by_hash = {}
        self.by_url = dict(Article.objects.exclude(url="").values_list("url", "pk"))
        self.candidates = Counter()  # name-like strings not in the gazetteer, written by flush()
        self.candidate_examples = {}
        self.near = NearDuplicateIndex()
        rows = Article.objects.values_list("pk", "content_hash", "fingerprint", "kind")
        for pk, content_hash, fingerprint, kind in rows:
            self.by_hash[content_hash] = pk
            if fingerprint and kind == Article.Kind.ARTICLE:  # listing pages are no story's copy
                self.near.add(pk, unpack_signature(fingerprint))
        self.clusters = None if dry_run else ImportClusters()
        self.seen_in_run = {}  # content hash -> (source, url), for duplicates within one dry run
        self.run_titles = {}  # source -> (outlet slug, title) of a dry run's records, for is_copy
        self.mentions = []  # of the articles processed since the last flush()

    # -- lookups -------------------------------------------------------------------------------
    @staticmethod
    def outlet_slug(name):
        if not name:
            return None
        known = find_outlet(name)
        # ASCII slugs for outlets (they are in URLs); a Bengali-only name gets a stable hashed one.
        return known.slug if known else slugify(name)[:90] or f"outlet-{sha1(name.encode()).hexdigest()[:8]}"

    def outlet_for(self, name):
        if not name:
            return None
        known = find_outlet(name)
        slug = self.outlet_slug(name)
        outlet = self.outlets.get(slug)
        if outlet is None and not self.dry_run:
            outlet, _ = Outlet.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_en": known.name_en if known else name,
                    "name_bn": known.name_bn if known else "",
                    "domain": known.domains[0] if known and known.domains else "",
                    "homepage": f"https://{known.domains[0]}/" if known and known.domains else "",
                },
            )
            self.outlets[slug] = outlet
        return outlet

    def topic_for(self, label):
        slug = match_topic(label, self.topic_aliases)
        if not slug:
            return None
        topic = self.topics.get(slug)
        if topic is None and not self.dry_run:
            info = next(t for t in TOPICS if t.slug == slug)
            topic, _ = Topic.objects.get_or_create(
                slug=slug,
                defaults={"name_bn": info.name_bn, "name_en": info.name_en, "aliases": list(info.aliases)},
            )
            self.topics[slug] = topic
        return topic

    # -- one record ----------------------------------------------------------------------------
    def process(self, record: Record, *, fmt="", analysis: Analysis | None = None) -> str:
        """Decide and (unless dry run) store one record; returns one of OUTCOMES (not 'failed').

        `analysis` is `analyse(record, tagger)` when a worker process computed it already.
        """
        if analysis is None:
            analysis = analyse(record, self.tagger)
        content_hash, signature, hits = analysis.content_hash, analysis.signature, analysis.hits
        record.entities = [
            {"name": h.name, "kind": h.kind, "mentions": h.mentions, "key": h.key} for h in hits
        ]

        # Only the same article imported again is merged into the stored row: another address or
        # outlet with the same or a similar text is stored as a copy and joins the story's cluster.
        existing = copy_of = None
        slug = self.outlet_slug(record.outlet)
        if record.url and record.url in self.by_url:
            existing = Article.objects.filter(pk=self.by_url[record.url]).first()
        if existing is None and content_hash in self.by_hash:
            existing, copy_of = self._same_text(record, slug, content_hash)
        if existing is None and content_hash in self.seen_in_run:
            source, url = self.seen_in_run[content_hash]
            if not record.url or not url or url == record.url:
                record.duplicate_of = source
                return "duplicates"

        near = None
        if existing is None and record.kind == Article.Kind.ARTICLE:
            near = copy_of if copy_of is not None else self._find_copy(record, slug, signature)
            if near is not None:
                record.duplicate_of = near
                record.warnings.append("a copy of an article already in the archive: joins its story cluster")

        if self.dry_run:
            self.seen_in_run[content_hash] = (existing.pk if existing else record.source, record.url)
            if existing is None and record.kind == Article.Kind.ARTICLE:
                self.near.add(record.source, signature)
                self.run_titles[record.source] = (slug, record.title)
            return "unchanged" if existing else "created"

        # Everything that can fail happens inside the savepoint: a record is stored whole or not at all.
        with transaction.atomic():
            old_hash = existing.content_hash if existing is not None else None
            outcome, article = self._save(record, existing, content_hash, signature, near, fmt)
            if article.content_hash != old_hash:  # new, or a revised body: tag it
                self._save_mentions(article, hits, created=outcome == "created")
            if near is not None and outcome == "created":  # written by flush(), with the batch
                self.clusters.add_copy(article, near)
        found = analysis.candidates if outcome == "created" else {}
        for name, count in found.items():
            self.candidates[name[:200]] += count
            self.candidate_examples.setdefault(name[:200], article.pk)
        self.by_hash[content_hash] = article.pk
        if article.url:
            self.by_url[article.url] = article.pk
        if outcome == "created" and record.kind == Article.Kind.ARTICLE:  # copies too: a copy of a copy
            self.near.add(article.pk, signature)
        return outcome

    def _same_text(self, record, slug, content_hash):
        """(the stored article this record is, None), or (None, the id of a stored article it copies),
        among the stored articles with the record's exact text."""
        copy_of = None
        rows = Article.objects.filter(content_hash=content_hash).order_by("pk")
        for pk, url, title, kind, same_slug in rows.values_list("pk", "url", "title", "kind", "outlet__slug"):
            outlets_agree = not slug or not same_slug or slug == same_slug
            if url == record.url or ((not record.url or not url) and outlets_agree):
                return Article.objects.get(pk=pk), None
            if (
                copy_of is None
                and kind == Article.Kind.ARTICLE
                and is_copy(slug, record.title, same_slug, title)
            ):
                copy_of = pk
        return None, copy_of

    def _find_copy(self, record, slug, signature):
        """The stored (or, in a dry run, earlier) article this record is a near copy of, or None."""
        key = self.near.find(signature, threshold=NEAR_DUPLICATE_THRESHOLD)
        if key is None:
            return None
        if key in self.run_titles:
            other_slug, title = self.run_titles[key]
        else:
            found = Article.objects.filter(pk=key).values_list("outlet__slug", "title").first()
            if found is None:
                return None
            other_slug, title = found
        return key if is_copy(slug, record.title, other_slug, title) else None

    def _fields(self, record):
        outlet = self.outlet_for(record.outlet)
        topic = self.topic_for(record.section)
        return {
            "title": record.title[:500],
            "lead": record.lead,
            "body": record.body,
            "url": record.url[:1000],
            "outlet": outlet,
            "topic": topic,
            "published_at": record.published_at,
            "updated_at": record.updated_at,
            "date_precision": record.date_precision,
            "captured_at": record.captured_at,
            "desk": record.desk[:200],
            "byline": record.byline[:300],
            "section_label": record.section[:200],
            "sources": list(record.sources),
            "language": record.language,
            "kind": record.kind,
        }

    def _save(self, record, existing, content_hash, signature, near, fmt):
        fields = self._fields(record)
        if existing is not None:
            changed = self._changes(existing, fields, record, content_hash, signature)
            if not changed:
                return "unchanged", existing
            for key, value in changed.items():
                setattr(existing, key, value)
            existing.import_warnings = record.warnings
            existing.save()
            return "updated", existing
        article = Article(
            **fields,
            content_hash=content_hash,
            fingerprint=pack_signature(signature),
            import_source=record.source[:1000],
            import_format=fmt,
            import_warnings=record.warnings,
        )
        try:  # inside process()'s savepoint, which a failure rolls back
            article.save()
        except IntegrityError as exc:
            raise ValueError(f"could not be stored: {exc}") from exc
        return "created", article

    @staticmethod
    def _changes(existing, fields, record, content_hash, signature):
        """What a re-import may change in a stored article.

        Curators own what is stored: an import never clears a field and never overwrites one that
        has a value (a curator may have corrected it); it only fills blanks. The one exception is a
        revised article at the same URL: its body, lead and update time are replaced.
        """
        empty = (None, "", [])
        changed = {
            key: value
            for key, value in fields.items()
            if value not in empty and getattr(existing, key) in empty
        }
        # A date found now replaces a capture-time bound (not a curator's edit: they set a real precision).
        if existing.date_precision == Article.Precision.APPROXIMATE and fields["date_precision"] in (
            "minute",
            "day",
        ):
            changed.update(published_at=fields["published_at"], date_precision=fields["date_precision"])
        revised = existing.content_hash != content_hash and record.url and record.url == existing.url
        if revised:
            for key in ("body", "lead", "updated_at"):
                if fields[key] not in empty:
                    changed[key] = fields[key]
            changed["content_hash"] = content_hash
            changed["fingerprint"] = pack_signature(signature)
        return changed

    def _save_mentions(self, article, hits, created=False):
        # Written by flush() with the rest of the batch, in its transaction: one executemany for the
        # batch, as plain rows (a model instance each cost more than writing it).
        if not created:
            Mention.objects.filter(article=article).delete()
            self.mentions = [row for row in self.mentions if row[0] != article.pk]
        self.mentions.extend(
            (article.pk, self.entity_ids[h.key], h.mentions) for h in hits if h.key in self.entity_ids
        )

    def flush(self):
        """Write the batch's story clusters and entity mentions, and the collected candidate names to
        the review queue (a few queries, not one per name). Call it before the batch's transaction
        commits."""
        if self.clusters is not None:
            self.clusters.flush()
        if self.mentions:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {quote(Mention._meta.db_table)} ({quote('article_id')}, {quote('entity_id')},"
                    f" {quote('count')}) VALUES (%s, %s, %s)",
                    self.mentions,
                )
        self.mentions = []
        names = list(self.candidates)
        for start in range(0, len(names), 500):
            chunk = names[start : start + 500]
            existing = EntityCandidate.objects.in_bulk(chunk, field_name="text")
            if existing:  # count = count + n: another import may be counting the same names
                table, count, text = map(
                    connection.ops.quote_name, (EntityCandidate._meta.db_table, "count", "text")
                )
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET {count} = {count} + %s WHERE {text} = %s",
                        [(self.candidates[name], name) for name in existing],
                    )
            EntityCandidate.objects.bulk_create(
                [
                    EntityCandidate(text=n, count=self.candidates[n], example_id=self.candidate_examples[n])
                    for n in chunk
                    if n not in existing
                ],
                ignore_conflicts=True,
            )
        self.candidates.clear()
