"""Numbers typed the Swedish way (120,5 and 1 205,5) are read as such; an ambiguous one is refused, never guessed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samverkan.actions.forms import ActionForm, PlanForm, StatusUpdateForm
from samverkan.actions.models import Action, ActionPlan
from samverkan.core.forms import NumberField, parse_number
from samverkan.targets.forms import TargetForm

pytestmark = pytest.mark.django_db

ACTION = {
    "title": "Laddstolpar vid kommunhuset",
    "covenant_sector": "TRANSPORT",
    "status": "not_started",
    "public": "on",
}


@pytest.fixture
def plan(jonkoping):
    return ActionPlan.objects.get(organization=jonkoping, is_example=False)


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("sv", "120,5", "120.5"),
        ("sv", "1 205,5", "1205.5"),
        ("sv", "1 205", "1205"),
        ("sv", "1\u00a0205,5", "1205.5"),  # a no-break space, as Excel and Swedish pages write it
        ("sv", "120.5", "120.5"),
        ("sv", "1,205", "1.205"),  # the comma is the Swedish decimal sign
        ("sv", "−3,5", "-3.5"),
        ("en", "120,5", "120.5"),  # cannot be a thousands separator
        ("en", "1 205,5", "1205.5"),
        ("en", "1,205.5", "1205.5"),
        ("en", "1,205,000", "1205000"),
        ("en", "1.205", "1.205"),
    ],
)
def test_swedish_and_english_input_reads_as_written(language, text, number):
    with translation.override(language):
        assert str(parse_number(text, label="Effekt")) == number


@pytest.mark.parametrize(
    ("language", "text", "message"),
    [
        ("en", "1,205", "Effect: “1,205” could mean 1205 or 1.205"),
        ("sv", "1.205", "Effekt: ”1.205” kan betyda 1205 eller 1,205"),
        ("sv", "12 05", "Effekt: ”12 05” är inget tal"),
        ("en", "1,20,5", "Effect: “1,20,5” is not a number"),
    ],
)
def test_ambiguous_or_malformed_input_is_refused_naming_the_field(language, text, message):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        parse_number(text, label="Effect" if language == "en" else "Effekt")
    assert message in refused.value.messages[0]


def test_every_numeric_field_of_the_forms_is_a_number_field_without_type_number(jonkoping):
    forms = [
        ActionForm(organization=jonkoping),
        PlanForm(organization=jonkoping),
        StatusUpdateForm(),
        TargetForm(),
    ]
    numeric = {name for form in forms for name, field in form.fields.items() if isinstance(field, NumberField)}
    assert {"effect_t_co2e", "effect_mwh", "cost_sek", "completion", "period_from", "value", "base_year"} <= numeric
    html = str(ActionForm(organization=jonkoping)["effect_t_co2e"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html and 'type="number"' not in html


def test_the_action_form_stores_120_5_typed_with_a_comma_in_swedish_and_in_english(client, person, plan):
    client.force_login(person("editor"))
    for language, title in (("sv", "Kommatal på svenska"), ("en", "Kommatal på engelska")):
        client.cookies["samverkan_language"] = language
        data = {**ACTION, "title": title, "effect_t_co2e": "120,5", "cost_sek": "1 205 000", "effect_mwh": "1 205,5"}
        response = client.post(f"/planer/{plan.pk}/atgarder/ny/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        action = Action.objects.get(title=title)
        assert (action.effect_t_co2e, action.cost_sek, action.effect_mwh) == (120.5, 1205000.0, 1205.5)


def test_an_english_page_refuses_1_205_naming_the_field_and_stores_nothing(client, person, plan):
    client.force_login(person("editor"))
    client.cookies["samverkan_language"] = "en"
    before = Action.objects.count()
    response = client.post(f"/planer/{plan.pk}/atgarder/ny/", {**ACTION, "effect_t_co2e": "1,205"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Expected effect (t CO2e a year): “1,205” could mean 1205 or 1.205" in page
    assert Action.objects.count() == before


def test_a_saved_decimal_is_shown_with_a_comma_in_swedish_and_saved_back_unchanged(client, person, plan):
    client.force_login(person("editor"))
    action = plan.actions.create(title="Tre decimaler", status="ongoing", effect_t_co2e=1.205)
    page = client.get(f"/atgarder/{action.pk}/redigera/").content.decode()
    assert 'value="1,205"' in page
    data = {**ACTION, "title": "Tre decimaler", "status": "ongoing", "effect_t_co2e": "1,205"}  # as shown
    assert client.post(f"/atgarder/{action.pk}/redigera/", data).status_code == 302
    action.refresh_from_db()
    assert action.effect_t_co2e == 1.205
