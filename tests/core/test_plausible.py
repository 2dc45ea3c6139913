"""Plausible ranges: NaN, infinity and absurd sizes are refused with the value and the range; no page shows inf."""

import math

import pytest
from django.core.exceptions import ValidationError

from samverkan.core import plausible
from samverkan.core.formatting import format_number, format_percent
from samverkan.core.plausible import Plausible, Range, ratio
from samverkan.core.templatetags.samverkan import change, num, percent

NBSP = "\u00a0"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 1e300, 2**63, 10.5e6, -0.5, True, "5", None])
def test_a_range_refuses_non_finite_values_and_values_outside_it(value):
    assert value not in plausible.EFFECT_T_CO2E


@pytest.mark.parametrize("value", [0, 0.0, 1_500_000, 10_000_000, 9_999_999.5])
def test_a_range_holds_its_bounds_and_what_lies_between(value):
    assert value in plausible.EFFECT_T_CO2E


def test_a_range_open_at_the_bottom_refuses_its_low_bound():
    assert 0 not in plausible.TARGET_CUT_PERCENT and 0.1 in plausible.TARGET_CUT_PERCENT
    assert 100 in plausible.TARGET_CUT_PERCENT and 100.01 not in plausible.TARGET_CUT_PERCENT


def test_a_refusal_names_the_value_and_the_range(settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        message = plausible.EFFECT_T_CO2E.refusal(1.7e308)
        assert message == "1.7e+308 is not plausible: expected a number from 0 to 10,000,000 (t CO2e a year)."
        assert Range(-100, 100, "points").expected() == "a number from -100 to 100 (points)"
        assert Range(0, 2.5).expected() == "a number from 0 to 2.5"
        assert plausible.BY_NAME["finite"].refusal(math.nan) == "nan is not plausible: expected a finite number."


def test_the_field_validator_refuses_by_the_named_quantity_and_deconstructs_to_its_name():
    validator = Plausible("cost_sek")
    validator(None)
    validator(5_000_000.0)
    with pytest.raises(ValidationError) as error:
        validator(1.7e308)
    assert "1.7e+308" in error.value.messages[0]
    assert validator.deconstruct() == ("samverkan.core.plausible.Plausible", ("cost_sek",), {})
    assert validator == Plausible("cost_sek") != Plausible("effect_mwh")


def test_every_population_in_the_bundled_files_lies_in_its_range_with_headroom():
    """The bounds are far from the real extremes (2 241 to 999 239): a new release of the same kind fits."""
    assert 2_241 / 2 in plausible.POPULATION and 999_239 * 5 in plausible.POPULATION
    assert 0 not in plausible.POPULATION


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 10**400])
def test_a_non_finite_number_is_formatted_as_a_dash_never_inf_or_nan(value, caplog):
    for text in (format_number(value, language="sv"), format_percent(value, language="en"), num(value, 1)):
        assert text == "–"
    assert percent(value) == change(value) == "–"
    assert "non-finite" in caplog.text


def test_finite_numbers_are_formatted_as_before():
    assert format_number(1.7e7, language="sv") == f"17{NBSP}000{NBSP}000"
    assert format_percent(12.5, language="sv", signed=True) == f"+12,5{NBSP}%"


def test_a_ratio_of_a_vanishing_denominator_is_no_figure():
    assert ratio(5, 0) is None and ratio(None, 5) is None and ratio(5, None) is None
    assert ratio(1e7, 5e-324, 100) is None  # would be inf
    assert ratio(1e308, 1e-308) is None
    assert ratio(3, 4, 100) == 75.0
