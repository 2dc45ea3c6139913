from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import PlainLabels
from samverkan.emissions.models import Sector

from .models import TARGET_FIELDS, Target


class TargetForm(PlainLabels, forms.ModelForm):
    """The fields an organization's editors set; the owner comes from the page, never from the form."""

    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.filter(parent=None).exclude(slug="ofordelat").order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for a target on total emissions."),
    )

    class Meta:
        model = Target
        fields = [*TARGET_FIELDS[:3], "sectors", *TARGET_FIELDS[3:]]
        widgets = {
            "decision_date": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "note_en": forms.Textarea(attrs={"rows": 3}),
        }
