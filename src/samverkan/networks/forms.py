"""The coordinators' forms: what a network says about itself, its groups, criteria, obligations and members."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import PlainLabels
from samverkan.places.models import Organization, OrganizationKind
from samverkan.targets.models import Commitment

from .models import Criterion, Membership, Network, ReportingObligation, WorkingGroup
from .services import CRITERION_FIELDS, MEMBERSHIP_FIELDS, NETWORK_EDITABLE_FIELDS, OBLIGATION_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NetworkForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Network
        fields = list(NETWORK_EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "refounded": DATE}


class WorkingGroupForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "name_en"]


def _commitments(network: Network):
    return Commitment.objects.filter(Q(network=network) | Q(network=None)).order_by("slug")


class CriterionForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = list(CRITERION_FIELDS)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        self.fields["commitment"].queryset = _commitments(network)


class ObligationForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = ReportingObligation
        fields = list(OBLIGATION_FIELDS)


class MembershipForm(PlainLabels, forms.ModelForm):
    """A membership's settings; the organization is chosen only when the membership is recorded."""

    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.filter(country="SE").order_by("name"),
        help_text=_("Swedish organizations; those elsewhere come with the Covenant of Mayors import."),
    )

    class Meta:
        model = Membership
        fields = ["organization", *MEMBERSHIP_FIELDS[:6], "groups", "commitments", *MEMBERSHIP_FIELDS[6:]]
        widgets = {
            "since": DATE,
            "until": DATE,
            "groups": forms.CheckboxSelectMultiple,
            "commitments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        if self.instance.pk:
            del self.fields["organization"]
        self.fields["groups"].queryset = network.groups.all()
        self.fields["commitments"].queryset = _commitments(network)
        for name in ("groups", "commitments"):  # a network without groups or commitments asks for none
            if not self.fields[name].queryset.exists():
                del self.fields[name]
        self.fields["coordinator"].queryset = (
            Organization.objects.filter(country="SE").exclude(kind=OrganizationKind.MUNICIPALITY).order_by("name")
        )
