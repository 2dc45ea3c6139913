"""A regional coordinator's page: its municipalities in a network, their plans, latest emissions and, added up,
their trend against the region's own targets (seed 004: Region Norrbotten and its Covenant municipalities).

Every figure comes from the apps' reads: the members from networks, the plans from actions, the totals from
emissions (`combined_inventory`, one query for all of them) and the trend and statuses from the progress engine.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.actions.queries import member_plans
from samverkan.core.charts import yearly_line_chart
from samverkan.emissions.queries import change_percent, combined_inventory, load_releases
from samverkan.networks.models import Network
from samverkan.networks.queries import network_or_404, regional_members
from samverkan.places.models import Organization
from samverkan.reporting.models import SubmissionState
from samverkan.reporting.queries import follow_up, state_label
from samverkan.targets import queries as targets
from samverkan.targets.presentation import ProgressStatus, chart, verdict
from samverkan.targets.sections import as_of_from


def _member_rows(members, plans, by_territory) -> list[dict]:
    """Each municipality with its membership, current plan, latest total and change (`change_percent`)."""
    rows = []
    for membership in members:
        series = by_territory.get(membership.organization.territory_id, {})
        latest = max(series) if series else None
        rows.append(
            {
                "membership": membership,
                "territory": membership.organization.territory,
                "plan": plans.get(membership.organization_id),
                "latest_year": latest,
                "latest_total": series.get(latest) if latest else None,
                "change_since_1990": change_percent(series, 1990, latest),
                "change_since_2015": change_percent(series, 2015, latest),
            }
        )
    return rows


def _reports(user, network, organization, members) -> dict:
    """Each municipality's report in the network's rounds (`reporting.queries.follow_up`): every state and lateness
    for the coordinator organization's people and the network's coordinators; for everyone else only the accepted
    reports of the rounds the network publishes. A link where the person may open the report."""
    coordinating = Network.objects.coordinated_by(user).filter(pk=network.pk).exists()
    states_shown = coordinating or Organization.objects.readable_by(user).filter(pk=organization.pk).exists()
    rounds, rows = follow_up(network, memberships=members)
    table = []
    for row in rows:
        cells = []
        for cell in row.cells:
            published = cell.round.public and cell.state == SubmissionState.ACCEPTED
            if not (states_shown or published):
                cells.append(None)
                continue
            submitted = cell.submission_id and cell.state not in ("", SubmissionState.DRAFT)
            link = ""
            if submitted and (states_shown or published):  # the region's people read its municipalities' reports
                link = reverse("reporting:submission", args=[network.slug, cell.submission_id])
            cells.append(
                {
                    "state": cell.state,
                    "label": state_label(cell.state),
                    "late_days": cell.late_days if states_shown else 0,
                    "link": link,
                }
            )
        table.append((row.membership, cells))
    return {"report_rounds": rounds, "report_rows": table, "report_states_shown": states_shown}


def _combined_chart(found, network, county):
    years = found.years
    return yearly_line_chart(
        points=[(year, found.total[year]) for year in years],
        title=_("The municipalities' emissions added up (%(unit)s)") % {"unit": found.release.unit},
        description=_(
            "Line chart: the emissions of the municipalities in %(county)s in %(network)s added up, %(first)s to "
            "%(last)s. The same figures are in the table below."
        )
        % {"county": county.display_name, "network": network.display_name, "first": years[0], "last": years[-1]},
        value_title=found.release.unit,
        year_title=_("Year"),
        columns=[_("Year"), _("Emissions (%(unit)s)") % {"unit": found.release.unit}],
        from_zero=True,
    )


def regional_coordination(request, slug: str, pk: int):
    """/natverk/<slug>/koordinator/<organization id>/: a regional coordinator's municipalities in the network."""
    network = network_or_404(slug)
    organization, county, members = regional_members(network, pk)
    as_of = as_of_from(request)
    loaded = load_releases()
    territories = [m.organization.territory for m in members]
    plans = member_plans([m.organization_id for m in members]) if members else {}
    by_territory, found, progress, problem = {}, None, None, ""
    if loaded and territories:
        name = _("%(network)s in %(county)s") % {"network": network.display_name, "county": county.display_name}
        found, by_territory = combined_inventory(territories, code=county.code, name=name, releases=loaded)
        if found.years:
            try:
                progress = targets.combined_progress(
                    found, organization.pk, county=county, as_of=as_of, releases=loaded, user=request.user
                )
            except targets.ProgressUnavailable as error:
                if as_of is not None:
                    raise  # the year asked for is wrong: the page says so, with status 422
                problem = error.message
    context = {
        "network": network,
        "organization": organization,
        "county": county,
        "rows": _member_rows(members, plans, by_territory),
        "combined": found if found and found.years else None,
        "combined_chart": _combined_chart(found, network, county) if found and found.years else None,
        "progress": progress,
        "progress_problem": problem,
        "progress_verdict": verdict(progress) if progress else [],
        "progress_chart": chart(progress, found.territory_name) if progress else None,
        "progress_statuses": dict(ProgressStatus.choices),
        "combined_progress": True,
        "organization_url": reverse("site:organization_detail", args=[organization.pk]),
        **_reports(request.user, network, organization, members),
        "may_edit": Organization.objects.editable_by(request.user).filter(pk=organization.pk).exists(),
    }
    return render(request, "site/regional.html", context)
