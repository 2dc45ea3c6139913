"""What the progress pages say: the statuses' names, the verdict in sentences, and the chart."""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core.charts import progress_chart
from samverkan.core.formatting import format_number, format_percent

from . import progress as engine
from . import queries

HISTORY_FROM = 1990


class ProgressStatus(models.TextChoices):
    """A target's status as the engine gives it, with its name on the pages."""

    ACHIEVED = engine.ACHIEVED, gettext_lazy("achieved")
    ON_TRACK = engine.ON_TRACK, gettext_lazy("on track")
    OFF_TRACK = engine.OFF_TRACK, gettext_lazy("off track")
    UNKNOWN = engine.UNKNOWN, gettext_lazy("cannot be assessed")


def status_label(status: str | None) -> str:
    """The status's name, "–" when there is none."""
    return ProgressStatus(status).label if status in ProgressStatus.values else "–"


def _tonnes(value: float | None, unit: str) -> str:
    return f"{format_number(value)} {unit}"


def verdict(result: queries.MunicipalityProgress) -> list[str]:
    """The progress in plain words: the trend, net zero, the Paris budget, then each target."""
    total, unit = result.total, result.unit
    if not total.fitted:
        return [_("There are too few years from 2015 on to compute a trend.")]
    rate = format_percent(abs(total.annual_change_percent or 0.0))
    if total.slope < 0 and total.net_zero_date:
        trend = _("On the current trend, emissions fall by %(rate)s a year and reach zero in %(year)s.") % {
            "rate": rate,
            "year": total.net_zero_date.year,
        }
    elif total.slope > 0:
        trend = _("On the current trend, emissions rise by %(rate)s a year and never reach zero.") % {"rate": rate}
    else:
        trend = _("On the current trend, emissions stay level and never reach zero.")
    sentences = [trend]
    if total.slope_range:
        sentences.append(
            _("The trend is uncertain: slopes from %(low)s to %(high)s %(unit)s a year fit the data equally well.")
            % {"low": format_number(total.slope_range[0]), "high": format_number(total.slope_range[1]), "unit": unit}
        )
    figures = {
        "first": result.as_of,
        "trend": _tonnes(total.cumulative_trend, unit),
        "budget": _tonnes(total.carbon_law_cumulative, unit),
    }
    if total.paris_aligned:
        sentences.append(
            _(
                "That is in line with the Paris Agreement: %(first)s–2050 the trend emits %(trend)s, "
                "no more than the %(budget)s of the Carbon Law path."
            )
            % figures
        )
    else:
        sentences.append(
            _(
                "That is not enough for the Paris Agreement: %(first)s–2050 the trend emits %(trend)s, "
                "more than the %(budget)s of the Carbon Law path."
            )
            % figures
        )
    for target in result.targets:
        sentences.append(target_sentence(target, unit))
    return sentences


def target_sentence(target: queries.TargetResult, unit: str) -> str:
    names = {"name": target.name, "year": target.target_year}
    if target.status == engine.UNKNOWN:
        return _("The target “%(name)s” cannot be assessed: %(reason)s") % {**names, "reason": target.unknown_reason}
    if target.status == engine.ACHIEVED and target.met_since is not None:
        return _(
            "The target “%(name)s” is met: emissions have been at or below its level in every year with data "
            "since %(since)s."
        ) % {**names, "since": target.met_since}
    if target.status == engine.ACHIEVED:
        return _("The target “%(name)s” was met in %(year)s.") % names
    if target.deadline_passed:
        return _("The target “%(name)s” was not reached by %(year)s.") % names
    if target.year_reached:
        sentence = _("The target “%(name)s” is reached in %(reached)s on the current trend.") % {
            **names,
            "reached": target.year_reached,
        }
    else:
        sentence = _("The target “%(name)s” is not reached on the current trend.") % names
    if target.status == engine.OFF_TRACK and target.required_annual_cut_percent is not None:
        sentence += " " + _("Reaching it by %(year)s needs a cut of %(cut)s a year from the last data year.") % {
            **names,
            "cut": format_percent(target.required_annual_cut_percent),
        }
    return sentence


def chart(result: queries.MunicipalityProgress, place: str):
    total, unit = result.total, result.unit
    history = {year: value for year, value in total.history.items() if year >= HISTORY_FROM}
    lines = [(_("Emissions"), history)]
    if total.fitted:
        lines += [(_("Trend"), total.trend), (_("Carbon Law path (−11.72 % a year)"), total.carbon_law)]
    points = []
    for target in result.targets:
        if target.path:
            lines.append((target.name, target.path))
        if target.level is not None:
            points.append((target.name, target.target_year, target.level))
    years = sorted(set(history) | set(total.trend))
    rows = [
        [
            year,
            format_number(history.get(year)),
            format_number(total.trend.get(year)),
            format_number(total.carbon_law.get(year)),
        ]
        for year in years
    ]
    return progress_chart(
        lines=lines,
        points=points,
        title=_("Emissions, trend and targets to 2050 (%(unit)s)") % {"unit": unit},
        description=_(
            "Line chart: emissions of %(place)s since %(first)s, the trend and the Carbon Law path to 2050, "
            "and a straight path to each target. The same figures are in the tables below."
        )
        % {"place": place, "first": min(history) if history else HISTORY_FROM},
        value_title=unit,
        year_title=_("Year"),
        columns=[_("Year"), _("Emissions"), _("Trend"), _("Carbon Law path")],
        rows=rows,
    )
