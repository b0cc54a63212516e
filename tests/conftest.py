"""Shared fixtures: a real Whoosh index in a temporary folder and the bundled samples imported once."""

import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from tests import solr_session as solr_engine

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-24"


def pytest_configure(config):
    # Point the index at a temporary folder before anything opens it (the dict is shared with haystack).
    from django.conf import settings

    config._archive_tmp = tempfile.mkdtemp(prefix="archive-test-")
    settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = str(Path(config._archive_tmp) / "whoosh_index")
    if solr_engine.active():  # make test-solr: a collection of this run's own on the running cluster
        solr_engine.start_session()


def pytest_collection_modifyitems(config, items):
    solr_engine.deselect_whoosh_only(config, items)


def pytest_unconfigure(config):
    if solr_engine.active():
        solr_engine.end_session()
    tmp = getattr(config, "_archive_tmp", None)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the gazetteer and the bundled samples; the index is built from them."""
    with django_db_blocker.unblock():
        call_command("load_gazetteer", verbosity=0)
        try:
            call_command("import_articles", str(SAMPLES), "--no-progress", "--today", TODAY, verbosity=0)
        except SystemExit as exc:  # the samples must import cleanly
            raise AssertionError("bundled samples failed to import") from exc


@pytest.fixture
def backend(db):
    from haystack import connections

    return connections["default"].get_backend()


@pytest.fixture
def run_import(private_index, capsys):
    """Run import_articles (indexing into a private copy); returns (exit status, stdout, stderr)."""

    def run(*args):
        status = 0
        try:
            call_command("import_articles", *map(str, args), "--no-progress", "--today", TODAY)
        except SystemExit as exc:
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture(autouse=True)
def solr_collection_as_database(request, django_db_blocker):
    """On Solr, the session's collection as the database says, after a test changed it (below)."""
    if solr_engine.active() and solr_engine.state.dirty:
        with django_db_blocker.unblock():
            solr_engine.rebuild_from_database()


@pytest.fixture
def private_index(db, tmp_path, settings):
    """A copy of the session index for a test that changes it; the shared index stays as it was."""
    from haystack import connections

    backend = connections["default"].get_backend()
    if solr_engine.active():  # no copy of a collection: rebuilt from the database after the test
        solr_engine.state.dirty = True
        yield backend
        return
    if not backend.setup_complete:
        backend.setup()
    original = backend.path
    copy = tmp_path / "whoosh_index"
    shutil.copytree(original, copy)
    connection = dict(settings.HAYSTACK_CONNECTIONS["default"], PATH=str(copy))
    settings.HAYSTACK_CONNECTIONS = {"default": connection}
    backend.path, backend.setup_complete = str(copy), False
    try:
        yield backend
    finally:
        backend.path, backend.setup_complete = original, False
