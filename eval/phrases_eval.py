"""Phrases and names through the whole stack (issue 11, item 7): import ../shared/data/bdnews into a
scratch archive and, for every multi-word name of every entity the archive mentions, search it
quoted and unquoted with name expansion on.

    python eval/phrases_eval.py --shared ../shared [--json]

Reported, before (the expansion as it was at BASELINE, read from git) and after:
* violations: names whose quoted search finds an article its unquoted words do not;
* stray: articles a quoted name finds that contain neither the phrase nor another full spelling of
  the name (খালেদা alone for "খালেদা জিয়া"), summed over the names.
"""

import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.scratch import bdnews_archive, module_at  # noqa: E402

BASELINE = "fb1c8c2"


def _baseline_expand():
    """expand_entities as it was at BASELINE, or None when git cannot show it."""
    module = module_at(BASELINE, "articles/search.py", "search_baseline")
    return (
        None if module is None else (lambda q, tagger, _expanded=None: module.expand_entities(q, tagger, []))
    )


def _contains(terms, run):
    n = len(run)
    return any(terms[i : i + n] == run for i in range(len(terms) - n + 1))


def run(shared: pathlib.Path) -> dict:
    bdnews_archive(shared, "archive-eval-phrases-", tag=True)
    import numpy as np
    from haystack import connections

    from articles.bangla.analysis import analyze
    from articles.models import Article, Mention
    from articles.search import SearchParams, run_search
    from articles.search.whoosh import engine as search
    from articles.search.whoosh.matching import Evaluator
    from articles.tagging import current_tagger

    tagger = current_tagger()
    indexed = {a.pk: analyze(f"{a.title}\n{a.lead}\n{a.body}") for a in Article.objects.published()}
    keys = sorted(set(Mention.objects.values_list("entity__key", flat=True)))
    names = []
    for key in keys:
        for alias in tagger.entries[key].strong_aliases:
            typed = tuple(analyze(alias))
            if len(typed) >= 2:
                spellings = [typed, *tagger.full_name_variants(key, typed)]
                names.append((alias, [list(s) for s in spellings]))

    # The query path of run_search without rendering a page of results (ids of every match).
    run_search(SearchParams(per_page=1))
    backend = connections["default"].get_backend()
    key, searcher = search._searchers.get(backend)
    search._facets.ensure(searcher, key)
    live = search._facets.live
    pk_of = {d: int(searcher.stored_fields(int(d))["django_id"]) for d in np.flatnonzero(live)}

    def found(q):
        query = search.expand_entities(
            search.parse_query(q, backend.index.schema), tagger, search.Expansion()
        )
        docs, _scores = Evaluator(searcher, search._facets.postings).evaluate(
            search.phrases_to_bigrams(query)
        )
        return {pk_of[d] for d in docs if live[d]}

    def measure():
        violations, stray, quoted_total = [], 0, 0
        for alias, spellings in names:
            quoted, words = found(f'"{alias}"'), found(alias)
            quoted_total += len(quoted)
            if not quoted <= words:
                violations.append(alias)
            stray += sum(
                1 for pk in quoted if pk in indexed and not any(_contains(indexed[pk], s) for s in spellings)
            )
        return {"names": len(names), "quoted_results": quoted_total, "violations": violations, "stray": stray}

    import time

    started = time.perf_counter()
    result = {"after": measure()}
    print(f"({len(names)} names searched in {time.perf_counter() - started:.0f} s)")
    old = _baseline_expand()
    if old is not None:
        current = search.expand_entities
        search.expand_entities = old
        try:
            result["before"] = measure()
        finally:
            search.expand_entities = current
    for when in ("before", "after"):
        if when in result:
            r = result[when]
            print(
                f"quoted names {when:6}: {len(r['violations'])} of {r['names']} find more than their words;"
                f" {r['stray']} of {r['quoted_results']} quoted results have no full spelling of the name"
            )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", action="store_true", help="print the result as JSON on the last line")
    args = parser.parse_args()
    result = run(args.shared.resolve())
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    return 0 if not result["after"]["violations"] else 1


if __name__ == "__main__":
    sys.exit(main())
