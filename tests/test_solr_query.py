"""The Solr engine's query translation and filters (no cluster needed: what is sent, not what is found).

What Solr finds with them is tested against the cluster in tests/solr/test_parity.py.
"""

from datetime import date

import pytest
from whoosh import query as wq

from articles.search import QueryError, SearchParams
from articles.search.solr.client import SolrError, node_urls
from articles.search.solr.query import NOTHING, highlight_terms, to_solr
from articles.search.solr.search import filter_queries, parse, request_params


def test_words_phrases_prefixes_and_exclusions():
    assert to_solr(parse("নদীর পানি")) == '(+terms:"নদি" +terms:"পানি")'
    assert to_solr(parse('"নদীর পানি"')) == 'terms:"নদি পানি"'
    assert to_solr(parse("নদী -পানি")) == '(+terms:"নদি" -terms:"পানি")'
    assert to_solr(parse("নদী OR পানি")) == '(terms:"নদি" OR terms:"পানি")'
    assert to_solr(parse("NOT নদী")) == '(*:* -terms:"নদি")'
    assert to_solr(parse("রাশি*")) == "terms:রাশি*"


def test_special_characters_stay_terms():
    # A term that looks like Solr syntax is quoted (and its quote escaped), never an operator.
    assert to_solr(wq.Term("text", "AND")) == 'terms:"AND"'
    assert to_solr(wq.Term("text", 'a"b')) == 'terms:"a\\"b"'
    assert to_solr(wq.Prefix("text", "a-b")) == "terms:a\\-b*"
    assert to_solr(wq.Or([wq.NullQuery, wq.Term("entities", "iran")])) == '(entities:"iran")'
    assert to_solr(wq.And([wq.NullQuery])) == "(+(*:* -*:*))"
    assert to_solr(None) == NOTHING


def test_proximity_is_refused_as_on_whoosh():
    with pytest.raises(QueryError, match="proximity"):
        request_params(SearchParams(q='"নদীর পানি"~3'), parse('"নদীর পানি"~3'))


def test_highlight_terms_include_phrases_and_prefixes():
    found = highlight_terms(parse('"নদীর পানি" OR রাশি* -ধান'))
    assert found.terms == {"নদি", "পানি", "ধান"}
    assert found.prefixes == {"রাশি"}


def test_filters_in_dhaka_days():
    fq = filter_queries(
        SearchParams(
            outlet="samakal",
            month="2024",
            entity="iran",
            date_from=date(2024, 5, 1),
            date_to=date(2024, 5, 31),
        )
    )
    assert "{!terms f=outlet}samakal" in fq and "{!terms f=entities}iran" in fq
    assert "month:2024\\-*" in fq  # a year: every month of it
    # Asia/Dhaka is UTC+6: 1 May 00:00 there is 30 April 18:00 UTC; the end is exclusive.
    assert "published:[2024-04-30T18:00:00Z TO 2024-05-31T18:00:00Z}" in fq
    # Several values of one filter match any of them; approximate dates can be left out.
    fq = filter_queries(SearchParams(outlet=("a", "b"), month=("2024", "2025-01"), approximate=False))
    assert "{!terms f=outlet}a,b" in fq and 'month:2024\\-* OR month:"2025-01"' in fq
    assert "-precision:approximate" in fq


def test_node_urls():
    assert node_urls("http://a:8983/solr/, http://b:8984/solr") == [
        "http://a:8983/solr",
        "http://b:8984/solr",
    ]
    with pytest.raises(SolrError):
        node_urls(" , ")
