"""The import's last line says how many of the stored pages readers can find, so that "created" and
ensure_index's count agree (a listing page is stored but kept out of search)."""

import json
import re

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "title": "শাপলাবাজার - March 12, 2026",
        "body": "শাপলাবাজার সম্পর্কিত সর্বশেষ খবর, ছবি ও ভিডিও জানতে ভিজিট করুন আমাদের সাইট।",
        "url": "https://www.example-news.com/topic/শাপলাবাজার",
        "outlet": "Dhaka Post",
    },
    {
        "title": "শাপলাবাজারে নতুন সেতু",
        "body": "শাপলাবাজারে নতুন সেতু খুলে দেওয়া হয়েছে। এলাকার মানুষ নৌকা ছাড়াই পার হতে পারছেন।",
        "url": "https://www.example-news.com/national/612345",
        "outlet": "Dhaka Post",
    },
]


def test_the_summary_accounts_for_what_is_kept_out_of_search(run_import, tmp_path, capsys):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import(path)
    assert status == 0, out
    assert "2 created" in out
    line = re.search(r"Archive: (\d+) stored, (\d+) in search; kept out of search: (\d+) listing pages", out)
    assert line, out
    stored, in_search, listings = map(int, line.groups())
    assert stored == Article.objects.count()
    assert in_search == Article.objects.indexed().count()
    assert listings == Article.objects.filter(kind="listing").count() >= 1
    call_command("ensure_index")
    assert f"Index is complete: {in_search} articles" in capsys.readouterr().out
