"""Administration of a SolrCloud cluster over HTTP: configsets, collections, replicas, health.

Used by `manage.py solr_setup`, `make solr` and the cluster tests. Plain HTTP calls with `requests`
(already required by pysolr, the query client): Solr's admin APIs are a handful of GET/POST requests
and need no further library.

Every failure raises :class:`SolrAdminError` with a message that names the cluster and what went
wrong, never a traceback from the HTTP layer.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

# Files of a configset that Solr needs; anything else in the folder (notes, editor backups) is not sent.
CONFIGSET_SUFFIXES = (".xml", ".txt", ".json")


class SolrAdminError(Exception):
    """A cluster could not be reached or refused a request; the message says which and why."""


@dataclass
class ShardHealth:
    name: str
    replicas: dict[str, str] = field(default_factory=dict)  # replica name -> state ("active", "down", ...)
    nodes: dict[str, str] = field(default_factory=dict)  # replica name -> node name
    cores: dict[str, tuple[str, str]] = field(default_factory=dict)  # replica -> (node's base URL, core)
    leader: str | None = None

    @property
    def active(self) -> int:
        return sum(1 for state in self.replicas.values() if state == "active")


@dataclass
class CollectionHealth:
    """A collection's shards and replicas as the cluster reports them, with the live nodes."""

    name: str
    shards: list[ShardHealth]
    live_nodes: list[str]

    @property
    def serving(self) -> bool:
        """Every shard has an active leader: searches return complete results."""
        return bool(self.shards) and all(
            shard.leader is not None and shard.replicas.get(shard.leader) == "active" for shard in self.shards
        )

    @property
    def complete(self) -> bool:
        """Every replica of every shard is active (nothing is down or recovering)."""
        return self.serving and all(shard.active == len(shard.replicas) for shard in self.shards)

    def describe(self) -> str:
        parts = []
        for shard in self.shards:
            states = ", ".join(
                f"{state} on {shard.nodes[core]}" for core, state in sorted(shard.replicas.items())
            )
            parts.append(f"{shard.name}: {states or 'no replicas'}")
        return "; ".join(parts)


class SolrAdmin:
    """One SolrCloud cluster, addressed by the URL of any of its nodes (e.g. http://host:8983/solr)."""

    def __init__(self, url: str, timeout: float = 60.0, session: requests.Session | None = None):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    # -- HTTP ----------------------------------------------------------------------------------------

    def _request(self, method: str, path: str, *, params=None, data=None, headers=None, ok=(200,)):
        target = f"{self.url}{path}"
        try:
            response = self.session.request(
                method, target, params=params, data=data, headers=headers, timeout=self.timeout
            )
        except requests.Timeout as exc:
            raise SolrAdminError(
                f"Solr at {self.url} did not answer within {self.timeout:.0f} s ({path})"
            ) from exc
        except requests.RequestException as exc:
            raise SolrAdminError(
                f"cannot reach Solr at {self.url}: {exc.__class__.__name__} "
                "(is it running? `make solr` starts the local cluster)"
            ) from exc
        if response.status_code not in ok:
            raise SolrAdminError(f"Solr at {self.url} refused {path}: {_error_message(response)}")
        return response

    def _admin(self, path: str, **params) -> dict:
        params.setdefault("wt", "json")
        return self._request("GET", path, params=params).json()

    # -- cluster -------------------------------------------------------------------------------------

    def live_nodes(self) -> list[str]:
        status = self._admin("/admin/collections", action="CLUSTERSTATUS")
        return sorted(status.get("cluster", {}).get("live_nodes", []))

    def collections(self) -> list[str]:
        return sorted(self._admin("/admin/collections", action="LIST").get("collections", []))

    def configsets(self) -> list[str]:
        return sorted(self._admin("/admin/configs", action="LIST").get("configSets", []))

    def health(self, collection: str) -> CollectionHealth:
        status = self._admin("/admin/collections", action="CLUSTERSTATUS", collection=collection)
        cluster = status.get("cluster", {})
        state = cluster.get("collections", {}).get(collection)
        if state is None:
            raise SolrAdminError(f"Solr at {self.url} has no collection {collection!r}")
        live = set(cluster.get("live_nodes", []))
        shards = []
        for name, shard in sorted(state.get("shards", {}).items()):
            health = ShardHealth(name)
            for core, replica in shard.get("replicas", {}).items():
                # A replica on a node that is gone can still say "active" in the state until the
                # overseer notices: it is down.
                node = replica.get("node_name", "?")
                health.replicas[core] = replica.get("state", "?") if node in live else "down"
                health.nodes[core] = node
                health.cores[core] = (replica.get("base_url", ""), replica.get("core", core))
                if replica.get("leader") == "true" and node in live:
                    health.leader = core
            shards.append(health)
        return CollectionHealth(collection, shards, sorted(live))

    def wait_until(
        self, collection: str, ready: Callable[[CollectionHealth], bool], timeout: float, what: str
    ) -> CollectionHealth:
        deadline = time.monotonic() + timeout
        while True:
            health = self.health(collection)
            if ready(health):
                return health
            if time.monotonic() >= deadline:
                raise SolrAdminError(
                    f"collection {collection!r} at {self.url} is not {what} after {timeout:.0f} s: {health.describe()}"
                )
            time.sleep(0.5)

    # -- configsets ----------------------------------------------------------------------------------

    def configset_files(self, directory: Path) -> dict[str, bytes]:
        directory = Path(directory)
        if not directory.is_dir():
            raise SolrAdminError(f"configset folder {directory} does not exist")
        files = {
            path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*"))
            if path.is_file() and path.suffix in CONFIGSET_SUFFIXES
        }
        if "solrconfig.xml" not in files:
            raise SolrAdminError(f"configset folder {directory} has no solrconfig.xml")
        return files

    def configset_differs(self, name: str, files: dict[str, bytes]) -> bool:
        """True unless the cluster holds exactly these bytes for every file of the configset.

        Reads ZooKeeper through Solr's v2 API; when that is not allowed (a secured cluster), the
        configset counts as different and is uploaded again, which is always safe.
        """
        for relative, content in files.items():
            try:
                response = self._request(
                    "GET", f"/____v2/cluster/zookeeper/data/configs/{name}/{relative}", ok=(200, 404)
                )
            except SolrAdminError:
                return True
            if response.status_code == 404 or response.content != content:
                return True
        return False

    def upload_configset(self, name: str, files: dict[str, bytes], overwrite: bool) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for relative, content in files.items():
                archive.writestr(relative, content)
        params = {"action": "UPLOAD", "name": name, "wt": "json"}
        if overwrite:
            # cleanup: files removed from the folder are removed from the cluster too.
            params.update(overwrite="true", cleanup="true")
        self._request(
            "POST",
            "/admin/configs",
            params=params,
            data=buffer.getvalue(),
            headers={"Content-Type": "application/octet-stream"},
        )

    # -- collections ---------------------------------------------------------------------------------

    def create_collection(self, name: str, configset: str, shards: int, replicas: int) -> None:
        self._admin(
            "/admin/collections",
            action="CREATE",
            name=name,
            numShards=shards,
            replicationFactor=replicas,
            **{"collection.configName": configset},
            waitForFinalState="true",
        )

    def add_replica(self, collection: str, shard: str) -> None:
        self._admin(
            "/admin/collections",
            action="ADDREPLICA",
            collection=collection,
            shard=shard,
            waitForFinalState="true",
        )

    def delete_collection(self, name: str) -> None:
        self._admin("/admin/collections", action="DELETE", name=name)

    def reload_collection(self, name: str) -> None:
        self._admin("/admin/collections", action="RELOAD", name=name)

    def collection_configset(self, name: str) -> str | None:
        status = self._admin("/admin/collections", action="CLUSTERSTATUS", collection=name)
        state = status.get("cluster", {}).get("collections", {}).get(name, {})
        return state.get("configName")


def first_reachable(urls: str, timeout: float = 60.0) -> SolrAdmin:
    """The cluster through the first of `urls` (one node URL or several, comma-separated, as
    ARCHIVE_SOLR_URL) that answers; SolrAdminError naming every node when none does."""
    nodes = [part.strip().rstrip("/") for part in urls.split(",") if part.strip()]
    if not nodes:
        raise SolrAdminError("no Solr URL given (ARCHIVE_SOLR_URL or --url)")
    problems = []
    for node in nodes:
        admin = SolrAdmin(node, timeout=timeout)
        try:
            admin.live_nodes()
        except SolrAdminError as exc:
            problems.append(str(exc))
            continue
        return admin
    raise SolrAdminError("no Solr node answered: " + "; ".join(problems))


def setup(
    admin: SolrAdmin,
    collection: str,
    configset_dir: Path,
    *,
    configset: str | None = None,
    shards: int = 2,
    replicas: int = 2,
    timeout: float = 120.0,
    say: Callable[[str], None] = print,
) -> CollectionHealth:
    """Bring a cluster to: configset uploaded, collection created, every shard with `replicas` replicas.

    Creates only what is missing and is safe to run again: an unchanged configset is not uploaded, a
    changed one is uploaded and the collection reloaded; existing shards are never split or removed.
    Returns the collection's health once every replica is active.
    """
    if shards < 1 or replicas < 1:
        raise SolrAdminError("--shards and --replicas must be at least 1")
    configset = configset or collection
    nodes = admin.live_nodes()
    say(f"Solr at {admin.url}: {len(nodes)} live node(s): {', '.join(nodes) or 'none'}")
    if not nodes:
        raise SolrAdminError(f"Solr at {admin.url} has no live nodes")

    files = admin.configset_files(configset_dir)
    exists = configset in admin.configsets()
    changed = not exists or admin.configset_differs(configset, files)
    if not exists:
        admin.upload_configset(configset, files, overwrite=False)
        say(f"uploaded configset {configset!r} ({', '.join(files)})")
    elif changed:
        admin.upload_configset(configset, files, overwrite=True)
        say(f"configset {configset!r} changed: uploaded again")
    else:
        say(f"configset {configset!r} is up to date")

    if collection not in admin.collections():
        if replicas > len(nodes):
            say(f"note: {replicas} replicas per shard on {len(nodes)} node(s): some share a node")
        admin.create_collection(collection, configset, shards, replicas)
        say(f"created collection {collection!r}: {shards} shard(s) x {replicas} replica(s)")
    else:
        uses = admin.collection_configset(collection)
        if uses != configset:
            raise SolrAdminError(
                f"collection {collection!r} exists but uses configset {uses!r}, not {configset!r}: "
                "choose another --collection or --configset"
            )
        health = admin.health(collection)
        say(f"collection {collection!r} exists ({len(health.shards)} shard(s))")
        if len(health.shards) != shards:
            say(
                f"note: collection {collection!r} has {len(health.shards)} shard(s), not {shards}: "
                "solr_setup never re-shards an existing collection (Solr's SPLITSHARD does)"
            )
        for shard in health.shards:
            for _ in range(replicas - len(shard.replicas)):
                admin.add_replica(collection, shard.name)
                say(f"added a replica to {collection}/{shard.name}")
        if changed and exists:
            admin.reload_collection(collection)
            say(f"reloaded collection {collection!r} with the new configset")

    health = admin.wait_until(collection, lambda h: h.complete, timeout, "healthy")
    say(f"collection {collection!r} is healthy: {health.describe()}")
    return health


def _error_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip().splitlines()
        return f"HTTP {response.status_code} {text[0][:200] if text else ''}".strip()
    error = body.get("error") or {}
    message = error.get("msg") or body.get("exception", {}).get("msg") or str(body)[:300]
    return f"HTTP {response.status_code}: {message}"
