"""Invented articles for the API tests, written to a JSON file that import_articles reads.

Each body is a different draw of words, so that no two are taken for near copies of each other.
"""

import json
import random

WORDS = (
    "নদী বাঁধ বর্ষা কৃষক ধান বাজার দাম সেতু স্কুল শিক্ষক হাসপাতাল চিকিৎসক রোগী সড়ক বাস ট্রেন "
    "স্টেশন বন্দর জাহাজ মাছ জেলে বৃষ্টি ঝড় উপকূল আশ্রয় বিদ্যুৎ গ্যাস কারখানা শ্রমিক মজুরি "
    "গ্রন্থাগার বই মেলা খেলা মাঠ দল জয় পরাজয় পৌরসভা রাস্তা আলো পানি সরবরাহ প্রকল্প বাজেট অনুদান"
).split()


def write_articles(path, spec, seed):
    """spec: (title tag, published_at or None, outlet) per article; returns the titles written."""
    rng = random.Random(seed)
    rows, titles = [], []
    for tag, published, outlet in spec:
        title = f"পরীক্ষার খবর {tag}: {' '.join(rng.sample(WORDS, 3))}"
        sentences = [" ".join(rng.sample(WORDS, 9)) + "।" for _ in range(6)]
        row = {
            "title": title,
            "body": "\n\n".join(sentences),
            "outlet": outlet,
            "url": f"https://example.org/api-test/{tag}",
        }
        if published:
            row["published_at"] = published
        rows.append(row)
        titles.append(title)
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return titles
