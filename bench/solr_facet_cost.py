"""What the facets cost in the search page's Solr request: each bench query timed three ways.

The app's own request for each query of bench/queries.json (read by the search page's form, names
expanded and Latin words added as on the page, then articles/search/solr/search.py
`request_params`: the same translation, filters, sort and rows as the page), sent to the
collection as it is, then without the `cluster` facet (the one that counts stories), then without
any facet; the median of `--repeats` wall times of each, in ms, with the number of matches and of
clusters with several matching versions. Point it at a data folder and its collection:

    .venv/bin/python bench/solr_facet_cost.py --data-dir ../bench-data/data-v2-n1000000-s6-... \\
        --collection bench_n1000000
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import time
import urllib.parse

from run import ROOT, search_url, setup_django
from solr_engine import DEFAULT_URL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True, help="the data folder whose collection is searched")
    parser.add_argument("--collection", required=True)
    parser.add_argument("--url", default=os.environ.get("ARCHIVE_SOLR_URL") or DEFAULT_URL)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.environ.update(
        ARCHIVE_SEARCH_ENGINE="solr", ARCHIVE_SOLR_URL=args.url, ARCHIVE_SOLR_COLLECTION=args.collection
    )
    setup_django(argparse.Namespace(search_cache=True), pathlib.Path(args.data_dir).resolve())
    from django.http import QueryDict

    from articles.forms import SearchForm
    from articles.search.query import Expansion
    from articles.search.solr import search
    from articles.tagging import current_tagger
    from articles.views import PER_PAGE

    solr, tagger = search.client(), current_tagger()

    def page_request(query_params: dict) -> dict:
        """The search page's Solr request for these address parameters (as run_search builds it)."""
        form = SearchForm(QueryDict(urllib.parse.urlsplit(search_url(query_params)).query))
        if not form.is_valid():
            raise SystemExit(f"bench/queries.json: {query_params} is not a valid search: {form.errors}")
        params = form.to_params(per_page=PER_PAGE)
        query = search.parse(params.q, tagger if params.expand else None, Expansion())
        if params.banglish:
            query = search.with_banglish(query, solr, {})
        return search.request_params(params, query)

    def timed(request: dict) -> tuple[float, dict]:
        times, answer = [], {}
        for _ in range(args.repeats):
            start = time.perf_counter()
            answer = solr.select(dict(request))
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times), answer

    rows = []
    print("query | matches | clusters with several | full ms | without cluster facet | without facets")
    for query in json.loads((ROOT / "bench" / "queries.json").read_text())["queries"]:
        request = page_request(query["params"])
        full, answer = timed(request)
        without_cluster = {k: v for k, v in request.items() if k != "f.cluster.facet.mincount"}
        without_cluster["facet.field"] = [f for f in request["facet.field"] if f != "cluster"]
        no_cluster, _ = timed(without_cluster)
        no_facets, _ = timed({k: v for k, v in request.items() if not k.startswith(("facet", "f."))})
        clusters = len(answer["facet_counts"]["facet_fields"]["cluster"]) // 2
        rows.append((full, no_cluster, no_facets))
        print(
            f"{query['id']} | {answer['response']['numFound']} | {clusters} | "
            f"{full:.0f} | {no_cluster:.0f} | {no_facets:.0f}",
            flush=True,
        )
    medians = [statistics.median(column) for column in zip(*rows, strict=True)]
    print("median | | | " + " | ".join(f"{m:.1f}" for m in medians))


if __name__ == "__main__":
    main()
