"""A long plan's page: an overview by sector, folded sectors, filters by sector, status and overdue;
the same number of queries for 10 actions as for 90."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.actions.models import Action, ActionPlan
from samverkan.emissions.models import Sector

pytestmark = pytest.mark.django_db

LONG_AGO = dt.date(2020, 6, 30)


@pytest.fixture
def long_plan(jonkoping):
    """90 actions: transport (30), heating (30), agriculture (30); every third one overdue."""
    plan = ActionPlan.objects.create(organization=jonkoping, title="Lång plan", status="adopted")
    sectors = [Sector.objects.get(slug=slug) for slug in ("transporter", "egen-uppvarmning", "jordbruk")]
    Action.objects.bulk_create(
        Action(
            plan=plan,
            title=f"Åtgärd {number:02d}",
            sector=sectors[number % 3],
            status="completed" if number % 3 == 1 else "ongoing",
            end=LONG_AGO if number % 3 == 0 else None,
            effect_t_co2e=10,
        )
        for number in range(90)
    )
    return plan


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_a_long_plan_opens_on_its_overview_with_the_sectors_folded(client, long_plan):
    page = client.get(f"/planer/{long_plan.pk}/").content.decode()
    overview = page.split('id="plan-sectors"')[1].split("</table>")[0]
    transport = overview.split("Transporter")[1].split("</tr>")[0]
    # Transport holds numbers 0, 3, ..., 87: all ongoing and ended in 2020, so all 30 overdue.
    assert '<td class="num">30</td>' in transport and "0\xa0%" in transport and ">30</a>" in transport
    heating = overview.split("Egen uppvärmning")[1].split("</tr>")[0]
    assert "100\xa0%" in heating  # numbers 1, 4, ..., 88: all completed
    assert page.count('<details class="plan-sector"') == 3 and " open>" not in page.split('id="actions-heading"')[1]
    assert "Visar 90 åtgärder av 90." in page


def test_the_filters_narrow_the_list_and_open_it(client, long_plan):
    page = client.get(f"/planer/{long_plan.pk}/?forsenade=1").content.decode()
    assert "Visar 30 åtgärder av 90." in page and page.count('class="overdue"') == 30
    completed = client.get(f"/planer/{long_plan.pk}/?status=completed&sektor=egen-uppvarmning").content.decode()
    assert "Visar 30 åtgärder av 90." in completed and 'id="sektor-egen-uppvarmning" open' in completed
    none = client.get(f"/planer/{long_plan.pk}/?status=completed&sektor=transporter").content.decode()
    assert "Visar 0 åtgärder av 90." in none and "<details" not in none


@pytest.mark.parametrize(("query", "named"), [("status=klar", "klar"), ("sektor=rymden", "rymden")])
def test_an_unknown_filter_is_named(client, long_plan, query, named):
    response = client.get(f"/planer/{long_plan.pk}/?{query}")
    assert response.status_code == 422 and named in response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_plan(client, jonkoping, long_plan):
    short = ActionPlan.objects.create(organization=jonkoping, title="Kort plan", status="adopted")
    for number in range(10):
        Action.objects.create(plan=short, title=f"Kort {number}", sector=Sector.objects.get(slug="transporter"))
    client.get(f"/planer/{short.pk}/")  # the gap to the targets is cached on the data's version after this
    assert queries_for(client, f"/planer/{short.pk}/") == queries_for(client, f"/planer/{long_plan.pk}/")
