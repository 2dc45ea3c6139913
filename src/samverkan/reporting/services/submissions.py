"""An organization's report in a round: the draft filled from its data, edited, submitted (frozen), decided."""

import copy
import datetime as dt
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.forms import NumberField
from samverkan.core.permissions import refuse
from samverkan.networks.models import Membership
from samverkan.places.models import Organization

from ..frameworks import FRAMEWORKS, missing_mandatory
from ..models import ReportingRound, Submission, SubmissionState, SubmissionVersion, VersionDecision
from ..queries import items_of, required_memberships
from . import events
from .errors import Conflict, Invalid, ItemErrors
from .rounds import may_coordinate

MAX_TEXT = 20000
YES = {"yes", "ja", "true", "1", True}
NO = {"no", "nej", "false", "0", False}


def checksum(content: dict) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8): the same content, the same checksum."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _may_edit(by, organization: Organization) -> None:
    if not Organization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise refuse(by, gettext_noop("write the reports of %(place)s"), place=organization)


def _save(submission: Submission, by) -> None:
    submission._history_user = by
    submission.updated_at = timezone.now()
    submission.save()


def draft_for(*, by, round: ReportingRound, organization: Organization, today: dt.date | None = None) -> Submission:
    """The organization's report in the round: created filled from its data the first time, else as it stands."""
    _may_edit(by, organization)
    existing = Submission.objects.filter(round=round, organization=organization).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    if not round.is_open:
        raise Conflict(_("The reporting round %(round)s is closed.") % {"round": round})
    if round.opens_on > today:
        raise Conflict(
            _("The reporting round %(round)s opens on %(date)s.") % {"round": round, "date": round.opens_on.isoformat()}
        )
    if not required_memberships(
        Membership.objects.filter(organization=organization, network=round.network_id), round
    ).exists():
        raise Invalid(
            _("%(organization)s is not asked to report in %(round)s.") % {"organization": organization, "round": round}
        )
    framework = FRAMEWORKS.get(round.framework)
    if framework is None:
        raise Invalid(_("There is no report framework %(framework)s.") % {"framework": round.framework})
    content = framework.fill(organization, year=round.year, release=None)
    with transaction.atomic():
        submission = Submission(round=round, organization=organization, content=content, filled=copy.deepcopy(content))
        _save(submission, by)
    return submission


def _value(item: dict, raw):
    """The item's new value from what a person or a client sent, in the item's kind; ValidationError if unfit."""
    label = item.get("label") or item["key"]
    kind = item.get("kind")
    if raw is None or raw == "":
        return None
    if kind == "number":
        field = NumberField(label=label, required=False)
        return field.clean(raw)
    if kind == "yesno":
        key = raw.strip().lower() if isinstance(raw, str) else raw
        if key in YES:
            return True
        if key in NO:
            return False
        raise ValidationError(_("%(field)s: answer yes or no.") % {"field": label})
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError as error:
            raise ValidationError(_("%(field)s: write the date as 2026-03-31.") % {"field": label}) from error
    if kind == "table":
        if not isinstance(raw, list):
            raise ValidationError(_("%(field)s: a table is a list of rows.") % {"field": label})
        return raw
    if kind == "choice" and item.get("choices"):
        values = choice_values(item)
        if raw not in values:
            raise ValidationError(
                _("%(field)s: choose one of %(choices)s.") % {"field": label, "choices": ", ".join(values)}
            )
        return raw
    if not isinstance(raw, str):
        raw = str(raw)
    if len(raw) > MAX_TEXT:
        raise ValidationError(_("%(field)s: at most %(count)s characters.") % {"field": label, "count": MAX_TEXT})
    return raw.strip()


def choice_values(item: dict) -> list[str]:
    """A choice item's values: the frameworks give {"value", "label"} pairs (plain strings are taken as both)."""
    return [str(c["value"]) if isinstance(c, dict) else str(c) for c in item.get("choices", [])]


def _must_be_editable(submission: Submission) -> None:
    if not submission.is_editable:
        raise Conflict(
            _("The report is %(state)s: it can be edited again only when the coordinator returns it.")
            % {"state": submission.get_state_display()}
        )


def draft_save(*, by, submission: Submission, values: dict, rationales: dict | None = None) -> Submission:
    """Change the draft's editable items: unknown keys, platform figures and unfit values are refused by item."""
    _may_edit(by, submission.organization)
    rationales = rationales or {}
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update().select_related("round", "organization").get(pk=submission.pk)
        )
        _must_be_editable(submission)
        content = copy.deepcopy(submission.content)
        items = {item["key"]: item for item in items_of(content)}
        unknown = sorted(str(key) for key in {*values, *rationales} if key not in items)
        if unknown:
            raise Invalid(_("The report has no item %(keys)s.") % {"keys": ", ".join(unknown)})
        fixed = sorted(str(key) for key in {*values, *rationales} if not items[key].get("editable"))
        if fixed:
            raise Invalid(
                _("These items are the platform's figures and cannot be edited: %(keys)s.") % {"keys": ", ".join(fixed)}
            )
        errors: dict[str, str] = {}
        for key, raw in values.items():
            try:
                items[key]["value"] = _value(items[key], raw)
            except ValidationError as error:
                errors[key] = " ".join(error.messages)
        for key, text in rationales.items():
            if text is not None and (not isinstance(text, str) or len(text) > MAX_TEXT):
                errors[key] = _("%(field)s: the rationale must be text of at most %(count)s characters.") % {
                    "field": items[key].get("label") or key,
                    "count": MAX_TEXT,
                }
            else:
                items[key]["rationale"] = (text or "").strip()
        if errors:
            raise ItemErrors(" ".join(errors.values()), errors)
        submission.content = content
        _save(submission, by)
    return submission


def submit(*, by, submission: Submission) -> SubmissionVersion:
    """Freeze the draft as a new version (checksum of its canonical JSON); mandatory items must be filled."""
    _may_edit(by, submission.organization)
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update().select_related("round", "organization").get(pk=submission.pk)
        )
        if submission.state in (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED):
            raise Conflict(
                _("The report is already %(state)s; it cannot be submitted again.")
                % {"state": submission.get_state_display()}
            )
        if not submission.round.is_open and submission.state == SubmissionState.DRAFT:
            raise Conflict(_("The reporting round %(round)s is closed.") % {"round": submission.round})
        missing = missing_mandatory(submission.content)
        if missing:
            errors = {
                item["key"]: _("%(item)s must be filled in.") % {"item": item.get("label") or item["key"]}
                for item in missing
            }
            raise ItemErrors(
                _("Fill in the mandatory items: %(items)s.")
                % {"items": ", ".join(item.get("label") or item["key"] for item in missing)},
                errors,
            )
        content = copy.deepcopy(submission.content)
        version = SubmissionVersion.objects.create(
            submission=submission,
            number=submission.versions.count() + 1,
            content=content,
            releases=content.get("releases", []),
            checksum=checksum(content),
            submitted_by=by if getattr(by, "is_authenticated", False) else None,
        )
        submission.state = SubmissionState.SUBMITTED
        _save(submission, by)
        events.announce(events.SUBMITTED, round=submission.round, submission=submission, version=version, by=by)
    return version


def decide(*, by, submission: Submission, decision: str, comment: str = "") -> SubmissionVersion:
    """The network's coordinators accept the submitted version or return it with a comment."""
    may_coordinate(by, submission.round.network, gettext_noop("decide on the reports to %(network)s"))
    if decision not in VersionDecision.values:
        raise Invalid(_("The decision is accept or return."))
    comment = (comment or "").strip()
    if decision == VersionDecision.RETURNED and not comment:
        raise Invalid(_("Say in a comment what the member should change."))
    if len(comment) > MAX_TEXT:
        raise Invalid(_("The comment is at most %(count)s characters.") % {"count": MAX_TEXT})
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("round").get(pk=submission.pk)
        if submission.state != SubmissionState.SUBMITTED:
            raise Conflict(
                _("Only a submitted report can be decided; this one is %(state)s.")
                % {"state": submission.get_state_display()}
            )
        version = submission.versions.order_by("-number").first()
        version.decision, version.comment = decision, comment
        version.decided_by, version.decided_at = by, timezone.now()
        version.save()
        submission.state = (
            SubmissionState.ACCEPTED if decision == VersionDecision.ACCEPTED else SubmissionState.RETURNED
        )
        _save(submission, by)
        kind = events.ACCEPTED if decision == VersionDecision.ACCEPTED else events.RETURNED
        events.announce(kind, round=submission.round, submission=submission, version=version, by=by)
    return version
