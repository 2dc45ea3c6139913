"""Networks: the associations, commitments and collaborations through which municipalities work together.

Only what accounts need so far (a network has coordinators); memberships and criteria come next.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NetworkKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    COMMITMENT = "commitment", _("commitment")
    COLLABORATION = "collaboration", _("collaboration")
    COUNCIL = "council", _("council")
    CAMPAIGN = "campaign", _("campaign")
    DESIGNATION = "designation", _("designation")


class NetworkQuerySet(models.QuerySet):
    def coordinated_by(self, user) -> "NetworkQuerySet":
        """The networks this person may manage: those they coordinate; every network for a platform admin."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(roles__user=user, roles__role="coordinator").distinct()


class Network(models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkKind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name
