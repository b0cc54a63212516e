"""Least privilege: researchers have no model rights and no admin; curators exactly what curation needs."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.research.groups import CURATORS, RESEARCHERS, curator_codenames


def test_groups_exist_after_migrate_and_the_command_is_repeatable(db):
    researchers, curators = Group.objects.get(name=RESEARCHERS), Group.objects.get(name=CURATORS)
    curators.permissions.clear()
    out = StringIO()
    call_command("setup_groups", stdout=out)
    call_command("setup_groups", stdout=out)
    assert "curators" in out.getvalue()
    assert researchers.permissions.count() == 0
    names = sorted(curators.permissions.values_list("codename", flat=True))
    assert names == curator_codenames()
    assert set(curators.permissions.values_list("content_type__app_label", flat=True)) == {"articles"}
    assert "change_article" in names and "change_chromerule" in names and "view_curationlog" in names
    assert "change_curationlog" not in names and "delete_article" not in names


def test_researcher_cannot_reach_admin(signed_in):
    for url in ("/admin/", "/admin/articles/article/", "/admin/articles/chromerule/", "/admin/auth/user/"):
        response = signed_in.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


def test_curator_reaches_curation_but_not_accounts(client, curator):
    client.force_login(curator)
    assert client.get("/admin/").status_code == 200
    for url in (
        "/admin/articles/article/",
        "/admin/articles/entity/",
        "/admin/articles/entitycandidate/",
        "/admin/articles/chromerule/",
        "/admin/articles/cluster/",
        "/admin/articles/curationlog/",
    ):
        assert client.get(url).status_code == 200, url
    for url in ("/admin/auth/user/", "/admin/auth/group/", "/admin/research/collection/"):
        assert client.get(url).status_code in (403, 404), url
    assert not curator.has_perm("auth.change_user")
    assert not curator.has_perm("articles.change_curationlog")
