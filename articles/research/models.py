"""What a researcher keeps: saved searches, collections of articles, and the sign-in bookkeeping."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_token():
    """An unguessable URL token (256 bits): the only key to a private feed or a shared collection."""
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    # The search page's query string as it was (every filter), without page or format.
    query = models.TextField(_("search"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    # Article ids only grow, so "new since the last visit" is every match with a larger id than the
    # largest one in the archive then: it counts backdated imports, which a date filter would miss.
    seen_max_id = models.BigIntegerField(default=0)
    feed_token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("research:search_detail", kwargs={"pk": self.pk})

    def search_url(self):
        return reverse("articles:search") + (f"?{self.query}" if self.query else "")


class Collection(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections")
    name = models.CharField(_("name"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    # Set only while the owner shares the collection; a new token revokes the old link.
    share_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    articles = models.ManyToManyField("articles.Article", through="CollectionItem", related_name="+")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("research:collection_detail", kwargs={"pk": self.pk})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    # Comma-separated, kept as typed; a few tags an item do not need a table of their own.
    tags = models.CharField(_("tags"), max_length=500, blank=True)
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added", "pk"]
        constraints = [models.UniqueConstraint(fields=["collection", "article"], name="research_item_once")]

    def __str__(self):
        return f"{self.collection}: {self.article_id}"

    def tag_list(self):
        return split_tags(self.tags)


def split_tags(text):
    seen = []
    for tag in (t.strip() for t in text.split(",")):
        if tag and tag not in seen:
            seen.append(tag)
    return seen


class SignInFailure(models.Model):
    """One failed sign-in: in the database so every worker process sees the same count."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.username} {self.address} {self.at:%Y-%m-%d %H:%M}"


class SignedInSession(models.Model):
    """A session a user signed in with, so "sign out everywhere" can end each of them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    user_agent = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"{self.user_id} {self.created:%Y-%m-%d %H:%M}"
