"""manage.py solr_setup against the running cluster: creates what is missing, safe to re-run."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.search.solr.admin import SolrAdmin

from .test_cluster import NODE_URLS

COLLECTION = "archive_setup_test"


def run(*args):
    out = StringIO()
    call_command("solr_setup", "--url", NODE_URLS[0], "--collection", COLLECTION, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def admin():
    admin = SolrAdmin(NODE_URLS[0])
    for name in (COLLECTION,):
        if name in admin.collections():
            admin.delete_collection(name)
    yield admin
    if COLLECTION in admin.collections():
        admin.delete_collection(COLLECTION)


def test_setup_creates_then_only_adds_what_is_missing(admin):
    first = run("--shards", "2", "--replicas", "1")
    assert "created collection 'archive_setup_test': 2 shard(s) x 1 replica(s)" in first
    assert f"ready: {NODE_URLS[0]}/{COLLECTION}" in first
    assert [len(shard.replicas) for shard in admin.health(COLLECTION).shards] == [1, 1]

    second = run("--shards", "2", "--replicas", "2")
    assert "created" not in second and "uploaded" not in second
    assert second.count("added a replica") == 2
    health = admin.health(COLLECTION)
    assert health.complete and [len(shard.replicas) for shard in health.shards] == [2, 2]

    third = run("--shards", "2", "--replicas", "2")
    assert "is up to date" in third
    assert "created" not in third and "added" not in third and "reloaded" not in third
    assert [len(shard.replicas) for shard in admin.health(COLLECTION).shards] == [2, 2]


def test_setup_never_reshards(admin):
    run("--shards", "1", "--replicas", "1")
    out = run("--shards", "3", "--replicas", "1")
    assert "has 1 shard(s), not 3" in out
    assert len(admin.health(COLLECTION).shards) == 1


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_setup_uses_the_first_node_that_answers(admin):
    """ARCHIVE_SOLR_URL's comma-separated form: a node that does not answer is skipped."""
    from django.core.management.base import CommandError

    dead = f"http://127.0.0.1:{closed_port()}/solr"
    out = StringIO()
    call_command(
        "solr_setup",
        "--url",
        f"{dead}, {NODE_URLS[1]}",
        "--collection",
        COLLECTION,
        "--shards",
        "1",
        "--replicas",
        "1",
        stdout=out,
    )
    assert f"ready: {NODE_URLS[1]}/{COLLECTION}" in out.getvalue()
    assert COLLECTION in admin.collections()
    with pytest.raises(CommandError) as failed:
        call_command("solr_setup", "--url", f"{dead},{dead}x", "--collection", COLLECTION, stdout=StringIO())
    assert "no Solr node answered" in str(failed.value) and dead in str(failed.value)
