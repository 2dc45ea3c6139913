"""Notices: each e-mail recorded once per event and recipient, and each person's choice of kinds."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def address_hash(address: str) -> str:
    """What identifies a recipient once the address itself is deleted: the same event is never sent again."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


class Notice(models.Model):
    """One e-mail to one recipient for one event (its key). Sent once: a worker claims it with a conditional
    update before sending, so a retry or a second worker finds it claimed or sent."""

    kind = models.CharField(_("kind"), max_length=50)
    key = models.CharField(_("key"), max_length=200, help_text=_("The event: the same key is sent once."))
    recipient = models.EmailField(_("recipient"), max_length=254, blank=True)
    recipient_hash = models.CharField(_("recipient (hashed)"), max_length=64)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient_hash"], name="notice_once_per_key_and_recipient")
        ]
        indexes = [models.Index(fields=["sent_at"], name="notice_sent_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class NoticeChoice(models.Model):
    """A person's choice for one kind of notice; without one, the kind's default holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_choices", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=50)
    wants = models.BooleanField(_("wants it"))
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("choice of notices")
        verbose_name_plural = _("choices of notices")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_choice_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.wants}"


class DailyRun(models.Model):
    """The days whose daily jobs were enqueued: the first worker to insert the day enqueues them, no other."""

    day = models.DateField(_("day"), unique=True)
    enqueued_at = models.DateTimeField(_("enqueued"))

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")

    def __str__(self) -> str:
        return self.day.isoformat()
