"""A seeded synthetic corpus for benchmarks, resampled from real Bengali news (issue 6).

Sentences and headlines come from the Bengali rows of ``../shared/data/bdnews/articles_2025-12-30.json``
and are recombined into N articles written as JSON Lines files with the field names the importer detects
(title, body, outlet, published_at, section, url). The mix imitates real coverage:

- about 20 outlets from the registry, Zipf-skewed (a few outlets publish most of the news);
- section labels the importer maps to topics (English and Bengali spellings), also skewed, and a body
  drawn mostly from source articles of the same section, so words cluster by topic;
- publication dates from 2010 to the day before the corpus date, more of them in recent years;
- named entities: most sentences already contain some; 60% of the articles get a focus entity (Zipf over
  a list of people and places) with one or two sentences that name it, spliced in by replacing a donor
  name of the same kind when the source has too few natural ones (ভারতের -> ইরানের keeps inflection).

Bodies are 10-22 sentences (about 1,600 characters, like the measurements in WHOOSH_NOTES.md); with
~6,500 distinct sentences, two articles share almost no 3-word shingles, so unrelated articles never
look alike to the importer's duplicate detection.

Version 2 adds syndication (issue 12: the import assigns story clusters): besides the N articles of
version 1 (the same ones, drawn from the same random stream), COPY_SHARE * N copies, each another
outlet's version of a recent article, 30 minutes to two days later, under that outlet's address and
often its own headline; half word for word, half with one sentence rewritten or dropped. Copies are
never the earliest version, so the index (and every search figure) holds the same N articles as
version 1, and the import stores and clusters N + copies records. Same seed, N and CORPUS_VERSION ->
byte-identical files.

    python bench/corpus.py --shared ../shared --n 10000 --out /tmp/corpus-10k
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import pathlib
import random
import re
import shutil
from datetime import datetime, timedelta, timezone

CORPUS_VERSION = "2"  # bump when the generator changes: cached corpora and data folders are keyed by it
SOURCE = pathlib.Path("data") / "bdnews" / "articles_2025-12-30.json"
LAST_DAY = datetime(2026, 11, 23, tzinfo=timezone(timedelta(hours=6)))
FIRST_YEAR = 2010

# (name as the reader writes it, registry spelling the importer maps, domain for the url)
OUTLETS = [
    ("Prothom Alo", "prothomalo.com"),
    ("Jago News 24", "jagonews24.com"),
    ("দৈনিক যুগান্তর", "jugantor.com"),
    ("Samakal", "samakal.com"),
    ("Kaler Kantho", "kalerkantho.com"),
    ("bdnews24.com", "bdnews24.com"),
    ("Rising BD", "risingbd.com"),
    ("Dhaka Post", "dhakapost.com"),
    ("Daily Naya Diganta", "dailynayadiganta.com"),
    ("Bangla Tribune", "banglatribune.com"),
    ("Ittefaq", "ittefaq.com.bd"),
    ("Bangladesh Pratidin", "bd-pratidin.com"),
    ("Barta24", "barta24.com"),
    ("Banglanews24", "banglanews24.com"),
    ("Somoy News", "somoynews.tv"),
    ("Manab Zamin", "mzamin.com"),
    ("Janakantha", "dailyjanakantha.com"),
    ("Bonik Barta", "bonikbarta.com"),
    ("Dhaka Times", "dhakatimes24.com"),
    ("Sarabangla", "sarabangla.net"),
]

# topic slug -> (weight, section labels as outlets write them, source categories to draw sentences from)
TOPICS = {
    "politics": (24, ["politics", "রাজনীতি"], {"politics", "রাজনীতি"}),
    "national": (20, ["national", "জাতীয়", "Bangladesh"], {"national", "bangladesh", "জাতীয়"}),
    "international": (12, ["international", "আন্তর্জাতিক", "world"], set()),
    "sports": (12, ["sports", "খেলা", "খেলাধুলা"], {"sports", "খেলা"}),
    "economy": (9, ["economy", "অর্থনীতি", "business"], {"economy", "economics", "অর্থনীতি"}),
    "country": (8, ["সারাদেশ", "country"], {"সারাদেশ"}),
    "entertainment": (5, ["entertainment", "বিনোদন"], {"বিনোদন"}),
    "law": (4, ["আইন-আদালত", "law"], set()),
    "education": (3, ["education", "শিক্ষা", "ক্যাম্পাস"], {"শিক্ষাঙ্গন"}),
    "health": (3, ["health", "স্বাস্থ্য"], set()),
}

# Focus entities: (name, kind); the gazetteer knows them all. Order = Zipf rank.
ENTITIES = [
    ("ঢাকা", "place"),
    ("বিএনপি", "org"),
    ("ভারত", "place"),
    ("খালেদা জিয়া", "person"),
    ("তারেক রহমান", "person"),
    ("চট্টগ্রাম", "place"),
    ("ইরান", "place"),
    ("যুক্তরাষ্ট্র", "place"),
    ("পুতিন", "person"),
    ("শেখ হাসিনা", "person"),
    ("পাকিস্তান", "place"),
    ("ট্রাম্প", "person"),
    ("রাশিয়া", "place"),
    ("চীন", "place"),
    ("সিলেট", "place"),
    ("জাতিসংঘ", "org"),
    ("রাজশাহী", "place"),
    ("গাজা", "place"),
    ("খুলনা", "place"),
    ("মোদি", "person"),
]
DONORS = {"place": "ভারত", "person": "ট্রাম্প", "org": "বিএনপি"}  # replaced to splice a name in
PART_SIZE = 5_000  # articles per file: ~25 MB
MIN_NATURAL = 12  # fewer natural sentences than this: also splice
COPY_SHARE = 0.15  # articles that are another outlet's copy of a recent one (version 2)
COPY_WINDOW = 400  # copies are of one of the last this many originals
REWRITTEN = "এই বাক্যটি অনুলিপিতে নতুন করে লেখা হয়েছে।"

SENTENCE_END = re.compile(r"(?<=[।?!])\s+")


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


def load_source(shared: pathlib.Path) -> list[dict]:
    shared = pathlib.Path(shared)
    path = shared / SOURCE if (shared / SOURCE).exists() else shared / "bdnews" / SOURCE.name
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in rows if r.get("source_language") == "Bengali" and r.get("article")]


def split_sentences(text: str) -> list[str]:
    seen, out = set(), []
    for sentence in SENTENCE_END.split(text):
        sentence = " ".join(sentence.split())
        # The scraper repeats sentences (and glues paragraphs without a দাঁড়ি into run-ons): keep each
        # once, drop fragments, run-ons and boilerplate.
        if not 25 <= len(sentence) <= 300 or sentence in seen or "ক্লিক" in sentence:
            continue
        seen.add(sentence)
        out.append(sentence)
    return out


class Generator:
    def __init__(self, rows: list[dict], seed: int = 6):
        self.rng = random.Random(seed)
        everything, by_category, headlines_by_category, headlines = [], {}, {}, []
        for row in rows:
            category = str(row.get("category") or "").strip().lower()
            sentences = split_sentences(row["article"])
            everything.extend(sentences)
            by_category.setdefault(category, []).extend(sentences)
            headline = " ".join(str(row.get("headline") or "").split())
            if headline and headline != "None":
                headlines.append(headline)
                headlines_by_category.setdefault(category, []).append(headline)
        self.all_sentences = sorted(set(everything))
        self.topic_slugs = list(TOPICS)
        self.topic_cum = list(itertools.accumulate(TOPICS[t][0] for t in self.topic_slugs))
        self.pools, self.headlines = {}, {}
        for slug, (_w, _labels, categories) in TOPICS.items():
            pool = sorted({s for c in categories for s in by_category.get(c.lower(), [])})
            self.pools[slug] = pool
            self.headlines[slug] = sorted(
                {h for c in categories for h in headlines_by_category.get(c.lower(), [])}
            )
        self.all_headlines = sorted(set(headlines))
        self.outlet_cum = list(itertools.accumulate(zipf_weights(len(OUTLETS))))
        self.entity_cum = list(itertools.accumulate(zipf_weights(len(ENTITIES), 0.9)))
        self.mentions = {name: [s for s in self.all_sentences if name in s] for name, _k in ENTITIES}
        self.donor_sentences = {k: [s for s in self.all_sentences if d in s] for k, d in DONORS.items()}
        # Publication years: linear growth in volume, 2010 .. the corpus' last day.
        self.years = list(range(FIRST_YEAR, LAST_DAY.year + 1))
        self.year_cum = list(itertools.accumulate(1 + i for i in range(len(self.years))))

    def _pick(self, cum, items, rng=None):
        return items[bisect.bisect_left(cum, (rng or self.rng).random() * cum[-1])]

    def _date(self) -> datetime:
        year = self._pick(self.year_cum, self.years)
        start = datetime(year, 1, 1, tzinfo=LAST_DAY.tzinfo)
        end = min(datetime(year + 1, 1, 1, tzinfo=LAST_DAY.tzinfo), LAST_DAY)
        seconds = int((end - start).total_seconds())
        return start + timedelta(seconds=self.rng.randrange(seconds))

    def _entity_sentences(self, name, kind) -> list[str]:
        natural = self.mentions[name]
        if natural and (len(natural) >= MIN_NATURAL or self.rng.random() < 0.5):
            return [self.rng.choice(natural) for _ in range(self.rng.choice((1, 1, 2)))]
        donor = DONORS[kind]
        if name == donor or not self.donor_sentences[kind]:
            return [self.rng.choice(natural)] if natural else []
        return [self.rng.choice(self.donor_sentences[kind]).replace(donor, name)]

    def article(self, number: int) -> dict:
        rng = self.rng
        topic = self._pick(self.topic_cum, self.topic_slugs)
        _w, labels, _c = TOPICS[topic]
        pool = self.pools[topic]
        count = rng.randint(10, 22)
        sentences = [
            rng.choice(pool) if pool and rng.random() < 0.7 else rng.choice(self.all_sentences)
            for _ in range(count)
        ]
        title_pool = (
            self.headlines[topic] if self.headlines[topic] and rng.random() < 0.7 else self.all_headlines
        )
        title = rng.choice(title_pool)
        if rng.random() < 0.6:
            name, kind = self._pick(self.entity_cum, ENTITIES)
            for sentence in self._entity_sentences(name, kind):
                sentences.insert(rng.randrange(len(sentences) + 1), sentence)
            if rng.random() < 0.25 and name not in title:
                title = f"{name}: {title}"
        # Paragraphs of 2-4 sentences, as pages have them.
        paragraphs, i = [], 0
        while i < len(sentences):
            step = rng.randint(2, 4)
            paragraphs.append(" ".join(sentences[i : i + step]))
            i += step
        outlet, domain = self._pick(self.outlet_cum, OUTLETS)
        published = self._date()
        if rng.random() < 0.5:
            stamp = published.isoformat(timespec="seconds")  # 2019-05-03T14:22:00+06:00
        else:
            stamp = published.strftime("%Y-%m-%d %H:%M:%S")  # local time without zone, as scrapers write
        return {
            "title": title,
            "body": "\n\n".join(paragraphs),
            "outlet": outlet,
            "published_at": stamp,
            "section": rng.choice(labels),
            "url": f"https://www.{domain}/{topic}/bench-{number}",
        }

    def copy(self, original: dict, number: int, rng: random.Random) -> dict:
        """Another outlet's version of `original`: later, at its own address, often its own headline.

        Drawn from `rng`, not the originals' stream, so the originals stay those of version 1.
        """
        outlet, domain = original["outlet"], ""
        while outlet == original["outlet"]:
            outlet, domain = self._pick(self.outlet_cum, OUTLETS, rng)
        stamp = original["published_at"]
        published = datetime.fromisoformat(stamp)
        if published.tzinfo is None:
            published = published.replace(tzinfo=LAST_DAY.tzinfo)
        published = min(published + timedelta(minutes=rng.randrange(30, 48 * 60)), LAST_DAY)
        paragraphs = original["body"].split("\n\n")
        if rng.random() < 0.5:  # an edited copy: one sentence rewritten or left out
            which = rng.randrange(len(paragraphs))
            sentences = SENTENCE_END.split(paragraphs[which])
            spot = rng.randrange(len(sentences))
            if rng.random() < 0.5:
                sentences[spot] = REWRITTEN
            elif len(sentences) > 1:
                del sentences[spot]
            paragraphs[which] = " ".join(sentences)
        topic = original["url"].split("/")[3]
        title = (
            original["title"]
            if rng.random() < 0.5
            else rng.choice(self.headlines[topic] or self.all_headlines)
        )
        return {
            "title": title,
            "body": "\n\n".join(paragraphs),
            "outlet": outlet,
            "published_at": published.isoformat(timespec="seconds"),
            "section": original["section"],
            "url": f"https://www.{domain}/{topic}/bench-copy-{number}",
        }

    def articles(self, n: int, seed: int):
        """The N articles of version 1, each followed with probability COPY_SHARE by a copy of one of
        the last COPY_WINDOW of them."""
        rng = random.Random(f"copies-{seed}")
        recent, copies = [], 0
        for number in range(1, n + 1):
            article = self.article(number)
            recent.append(article)
            if len(recent) > COPY_WINDOW:
                recent.pop(0)
            yield article
            if rng.random() < COPY_SHARE:
                copies += 1
                yield self.copy(rng.choice(recent), copies, rng)


def generate(shared: pathlib.Path, n: int, out: pathlib.Path, seed: int = 6) -> pathlib.Path:
    """Write N articles and their copies into the folder `out` as part-NNNN.jsonl files of PART_SIZE records.

    Parts keep every file under the importer's size limit (ARCHIVE_MAX_IMPORT_BYTES, 50 MB), as real
    dumps come; the folder appears only when complete (a partial one never looks like a corpus).
    """
    generator = Generator(load_source(shared), seed=seed)
    out = pathlib.Path(out)
    tmp = out.with_name(out.name + ".part")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    articles = generator.articles(n, seed)
    for part in itertools.count(1):
        chunk = list(itertools.islice(articles, PART_SIZE))
        if not chunk:
            break
        with (tmp / f"part-{part:04d}.jsonl").open("w", encoding="utf-8") as fh:
            for article in chunk:
                fh.write(json.dumps(article, ensure_ascii=False))
                fh.write("\n")
    tmp.rename(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    args = parser.parse_args()
    print(generate(args.shared, args.n, args.out, seed=args.seed))


if __name__ == "__main__":
    main()
