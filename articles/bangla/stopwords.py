"""Curated Bengali stopwords: function words only (postpositions, conjunctions, pronouns, particles).

Content words that are frequent in news (সরকার, দেশ, বলেন ...) are deliberately *not* here: people
search for them. Entries are stored in normalised + folded form (see ``normalize``), so they can be
compared with the analysed surface form of a token.
"""

from __future__ import annotations

from .normalize import fold_variants, normalize

_RAW = """
ও এবং আর কিংবা অথবা বা কিন্তু তবে তবু যদি যদিও তাহলে নাকি যে যা যার যারা যাদের যাকে যেখানে যখন
তা তার তাদের তারা তাকে তাঁর তাঁরা তাঁদের তাঁকে তিনি সে সেই সেটি সেটা সেগুলো সেখানে তখন এ এই এটা এটি
এর এরা এদের এখানে এখন ওই ওটা ওর ওরা ওদের আমি আমরা আমার আমাদের আমাকে তুমি তোমার আপনি আপনার
আপনারা কেউ কোনো কোন কী কি কেন কিভাবে কীভাবে কোথায় কখন কত কিছু সব সবাই সকল প্রতি
থেকে হতে দিয়ে দ্বারা কাছে কাছ জন্য জন্যে মধ্যে ভেতরে ভিতরে বাইরে ওপর উপর নিচে সঙ্গে সাথে
পর্যন্ত চেয়ে তুলনায় মতো নিয়ে দিকে পরে আগে সম্পর্কে বরং অর্থাৎ এমনকি
না নি নয় নেই নাই হ্যাঁ ই তো কি-না কিনা শুধু মাত্র ইত্যাদি প্রমুখ
হয় হয়ে হয়েছে হয়েছিল হবে হলে হলো হল ছিল ছিলেন আছে আছেন
"""

# English articles are indexed with the same pipeline, so the commonest English function words too.
_ENGLISH = """
a an the and or but if of to in on at by for from with as is are was were be been it its this that
these those he she they we you i his her their our not no
"""

STOPWORDS: frozenset[str] = frozenset(fold_variants(normalize(w)) for w in _RAW.split()) | frozenset(
    _ENGLISH.split()
)
