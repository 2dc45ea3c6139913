"""Writes for accounts: invitations, roles, API tokens, a person's own data. Each checks permission itself."""

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.errors import Forbidden, Invalid, NotFound
from samverkan.core.permissions import refuse
from samverkan.networks.models import Network
from samverkan.notices import queries as notice_queries
from samverkan.notices import services as notices
from samverkan.notices.services import notify
from samverkan.places.models import Organization
from samverkan.targets.models import Target

from .models import (
    ApiToken,
    Invitation,
    NetworkRole,
    NetworkRoleKind,
    OrganizationRole,
    OrganizationRoleKind,
    hash_secret,
    new_secret,
)

security_log = logging.getLogger("samverkan.security")
User = get_user_model()
NAME_MAX = 150


def normalized_email(email: str) -> str:
    email = (email or "").strip().lower()
    if len(email) > 254:
        raise Invalid(_("The e-mail address is longer than 254 characters."))
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(_("%(email)s is not an e-mail address.") % {"email": email[:100] or "–"}) from None
    return email


# --- invitations -------------------------------------------------------------------------------------


def invitation_create(
    *,
    inviter,
    email: str,
    role: str,
    organization: Organization | None = None,
    network: Network | None = None,
    accept_url_for=None,
) -> tuple[Invitation, str]:
    """Invite a person by e-mail to a role; returns the invitation and the link (sent by e-mail too)."""
    email = normalized_email(email)
    if organization is not None:
        if not Organization.objects.administered_by(inviter).filter(pk=organization.pk).exists():
            raise refuse(inviter, gettext_noop("invite people to %(place)s"), place=organization)
        if role not in OrganizationRoleKind.values:
            raise Invalid(_("%(role)s is not a role in an organization.") % {"role": role[:40]})
    elif network is not None:
        if not Network.objects.coordinated_by(inviter).filter(pk=network.pk).exists():
            raise refuse(inviter, gettext_noop("invite people to %(place)s"), place=network)
        if role not in NetworkRoleKind.values:
            raise Invalid(_("%(role)s is not a role in a network.") % {"role": role[:40]})
    else:
        raise Invalid(_("An invitation is to an organization or a network."))
    secret, token_hash = new_secret()
    now = timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            organization=organization,
            network=network,
            role=role,
            token_hash=token_hash,
            invited_by=inviter,
            created_at=now,
            expires_at=now + dt.timedelta(days=settings.INVITATION_DAYS),
        )
        link = accept_url_for(secret) if accept_url_for else secret
        context = {"invitation": invitation, "link": link, "inviter": inviter, "days": settings.INVITATION_DAYS}
        # Recorded in the transaction, sent by the worker once it commits: an invitation and its e-mail together.
        notify(
            kind="invitation",
            key=f"invitation:{invitation.pk}",
            recipients=[email],
            subject=_("Invitation to %(place)s in Samverkan") % {"place": invitation.place},
            body=render_to_string("accounts/email/invitation.txt", context),
        )
    return invitation, link


def password_reset_notify(*, email: str, subject: str, body: str) -> None:
    """The e-mail with a link to choose a new password, through the queue; each request is its own event."""
    notify(
        kind="password_reset",
        key=f"password_reset:{uuid.uuid4()}",
        recipients=[email],
        subject="".join(subject.splitlines()),
        body=body,
    )


def invitation_for(secret: str) -> Invitation:
    """The invitation a link names; a forged link is 404, a used or expired one 403, each with its reason."""
    invitation = (
        Invitation.objects.select_related("organization", "network", "invited_by")
        .filter(token_hash=hash_secret(secret or ""))
        .first()
    )
    if invitation is None:
        security_log.warning("refused: an invitation link that does not exist")
        raise NotFound(_("This invitation link is not valid. Check that the whole link was copied."))
    if invitation.accepted_at is not None:
        security_log.warning("refused: invitation %s used again", invitation.pk)
        raise Forbidden(_("This invitation has already been accepted. Sign in instead."))
    if invitation.is_expired:
        security_log.warning("refused: invitation %s expired", invitation.pk)
        raise Forbidden(
            _("This invitation expired on %(date)s. Ask the person who invited you for a new one.")
            % {"date": timezone.localtime(invitation.expires_at).date().isoformat()}
        )
    return invitation


def _grant(invitation: Invitation, user) -> None:
    if invitation.organization_id:
        OrganizationRole.objects.update_or_create(
            user=user, organization=invitation.organization, defaults={"role": invitation.role}
        )
    else:
        NetworkRole.objects.update_or_create(user=user, network=invitation.network, defaults={"role": invitation.role})


def invitation_accept(*, secret: str, user=None, name: str = "", password: str = "") -> object:
    """Accept an invitation: the signed-in person with its address gets the role, or a new account is made."""
    with transaction.atomic():
        invitation = invitation_for(secret)
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        if user is not None and user.is_authenticated:
            if user.email.lower() != invitation.email:
                raise refuse(user, gettext_noop("accept an invitation sent to another address"))
        else:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise Forbidden(
                    _("There is already an account for %(email)s. Sign in, then open the link again.")
                    % {"email": invitation.email}
                )
            name = (name or "").strip()
            if not name or len(name) > NAME_MAX:
                raise Invalid(_("Write your name, at most %(max)s characters.") % {"max": NAME_MAX})
            user = User(username=invitation.email, email=invitation.email, first_name=name)
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise Invalid(" ".join(error.messages)) from None
            user.set_password(password)
            user.save()
        _grant(invitation, user)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


# --- people in an organization ------------------------------------------------------------------


def role_change(*, by, role: OrganizationRole, new_role: str) -> OrganizationRole:
    if not Organization.objects.administered_by(by).filter(pk=role.organization_id).exists():
        raise refuse(by, gettext_noop("change roles in %(place)s"), place=role.organization)
    if new_role not in OrganizationRoleKind.values:
        raise Invalid(_("%(role)s is not a role in an organization.") % {"role": new_role[:40]})
    _keep_one_admin(role, new_role)
    role.role = new_role
    role.save(update_fields=["role"])
    return role


def role_remove(*, by, role: OrganizationRole) -> None:
    if not Organization.objects.administered_by(by).filter(pk=role.organization_id).exists():
        raise refuse(by, gettext_noop("remove people from %(place)s"), place=role.organization)
    _keep_one_admin(role, None)
    role.delete()


def _keep_one_admin(role: OrganizationRole, new_role: str | None) -> None:
    """An organization with people keeps at least one administrator."""
    if role.role != OrganizationRoleKind.ADMIN or new_role == OrganizationRoleKind.ADMIN:
        return
    others = OrganizationRole.objects.filter(organization=role.organization, role=OrganizationRoleKind.ADMIN)
    if not others.exclude(pk=role.pk).exists():
        raise Invalid(_("%(place)s must keep at least one administrator.") % {"place": role.organization})


# --- API tokens ---------------------------------------------------------------------------------------


def token_create(
    *, by, name: str, organization: Organization | None = None, network: Network | None = None
) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and stored only as a hash."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise Invalid(_("Give the token a name of at most 100 characters."))
    if organization is not None:
        if not Organization.objects.administered_by(by).filter(pk=organization.pk).exists():
            raise refuse(by, gettext_noop("create API tokens for %(place)s"), place=organization)
    elif network is None or not Network.objects.coordinated_by(by).filter(pk=network.pk).exists():
        raise refuse(by, gettext_noop("create API tokens for %(place)s"), place=network)
    secret = "sv_" + new_secret()[0]
    token = ApiToken.objects.create(
        name=name,
        organization=organization,
        network=network,
        prefix=secret[: ApiToken.PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        created_by=by,
    )
    return token, secret


def token_revoke(*, by, token: ApiToken) -> ApiToken:
    allowed = (
        Organization.objects.administered_by(by).filter(pk=token.organization_id).exists()
        if token.organization_id
        else Network.objects.coordinated_by(by).filter(pk=token.network_id).exists()
    )
    if not allowed:
        raise refuse(by, gettext_noop("revoke API tokens of %(place)s"), place=token.place)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


# --- a person's own data --------------------------------------------------------------------------


def account_export(user) -> dict:
    """Everything Samverkan holds about a person, as one JSON document."""
    authored = Target.history.filter(history_user=user).order_by("history_date")
    return {
        "account": {
            "email": user.email,
            "name": user.get_full_name() or user.first_name,
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "organization_roles": [
            {"organization": role.organization.name, "role": role.role, "since": role.granted_at.isoformat()}
            for role in user.organization_roles.select_related("organization")
        ],
        "network_roles": [
            {"network": role.network.name, "role": role.role, "since": role.granted_at.isoformat()}
            for role in user.network_roles.select_related("network")
        ],
        "notice_choices": {choice.kind.slug: choice.wants for choice in notice_queries.choices_for(user)},
        "notices": notice_queries.notices_to(user.email),
        "invitations_sent": [
            {
                "email": invitation.email,
                "to": str(invitation.place),
                "role": invitation.role,
                "sent": invitation.created_at.isoformat(),
                "accepted": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
            }
            for invitation in user.invitations_sent.select_related("organization", "network")
        ],
        "invitations_received": [
            {"to": str(invitation.place), "role": invitation.role, "sent": invitation.created_at.isoformat()}
            for invitation in Invitation.objects.filter(email=user.email.lower()).select_related(
                "organization", "network"
            )
        ],
        "api_tokens_created": [
            {
                "name": token.name,
                "for": str(token.place),
                "created": token.created_at.isoformat(),
                "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in user.api_tokens_created.select_related("organization", "network")
        ],
        "changes_made": [
            {
                "record": f"target {entry.id}",
                "name": entry.name,
                "change": {"+": "created", "~": "changed", "-": "deleted"}[entry.history_type],
                "when": entry.history_date.isoformat(),
            }
            for entry in authored
        ],
    }


def account_delete(*, user, password: str) -> None:
    """Delete a person's account; their changes stay in the history, attributed to a former user."""
    if not user.check_password(password or ""):
        security_log.warning("refused: account deletion with a wrong password for %s", user.email)
        raise Forbidden(_("The password is not right; the account was not deleted."))
    with transaction.atomic():
        notices.forget_address(user.email)
        user.delete()
