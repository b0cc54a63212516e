"""A damaged index: the API answers 503 JSON in words (never a 500), as the search pages do."""

from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_a_damaged_index_is_a_503_with_a_message(client, private_index):
    call_command("ensure_index")
    next(Path(private_index.path).glob("*.pst")).unlink()  # the postings of every word are gone
    private_index.setup_complete = False
    for url, params in (
        ("/api/v1/search/", {"q": "নির্বাচন কমিশন"}),
        ("/api/v1/timeline/", {"q": ["নির্বাচন", "কমিশন"]}),
    ):
        response = client.get(url, params)
        assert response.status_code == 503, (url, response.content[:300])
        assert "index is being repaired" in response.json()["detail"]
