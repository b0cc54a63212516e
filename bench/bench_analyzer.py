"""Benchmark: analyzer throughput (tokens per second, one core) over the Bengali bdnews bodies.

Measures ``analyze()`` (what the body field indexes) and the whoosh analyzer with positions and
character offsets (what indexing actually calls). Caches are cleared first and the first pass is
timed too, so the figure includes cold-cache stemming; the reported figure is the best of 3 passes
over the whole corpus. Usage: ``python bench/bench_analyzer.py --shared ../shared``.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from articles.bangla import analysis, stemmer  # noqa: E402
from articles.bangla.whoosh_analysis import BanglaAnalyzer  # noqa: E402


def _bodies(shared: pathlib.Path) -> list[str]:
    shared = pathlib.Path(shared)
    data = shared / "data" if (shared / "data").is_dir() else shared
    rows = json.loads((data / "bdnews" / "articles_2025-12-30.json").read_text(encoding="utf-8"))
    return [r["article"] for r in rows if r.get("source_language") == "Bengali" and r.get("article")]


def _clear_caches() -> None:
    analysis.term_for.cache_clear()
    stemmer.stem_folded.cache_clear()
    stemmer.stem.cache_clear()


def run(shared: pathlib.Path, repeats: int = 3) -> dict:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    bodies = _bodies(shared)
    n_tokens = sum(len(analysis.TOKEN_RE.findall(b)) for b in bodies)

    _clear_caches()
    t0 = time.perf_counter()
    for body in bodies:
        analysis.analyze(body)
    cold = n_tokens / (time.perf_counter() - t0)

    best = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        for body in bodies:
            analysis.analyze(body)
        best = max(best, n_tokens / (time.perf_counter() - t0))

    whoosh_analyzer = BanglaAnalyzer()
    best_whoosh = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        for body in bodies:
            for _tok in whoosh_analyzer(body, positions=True, chars=True):
                pass
        best_whoosh = max(best_whoosh, n_tokens / (time.perf_counter() - t0))

    # The entity tagger is built once per process and again after every gazetteer change.
    from articles.entities.gazetteer import load_gazetteer
    from articles.entities.tagger import Tagger

    entries = load_gazetteer()
    build = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        Tagger(entries)
        build.append(time.perf_counter() - t0)

    result = {
        "tagger_build_ms": round(min(build) * 1000, 1),
        "tokens": n_tokens,
        "analyzer_tokens_per_s": round(best),
        "analyzer_cold_tokens_per_s": round(cold),
        "whoosh_analyzer_tokens_per_s": round(best_whoosh),
    }
    print(
        f"{n_tokens} tokens: analyze() {best:,.0f} tokens/s (cold caches {cold:,.0f}), "
        f"whoosh analyzer {best_whoosh:,.0f} tokens/s; tagger built in {min(build) * 1000:.0f} ms"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    run(parser.parse_args().shared)


if __name__ == "__main__":
    main()
