from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "articles.research"
    label = "research"
    verbose_name = _("Research accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401  (connects the sign-in bookkeeping)

        # After the articles app's permissions exist (it comes first in INSTALLED_APPS).
        post_migrate.connect(_setup_groups, sender=self, dispatch_uid="research_groups")


def _setup_groups(sender, **kwargs):
    from .groups import setup_groups

    setup_groups()
