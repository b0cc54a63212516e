"""The two groups and exactly their rights.

Researchers need no model permission at all: their saved searches and collections are reached only
through the research pages, which show each user their own. Curators are staff with the permissions
the curation screens in /admin/ use, and nothing over users, groups or permissions.
"""

from django.contrib.auth.models import Group, Permission

RESEARCHERS = "researchers"
CURATORS = "curators"

# model -> actions, in the articles app. Outlets and topics are read only (picked in the article form);
# the curation log is written by the code, never by hand.
CURATOR_RIGHTS = {
    "article": ("view", "change"),
    "outlet": ("view",),
    "topic": ("view",),
    "entity": ("view", "add", "change", "delete"),  # merging deletes the merged entities
    "mention": ("view", "add", "change", "delete"),
    "entitycandidate": ("view", "change", "delete"),
    "chromerule": ("view", "change"),
    "cluster": ("view", "add", "change", "delete"),  # joins and splits
    "curationlog": ("view",),
}


def curator_codenames():
    return sorted(f"{action}_{model}" for model, actions in CURATOR_RIGHTS.items() for action in actions)


def setup_groups():
    """Create or correct both groups; returns them. Safe to run again: rights are set, not added."""
    researchers, _ = Group.objects.get_or_create(name=RESEARCHERS)
    researchers.permissions.clear()
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    wanted = curator_codenames()
    permissions = list(Permission.objects.filter(content_type__app_label="articles", codename__in=wanted))
    missing = set(wanted) - {p.codename for p in permissions}
    if missing:
        raise LookupError(f"permissions not found (run migrate first): {', '.join(sorted(missing))}")
    curators.permissions.set(permissions)
    return researchers, curators
