"""NFC without the cost when the text is NFC already (most text an import sees twice or more).

`unicodedata.normalize("NFC", s)` runs its full decompose-reorder-compose pass whenever the text holds
a character whose quick check says "maybe": in Bengali that is া (U+09BE), in nearly every word, so
each call costs about 250 µs on an article's body (measured here, 1,700 characters), and an import
normalised each body three times. NFC can only change a text at:

- a character that NFC never keeps (quick check "no": য়, ড়, ঢ় written precomposed, among others),
- a character that composes with the one before it (ে + া → ো, e + ◌́ → é),
- two combining marks side by side (canonical reordering; composition across a mark),
- conjoining Hangul jamo, and characters outside the Basic Multilingual Plane (not charted here).

`nfc` returns the text itself when it has none of those, and otherwise calls `unicodedata.normalize`:
one regular-expression scan for the rare characters (a character class) and a few substring tests for
the four Bengali ones that are in almost every text (া, ৗ, ়, ্) but matter only next to a particular
neighbour: about 35 µs on the same body. The result is always `unicodedata.normalize("NFC", text)`
(tests/test_nfc.py checks it on random text).
"""

import functools
import re
import unicodedata

# Bengali characters that alone say nothing: া and ৗ matter after ে, ় and ্ next to another mark.
_COMMON = "\u09be\u09d7\u09bc\u09cd"


def _char_class(chars):
    chars = sorted(chars)
    ranges, start = [], 0
    while start < len(chars):
        end = start
        while end + 1 < len(chars) and ord(chars[end + 1]) == ord(chars[end]) + 1:
            end += 1
        first, last = re.escape(chars[start]), re.escape(chars[end])
        ranges.append(first if start == end else f"{first}-{last}")
        start = end + 1
    return "".join(ranges)


@functools.cache
def _tables():
    """(a pattern of the rare characters that may change, the pairs of common ones that do)."""
    firsts_of = {}  # a character that composes with the one before it -> those it composes with
    risky = {chr(code) for code in range(0x1100, 0x1200)}  # conjoining jamo compose algorithmically
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            parts = [chr(int(part, 16)) for part in decomposition.split()]
            if len(parts) == 2 and unicodedata.normalize("NFC", "".join(parts)) == char:
                firsts_of.setdefault(parts[1], set()).add(parts[0])
        if not unicodedata.is_normalized("NFC", char) or unicodedata.combining(char):
            risky.add(char)
    risky.update(firsts_of)
    rare = re.compile(f"[{_char_class(risky - set(_COMMON))}\U00010000-\U0010ffff]")
    pairs = [first + second for second in _COMMON for first in sorted(firsts_of.get(second, ()))]
    marks = [char for char in _COMMON if unicodedata.combining(char)]
    # Two marks side by side change when out of canonical order, or when the second composes with
    # the character before the first.
    pairs += [
        one + other
        for one in marks
        for other in marks
        if unicodedata.combining(one) > unicodedata.combining(other) or other in firsts_of
    ]
    return rare, tuple(pairs)


def nfc(text: str) -> str:
    if text.isascii():
        return text
    rare, pairs = _tables()
    if rare.search(text) is None and not any(pair in text for pair in pairs):
        return text
    return unicodedata.normalize("NFC", text)
