"""Load the shipped gazetteer (articles/data/gazetteer.csv) into Entity rows. Safe to re-run.

New entities are created; for existing ones the file's aliases are added to the curators' aliases,
and nothing a curator changed (name, kind, removed aliases recorded in the log) is overwritten.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.entities.gazetteer import load_gazetteer
from articles.models import CurationLog, Entity


class Command(BaseCommand):
    help = "Create or extend entities from the shipped gazetteer CSV (or --file)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Another gazetteer CSV with the same columns.")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        entries = load_gazetteer(options["file"]) if options["file"] else load_gazetteer()
        existing = {e.key: e for e in Entity.objects.all()}
        removed = {
            (log.entity_id, log.details)
            for log in CurationLog.objects.filter(action="remove_alias").only("entity_id", "details")
        }
        created = extended = 0
        with transaction.atomic():
            for entry in entries:
                entity = existing.get(entry.key)
                if entity is None:
                    created += 1
                    if not options["dry_run"]:
                        Entity.objects.create(
                            key=entry.key,
                            name=entry.name_bn,
                            name_en=entry.name_en,
                            kind=entry.kind,
                            aliases=list(entry.aliases),
                            ambiguous=entry.ambiguous,
                            weak_aliases=list(entry.weak_aliases),
                            context=list(entry.context),
                            source=entry.source,
                        )
                    continue
                new = [a for a in entry.aliases if a not in entity.aliases and (entity.pk, a) not in removed]
                if new:
                    extended += 1
                    if not options["dry_run"]:
                        entity.aliases = [*entity.aliases, *new]
                        entity.save(update_fields=["aliases"])
            if options["dry_run"]:
                transaction.set_rollback(True)
        self.stdout.write(f"{len(entries)} gazetteer entries: {created} created, {extended} extended")
