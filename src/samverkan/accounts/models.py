"""People's roles in organizations and networks, invitations, and API tokens.

People are Django's users, signing in with their e-mail address (stored as the user name
too, in lower case). Every permission is one query filter, on the querysets of the
records it protects (`Target.objects.editable_by(user)`), never worked out in a template.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganizationRoleKind(models.TextChoices):
    VIEWER = "viewer", _("viewer")
    EDITOR = "editor", _("editor")
    ADMIN = "admin", _("administrator")


class NetworkRoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")


EDITING_ROLES = (OrganizationRoleKind.EDITOR, OrganizationRoleKind.ADMIN)


class OrganizationRole(models.Model):
    """A person's role in an organization: reads its unpublished work, edits it, or also manages its people."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_roles", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        "places.Organization", on_delete=models.CASCADE, related_name="roles", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganizationRoleKind.choices)
    granted_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("role in an organization")
        verbose_name_plural = _("roles in organizations")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_organization")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization}: {self.get_role_display()}"


class NetworkRole(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles", verbose_name=_("person")
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="roles", verbose_name=_("network")
    )
    role = models.CharField(_("role"), max_length=20, choices=NetworkRoleKind.choices)
    granted_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("role in a network")
        verbose_name_plural = _("roles in networks")
        constraints = [models.UniqueConstraint(fields=["user", "network"], name="one_role_per_network")]

    def __str__(self) -> str:
        return f"{self.user} – {self.network}: {self.get_role_display()}"


def new_secret() -> tuple[str, str]:
    """A random secret for a link or token, and the hash that is stored (the secret itself never is)."""
    secret = secrets.token_urlsafe(32)
    return secret, hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def place_fields(related_name: str) -> tuple[models.ForeignKey, models.ForeignKey]:
    """The organization and network a record belongs to: exactly one is set (see `one_place`)."""
    return (
        models.ForeignKey(
            "places.Organization",
            on_delete=models.CASCADE,
            null=True,
            blank=True,
            related_name=related_name,
            verbose_name=_("organization"),
        ),
        models.ForeignKey(
            "networks.Network",
            on_delete=models.CASCADE,
            null=True,
            blank=True,
            related_name=related_name,
            verbose_name=_("network"),
        ),
    )


def one_place(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(organization__isnull=False, network__isnull=True)
        | models.Q(organization__isnull=True, network__isnull=False),
        name=name,
    )


class ForOnePlace:
    """For records that belong to an organization or a network."""

    @property
    def place(self):
        return self.organization or self.network


class Invitation(ForOnePlace, models.Model):
    """An invitation by e-mail to a role in an organization or a network; the link works once, until it expires."""

    email = models.EmailField(_("e-mail address"))
    organization, network = place_fields("invitations")
    role = models.CharField(_("role"), max_length=20)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [one_place("invitation_to_one_place")]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def role_label(self) -> str:
        choices = dict(OrganizationRoleKind.choices if self.organization_id else NetworkRoleKind.choices)
        return str(choices.get(self.role, self.role))


class ApiToken(ForOnePlace, models.Model):
    """A personal token for an organization's or a network's writes through the API; revoked, never deleted."""

    PREFIX_LENGTH = 8

    name = models.CharField(_("name"), max_length=100)
    organization, network = place_fields("api_tokens")
    prefix = models.CharField(_("starts with"), max_length=PREFIX_LENGTH, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="api_tokens_created",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="api_tokens_revoked",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [one_place("token_for_one_place")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AttemptCounter(models.Model):
    """Attempts counted under one key: failed sign-ins and password-reset e-mails (see `throttle`)."""

    key = models.CharField(_("key"), max_length=80, primary_key=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    delay = models.FloatField(_("delay in seconds"), default=0)
    blocked_until = models.FloatField(_("blocked until (Unix time)"), default=0)
    expires_at = models.FloatField(_("forgotten at (Unix time)"), db_index=True)

    class Meta:
        verbose_name = _("attempt counter")
        verbose_name_plural = _("attempt counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.attempts}"
