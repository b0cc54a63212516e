"""Which pairs of the bdnews dump the importer's copy rule clusters, against pairs judged by eye.

Every pair of articles whose bodies have a MinHash similarity of at least 0.5 is listed with the
rule's decision (`NEAR_DUPLICATE_THRESHOLD`, then `is_copy`). JUDGED holds the pairs read side by
side (by their URLs' last path parts): one story (a copy) or two stories. Usage:

    python eval/clusters_eval.py --shared ../shared
"""

from __future__ import annotations

import argparse
import itertools
import pathlib
import sys
from datetime import date

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.ingest.dedup import body_fingerprints, is_copy, similarity, title_overlap  # noqa: E402
from articles.ingest.outlets import find_outlet  # noqa: E402
from articles.ingest.readers import iter_inputs  # noqa: E402

DUMP = pathlib.Path("data") / "bdnews" / "articles_2025-12-30.json"
FLOOR = 0.5
# (url ending, url ending): True when the two are one story, read side by side on 2026-12-02.
JUDGED = {
    ("football/x9MonoaGhyal", "football/ugI9i8BInOHn"): True,  # one report at two addresses, re-edited
    ("politics/305491", "politics/news/1080121"): True,  # one statement, two outlets' headlines
    ("sports/news/633979", "sports/news/633915"): False,  # two year reviews sharing an intro
    ("economy/news/1079992", "economy/news/1079684"): False,  # two days' gold prices
    ("sports/420228", "sports/420234"): False,  # two reactions to one event
    ("national/news/633967", "politics/news/633936"): False,  # an obituary and a speeches round-up
    (
        "nomination-submission-deadline-closes-bangladesh-elections-1322036",
        "ec-secretary-rules-out-further-extension-nomination-submission-1321911",
    ): False,
}
# Pages whose "body" is the outlet's comment policy (a scraper's mistake): any two are two stories.
APART = (
    "khaleda-zia-leader-regarded-uncompromising-architect-bangladeshs-democracy-1322331",
    "bangladesh-launches-crest-boost-semiconductor-research-1322146",
    "stocks-slip-two-straight-days-1322156",
    "dhaka-mymensingh-train-services-resume-using-kishoreganj-bhairab-route-1322096",
    "one-dag-three-aags-relieved-duties-1321886",
    "hadi-murder-aminul-confesses-helping-shooter-faisal-flee-india-1321896",
)


def judgement(url_a: str, url_b: str) -> bool | None:
    if url_a.endswith(APART) and url_b.endswith(APART):
        return False
    for (x, y), one_story in JUDGED.items():
        if (url_a.endswith(x) and url_b.endswith(y)) or (url_a.endswith(y) and url_b.endswith(x)):
            return one_story
    return None


def threshold():
    # The importer's threshold, without setting up Django (importer.py imports the models).
    text = (ROOT / "articles" / "importer.py").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("NEAR_DUPLICATE_THRESHOLD"))
    return float(line.split("=")[1])


def run(shared: pathlib.Path) -> dict:
    limit = threshold()
    records = []
    for item in iter_inputs([shared / DUMP], today=date(2025, 12, 30)):
        item.resolve()
        if item.error or not item.record.body.strip():
            continue
        record = item.record
        known = find_outlet(record.outlet or "")
        records.append((record, known.slug if known else record.outlet, body_fingerprints(record.body)[1]))
    pairs = []
    for (a, outlet_a, sig_a), (b, outlet_b, sig_b) in itertools.combinations(records, 2):
        score = similarity(sig_a, sig_b)
        if score >= FLOOR:
            copy = score >= limit and is_copy(outlet_a, a.title, outlet_b, b.title)
            pairs.append((score, copy, a, b, outlet_a, outlet_b))
    pairs.sort(key=lambda p: -p[0])
    right = judged = 0
    print(f"== story clusters: {len(records)} articles, {len(pairs)} pairs with similarity >= {FLOOR}")
    for score, copy, a, b, outlet_a, outlet_b in pairs:
        truth = judgement(a.url, b.url)
        if truth is not None:
            judged += 1
            right += truth == copy
        mark = {None: " ", True: "✓" if copy else "✗", False: "✓" if not copy else "✗"}[truth]
        print(
            f"  {mark} {score:.2f} {'copy ' if copy else 'apart'} {outlet_a} | {outlet_b} "
            f"(headlines {title_overlap(a.title, b.title):.2f}) {a.url} {b.url}"
        )
    print(f"   rule agrees with the judgement on {right} of {judged} judged pairs")
    return {"pairs": len(pairs), "copies": sum(1 for p in pairs if p[1]), "judged": judged, "right": right}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    run(parser.parse_args().shared.resolve())
