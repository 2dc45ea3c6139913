"""`samverkan setup`: create the database, run migrations and load the bundled data once."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samverkan.core.errors import DomainError
from samverkan.networks.services import networks_seed
from samverkan.site.bundled import load_bundled, pending_releases
from samverkan.targets.services import targets_seed

from ._progress import progress_display


class Command(BaseCommand):
    help = "Create or migrate the database and load the bundled real data the first time."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        pending = pending_releases()
        if not pending:
            targets_seed()  # a new version may bring new bundled targets and networks
            networks_seed()
            if verbosity:
                self.stdout.write(_("The database is up to date; no data to load."))
            return
        if verbosity:
            self.stdout.write(_("Loading the bundled data (first start only):"))
        try:
            with progress_display(self.stdout) as make_callback:
                loaded = load_bundled(lambda release: make_callback(release.info.label))
        except DomainError as error:
            raise CommandError(error.message) from error
        if verbosity:
            self.stdout.write(self.style.SUCCESS(_("Loaded %(count)d releases.") % {"count": len(loaded)}))
