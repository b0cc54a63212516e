"""Prepare a SolrCloud cluster for the archive: configset, collection, shards and replicas.

    python manage.py solr_setup [--url URL] [--collection NAME] [--shards 2] [--replicas 2]

Works against any cluster, the local one (`make solr` runs it) or a production one. Safe to re-run:
it creates only what is missing, uploads the configset again only when it changed (and then reloads
the collection), and never removes or re-shards anything.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.search.solr.admin import SolrAdminError, first_reachable, setup


class Command(BaseCommand):
    help = "Upload the archive's configset to a SolrCloud cluster and create its collection if missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default=settings.ARCHIVE_SOLR_URL,
            help="any node of the cluster, or several comma-separated: the first that answers is used "
            "(default: ARCHIVE_SOLR_URL)",
        )
        parser.add_argument(
            "--collection",
            default=settings.ARCHIVE_SOLR_COLLECTION,
            help="collection name (default: ARCHIVE_SOLR_COLLECTION)",
        )
        parser.add_argument(
            "--configset", default=None, help="configset name (default: the collection's name)"
        )
        parser.add_argument("--shards", type=int, default=2, help="shards of a new collection (default 2)")
        parser.add_argument("--replicas", type=int, default=2, help="replicas of each shard (default 2)")
        parser.add_argument(
            "--configset-dir",
            default=str(Path(settings.BASE_DIR) / "solr" / "configset"),
            help="folder holding managed-schema.xml and solrconfig.xml (default: solr/configset)",
        )
        parser.add_argument(
            "--timeout", type=float, default=120.0, help="seconds to wait for the collection to be healthy"
        )

    def handle(self, *args, **options):
        try:
            admin = first_reachable(options["url"], timeout=max(30.0, options["timeout"]))
            setup(
                admin,
                options["collection"],
                Path(options["configset_dir"]),
                configset=options["configset"],
                shards=options["shards"],
                replicas=options["replicas"],
                timeout=options["timeout"],
                say=lambda message: self.stdout.write(message),
            )
        except SolrAdminError as exc:
            raise CommandError(str(exc)) from exc
        url = f"{admin.url}/{options['collection']}"
        self.stdout.write(self.style.SUCCESS(f"ready: {url}"))
