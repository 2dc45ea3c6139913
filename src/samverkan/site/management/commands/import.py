"""`samverkan import KIND FILE`: import a file as a new release, all or nothing."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from samverkan.core.errors import DataFileError, DomainError
from samverkan.emissions.importers import detect_format
from samverkan.emissions.services import emissions_import
from samverkan.indicators.services import klimatkollen_indicators_import
from samverkan.networks.services import covenant_import_abroad
from samverkan.places.services import population_import
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo

from ._progress import progress_display

COVENANT_WORKBOOK = "covenant-of-mayors/gcom-mycovenant-signatories-2024.xlsx"

# What a release of each emission format is, when the file comes without a manifest.
EMISSION_DATASETS = {
    "klimatkollen": (
        "smhi-ghg",
        "SMHI Nationella emissionsdatabasen, växthusgaser",
        "SMHI National Emissions Database, greenhouse gases",
        "SMHI (via Klimatkollen)",
        "t CO2e",
        "ghg",
    ),
    "smhi-compiled": (
        "smhi-nv-ghg-totals",
        "SMHI och Naturvårdsverket: territoriella utsläpp per kommun, sammanställning",
        "SMHI and the Swedish EPA: territorial emissions per municipality, compilation",
        "SMHI och Naturvårdsverket",
        "t CO2e",
        "ghg",
    ),
    "smhi-lansrapport": (
        "smhi-co2",
        "SMHI Nationella emissionsdatabasen, koldioxid per undersektor",
        "SMHI National Emissions Database, carbon dioxide by subsector",
        "SMHI",
        "t CO2",
        "co2",
    ),
}


def _release_info(options, *, slug, path, dataset, name, name_en, publisher, source_url="", **details) -> ReleaseInfo:
    """A release described by the command's options, for a dataset the command knows."""
    return ReleaseInfo(
        dataset=dataset,
        dataset_name=name,
        dataset_name_en=name_en,
        publisher=publisher,
        slug=slug,
        label=options["label"] or path.name,
        label_en=options["label_en"] or "",
        published_on=options["published"],
        source_url=options["source_url"] or source_url,
        **details,
    )


class Command(BaseCommand):
    help = (
        "Import a data file as a new release. Kinds: population (an SCB population table); emissions "
        "(a Klimatkollen release folder, SMHI's compiled Terr_GHG workbook or an SMHI Länsrapport export); "
        "covenant-europe (the Covenant of Mayors signatories outside Sweden from the JRC's GCoM - MyCovenant "
        "workbook; without FILE, the bundled one); key-indicators (Klimatkollen's municipality-data.json: "
        "its key indicators per municipality)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["population", "emissions", "covenant-europe", "key-indicators"])
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--release", help="Identifier of the new release (default: from the file name).")
        parser.add_argument("--label", help="Human-readable label of the release, in Swedish.")
        parser.add_argument("--label-en", help="The label in English (the English pages show it).")
        parser.add_argument("--published", type=dt.date.fromisoformat, help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--source-url", default="")
        parser.add_argument(
            "--partial",
            action="store_true",
            help=(
                "Accept a file that covers only part of what its kind must cover (e.g. some municipalities) and "
                "record the release as partial; an empty file is refused all the same."
            ),
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Emissions: refuse the file when a stated total differs from the sum by over 0.5 %%.",
        )

    def handle(self, *args, **options):
        if options["file"] is None and options["kind"] != "covenant-europe":
            raise CommandError(_("Name the file to import."))
        path: Path = options["file"] or Path(settings.BUNDLED_DATA_DIR) / COVENANT_WORKBOOK
        slug = options["release"] or slugify(path.stem)[:80]
        try:
            with progress_display(self.stdout) as make_callback:
                progress = make_callback(path.name)
                if options["kind"] == "covenant-europe":
                    info = _release_info(
                        options,
                        slug=options["release"] or f"{slugify(path.stem)[:60]}-europe",
                        path=path,
                        dataset="jrc-gcom-mycovenant-europe",
                        name="JRC: GCoM - MyCovenant, Borgmästaravtalets undertecknare utanför Sverige",
                        name_en="JRC: GCoM - MyCovenant, Covenant of Mayors signatories outside Sweden",
                        publisher="Europeiska kommissionen, JRC",
                        source_url="https://data.jrc.ec.europa.eu/",
                        licence="CC BY 4.0",
                    )
                    count = covenant_import_abroad(path=path, info=info, progress=progress)
                    self.stdout.write(
                        self.style.SUCCESS(
                            _("Imported %(count)d signatories outside Sweden as release %(slug)s.")
                            % {"count": count, "slug": info.slug}
                        )
                    )
                    return
                if options["kind"] == "key-indicators":
                    info = _release_info(
                        options,
                        slug=slug,
                        path=path,
                        dataset="klimatkollen-key-indicators",
                        name="Klimatkollen: nyckeltal per kommun",
                        name_en="Klimatkollen: key indicators by municipality",
                        publisher="Klimatkollen (Klimatbyrån)",
                        source_url="https://klimatkollen.se/",
                    )
                    count = klimatkollen_indicators_import(
                        path=path, info=info, partial=options["partial"], progress=progress
                    )
                    self.stdout.write(
                        self.style.SUCCESS(
                            _("Imported %(count)d values as release %(slug)s.") % {"count": count, "slug": slug}
                        )
                    )
                    self._say_partial(slug)
                    return
                if options["kind"] == "population":
                    info = _release_info(
                        options,
                        slug=slug,
                        path=path,
                        dataset="scb-population",
                        name="SCB: Folkmängd per kommun",
                        name_en="Statistics Sweden: population by municipality",
                        publisher="SCB (Statistiska centralbyrån)",
                    )
                    result = population_import(path=path, info=info, partial=options["partial"], progress=progress)
                    warnings = []
                else:
                    if not path.exists():
                        raise DataFileError([])  # replaced below by the importer's own message
                    dataset, name, name_en, publisher, unit, gases = EMISSION_DATASETS.get(
                        detect_format(path), EMISSION_DATASETS["klimatkollen"]
                    )
                    info = _release_info(
                        options,
                        slug=slug,
                        path=path,
                        dataset=dataset,
                        name=name,
                        name_en=name_en,
                        publisher=publisher,
                        unit=unit,
                        gases=gases,
                    )
                    result = emissions_import(
                        path=path, info=info, strict=options["strict"], partial=options["partial"], progress=progress
                    )
                    warnings = result.warnings
        except DataFileError as error:
            if not error.problems:
                raise CommandError(_("There is no file or folder at %(path)s.") % {"path": path}) from error
            self._print_problems(_("%(count)d problem(s) found") % {"count": len(error.problems)}, error.problems)
            raise CommandError(_("Nothing was imported.")) from error
        except DomainError as error:
            raise CommandError(error.message) from error
        if warnings:
            self._print_problems(
                _("%(count)d stated total(s) differ from the sum by more than 0.5 %% (imported; --strict refuses)")
                % {"count": len(warnings)},
                warnings[:200],
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)d values as release %(slug)s.")
                % {"count": result.created, "slug": result.release.slug}
            )
        )
        self._say_partial(result.release.slug)

    def _say_partial(self, slug: str) -> None:
        release = Release.objects.filter(slug=slug).first()
        if release is not None and release.partial:
            self.stdout.write(self.style.WARNING(release.partial_note))

    def _print_problems(self, title: str, problems) -> None:
        table = Table(title=title)
        for heading in [_("File"), _("Sheet"), _("Row"), _("Column"), _("Found"), _("Expected")]:
            table.add_column(heading)
        for problem in problems:
            table.add_row(
                problem.file,
                problem.sheet or "",
                str(problem.row or ""),
                problem.column or "",
                problem.value,
                problem.expected,
            )
        Console(file=self.stderr, width=160).print(table)
