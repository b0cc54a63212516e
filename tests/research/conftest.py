import pytest
from django.contrib.auth.models import Group, User

from articles.research.groups import CURATORS, RESEARCHERS

PASSWORD = "kagoj-nouka-2026"  # noqa: S105  (a test account's, meets the validators)


@pytest.fixture
def researcher(db):
    user = User.objects.create_user("rina", "rina@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    return user


@pytest.fixture
def other_researcher(db):
    user = User.objects.create_user("tanvir", "tanvir@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    return user


@pytest.fixture
def curator(db):
    user = User.objects.create_user("kabir", "kabir@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client
