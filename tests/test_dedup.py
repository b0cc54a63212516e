import random

from articles.ingest.dedup import (
    NearDuplicateIndex,
    body_fingerprints,
    minhash_signature,
    normalized_body_hash,
    similarity,
)

WORDS = (
    "সরকার নতুন প্রকল্প ঘোষণা করেছে নদী বাঁধ কৃষক ফসল বাজার দাম বৃদ্ধি মন্ত্রণালয় জানিয়েছে শিক্ষার্থী "
    "পরীক্ষা ফলাফল প্রকাশ হাসপাতাল রোগী চিকিৎসা সড়ক দুর্ঘটনা নিহত আহত পুলিশ তদন্ত আদালত রায় নির্বাচন "
    "ভোট প্রার্থী দল বৈঠক আলোচনা সিদ্ধান্ত বিদ্যুৎ গ্যাস সংকট বন্দর জাহাজ রপ্তানি আমদানি ব্যাংক ঋণ"
).split()


def article(seed, n=180):
    rng = random.Random(seed)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(12)) + "।" for _ in range(n // 12)]
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def test_exact_hash_ignores_spacing_punctuation_and_digit_script():
    a = "ঢাকায় ১২ জন আহত হয়েছেন।\n\nপুলিশ জানায়, তদন্ত চলছে।"
    b = "ঢাকায়  12 জন আহত হয়েছেন\nপুলিশ জানায় তদন্ত চলছে"
    assert normalized_body_hash(a) == normalized_body_hash(b)
    assert normalized_body_hash(a) != normalized_body_hash(a + " আরও")
    assert len(normalized_body_hash(a)) == 64


def test_small_edits_are_near_duplicates():
    a = article(1)
    words = a.split(" ")
    words[10] = "পরিবর্তিত"
    words[60] = "সম্পাদিত"
    b = " ".join(words) + "\n\nসূত্র: বাসস"
    assert similarity(minhash_signature(a), minhash_signature(b)) > 0.8
    assert similarity(minhash_signature(a), minhash_signature(article(2))) < 0.3
    assert similarity(minhash_signature(""), minhash_signature("")) == 0.0


def test_index_finds_syndicated_copy_and_not_strangers():
    index = NearDuplicateIndex()
    for i in range(300):
        index.add(f"a{i}", minhash_signature(article(i)))
    assert len(index) == 300
    copy = "অনলাইন ডেস্ক\n\n" + article(42)
    assert index.find(minhash_signature(copy)) == "a42"
    assert index.find(minhash_signature(article(100000))) is None
    assert index.find((1, 2, 3)) is None


def test_fingerprints_normalise_once_and_equal_the_separate_ones():
    body = article(7) + "\n\n১২৩ জন।"
    assert body_fingerprints(body) == (normalized_body_hash(body), minhash_signature(body))
    assert body_fingerprints(body) != body_fingerprints(article(8))


def test_index_ties_go_to_the_first_added_and_empty_bodies_match_nothing():
    index = NearDuplicateIndex()
    signature = minhash_signature(article(5))
    index.add("first", signature)
    index.add("second", signature)
    index.add("first", minhash_signature(article(6)))  # a key already stored is not replaced
    assert len(index) == 2
    assert index.find(signature) == "first"
    assert index.candidates(signature) == {"first", "second"}
    index.add("empty", minhash_signature(""))
    assert index.find(minhash_signature("")) is None
    assert index.find(minhash_signature(article(6))) is None


def test_signatures_stay_those_already_stored():
    """Signatures are kept in the database: the faster computation must give the same values as the
    plain formula, (a*h + b) mod 2**61-1 truncated to 32 bits over each shingle's 4-byte blake2b."""
    import hashlib

    from articles.ingest.dedup import _MAX_HASH, _MERSENNE, _PARAMS, _shingles, normalize_body

    a, b = _PARAMS
    for i in (1, 2, 3, 99):
        body = article(i)
        hashes = [
            int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little")
            for s in _shingles(normalize_body(body))
        ]
        plain = tuple(
            min((int(x) * h + int(y)) % _MERSENNE & _MAX_HASH for h in hashes)
            for x, y in zip(a, b, strict=True)
        )
        assert minhash_signature(body) == plain
