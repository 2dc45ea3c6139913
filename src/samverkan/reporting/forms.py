"""The coordinators' round form, the editors' draft form (built from the report's items) and the decision form."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import NumberField, PlainLabels, number_text
from samverkan.networks.models import MembershipRole, Network
from samverkan.targets.models import Commitment

from .frameworks import FRAMEWORKS
from .models import ReportingRound
from .queries import items_of
from .services import ROUND_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(PlainLabels, forms.ModelForm):
    framework = forms.ChoiceField(label=_("Framework"))
    roles = forms.MultipleChoiceField(
        label=_("Roles that must report"),
        choices=MembershipRole.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[MembershipRole.MEMBER, MembershipRole.SIGNATORY],
    )

    class Meta:
        model = ReportingRound
        fields = list(ROUND_FIELDS)
        widgets = {"opens_on": DATE, "deadline": DATE}

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        self.fields["framework"].choices = [
            (slug, framework.name)
            for slug, framework in sorted(FRAMEWORKS.items())
            if network.slug in framework.networks
        ]
        self.fields["commitment"].queryset = Commitment.objects.filter(Q(network=network) | Q(network=None)).order_by(
            "slug"
        )


def _field(item: dict, label: str):
    kind = item.get("kind")
    required = False  # mandatory items are checked when the report is submitted, so a draft can be saved half done
    if kind == "number":
        return NumberField(label=label, required=required)
    if kind == "yesno":
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[("", _("not answered")), ("yes", _("yes")), ("no", _("no"))],
            widget=forms.RadioSelect,
        )
    if kind == "date":
        return forms.CharField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
    if kind == "choice" and item.get("choices"):
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[
                ("", "–"),
                *[(c["value"], c["label"]) if isinstance(c, dict) else (c, c) for c in item["choices"]],
            ],
        )
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}))


def _initial(item: dict):
    value = item.get("value")
    if item.get("kind") == "yesno":
        return {True: "yes", False: "no"}.get(value, "")
    if item.get("kind") == "number":
        return number_text(value)
    return value


class DraftForm(forms.Form):
    """One field per editable item (its key as the field name), and a rationale beside each yes/no item."""

    def __init__(self, *args, content: dict, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for item in items_of(content):
            if not item.get("editable") or item.get("kind") == "table":
                continue
            label = item.get("label") or item["key"]
            self.fields[item["key"]] = _field(item, label)
            self.initial[item["key"]] = _initial(item)
            if item.get("kind") == "yesno":
                self.fields[f"{item['key']}__rationale"] = forms.CharField(
                    label=_("Rationale: %(item)s") % {"item": label},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                self.initial[f"{item['key']}__rationale"] = item.get("rationale") or ""

    def values(self) -> tuple[dict, dict]:
        """What was typed, as the service reads it (the service parses numbers and answers itself)."""
        values, rationales = {}, {}
        for name in self.fields:
            raw = self.data.get(self.add_prefix(name), "")
            if name.endswith("__rationale"):
                rationales[name.removesuffix("__rationale")] = raw
            else:
                values[name] = raw
        return values, rationales


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accepted", _("Accept")), ("returned", _("Return with a comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the member"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you return the report: say what should change."),
    )
