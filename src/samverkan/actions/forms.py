"""The editors' forms: a plan, an action, a status update."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import PlainLabels
from samverkan.core.validation import whole_number
from samverkan.emissions.models import Sector
from samverkan.emissions.queries import RESIDUAL_SLUG

from .models import ACTION_FIELDS, PLAN_FIELDS, Action, ActionPlan, StatusUpdate
from .queries import networks_open_to, plan_targets

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(PlainLabels, forms.ModelForm):
    """A plan's facts, the targets it serves (the organization's, Sweden's, its commitments') and its networks."""

    class Meta:
        model = ActionPlan
        fields = [*PLAN_FIELDS, "targets", "networks"]
        widgets = {
            "adopted_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
            "targets": forms.CheckboxSelectMultiple,
            "networks": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["targets"].queryset = plan_targets(organization)
        networks = self.fields["networks"]
        networks.queryset = networks.queryset.filter(pk__in=networks_open_to(organization))


class ActionForm(PlainLabels, forms.ModelForm):
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.filter(parent=None).exclude(slug=RESIDUAL_SLUG).order_by("position"),
        required=False,
        help_text=_("SMHI's main sector the action cuts emissions in."),
    )

    class Meta:
        model = Action
        fields = [*ACTION_FIELDS, "targets", "indicators"]
        widgets = {
            "start": DATE,
            "end": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "targets": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, areas_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = plan_targets(organization)
        self.fields["targets"].help_text = _("The targets the action helps to reach.")
        sector = whole_number(str((self.data if self.is_bound else self.initial).get(self.add_prefix("sector")) or ""))
        if sector is not None:
            # The areas of the chosen sector, and those under no main sector; without a sector, all of them.
            area = self.fields["area"]
            area.queryset = area.queryset.filter(Q(sector_id=sector) | Q(sector=None))
        if areas_url:
            # With JavaScript the list of areas follows the sector as it is chosen; without, the form refuses
            # an area of another sector and shows the right ones.
            self.fields["sector"].widget.attrs.update(
                {
                    "hx-get": areas_url,
                    "hx-trigger": "change",
                    "hx-include": "#id_area",
                    "hx-target": "#id_area",
                    "hx-select": "#id_area",
                    "hx-swap": "outerHTML",
                }
            )
        self.fields["covenant_sector"].help_text = _("Taken from the area of intervention when one is chosen.")


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
