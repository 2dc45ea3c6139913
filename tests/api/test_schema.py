"""Schemathesis over every operation of the live OpenAPI document, in process and inside the test's transaction.

Reads go anonymously; writes with Jönköping's API token, or Klimatkommunerna's for the network's operations.
Most ids and codes that the generator makes valid are pointed at real records, so that the operations do their
work rather than answer 404; out-of-range ones stay as they are, to be refused. Checks: no server error, every
answer fits its declared schema and content type, and no status the document does not declare.
"""

from dataclasses import dataclass

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samverkan.accounts.services import token_create
from samverkan.actions import services as action_services
from samverkan.actions.models import ActionPlan
from samverkan.core.validation import ID_MAX
from samverkan.indicators.models import Indicator
from samverkan.networks.models import Criterion, Membership, Network
from samverkan.places.models import Territory
from samverkan.reporting.frameworks import FRAMEWORKS
from samverkan.targets import services as target_services

pytestmark = pytest.mark.django_db

# Examples per operation and phase: 40 operations in about a minute per database.
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": 8, "deterministic": True, "database": "none", "mode": "all", "allow-x00": True},
        "phases": {"stateful": {"enabled": False}},
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
NETWORK_PATHS = ("/api/v1/networks/", "/api/v1/memberships/", "/api/v1/criteria/")


@dataclass
class World:
    """Real records for the generated cases to aim at, and the two tokens."""

    organization_token: str
    network_token: str
    ids: dict[str, list[int]]
    slugs: dict[str, list[str]]


@pytest.fixture
def world(person, jonkoping, network):
    admin, coordinator = person("admin"), person("coordinator")
    plan = ActionPlan.objects.get(organization=jonkoping, is_example=False)
    action = action_services.action_save(by=admin, plan=plan, fields={"title": "Cykelbanor till Huskvarna"})
    target = target_services.target_create(
        by=admin, organization=jonkoping, name="Halverade utsläpp 2030", kind="relative", base_year=2010,
        target_year=2030, value=50,
    )  # fmt: skip
    memberships = list(Membership.objects.filter(network=network).values_list("pk", flat=True)[:3])
    criteria = list(Criterion.objects.filter(network=network).values_list("pk", flat=True)[:3])
    return World(
        organization_token=token_create(by=admin, name="Planverktyget", organization=jonkoping)[1],
        network_token=token_create(by=coordinator, name="Föreningens register", network=network)[1],
        ids={
            "organization_id": [jonkoping.pk],
            "plan_id": [plan.pk],
            "action_id": [action.pk],
            "target_id": [target.pk],
            "membership_id": memberships,
            "criterion_id": criteria,
        },
        slugs={
            "municipality": ["0680", "0180", "1480", "2584"],
            "county": ["06", "01", "25"],
            "network": [network.slug, "borgmastaravtalet"],
            "indicator": list(Indicator.objects.order_by("slug").values_list("slug", flat=True)[:2]),
        },
    )


@pytest.fixture(autouse=True)
def in_the_test_transaction():
    """Requests go straight into the WSGI handler in this thread. It closes "old" database connections around
    each request, which would end the test's transaction; Django's test client switches that off the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The document as the app serves it (building it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG)


def aim(case, world: World) -> None:
    """Point three in four valid ids, codes and slugs at real records; leave the rest as generated."""
    for name, value in (case.path_parameters or {}).items():
        if isinstance(value, str) and value.isascii() and value.isdigit() and name in world.ids:
            value = int(value)
        if name in world.ids and isinstance(value, int) and 1 <= value <= ID_MAX and value % 4 and world.ids[name]:
            case.path_parameters[name] = world.ids[name][value % len(world.ids[name])]
        elif name == "code" and isinstance(value, str) and value.isascii() and value.isdigit():
            kind = "municipality" if len(value) == 4 else "county" if len(value) == 2 else None
            if kind and int(value) % 4:
                case.path_parameters[name] = world.slugs[kind][int(value) % len(world.slugs[kind])]
        elif name == "framework" and isinstance(value, str) and len(value) % 4:
            case.path_parameters[name] = sorted(FRAMEWORKS)[len(value) % len(FRAMEWORKS)]
        elif name == "slug" and isinstance(value, str) and len(value) % 4:
            kind = "indicator" if case.operation.path.startswith("/api/v1/indicators/") else "network"
            case.path_parameters[name] = world.slugs[kind][len(value) % len(world.slugs[kind])]


def token(case, world: World) -> dict | None:
    if case.method.upper() == "GET":
        return None
    secret = world.network_token if case.operation.path.startswith(NETWORK_PATHS) else world.organization_token
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_declared_schema(case, world):
    aim(case, world)
    case.call_and_validate(headers=token(case, world), checks=CHECKS)


def test_the_schema_run_covers_every_operation(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = [(path, method) for path, methods in document["paths"].items() for method in methods]
    assert len(operations) == 53  # with a report's draft (JSON, xlsx, PDF) and the ten of rounds and submissions
    assert sum(1 for path, method in operations if method != "get") == 19
    assert Territory.objects.filter(code__in=["0680", "0180", "1480", "2584", "06", "01", "25"]).count() == 7
    assert Network.objects.filter(slug="borgmastaravtalet").exists() and Indicator.objects.count() >= 2
