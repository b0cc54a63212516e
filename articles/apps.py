from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News archive")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from articles import writer_turns

        connection_created.connect(writer_turns.announce_writes, dispatch_uid="archive_announce_writes")
        post_migrate.connect(_create_cache_tables, sender=self, dispatch_uid="archive_cache_tables")


def _create_cache_tables(sender, using="default", **kwargs):
    """The shared cache (API rate limits) lives in a table that is no model's: `migrate` makes it too, so
    every install, upgrade and CI run that migrates has it (createcachetable skips a table that exists)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
