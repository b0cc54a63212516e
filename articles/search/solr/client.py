"""A SolrCloud collection seen through several of its nodes: queries and updates with failover.

Any node of a SolrCloud cluster answers for the whole collection (it forwards to the shards' replicas),
so the archive only needs the node URLs it may use (ARCHIVE_SOLR_URL, comma-separated). A node that
refuses the connection or times out is skipped and the next one tried; the last node that answered is
tried first next time. While a node is going down the cluster may answer 503 for a few seconds (a
shard's leader is being re-elected): requests are retried over every node until `retry_seconds` pass.

Plain `requests` rather than pysolr: pysolr addresses one node and reports a refused connection and a
bad query as the same `SolrError` (failover needs to tell them apart), its SolrCloud class needs a
ZooKeeper client, and it builds update bodies as XML, where the JSON update handler takes the
documents as they are. Nothing here imports Django.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterable, Sequence

import requests
import urllib3

from articles import deadline as request_deadline

# Answers that mean "this node, or the cluster right now, cannot serve": worth another node or a retry.
RETRY_STATUS = frozenset({502, 503, 504})


class SolrError(Exception):
    """Solr refused a request (a bad query, a schema mismatch); another node would refuse it too."""

    def __init__(self, message: str = "", status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status Solr answered with, if it answered


class SolrUnavailable(SolrError):
    """No node of the cluster could serve the request within the retry window."""


def node_urls(value: str | Sequence[str]) -> list[str]:
    """Node URLs from ARCHIVE_SOLR_URL's form: one URL or several separated by commas."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    urls = [part.strip().rstrip("/") for part in parts if part and part.strip()]
    if not urls:
        raise SolrError("no Solr URL given (ARCHIVE_SOLR_URL)")
    return urls


class SolrClient:
    """One collection, reached through any of `urls` (node base URLs such as http://host:8983/solr)."""

    def __init__(
        self,
        urls: str | Sequence[str],
        collection: str,
        *,
        timeout: float = 30.0,
        retry_seconds: float = 15.0,
        session: requests.Session | None = None,
    ):
        self.urls = node_urls(urls)
        self.collection = collection
        self.timeout = timeout
        self.retry_seconds = retry_seconds
        if session is None:
            session = requests.Session()
            # Not the environment's proxies and .netrc: a cluster's nodes are reached directly, and
            # reading them again on every request cost about a millisecond of each search.
            session.trust_env = False
        self.session = session
        self._preferred = 0
        self._lock = threading.Lock()

    def __repr__(self):
        return f"SolrClient({','.join(self.urls)!r}, {self.collection!r})"

    # -- HTTP with failover --------------------------------------------------------------------------

    def _order(self) -> list[int]:
        with self._lock:
            first = self._preferred
        return [(first + i) % len(self.urls) for i in range(len(self.urls))]

    def request(
        self, path: str, *, params=None, data=None, body: bytes | None = None, idempotent=True
    ) -> dict:
        """POST `path` of the collection on the first node that serves it; the decoded JSON answer.

        `idempotent=False` (an add that skips the duplicate check): a request that may have reached
        Solr before the connection broke is not sent again, it fails instead.
        """
        # Every node is tried once; retries stop at the retry window or the request's own time budget
        # (articles/deadline.py), whichever comes first: a reader waits seconds, not the window.
        window = max(0.0, min(self.retry_seconds, request_deadline.remaining()))
        deadline = time.monotonic() + window
        headers = {"Content-Type": "application/json"} if body is not None else None
        params = dict(params or {}, wt="json")
        problems = []
        pause = 0.25
        while True:
            for index in self._order():
                url = f"{self.urls[index]}/{self.collection}{path}"
                try:
                    response = self.session.post(
                        url,
                        params=params,
                        data=body if body is not None else data,
                        headers=headers,
                        timeout=self.timeout,
                    )
                except (requests.ConnectionError, requests.Timeout) as exc:
                    if not idempotent and not _never_sent(exc):
                        raise SolrUnavailable(
                            f"Solr node {self.urls[index]} broke off {path} ({exc.__class__.__name__}); "
                            "not sent again, to avoid duplicates"
                        ) from exc
                    problems.append(f"{self.urls[index]}: {exc.__class__.__name__}")
                    continue
                if response.status_code in RETRY_STATUS:
                    problems.append(f"{self.urls[index]}: {_error_message(response)}")
                    continue
                if response.status_code != 200:
                    raise SolrError(
                        f"Solr ({self.urls[index]}, {self.collection}) refused {path}: {_error_message(response)}",
                        status=response.status_code,
                    )
                with self._lock:
                    self._preferred = index
                return response.json()
            if time.monotonic() + pause > deadline:
                raise SolrUnavailable(
                    f"no Solr node could serve {self.collection}{path} within {window:.0f} s: "
                    + "; ".join(problems[-len(self.urls) :])
                )
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    # -- queries -------------------------------------------------------------------------------------

    def select(self, params: dict) -> dict:
        # Form-encoded POST: a long query with many entity alternatives never meets a URL limit.
        if not _scored(params):
            # The collection's term statistics (solrconfig.xml's statsCache) only rank: a search that
            # neither sorts nor returns by score skips the round over the shards that gathers them.
            params = {"distrib.statsCache": "false", **params}
        return self.request("/select", data=params)

    def count(self, q: str = "*:*") -> int:
        return int(self.select({"q": q, "rows": 0})["response"]["numFound"])

    # -- updates -------------------------------------------------------------------------------------

    def add(self, documents: Iterable[dict], *, commit: bool = False, overwrite: bool = True) -> None:
        """Send documents in one request. `overwrite=False` skips Solr's look-up of an older copy
        (only for documents known to be new, e.g. right after a clear)."""
        body = json.dumps(list(documents), ensure_ascii=False).encode("utf-8")
        params = {} if overwrite else {"overwrite": "false"}
        self.request("/update", params=params, body=body, idempotent=overwrite)
        if commit:
            self.commit()

    def delete(self, *, ids: Iterable[str] = (), query: str | None = None, commit: bool = False) -> None:
        command: dict = {}
        ids = list(ids)
        if ids and query:
            raise ValueError("delete by ids or by query, not both")
        if ids:
            command["delete"] = ids
        elif query:
            command["delete"] = {"query": query}
        else:
            return
        body = json.dumps(command, ensure_ascii=False).encode("utf-8")
        self.request("/update", body=body)
        if commit:
            self.commit()

    def commit(self, settle_seconds: float = 15.0) -> None:
        """Make every update so far visible to searches on every replica (and durable).

        A commit sent to one node reaches every replica, but a replica it is forwarded to may open
        its new searcher later (measured on the local cluster: a shard leader still answered with
        the documents from before a commit seconds after it returned), so a search right after could
        miss the update on one replica and find it on the other. Until the replicas of each shard
        show the same documents (count and newest version), theirs are committed again directly;
        bounded by `settle_seconds`.
        """
        self.request("/update", params={"commit": "true", "waitSearcher": "true"}, body=b"{}")
        deadline = time.monotonic() + settle_seconds
        while True:
            lagging = self._disagreeing_cores()
            if not lagging:
                return
            if time.monotonic() > deadline:
                names = ", ".join(core for _base, core in lagging)
                raise SolrUnavailable(
                    f"the replicas {names} still differ {settle_seconds:.0f} s after a commit"
                )
            time.sleep(0.2)
            for base, core in lagging:
                with contextlib.suppress(requests.RequestException):
                    self.session.post(
                        f"{base}/{core}/update",
                        params={"commit": "true", "waitSearcher": "true", "wt": "json"},
                        data=b"{}",
                        headers={"Content-Type": "application/json"},
                        timeout=self.timeout,
                    )

    def _disagreeing_cores(self) -> list[tuple[str, str]]:
        """(node URL, core) of every live replica of a shard whose replicas show different documents."""
        status = self.request_root(
            "/admin/collections", {"action": "CLUSTERSTATUS", "collection": self.collection}
        )
        cluster = status.get("cluster", {})
        live = set(cluster.get("live_nodes", []))
        shards = cluster.get("collections", {}).get(self.collection, {}).get("shards", {})
        lagging = []
        for shard in shards.values():
            cores = [
                (replica["base_url"], replica["core"])
                for replica in shard.get("replicas", {}).values()
                if replica.get("node_name") in live and replica.get("state") == "active"
            ]
            seen = set()
            for base, core in cores:
                try:
                    answer = self.session.get(
                        f"{base}/{core}/select",
                        params={
                            "q": "*:*",
                            "rows": 1,
                            "fl": "_version_",
                            "sort": "_version_ desc",
                            "distrib": "false",
                            "wt": "json",
                        },
                        timeout=self.timeout,
                    ).json()["response"]
                except (requests.RequestException, ValueError, KeyError):
                    continue  # a node going down: its replicas are not searched either
                newest = answer["docs"][0].get("_version_") if answer["docs"] else None
                seen.add((answer["numFound"], newest))
            if len(seen) > 1:
                lagging.extend(cores)
        return lagging

    def request_root(self, path: str, params: dict) -> dict:
        """GET a node-level admin path (not under the collection) from the first node that answers."""
        problems = []
        for index in self._order():
            try:
                response = self.session.get(
                    f"{self.urls[index]}{path}", params=dict(params, wt="json"), timeout=self.timeout
                )
            except requests.RequestException as exc:
                problems.append(f"{self.urls[index]}: {exc.__class__.__name__}")
                continue
            if response.status_code == 200:
                return response.json()
            problems.append(f"{self.urls[index]}: {_error_message(response)}")
        raise SolrUnavailable(f"no Solr node answered {path}: " + "; ".join(problems))


def _scored(params: dict) -> bool:
    """Whether a search's answer depends on scores: documents ordered (Solr's default) or listed with them."""
    if str(params.get("rows", 10)) == "0":
        return False  # counts and facets only
    return "score" in params.get("sort", "score") or "score" in params.get("fl", "")


def _never_sent(exc: requests.RequestException) -> bool:
    """The connection was never made (refused, or timed out connecting): the request did not reach Solr."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def _error_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        lines = response.text.strip().splitlines()
        return f"HTTP {response.status_code} {lines[0][:200] if lines else ''}".strip()
    error = body.get("error") or {}
    return f"HTTP {response.status_code}: {error.get('msg') or str(body)[:300]}"
