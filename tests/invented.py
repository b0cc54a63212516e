"""Invented news articles in bulk (made-up words, no real text), for tests that need hundreds."""

import json
import random

SYLLABLES = "কা কি কু কে লা লি লু মা মি মু না নি নু পা পি পু রা রি রু সা সি সু তা তি তু দা দি দু".split()
OUTLETS = ("Prothom Alo", "Samakal", "Kaler Kantho")


def vocabulary(rng, size=300):
    # A small vocabulary, as real text repeats its words: analysis caches stems, and the tests stay fast.
    return sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)})


def articles(n, seed=13):
    rng = random.Random(seed)
    words = vocabulary(rng)

    def word(rng):
        return rng.choice(words)

    for i in range(n):
        body = "। ".join(" ".join(word(rng) for _ in range(10)) for _ in range(4)) + "।"
        yield {
            "url": f"https://example.com/news/{seed}/{i}",
            "paper_name": OUTLETS[i % len(OUTLETS)],
            "headline": f"{word(rng)} {word(rng)} {word(rng)} {i}",
            "article": body,
            "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+06:00",
        }


def write_json(path, n, seed=13):
    path.write_text(json.dumps(list(articles(n, seed)), ensure_ascii=False), encoding="utf-8")
    return path
