"""Re-tagging commits in batches (issue 13: one transaction over the whole run locked admin saves out
for 30-40 s): a run killed half-way keeps its committed batches, their articles wait on the index's
to-do list, and the next run finishes the work."""

import shutil
import signal
import sqlite3

import pytest

from .conftest import SAMPLES, TODAY
from .test_crash_safety import manage


@pytest.fixture(scope="module")
def untagged(tmp_path_factory):
    data = tmp_path_factory.mktemp("retag") / "data"
    assert manage(data, "migrate", "--noinput").returncode == 0
    assert manage(data, "load_gazetteer").returncode == 0
    imported = manage(data, "import_articles", str(SAMPLES), "--no-progress", "--no-tag", "--today", TODAY)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    return data


def counts(data):
    with sqlite3.connect(data / "archive.sqlite3") as db:
        tagged = db.execute("SELECT COUNT(DISTINCT article_id) FROM articles_mention").fetchone()[0]
        pending = db.execute("SELECT COUNT(*) FROM articles_pendingindex").fetchone()[0]
    return tagged, pending


def test_a_killed_retag_keeps_its_committed_batches_and_the_next_run_finishes(untagged, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(untagged, data)
    assert counts(data) == (0, 0)
    killed = manage(data, "tag_entities", "--no-progress", "--batch-size", "3", failpoint="rows:5")
    assert killed.returncode == -signal.SIGKILL
    tagged, pending = counts(data)
    assert tagged >= 1, "the batches before the kill were committed"
    assert pending == tagged, "its articles wait for the index"
    assert manage(data, "check_archive").returncode == 1

    finished = manage(data, "tag_entities", "--no-progress", "--batch-size", "3")
    assert finished.returncode == 0, finished.stderr
    assert counts(data)[0] > tagged and counts(data)[1] == 0
    check = manage(data, "check_archive")
    assert check.returncode == 0, check.stdout
