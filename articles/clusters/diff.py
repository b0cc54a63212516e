"""What a copy changed relative to the earliest version: a word-level diff that reads well in Bengali.

Words are runs of letters, digits and Bengali signs (vowel signs and the virama are not `\\w` in
Python, so a plain `\\w+` would cut ক্ষমা into pieces); every other visible character (the dari ।,
quotes, commas) is a token of its own, so a changed full stop does not mark its whole word as changed.
Tokens are compared in NFC with Bengali digits as ASCII, and shown as the copy (or the earliest
version, for deletions) wrote them, with their spacing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from articles.bangla.numerals import to_ascii_digits

TOKEN = re.compile(r"([\w\u0980-\u09ff\u200c\u200d]+|\S)(\s*)")
# difflib is quadratic in the worst case: past this many words a side, the page only gives the figures.
MAX_TOKENS = 6000


@dataclass
class Segment:
    op: str  # "same", "ins" or "del"
    text: str


@dataclass
class Diff:
    segments: list[Segment]
    inserted: int  # words only in the copy
    deleted: int  # words only in the earliest version
    same_share: float  # share of the earliest version's words the copy kept
    too_long: bool = False

    @property
    def unchanged(self) -> bool:
        return not self.inserted and not self.deleted and not self.too_long


def tokens(text: str) -> list[tuple[str, str]]:
    """(comparison key, text as written with its following spacing) for each token."""
    return [
        (to_ascii_digits(unicodedata.normalize("NFC", word)), word + space)
        for word, space in TOKEN.findall(text or "")
    ]


def word_diff(earliest: str, copy: str) -> Diff:
    old, new = tokens(earliest), tokens(copy)
    if len(old) > MAX_TOKENS or len(new) > MAX_TOKENS:
        return Diff([], 0, 0, 0.0, too_long=True)
    # autojunk off: it would treat the commonest Bengali words (ও, এবং, the dari) as noise.
    matcher = SequenceMatcher(None, [k for k, _t in old], [k for k, _t in new], autojunk=False)
    segments: list[Segment] = []
    inserted = deleted = kept = 0

    def emit(op, parts):
        text = "".join(parts)
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1].text += text
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept += i2 - i1
            emit("same", [t for _k, t in new[j1:j2]])
            continue
        if i2 > i1:
            deleted += i2 - i1
            emit("del", [t for _k, t in old[i1:i2]])
        if j2 > j1:
            inserted += j2 - j1
            emit("ins", [t for _k, t in new[j1:j2]])
    return Diff(segments, inserted, deleted, kept / len(old) if old else 1.0)
