"""The coordinators' forms: what a network says about itself, its groups, criteria, obligations and members."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samverkan.core.db import swedish
from samverkan.core.forms import PlainLabels
from samverkan.places.models import Organization, OrganizationKind
from samverkan.targets.models import Commitment

from .models import (
    CRITERION_FIELDS,
    MEMBERSHIP_FIELDS,
    NETWORK_EDITABLE_FIELDS,
    OBLIGATION_FIELDS,
    AssessmentQuestion,
    Criterion,
    Decision,
    Membership,
    Network,
    ReportingObligation,
    WorkingGroup,
)

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
        queryset=Organization.objects.filter(country="SE").order_by(swedish("name")),
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
            Organization.objects.filter(country="SE")
            .exclude(kind=OrganizationKind.MUNICIPALITY)
            .order_by(swedish("name"))
        )


# --- the forms of members-to-be and of the coordinators' desk ----------------------------------------


class SwedishParameters:
    """Fields named in English in code, posted under the Swedish names the pages (and their users) know."""

    parameters: dict[str, str] = {}

    def add_prefix(self, field_name):
        return super().add_prefix(self.parameter(field_name))

    def parameter(self, field_name: str) -> str:
        return self.parameters.get(field_name, field_name)


def _organization_field(message: str) -> forms.ModelChoiceField:
    """Any organization: the service refuses (403, logged) one the person may not act for."""
    return forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.all(),
        error_messages={"required": message, "invalid_choice": message},
    )


QUESTION_PARAMETER = "fraga-"


class AssessmentForm(SwedishParameters, PlainLabels, forms.Form):
    """The self-assessment: the organization answered for, and yes (checked) or no for each question."""

    parameters = {"organization": "organisation"}

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["organization"] = _organization_field(_("Choose the organization you answer for."))
        self.questions = list(AssessmentQuestion.objects.filter(area__network=network).order_by("pk"))
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.BooleanField(label=question.display_text, required=False)

    def parameter(self, field_name: str) -> str:
        if field_name.startswith("question_"):
            return QUESTION_PARAMETER + field_name.removeprefix("question_")
        return super().parameter(field_name)

    def clean(self):
        data = super().clean()
        known = {QUESTION_PARAMETER + str(q.pk) for q in self.questions}
        posted = [key for key in self.data if key.startswith(QUESTION_PARAMETER) and key not in known]
        malformed = [key for key in posted if not key.removeprefix(QUESTION_PARAMETER).isdigit()]
        if malformed:
            raise ValidationError(gettext("%(field)s is not a question.") % {"field": malformed[0][:40]})
        if posted:
            raise ValidationError(
                gettext("These questions are not in the self-assessment of %(network)s: %(ids)s.")
                % {"network": self.network, "ids": ", ".join(key.removeprefix(QUESTION_PARAMETER) for key in posted)}
            )
        return data

    def answers(self) -> dict[int, bool]:
        """{question id: yes}, every question of the network answered."""
        return {q.pk: self.cleaned_data[f"question_{q.pk}"] for q in self.questions}


class ApplicationForm(SwedishParameters, PlainLabels, forms.Form):
    """An organization applies to join; its latest self-assessment attached when asked."""

    parameters = {"organization": "organisation", "note": "ansokan", "attach_assessment": "bifoga"}

    note = forms.CharField(label=_("Your application"), required=False, strip=False, widget=forms.Textarea)
    attach_assessment = forms.BooleanField(label=_("Attach our latest self-assessment"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _organization_field(_("Choose the organization that applies."))


class IsoDateField(forms.DateField):
    """A date written as 2027-06-30; anything else is refused in those words."""

    input_formats = ["%Y-%m-%d"]

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                gettext("%(value)s is not a date such as 2027-06-30.") % {"value": str(value)[:20]}, code="invalid"
            ) from None


class DecisionField(forms.ChoiceField):
    """Member, observer or decline; anything else (nothing included) is refused in those words."""

    def validate(self, value):
        if value in self.empty_values:
            raise ValidationError(self.error_messages["required"], code="required")
        if value not in Decision.values:
            raise ValidationError(
                gettext("%(decision)s is not a decision: member, observer or decline.") % {"decision": value[:20]},
                code="invalid_choice",
            )


class DecisionForm(SwedishParameters, PlainLabels, forms.Form):
    """The coordinators' decision on an application; the rules (a reason to decline, a later end) are the service's."""

    parameters = {"decision": "beslut", "observer_until": "observator_till", "reason": "skal"}

    decision = DecisionField(
        label=_("Decision"),
        choices=Decision.choices,
        error_messages={"required": _("Choose a decision: member, observer or decline.")},
    )
    observer_until = IsoDateField(label=_("Observer until (empty: one year from today)"), required=False)
    reason = forms.CharField(label=_("Reason (required when declining; the organization sees it)"), required=False)
