"""Command contracts that scripts rely on: analyze, load_gazetteer, tag_entities, settings checks."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from articles.bangla.analysis import analyze
from articles.models import Entity, Mention

from .conftest import ROOT


def manage(*args, stdin=None, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_analyze_prints_one_line_of_terms_per_input_line():
    lines = ["ইরানের প্রেসিডেন্ট রাশিয়া", "", "ইরানকে ২০২৪ সালে", "Putin এবং ঢাকা"]
    result = manage("analyze", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout.split("\n")
    assert out[-1] == ""
    assert out[:-1] == [" ".join(analyze(line)) for line in lines]
    assert out[0].split()[0] == out[2].split()[0]  # ইরানের and ইরানকে share a term
    assert "2024" in out[2].split()
    assert out[1] == ""


def test_analyze_uses_the_body_field_analyzer():
    from haystack import connections

    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    field_analyzer = backend.index.schema["text"].analyzer
    text = "রাশিয়ার প্রেসিডেন্ট ভ্লাদিমির পুতিনের সঙ্গে বৈঠকে"
    assert [t.text for t in field_analyzer(text)] == analyze(text)


@pytest.mark.django_db
def test_load_gazetteer_is_safe_to_rerun():
    before = Entity.objects.count()
    entity = Entity.objects.first()
    entity.aliases = [*entity.aliases, "কিউরেটরের-যোগ"]
    entity.save()
    call_command("load_gazetteer", verbosity=0)
    assert Entity.objects.count() == before
    entity.refresh_from_db()
    assert "কিউরেটরের-যোগ" in entity.aliases


@pytest.mark.django_db
def test_tag_entities_retags_after_an_alias_is_added(private_index, django_capture_on_commit_callbacks):
    from articles.models import Article

    article = Article.objects.published().first()
    word = next(w for w in article.body.split() if len(w) > 4 and analyze(w))
    entity = Entity.objects.create(key="test-entity", name=word, kind="place", aliases=[])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tag_entities", "--no-progress", verbosity=0)
    assert Mention.objects.filter(entity=entity, article=article).exists()


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", env={"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    env = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-secret-key-for-the-check-1234567890",
        "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_database_is_the_one_database_url_names():
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_ensure_index_leaves_a_complete_index_and_rebuilds_one_of_another_schema(private_index, capsys):
    from whoosh import fields
    from whoosh import index as windex

    call_command("ensure_index")
    assert "Index is complete" in capsys.readouterr().out
    # The same documents under an older schema (the body field with word positions, as before).
    old = windex.open_dir(private_index.path)
    schema = old.schema
    schema.remove("text")
    schema.add("text", fields.TEXT(phrase=True, stored=True))
    windex.create_in(private_index.path, schema)
    call_command("ensure_index")
    out = capsys.readouterr().out
    assert "another schema" in out and "Index rebuilt" in out
    assert type(windex.open_dir(private_index.path).schema["text"].format).__name__ == "Frequency"
    call_command("ensure_index")
    assert "Index is complete" in capsys.readouterr().out


def test_ensure_index_rebuilds_an_index_whose_text_was_prepared_another_way(private_index, capsys):
    from whoosh import index as windex

    schema = windex.open_dir(private_index.path).schema
    del schema["text"].text_version  # as written before the text was plain (HTML-escaped then)
    windex.create_in(private_index.path, schema)
    call_command("ensure_index")
    assert "another schema" in capsys.readouterr().out
    assert windex.open_dir(private_index.path).schema["text"].text_version >= 2
