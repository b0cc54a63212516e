"""Banglish and language through the whole stack (issues 12 and 16): import ../shared/data/bdnews into a
scratch archive, build the Whoosh index, and ask the real search function (no tagger: Banglish alone).

* language: the stored Article.language per label of the dump (`source_language`), and how the
  importer's guess (articles/ingest/readers.py `guess_language`, used when a row has no language
  field) and the page extractor's rule (articles/ingest/extract.py) agree with the label;
* Banglish (eval/gold/banglish.tsv, then the held-out list): for each Latin spelling, the share of the
  articles the Bengali word finds (`banglish=0`) that the Latin spelling finds, with Banglish off
  ("before") and on ("after"), averaged over pairs; "extra" is the share of the Bengali articles the
  Latin spelling finds that the Bengali word does not (the cost in precision);
* English words (eval/gold/banglish_english.tsv): the English articles each finds with Banglish off
  are all still found with it on (the Latin word stays in the query), and the share of English
  articles among the first 10 hits, off and on (Bengali articles ranked above English ones);
* the matcher's first build in a process and its load from the file saved beside the index.

    python eval/banglish_search_eval.py --shared ../shared [--json]
"""

import argparse
import json
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.scratch import bdnews_archive  # noqa: E402


def language_accuracy(shared: pathlib.Path) -> dict:
    import re

    from articles.ingest.readers import guess_language

    rows = json.loads((shared / "data" / "bdnews" / "articles_2025-12-30.json").read_text(encoding="utf-8"))
    labels = {"bengali": "bn", "english": "en"}
    guess_ok = extract_ok = labelled = 0
    for row in rows:
        label = labels.get(str(row.get("source_language") or "").lower())
        if label is None:
            continue
        labelled += 1
        title, body = str(row.get("headline") or ""), str(row.get("article") or "")
        guess_ok += guess_language(title + " " + body[:500]) == label
        bengali = len(re.findall(r"[\u0980-\u09FF]", body or title))
        latin = len(re.findall(r"[A-Za-z]", body or title))
        extract_ok += ("en" if latin > 2 * bengali and latin > 20 else "bn") == label
    return {
        "labelled": labelled,
        "guess_language": round(guess_ok / labelled, 4),
        "extract_rule": round(extract_ok / labelled, 4),
    }


def read_pairs(path: pathlib.Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            pairs.append((cells[0], cells[1] if len(cells) > 1 else ""))
    return pairs


def run(shared: pathlib.Path) -> dict:
    bdnews_archive(shared, "archive-eval-banglish-")
    from haystack import connections

    from articles.bangla.banglish import BanglishMatcher
    from articles.models import Article
    from articles.search import QueryError, SearchParams, run_search
    from articles.search.whoosh import banglish as banglish_search

    report = {"language": language_accuracy(shared)}
    published = Article.objects.published()
    stored = {code: published.filter(language=code).count() for code in ("bn", "en")}
    facet = dict(run_search(SearchParams(per_page=1, snippets=False)).facets.get("language", []))
    report["language"].update(stored=stored, facet=facet)
    lang = report["language"]
    print(
        f"== language: stored bn {stored['bn']}, en {stored['en']} (facet {facet}); against the dump's label "
        f"({lang['labelled']} rows) guess_language {lang['guess_language']:.1%}, page rule {lang['extract_rule']:.1%}"
    )

    language_of = dict(published.values_list("pk", "language"))

    def found(q, banglish=True):
        """Ids of every match, best first."""
        try:
            hits = run_search(SearchParams(q=q, per_page=10_000, snippets=False, banglish=banglish)).hits
        except QueryError:  # a stopword alone ("the") finds nothing
            return []
        return [h.id for h in hits]

    # The matcher's first build in this process, then a load from its saved file.
    start = time.perf_counter()
    result = run_search(SearchParams(q="nirbachon", per_page=1, snippets=False))
    first = time.perf_counter() - start
    backend = connections["default"].get_backend()
    banglish_search._matchers.key = None
    index = backend.index.refresh()
    with index.searcher() as searcher:
        start = time.perf_counter()
        banglish_search.matcher_for(searcher, backend.path, tuple(s.segment_id() for s in index._segments()))
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        BanglishMatcher(banglish_search._vocabulary(searcher.reader()))
        built = time.perf_counter() - start
    report["matcher"] = {
        "first_search_s": round(first, 3),
        "build_s": round(built, 3),
        "load_saved_s": round(loaded, 3),
    }
    print(
        f"   matcher: first Banglish search {first:.2f} s (facet arrays, matcher build and save), matcher build "
        f"alone {built:.3f} s, load from the saved file {loaded:.3f} s "
        f"(nirbachon -> {result.banglish})"
    )

    for name, path in (("gold", "banglish.tsv"), ("heldout", "banglish_heldout.tsv")):
        before, after, extra, pairs = [], [], [], 0
        for latin, bengali in read_pairs(ROOT / "eval" / "gold" / path):
            relevant = set(found(bengali, banglish=False))
            if not relevant:
                continue
            pairs += 1
            plain = set(found(latin, banglish=False))
            converted = set(found(latin))
            before.append(len(plain & relevant) / len(relevant))
            after.append(len(converted & relevant) / len(relevant))
            bengali_found = {i for i in converted if language_of.get(i) == "bn"}
            extra.append(len(bengali_found - relevant) / len(bengali_found) if bengali_found else 0.0)
        report[name] = {
            "pairs": pairs,
            "before": round(statistics.fmean(before), 4),
            "after": round(statistics.fmean(after), 4),
            "extra": round(statistics.fmean(extra), 4),
        }
        r = report[name]
        print(
            f"   {name}: {pairs} spellings whose Bengali word finds articles; share of those the spelling "
            f"finds: before {r['before']:.1%}, after {r['after']:.1%}; extra Bengali articles {r['extra']:.1%}"
        )

    lost, words, top_off, top_on, changed = 0, 0, [], [], []
    for word, _allowed in read_pairs(ROOT / "eval" / "gold" / "banglish_english.tsv"):
        off, on = found(word, banglish=False), found(word)
        english_off = {i for i in off if language_of.get(i) == "en"}
        if not english_off:
            continue
        words += 1
        lost += len(english_off - set(on))
        top_off.append(sum(language_of.get(i) == "en" for i in off[:10]) / len(off[:10]))
        top_on.append(sum(language_of.get(i) == "en" for i in on[:10]) / len(on[:10]))
        if on[:10] != off[:10]:
            changed.append(word)
    report["english"] = {
        "words": words,
        "english_articles_lost": lost,
        "english_share_top10_off": round(statistics.fmean(top_off), 4),
        "english_share_top10_on": round(statistics.fmean(top_on), 4),
        "top10_changed": changed,
    }
    e = report["english"]
    print(
        f"   English words ({words} that find English articles): English articles lost {lost}; "
        f"English share of the first 10 hits {e['english_share_top10_off']:.1%} off, "
        f"{e['english_share_top10_on']:.1%} on; first 10 changed for {changed}"
    )
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON at the end")
    args = parser.parse_args()
    result = run(args.shared.resolve())
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
