"""`samverkan import KIND FILE`: import a file as a new release, all or nothing."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from samverkan.core.errors import DataFileError, DomainError
from samverkan.places.services import population_import
from samverkan.sources.services import ReleaseInfo

from ._progress import progress_display


class Command(BaseCommand):
    help = "Import a data file as a new release. Kinds: population (an SCB population table)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["population"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--release", help="Identifier of the new release (default: from the file name).")
        parser.add_argument("--label", help="Human-readable label of the release.")
        parser.add_argument("--published", type=dt.date.fromisoformat, help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--source-url", default="")

    def handle(self, *args, **options):
        path: Path = options["file"]
        slug = options["release"] or slugify(path.stem)[:80]
        info = ReleaseInfo(
            dataset="scb-population",
            dataset_name="SCB: Folkmängd per kommun",
            dataset_name_en="Statistics Sweden: population by municipality",
            publisher="SCB (Statistiska centralbyrån)",
            slug=slug,
            label=options["label"] or path.name,
            published_on=options["published"],
            source_url=options["source_url"],
        )
        try:
            with progress_display(self.stdout) as make_callback:
                result = population_import(path=path, info=info, progress=make_callback(path.name))
        except DataFileError as error:
            self._print_problems(error)
            raise CommandError(_("Nothing was imported.")) from error
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)d values as release %(slug)s.")
                % {"count": result.created, "slug": result.release.slug}
            )
        )

    def _print_problems(self, error: DataFileError) -> None:
        table = Table(title=_("%(count)d problem(s) found") % {"count": len(error.problems)})
        for heading in [_("File"), _("Sheet"), _("Row"), _("Column"), _("Found"), _("Expected")]:
            table.add_column(heading)
        for problem in error.problems:
            table.add_row(
                problem.file,
                problem.sheet or "",
                str(problem.row or ""),
                problem.column or "",
                problem.value,
                problem.expected,
            )
        Console(file=self.stderr).print(table)
