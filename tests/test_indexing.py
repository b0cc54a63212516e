"""Whoosh's single-writer rule under several processes: writes wait for each other, none is lost."""

import os
import subprocess
import sys

import pytest

from articles.models import Article
from articles.search import SearchParams, run_search

from .conftest import ROOT

pytestmark = pytest.mark.django_db

WRITER = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
django.setup()
from django.conf import settings
from haystack import connections
settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = sys.argv[1]
from articles.search_indexes import ArticleIndex
from articles.models import Article
backend = connections["default"].get_backend()
ArticleIndex.prepare_entities = lambda self, obj: []  # no database in this process
ArticleIndex.prepare_batch = lambda self, objs: None
index = ArticleIndex()
word = sys.argv[2]
for n in range(15):
    a = Article(pk=100000 + int(sys.argv[3]) * 100 + n, title=f"{word} {n}", body=f"{word} লেখা {n}", slug="x",
                content_hash=f"{word}{n}", status="published")
    backend.update(index, [a])
print("ok")
"""


def test_parallel_writers_do_not_raise_lock_errors(private_index):
    env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, private_index.path, word, str(i)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, word in enumerate(["প্রথমলেখক", "দ্বিতীয়লেখক", "তৃতীয়লেখক"])
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    for word in ["প্রথমলেখক", "দ্বিতীয়লেখক", "তৃতীয়লেখক"]:
        assert run_search(SearchParams(q=word)).total == 15


def test_rebuild_index_matches_the_published_articles(private_index):
    from django.core.management import call_command

    call_command("rebuild_index", interactive=False, verbosity=0)
    assert run_search(SearchParams(q="")).total == Article.objects.indexed().count()


def test_a_bulk_write_replaces_the_indexed_copies_and_adds_new_articles(private_index):
    # The import's path for many articles: one multi-process writer, old copies removed per batch.
    from haystack import connections

    from articles.search import article_ids_matching

    published = Article.objects.indexed()
    article = published.first()
    Article.objects.filter(pk=article.pk).update(title="সম্পূর্ণনতুনশিরোনাম " + article.title)
    gone = published.last()
    backend = connections["default"].get_backend()
    backend.remove(gone)
    index = connections["default"].get_unified_index().get_index(Article)
    assert run_search(SearchParams(q="")).total == published.count() - 1
    with backend.bulk():
        backend.update(index, list(index.index_queryset()))
    assert article_ids_matching("সম্পূর্ণনতুনশিরোনাম") == {article.pk}
    assert run_search(SearchParams(q="")).total == published.count()
