"""The Covenant of Mayors' emission inventories (BEI and MEI) from the official inventory, through the platform's
SMHI-to-Covenant sector mapping (`emissions.models.Sector.covenant_sector`, data/emissions/sectors.csv).

One row per Covenant sector, each naming the SMHI main sectors it holds. The rows add up to `total_t_co2e`, which is
the municipality's official total for the year in the release (`emissions.queries.inventory`, that is
`EmissionValue.objects.in_total`). A sector the mapping marks "Not included" that the official total holds (SMHI's
international transport within the municipality) stays a row, marked `in_covenant_scope: false`, so that the rows
still add up to the official total; `covenant_scope_total_t_co2e` leaves it out. The unallocated remainder
("Ofördelat"), which the official total leaves out, is listed under `excluded` only. A row without a figure carries a
notation key: NO (not occurring: zero in the release), IE (included elsewhere: a release with totals only, or a
Covenant sector SMHI's sectors hold inside another), NE (not estimated: the release has no figure for the sector in
that year). C (confidential) never arises: SMHI's municipal figures are public.
"""

from django.utils.translation import gettext as _

from samverkan.emissions import queries as emissions
from samverkan.emissions.models import RESIDUAL_SLUG, Sector

NOT_INCLUDED = "Not included"
# Covenant sectors of the template that SMHI's main sectors hold inside others: shown with the notation key IE.
INCLUDED_ELSEWHERE = (
    ("Municipal buildings, equipment and facilities", "Buildings (residential and tertiary)"),
    ("Public lighting", "Local energy production (electricity and heat)"),
)
TOTAL_ONLY_ROW = "Total (the release gives no sectors)"


def main_sectors() -> list[Sector]:
    """SMHI's main sectors with their Covenant sector, in order (the unallocated remainder too): one query."""
    return list(Sector.objects.filter(parent__isnull=True).order_by("position"))


def mapping(sectors: list[Sector]) -> list[dict]:
    """The mapping used, for the content: each SMHI main sector, its Covenant sector and whether the total holds it."""
    return [
        {
            "smhi_sector": s.slug,
            "smhi_sector_name": s.display_name,
            "covenant_sector": s.covenant_sector,
            "in_official_total": s.slug != RESIDUAL_SLUG,
            "in_covenant_scope": not s.covenant_sector.startswith(NOT_INCLUDED),
        }
        for s in sectors
    ]


def _row(
    covenant_sector: str, smhi: list[str], value: float | None, in_scope: bool, note: str = "", missing: str = "NE"
) -> dict:
    if value is None:
        key = missing
    elif value == 0:
        key, value = "NO", None
    else:
        key = None
    return {
        "covenant_sector": covenant_sector,
        "smhi_sectors": smhi,
        "t_co2e": value,
        "notation_key": key,
        "in_covenant_scope": in_scope,
        "note": note,
    }


def covenant_inventory(kind: str, found: emissions.Inventory, year: int, sectors: list[Sector]) -> dict:
    """One inventory ("BEI" or "MEI") of `year` from the official inventory `found`."""
    by_slug = {s.slug: s for s in sectors}
    total = found.total.get(year)
    rows: dict[str, dict] = {}
    if found.sectors:
        for series in found.sectors:
            sector = by_slug[series.slug]
            label = sector.covenant_sector or _("Other")
            value = series.values.get(year)
            row = rows.get(label)
            if row is None:
                rows[label] = _row(label, [series.slug], value, not label.startswith(NOT_INCLUDED))
            else:  # two SMHI sectors in one Covenant sector: add them up
                current = row["t_co2e"] or 0.0
                merged = _row(
                    label, [*row["smhi_sectors"], series.slug], current + (value or 0.0), row["in_covenant_scope"]
                )
                rows[label] = merged
        result = list(rows.values())
        for label, holder in INCLUDED_ELSEWHERE:
            result.append(_row(label, [], None, True, _("Included in %(sector)s.") % {"sector": holder}, "IE"))
    else:  # a release with totals only: every sector included in the one total row
        result = [
            _row(s.covenant_sector, [s.slug], None, True, _("The release gives totals only."), "IE")
            for s in sectors
            if s.slug != RESIDUAL_SLUG
        ]
        result.append(_row(TOTAL_ONLY_ROW, [], total, True))
    out_of_scope = sum(r["t_co2e"] or 0.0 for r in result if not r["in_covenant_scope"])
    residual = found.residual.get(year)
    excluded = []
    if residual:
        sector = by_slug.get(RESIDUAL_SLUG)
        excluded.append(
            {
                "smhi_sector": RESIDUAL_SLUG,
                "covenant_sector": sector.covenant_sector if sector else NOT_INCLUDED,
                "t_co2e": residual,
            }
        )
    return {
        "kind": kind,
        "year": year,
        "release": found.release.slug,
        "sectors": result,
        "total_t_co2e": total,
        "covenant_scope_total_t_co2e": None if total is None else total - out_of_scope,
        "excluded": excluded,
        "unit": found.release.unit,
    }


def inventory_rows(inventory: dict) -> list[list]:
    """The inventory as table rows: Covenant sector, SMHI sectors, tonnes, notation key, in scope, note."""
    rows = [
        [
            r["covenant_sector"],
            ", ".join(r["smhi_sectors"]),
            r["t_co2e"],
            r["notation_key"] or "",
            _("yes") if r["in_covenant_scope"] else _("no"),
            r["note"],
        ]
        for r in inventory["sectors"]
    ]
    rows.append([_("Total (the official total)"), "", inventory["total_t_co2e"], "", "", ""])
    return rows


def inventory_columns() -> list[str]:
    return [
        _("Covenant sector"),
        _("SMHI sectors"),
        _("t CO2e"),
        _("Notation key"),
        _("In the Covenant's scope"),
        _("Note"),
    ]
