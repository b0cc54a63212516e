"""Is the Solr engine fit to serve? Collection state, live nodes and documents against the database.

`engine_health()` is what a `check_archive` command (or a status page) calls: it never raises for an
unreachable or unhealthy cluster, it says so in `problems` (the first node that answers is asked, so
one stopped node is reported, not fatal).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from .admin import CollectionHealth, SolrAdmin, SolrAdminError
from .client import SolrClient, SolrError, node_urls


@dataclass
class SolrHealth:
    url: str  # the node that answered ("" when none did)
    collection: str
    live_nodes: list[str] = field(default_factory=list)
    serving: bool = False  # every shard has an active leader: searches are complete
    complete: bool = False  # every replica is active
    state: str = ""  # shard by shard, as CollectionHealth.describe() says it
    indexed: int | None = None  # documents in the collection
    expected: int | None = None  # published articles in the database
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        lines = [
            f"Solr collection {self.collection!r} via {self.url or 'no node'}: "
            f"{len(self.live_nodes)} live node(s) ({', '.join(self.live_nodes) or 'none'})",
        ]
        if self.state:
            lines.append(f"  shards: {self.state}")
        if self.indexed is not None:
            lines.append(f"  documents: {self.indexed} indexed, {self.expected} published in the database")
        lines.extend(f"  problem: {problem}" for problem in self.problems)
        return "\n".join(lines)


def engine_health(
    url: str | None = None, collection: str | None = None, expected: int | None = None
) -> SolrHealth:
    """The cluster's health for the archive's collection; `expected` defaults to the published articles."""
    url = url or settings.ARCHIVE_SOLR_URL
    collection = collection or settings.ARCHIVE_SOLR_COLLECTION
    report = SolrHealth(url="", collection=collection)
    state: CollectionHealth | None = None
    errors = []
    for node in node_urls(url):
        try:
            state = SolrAdmin(node, timeout=10).health(collection)
        except SolrAdminError as exc:
            errors.append(str(exc))
            continue
        report.url = node
        break
    if state is None:
        report.problems.extend(errors or [f"no Solr node at {url}"])
        return report
    report.live_nodes = state.live_nodes
    report.serving, report.complete, report.state = state.serving, state.complete, state.describe()
    if not report.serving:
        report.problems.append("a shard has no active leader: searches would miss documents")
    elif not report.complete:
        report.problems.append("some replicas are down or recovering: the collection runs without its copies")
    if expected is None:
        from articles.models import Article

        expected = Article.objects.indexed().count()
    report.expected = expected
    if report.serving:
        try:
            report.indexed = SolrClient(node_urls(url), collection, timeout=10, retry_seconds=2).count()
        except SolrError as exc:
            report.problems.append(f"cannot count documents: {exc}")
        else:
            if report.indexed != expected:
                report.problems.append(
                    f"{report.indexed} documents indexed but {expected} published articles in the database "
                    "(`manage.py rebuild_index` brings them in line)"
                )
    return report
