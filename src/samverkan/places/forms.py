"""The editors' form: what an organization says about itself."""

from django import forms

from samverkan.core.forms import PlainLabels

from .models import ORGANIZATION_EDITABLE_FIELDS, Organization


class OrganizationForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Organization
        fields = list(ORGANIZATION_EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
