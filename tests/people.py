"""People with each role, made the way the product makes them (roles on real organizations)."""

import pytest
from django.contrib.auth import get_user_model

from samverkan.accounts.models import NetworkRole, OrganizationRole
from samverkan.actions.models import Action, ActionPlan
from samverkan.networks.models import Network
from samverkan.places.models import Organization

PASSWORD = "ett-långt-lösenord-2026"


@pytest.fixture
def jonkoping():
    return Organization.objects.get(territory__code="0680", kind="municipality")


@pytest.fixture
def stockholm():
    return Organization.objects.get(territory__code="0180", kind="municipality")


@pytest.fixture
def plan(jonkoping):
    """Jönköping's own action plan with two actions of its own (one with an effect)."""
    plan = ActionPlan.objects.get(organization=jonkoping, is_example=False)
    Action.objects.create(plan=plan, title="Laddstolpar vid stationen", status="ongoing", completion=20)
    Action.objects.create(plan=plan, title="Solceller på skolor", status="not_started", effect_t_co2e=30)
    return plan


@pytest.fixture
def network():
    return Network.objects.get(slug="klimatkommunerna")  # seeded from its source page


@pytest.fixture
def person(jonkoping, stockholm, network):
    """person("editor") -> a user who is an editor of Jönköping; "other_admin" administers Stockholm."""

    def make(kind: str):
        email = f"{kind}@example.se"
        user = get_user_model().objects.create_user(
            username=email, email=email, password=PASSWORD, first_name=kind.replace("_", " ").title()
        )
        if kind in ("viewer", "editor", "admin"):
            OrganizationRole.objects.create(user=user, organization=jonkoping, role=kind)
        elif kind == "other_admin":
            OrganizationRole.objects.create(user=user, organization=stockholm, role="admin")
        elif kind == "coordinator":
            NetworkRole.objects.create(user=user, network=network, role="coordinator")
        elif kind == "superuser":
            user.is_superuser = user.is_staff = True
            user.save()
        return user

    return make


@pytest.fixture
def signed_in(client, person):
    def sign_in(kind: str):
        if kind != "anonymous":
            client.force_login(person(kind))
        return client

    return sign_in
