"""The Aalborg Commitments' status report: the ten commitment themes, each with its status and text (the member's)
and the organization's targets and actions linked to it.

The link from a target or an action to a theme is Samverkan's own mapping, not the Aalborg Commitments': an action
by its Covenant sector (else its SMHI sector), a target by its SMHI sectors; a target on total emissions belongs to
"Local to global", whose commitment is to mitigate climate change. The baseline review's date is the member's to
give; targets are due 24 months after signing and a review every five years (the Aalborg Commitments' process).
"""

import datetime as dt

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from samverkan.targets.presentation import status_label

from . import Framework, register
from .common import Basis, add_years, basis, content, item, own_text, section, source, table

SLUG = "aalborg-status"
NETWORK = "aalborg-commitments"
TARGET_MONTHS = 24
REVIEW_EVERY = 5

# (key, English name, official Swedish name), in the Commitments' order.
THEMES = (
    ("governance", "Governance", "Styrning"),
    ("local-management", "Local management towards sustainability", "Lokal ledning för hållbar utveckling"),
    ("natural-common-goods", "Natural common goods", "Naturliga gemensamma tillgångar"),
    ("consumption", "Responsible consumption and lifestyle choices", "Ansvarsfull konsumtion och livsstil"),
    ("planning", "Planning and design", "Planering och design"),
    ("mobility", "Better mobility, less traffic", "Bättre rörlighet, mindre trafik"),
    ("health", "Local action for health", "Lokala hälsofrämjande åtgärder"),
    ("economy", "Vibrant and sustainable local economy", "Levande och hållbar lokal ekonomi"),
    ("equity", "Social equity and justice", "Social jämlikhet och rättvisa"),
    ("local-to-global", "Local to global", "Från lokalt till globalt"),
)

# Samverkan's mapping (documented in the module's docstring and shown in the content).
BY_COVENANT_SECTOR = {
    "MUNICIPAL_BUILDINGS_EQUIPMENT_FACILITIES": "local-management",
    "TERTIARY_BUILDINGS_EQUIPMENT_FACILITIES": "planning",
    "RESIDENTIAL_BUILDINGS": "planning",
    "PUBLIC_LIGHTING": "natural-common-goods",
    "INDUSTRY": "economy",
    "TRANSPORT": "mobility",
    "LOCAL_ELECTRICITY_PRODUCTION": "natural-common-goods",
    "LOCAL_HEAT_COLD_PRODUCTION": "natural-common-goods",
}
BY_SMHI_SECTOR = {
    "transporter": "mobility",
    "industri": "economy",
    "jordbruk": "natural-common-goods",
    "el-och-fjarrvarme": "natural-common-goods",
    "egen-uppvarmning": "planning",
    "arbetsmaskiner": "economy",
    "produktanvandning": "consumption",
    "avfall": "consumption",
    "utrikes-transporter": "local-to-global",
}
DEFAULT_THEME = "local-to-global"

STATUSES = (
    ("not-started", gettext_lazy("not started")),
    ("baseline-done", gettext_lazy("baseline review done")),
    ("targets-set", gettext_lazy("targets set")),
    ("in-progress", gettext_lazy("being carried out")),
    ("achieved", gettext_lazy("achieved")),
)


def theme_of_action(action) -> str:
    if action.covenant_sector in BY_COVENANT_SECTOR:
        return BY_COVENANT_SECTOR[action.covenant_sector]
    if action.sector is not None:
        slug = action.sector.parent.slug if action.sector.parent_id else action.sector.slug
        return BY_SMHI_SECTOR.get(slug, DEFAULT_THEME)
    return DEFAULT_THEME


def themes_of_target(sector_slugs: list[str]) -> set[str]:
    return {BY_SMHI_SECTOR.get(slug, DEFAULT_THEME) for slug in sector_slugs} or {DEFAULT_THEME}


def theme_name(english: str, swedish: str) -> str:
    """The theme's official name in the language of the request."""
    return swedish if (get_language() or "sv").startswith("sv") else english


def _deadlines(membership, today: dt.date | None = None) -> list[dict]:
    if membership is None or membership.since is None:
        return []
    today = today or dt.date.today()
    since = membership.since
    targets_due = add_years(since, TARGET_MONTHS // 12)
    review = add_years(since, REVIEW_EVERY)
    while review < today:
        review = add_years(review, REVIEW_EVERY)
    return [
        {
            "key": "targets",
            "label": _("Targets (24 months after signing)"),
            "due": targets_due.isoformat(),
            "passed": targets_due < today,
        },
        {
            "key": "review",
            "label": _("Next review (every five years from signing)"),
            "due": review.isoformat(),
            "every_years": REVIEW_EVERY,
        },
    ]


def _theme_section(number: int, key: str, english: str, swedish: str, targets: list, actions: list) -> dict:
    plan_src = source(_("Samverkan: the organization's plans, linked to the theme by Samverkan's mapping"))
    target_src = source(_("Samverkan: the organization's targets, linked to the theme by Samverkan's mapping"))
    name = theme_name(english, swedish)
    return {
        **section(
            key,
            f"{number}. {name}",
            [
                item(
                    f"{key}-status",
                    _("Status"),
                    "choice",
                    None,
                    mandatory=True,
                    editable=True,
                    choices=list(STATUSES),
                ),
                own_text(f"{key}-text", _("What the organization does"), mandatory=True),
                item(
                    f"{key}-targets",
                    _("The organization's targets linked to the theme"),
                    "table",
                    table([_("Target"), _("Target year"), _("Status")], targets),
                    source=target_src,
                ),
                item(
                    f"{key}-actions",
                    _("The organization's actions linked to the theme"),
                    "table",
                    table([_("Measure"), _("Status"), _("Plan")], actions),
                    source=plan_src,
                ),
            ],
        ),
        "name_en": english,
        "name_sv": swedish,
    }


def fill(organization, *, year: int | None = None, release: str | None = None) -> dict:
    b: Basis = basis(organization, year=year, release=release)
    memberships = b.memberships(NETWORK)
    membership = next((m for m in memberships if m.since), memberships[0] if memberships else None)
    progress = b.progress()
    targets: dict[str, list] = {key: [] for key, _en, _sv in THEMES}
    for target in progress.targets if progress else []:
        if target.owner_kind == "state":
            continue  # the state's targets are Sweden's, not the organization's
        for theme in themes_of_target(target.sectors):
            targets[theme].append([target.name, target.target_year, status_label(target.status)])
    actions: dict[str, list] = {key: [] for key, _en, _sv in THEMES}
    for summary in b.plans():
        for action in summary.actions:
            actions[theme_of_action(action)].append([action.title, action.get_status_display(), summary.plan.title])
    sections = [
        section(
            "baseline",
            _("Baseline review and deadlines"),
            [
                item(
                    "signed",
                    _("Signed the Aalborg Commitments"),
                    "date",
                    membership.since.isoformat() if membership and membership.since else None,
                    source=source(membership.source) if membership and membership.source else None,
                ),
                item(
                    "baseline-review-date",
                    _("Date of the baseline review"),
                    "date",
                    None,
                    mandatory=True,
                    editable=True,
                ),
                own_text("baseline-review", _("The baseline review's main findings")),
            ],
        )
    ]
    for number, (key, english, swedish) in enumerate(THEMES, start=1):
        sections.append(_theme_section(number, key, english, swedish, targets[key], actions[key]))
    return content(
        FRAMEWORK,
        b,
        sections,
        deadlines=_deadlines(membership),
        theme_mapping={
            "by_covenant_sector": BY_COVENANT_SECTOR,
            "by_smhi_sector": BY_SMHI_SECTOR,
            "default": DEFAULT_THEME,
            "note": _("Samverkan's mapping, not part of the Aalborg Commitments."),
        },
    )


FRAMEWORK = register(
    Framework(
        slug=SLUG,
        name="Lägesrapport om Ålborgåtagandena",
        name_en="Aalborg Commitments status report",
        version=1,
        networks=(NETWORK,),
        fill=fill,
        deadlines=_deadlines,
    )
)
