"""The Solr side that needs no running cluster: the configset against the one index definition, and
solr_setup's errors. Tests against a real cluster are in tests/solr (`make test-solr`)."""

import socket
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.bangla.analysis import analyze
from articles.search.solr.admin import SolrAdmin, SolrAdminError
from articles.search_indexes import ArticleIndex, BanglaTextField, BigramField, KeywordField, KeywordListField

from .conftest import ROOT
from .test_commands import manage

CONFIGSET = ROOT / "solr" / "configset"


def schema():
    root = ET.parse(CONFIGSET / "managed-schema.xml").getroot()
    types = {t.get("name"): t for t in root.iter("fieldType")}
    fields = {f.get("name"): f for f in root.iter("field")}
    return types, fields


def attribute(field, types, name):
    value = field.get(name) or types[field.get("type")].get(name)
    return value == "true" if value is not None else None


def test_configset_holds_every_field_of_the_index_definition():
    types, fields = schema()
    index = ArticleIndex()
    for name, field in index.fields.items():
        if isinstance(field, BigramField):
            # Phrases match on word positions in `terms`: Solr needs no field of word pairs.
            assert name not in fields
            continue
        assert name in fields, f"{name} (articles/search_indexes.py) is missing from the Solr schema"
        solr = fields[name]
        if isinstance(field, BanglaTextField):
            # The original text, stored for snippets; its analysed terms are searched in `terms`.
            assert attribute(solr, types, "indexed") is False and attribute(solr, types, "stored")
        elif isinstance(field, KeywordField | KeywordListField):
            assert solr.get("type") == "string", name
            assert solr.get("multiValued") == ("true" if isinstance(field, KeywordListField) else "false"), (
                name
            )
        elif field.field_type == "datetime":
            assert solr.get("type") == "pdate"
        else:  # stored only: read back for result rows (precision and language also filter)
            assert attribute(solr, types, "stored"), name
    for key in ("id", "django_ct", "django_id", "_version_", "terms", "kind"):
        assert key in fields


def test_searched_field_only_splits_on_whitespace():
    # The archive sends its own analysed terms: any Solr filter (lower-casing, stemming) would make the
    # two engines find different articles.
    types, fields = schema()
    terms = types[fields["terms"].get("type")]
    analyzers = terms.findall("analyzer")
    assert len(analyzers) == 1 and analyzers[0].get("type") is None  # the same for index and query
    assert [child.get("class") for child in analyzers[0]] == ["solr.WhitespaceTokenizerFactory"]
    assert fields["terms"].get("indexed") == "true"
    assert terms.get("omitPositions") in (None, "false")  # phrases need positions


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_solr_setup_says_when_the_cluster_cannot_be_reached():
    url = f"http://127.0.0.1:{free_port()}/solr"
    with pytest.raises(CommandError, match=rf"cannot reach Solr at {url}.*make solr"):
        call_command("solr_setup", "--url", url, "--timeout", "5")


def test_configset_folder_without_solrconfig_is_refused(tmp_path):
    (tmp_path / "managed-schema.xml").write_text("<schema/>", encoding="utf-8")
    with pytest.raises(SolrAdminError, match=f"{tmp_path} has no solrconfig.xml"):
        SolrAdmin("http://127.0.0.1:1/solr").configset_files(tmp_path)
    with pytest.raises(SolrAdminError, match="does not exist"):
        SolrAdmin("http://127.0.0.1:1/solr").configset_files(tmp_path / "missing")


def test_unknown_search_engine_is_a_configuration_error():
    result = manage("check", env={"ARCHIVE_SEARCH_ENGINE": "elastic"})
    assert result.returncode != 0
    assert "ARCHIVE_SEARCH_ENGINE must be 'whoosh' or 'solr', not 'elastic'" in result.stderr


@pytest.mark.django_db
def test_every_published_article_maps_onto_the_solr_schema():
    from articles.models import Article
    from articles.search.solr.documents import solr_document

    _, fields = schema()
    index = ArticleIndex()
    articles = list(Article.objects.published().select_related("outlet", "topic"))
    assert articles
    for article in articles:
        prepared = index.full_prepare(article)
        document = solr_document(prepared)
        assert set(document) <= set(fields), set(document) - set(fields)
        assert document["id"] == f"articles.article.{article.pk}"
        assert document["django_id"] == str(article.pk)
        assert document["terms"].split() == analyze(prepared["text"])
        assert "bigrams" not in document
        for name, value in document.items():
            multi = fields[name].get("multiValued") == "true"
            assert isinstance(value, list) == multi, name
        if article.published_at:
            published = datetime.fromisoformat(document["published"].replace("Z", "+00:00"))
            assert published == article.published_at.replace(microsecond=0)
