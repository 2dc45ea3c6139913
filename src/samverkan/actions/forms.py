"""The editors' forms: a plan, an action, a status update."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import PlainLabels
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import RESIDUAL_SLUG

from .models import Action, ActionPlan, StatusUpdate
from .services import ACTION_FIELDS, PLAN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = list(PLAN_FIELDS)
        widgets = {"adopted_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class ActionForm(PlainLabels, forms.ModelForm):
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.filter(parent=None).exclude(slug=RESIDUAL_SLUG).order_by("position"),
        required=False,
        help_text=_("SMHI's main sector the action cuts emissions in."),
    )

    class Meta:
        model = Action
        fields = list(ACTION_FIELDS)
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 4})}


class StatusUpdateForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = StatusUpdate
        fields = ["date", "status", "completion", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class ActionRowForm(PlainLabels, forms.ModelForm):
    """The fields changed most often, edited in place in the plan's table."""

    class Meta:
        model = Action
        fields = ["status", "completion", "end", "effect_t_co2e"]
        widgets = {"end": DATE}
