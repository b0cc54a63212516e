from django.core.management.base import BaseCommand, CommandError

from articles.research.groups import CURATORS, RESEARCHERS, setup_groups


class Command(BaseCommand):
    help = "Create (or reset) the 'researchers' and 'curators' groups with least-privilege rights."

    def handle(self, *args, **options):
        try:
            _researchers, curators = setup_groups()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{RESEARCHERS}: no model permissions; {CURATORS}: {curators.permissions.count()} permissions"
        )
