"""A territory or organization named by its code or id, for pages and API alike: an unknown one is named (404)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from samverkan.core.errors import NotFound

from ..models import Organization, Territory


def organization_or_404(organization_id: int) -> Organization:
    """An organization by id, for pages and API alike; an unknown id is named (404)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("There is no organization %(id)s.") % {"id": organization_id})
    return organization


def _one_or_404(found: QuerySet, related: tuple[str, ...], message: str, code: str) -> Territory:
    territory = (found.select_related(*related) if related else found).first()
    if territory is None:
        raise NotFound(message % {"code": code[:10]})
    return territory


def municipality_or_404(code: str, *related: str) -> Territory:
    """The municipality with this kommunkod, its `related` relations read with it (one query); else NotFound."""
    found = Territory.objects.municipalities().filter(code=code)
    return _one_or_404(found, related, _("There is no municipality with the code %(code)s."), code)


def county_or_404(code: str, *related: str) -> Territory:
    """The county with this länskod, its `related` relations read with it (one query); else NotFound."""
    found = Territory.objects.counties().filter(code=code)
    return _one_or_404(found, related, _("There is no county with the code %(code)s."), code)


def municipal_authority_or_404(code: str) -> Organization:
    """The organization that governs the municipality with this kommunkod (one query); else NotFound."""
    organization = Organization.objects.filter(governs__in=Territory.objects.municipalities().filter(code=code)).first()
    if organization is None:
        raise NotFound(_("There is no municipality with the code %(code)s.") % {"code": code[:10]})
    return organization
