"""The shipped gazetteer: format, coverage of the entities the issue names, geo precision rules."""

from __future__ import annotations

import csv

import pytest

from articles.entities.gazetteer import (
    DEFAULT_PATH,
    FIELDS,
    KINDS,
    Entry,
    load_gazetteer,
    read_csv,
    write_csv,
)


@pytest.fixture(scope="module")
def entries() -> dict[str, Entry]:
    return {e.key: e for e in load_gazetteer()}


def test_header_and_kinds():
    with open(DEFAULT_PATH, encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert tuple(header[:6]) == ("key", "kind", "name_bn", "name_en", "aliases", "source")
    assert tuple(header) == FIELDS
    for e in load_gazetteer():
        assert e.kind in KINDS
        assert e.key.isascii() and e.key == e.key.lower() and " " not in e.key
        assert e.name_bn or e.name_en


def test_issue_entities_present(entries):
    assert "রাশিয়া" in entries["russia"].all_aliases
    assert "Putin" in entries["vladimir-putin"].strong_aliases
    raisi = entries["ebrahim-raisi"].strong_aliases
    assert {"রাইসি", "রায়িসি", "ইব্রাহিম রাইসি", "এব্রাহিম রাইসি"} <= set(raisi)
    assert "ইসি" in entries["election-commission-bd"].strong_aliases
    assert "এনসিপি" in entries["ncp"].strong_aliases
    for key in ("bnp", "awami-league", "jamaat-e-islami", "reuters", "afp", "al-jazeera", "pars-today"):
        assert entries[key].kind == "organisation"


def test_sources_and_sizes(entries):
    sources = {e.source for e in entries.values()}
    assert {"curated", "geo", "ner"} <= sources
    assert sum(e.source == "curated" for e in entries.values()) >= 300
    assert entries["dhaka"].kind == "place"  # division and district of one name are one place


def test_common_word_upazila_never_matches_bare(entries):
    # বন্দর ("port") is an upazila of Narayanganj; alone it must never be a place.
    bandar = next(e for e in entries.values() if e.source == "geo" and e.name_en == "Bandar")
    assert "বন্দর" not in bandar.all_aliases
    assert "বন্দর উপজেলা" in bandar.strong_aliases


def test_duplicate_upazila_names_are_weak_with_district_context(entries):
    kaliganj = [e for e in entries.values() if e.source == "geo" and e.name_bn == "কালীগঞ্জ"]
    assert len(kaliganj) >= 2
    for e in kaliganj:
        assert e.is_weak("কালীগঞ্জ")
        assert e.context  # its district confirms it


def test_weak_alias_semantics():
    e = Entry("x", "person", "বাশার আল-আসাদ", "Bashar al-Assad", ("বাশার আসাদ",), "curated", weak_aliases=("আসাদ",))
    assert e.strong_aliases == ("বাশার আল-আসাদ", "Bashar al-Assad", "বাশার আসাদ")
    assert e.is_weak("আসাদ") and not e.is_weak("বাশার আসাদ")
    amb = Entry("y", "place", "তালা", "", (), "geo", ambiguous=True)
    assert amb.strong_aliases == () and amb.is_weak("তালা")
    with pytest.raises(ValueError):
        Entry("z", "planet", "মঙ্গল", "", (), "curated")


def test_csv_round_trip(tmp_path):
    e = Entry("k", "place", "নাম", "Name", ("এক", "Two"), "curated", False, ("দুই",), ("dhaka",))
    path = tmp_path / "g.csv"
    write_csv([e], path)
    assert list(read_csv(path)) == [e]
