"""The Whoosh codec our index is written with (pure Whoosh: readers of the index import it by path).

Whoosh's default codec looks up each posting's document length while writing (one file read per
posting, 14% of a rebuild) only to record the shortest and longest document of each block and term,
which Whoosh's top-N search uses to skip blocks. Our searches score every match with numpy
(articles/search/whoosh/matching.py) and never skip; with the statistics left at zero, Whoosh's own bounds are
looser, never wrong (a shorter document can only score higher), so its searches stay exact.
"""

from whoosh.codec.whoosh3 import W3Codec


class ArchiveCodec(W3Codec):
    length_stats = False
