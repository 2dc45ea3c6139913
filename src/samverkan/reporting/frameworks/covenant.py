"""The Covenant of Mayors' monitoring report, in the structure of the Covenant's reporting: Strategy, Emission
inventory and Actions, with "action" reporting (the actions' status only) or "full" reporting (with a monitoring
inventory).

The baseline inventory (BEI) is of the commitment's base year, or the release's earliest year when the release does
not reach it; the monitoring inventory (MEI) of the requested year (default the release's last). The signatory's own
deadlines follow from its adhesion date (the membership's `since`): the action plan two years after adhesion, a
monitoring report every two years, a new inventory at least every four.
"""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.core.text import in_language
from samverkan.targets.presentation import status_label

from . import Framework, register
from .common import (
    Basis,
    add_years,
    basis,
    content,
    item,
    own_text,
    plan_source,
    section,
    source,
    table,
)
from .covenant_inventory import covenant_inventory, inventory_columns, inventory_rows, main_sectors, mapping

SLUG = "covenant-monitoring"
NETWORK = "borgmastaravtalet"
PLAN_YEARS = 2
MONITORING_EVERY = 2
INVENTORY_EVERY = 4


def _membership(b: Basis):
    memberships = b.memberships(NETWORK)
    return next((m for m in memberships if m.since), memberships[0] if memberships else None)


def _commitment_targets(b: Basis, membership) -> list:
    """The targets of the commitments the signatory holds, with the progress engine's results."""
    progress = b.progress()
    held = {c.display_name for c in membership.commitments.all()} if membership else set()
    return [t for t in (progress.targets if progress else []) if t.owner_kind == "commitment" and t.owner in held]


def _base_year(b: Basis, results: list) -> int | None:
    years = b.inventory.years if b.inventory else []
    if not years:
        return None
    bases = sorted({t.base_year for t in results if t.base_year is not None})
    return bases[0] if bases and bases[0] in years else years[0]


def _next_due(since: dt.date, every: int, today: dt.date) -> dt.date:
    due = add_years(since, every)
    while due < today:
        due = add_years(due, every)
    return due


def deadlines(membership, today: dt.date | None = None) -> list[dict]:
    """The signatory's deadlines from its adhesion date; empty without one."""
    if membership is None or membership.since is None:
        return []
    today = today or dt.date.today()
    since = membership.since
    plan = add_years(since, PLAN_YEARS)
    return [
        {
            "key": "action-plan",
            "label": _("Action plan (two years after adhesion)"),
            "due": plan.isoformat(),
            "passed": plan < today,
        },
        {
            "key": "monitoring",
            "label": _("Next monitoring report (every two years from adhesion)"),
            "due": _next_due(since, MONITORING_EVERY, today).isoformat(),
            "every_years": MONITORING_EVERY,
        },
        {
            "key": "inventory",
            "label": _("Next emission inventory (at least every four years from adhesion)"),
            "due": _next_due(since, INVENTORY_EVERY, today).isoformat(),
            "every_years": INVENTORY_EVERY,
        },
    ]


def _strategy(b: Basis, membership, results: list) -> dict:
    src = source(membership.source, "", None) if membership and membership.source else None
    commitments = membership.commitments.all() if membership else []
    emission_src = b.emission_source()
    return section(
        "strategy",
        _("Strategy"),
        [
            item(
                "level",
                _("Reporting level"),
                "choice",
                "full" if b.inventory and b.inventory.years else "action",
                mandatory=True,
                editable=True,
                choices=[("action", _("Action reporting (the actions' status only)")), ("full", _("Full reporting"))],
            ),
            item(
                "adhesion",
                _("Adhesion to the Covenant"),
                "date",
                membership.since.isoformat() if membership and membership.since else None,
                mandatory=True,
                source=src,
            ),
            item(
                "commitments",
                _("Commitments"),
                "table",
                table(
                    [_("Commitment"), _("Description")],
                    [[c.display_name, in_language(c.description, c.description_en)] for c in commitments],
                ),
                source=src,
            ),
            item(
                "targets",
                _("The commitments' targets and their status"),
                "table",
                table(
                    [_("Target"), _("Base year"), _("Target year"), _("Reduction (%)"), _("Status")],
                    [[t.name, t.base_year, t.target_year, t.value, status_label(t.status)] for t in results],
                ),
                source=emission_src,
            ),
            own_text("vision", _("Long-term vision"), mandatory=True),
            own_text("coordination", _("Coordination and organisational structures")),
            own_text("budget", _("Budget and financing of the plan")),
        ],
    )


def _inventory_section(b: Basis, inventories: list[dict], mapped: list[dict]) -> dict:
    src = b.emission_source()
    items = []
    for inventory in inventories:
        kind = inventory["kind"].lower()
        items += [
            item(
                f"{kind}-year",
                _("%(kind)s: inventory year") % {"kind": inventory["kind"]},
                "number",
                inventory["year"],
                source=src,
            ),
            item(
                f"{kind}-sectors",
                _("%(kind)s: emissions by Covenant sector (%(year)s)")
                % {"kind": inventory["kind"], "year": inventory["year"]},
                "table",
                table(inventory_columns(), inventory_rows(inventory)),
                source=src,
            ),
        ]
    items += [
        item(
            "sector-mapping",
            _("The mapping from SMHI's sectors to the Covenant's (Samverkan's)"),
            "table",
            table(
                [_("SMHI sector"), _("Covenant sector"), _("In the official total")],
                [
                    [m["smhi_sector_name"], m["covenant_sector"], _("yes") if m["in_official_total"] else _("no")]
                    for m in mapped
                ],
            ),
            source=source(_("Samverkan: SMHI-to-Covenant sector mapping (data/emissions/sectors.csv)")),
        ),
        own_text("inventory-comment", _("Comments on the inventories")),
    ]
    return section("inventory", _("Emission inventory"), items)


def action_rows(b: Basis) -> tuple[list[list], dict | None]:
    rows, first = [], None
    for summary in b.plans():
        first = first or plan_source(summary)
        for a in summary.actions:
            rows.append(
                [
                    a.title,
                    a.get_covenant_sector_display() if a.covenant_sector else "",
                    a.area.display_name if a.area else "",
                    a.get_status_display(),
                    a.start.isoformat() if a.start else None,
                    a.end.isoformat() if a.end else None,
                    a.responsible_unit,
                    a.cost_sek,
                    a.effect_t_co2e,
                    a.effect_mwh,
                    summary.plan.title,
                ]
            )
    return rows, first


def _actions_section(b: Basis) -> dict:
    rows, src = action_rows(b)
    columns = [
        pgettext("climate measure", "Action"),
        _("Covenant sector"),
        _("Area of intervention"),
        _("Status"),
        _("Start"),
        _("End"),
        _("Responsible body"),
        _("Cost (SEK)"),
        _("Estimated savings (t CO2e a year)"),
        _("Estimated savings (MWh a year)"),
        _("Plan"),
    ]
    return section(
        "actions",
        _("Actions"),
        [
            item("actions", _("Actions and their status"), "table", table(columns, rows), mandatory=True, source=src),
            own_text("actions-comment", _("Comments on the actions")),
        ],
    )


def fill(organization, *, year: int | None = None, release: str | None = None) -> dict:
    b = basis(organization, year=year, release=release)
    membership = _membership(b)
    results = _commitment_targets(b, membership)
    sectors = main_sectors()
    inventories = []
    if b.inventory is not None and b.inventory.years:
        base = _base_year(b, results)
        inventories.append(covenant_inventory("BEI", b.inventory, base, sectors))
        inventories.append(covenant_inventory("MEI", b.inventory, b.year, sectors))
    mapped = mapping(sectors)
    sections = [_strategy(b, membership, results), _inventory_section(b, inventories, mapped), _actions_section(b)]
    return content(
        FRAMEWORK,
        b,
        sections,
        inventories=inventories,
        sector_mapping=mapped,
        deadlines=deadlines(membership),
    )


FRAMEWORK = register(
    Framework(
        slug=SLUG,
        name="Borgmästaravtalets uppföljningsrapport",
        name_en="Covenant of Mayors monitoring report",
        version=1,
        networks=(NETWORK,),
        fill=fill,
        deadlines=deadlines,
    )
)
