"""Account pages: sign in and out, invitations, my organizations and networks, people, API tokens, my data."""

import json

from django.contrib import admin, messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_POST

from samverkan.core.db import swedish
from samverkan.core.errors import DomainError, Forbidden
from samverkan.core.forms import PlainLabels
from samverkan.networks.models import MembershipStatus, Network
from samverkan.places.models import Organization

from . import services, throttle
from .backends import REFUSAL_ATTRIBUTE
from .forms import AcceptInvitationForm, DeleteAccountForm, InviteForm, RoleForm, SignInForm, TokenForm
from .models import NetworkRoleKind, OrganizationRole, OrganizationRoleKind


class SignInView(auth_views.LoginView):
    """Django's sign-in; the limits of `throttle` are applied by the backend, and a refusal answers 429."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        refusal = getattr(request, REFUSAL_ATTRIBUTE, None)
        if refusal:
            return refused_sign_in(request, refusal)
        if not request.user.is_authenticated and response.status_code == 200:
            response.status_code = 401
        return response


def refused_sign_in(request, refusal: throttle.Refusal):
    """The sign-in page saying why the attempt was refused and when to try again (429, Retry-After)."""
    minutes = max(1, (refusal.seconds + 59) // 60)
    if refusal.per_address:
        message = ngettext(
            "Too many failed sign-ins from this address. Try again in %(count)s minute.",
            "Too many failed sign-ins from this address. Try again in %(count)s minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins for this account from this address. "
            "Try again in %(count)s minute, or reset the password.",
            "Too many failed sign-ins for this account from this address. "
            "Try again in %(count)s minutes, or reset the password.",
            minutes,
        )
    # An unbound form: a bound one would check the password when the page shows its errors.
    form = SignInForm(request, initial={"username": request.POST.get("username", "")[:254]})
    context = {"form": form, "locked": message % {"count": minutes}, "next": request.POST.get("next", "")[:2000]}
    response = render(request, "accounts/sign_in.html", context, status=429)
    response["Retry-After"] = str(refusal.seconds)
    return response


def admin_sign_in(request, extra_context=None):
    """Django admin's login page, which the backend counts like any sign-in; a refusal answers as ours does."""
    response = admin.site.login(request, extra_context)
    refusal = getattr(request, REFUSAL_ATTRIBUTE, None)
    return refused_sign_in(request, refusal) if refusal else response


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


class PlainPasswordResetForm(PlainLabels, PasswordResetForm):
    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Through the task queue (notices), not in the request: the worker sends it, once."""
        services.password_reset_notify(
            email=to_email,
            subject=render_to_string(subject_template_name, context),
            body=render_to_string(email_template_name, context),
        )


class PlainSetPasswordForm(PlainLabels, SetPasswordForm):
    pass


class PlainPasswordChangeForm(PlainLabels, PasswordChangeForm):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PlainPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, limited per recipient and per client address (see `throttle`).

    Over a limit no e-mail is sent, and the answer is the same page as when one is, so the page
    never tells whether an address has an account or has asked too often.
    """

    form_class = PlainPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if throttle.password_reset_allowed(email, throttle.client_address(self.request)):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PlainSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def home(request):
    """My organizations and networks, with my role in each; a coordinator's networks with their open applications."""
    user = request.user
    return render(
        request,
        "accounts/home.html",
        {
            "organization_roles": user.organization_roles.select_related("organization").order_by(
                swedish("organization__name")
            ),
            "network_roles": user.network_roles.select_related("network")
            .annotate(
                open_applications=Count(
                    "network__memberships", filter=Q(network__memberships__status=MembershipStatus.APPLIED)
                )
            )
            .order_by(swedish("network__name")),
            "all_organizations": user.is_superuser,
        },
    )


def accept_invitation(request, secret: str):
    invitation = services.invitation_for(secret)
    form = AcceptInvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if request.user.is_authenticated:
            services.invitation_accept(secret=secret, user=request.user)
            messages.success(request, _("You now have the role %(role)s.") % {"role": invitation.role_label})
            return redirect("accounts:home")
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    secret=secret, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
                )
            except DomainError as error:
                if error.status != 422:
                    raise
                form.add_error(None, error.message)  # the password rules, or a name that is only spaces
                status = 422
            else:
                login(request, user, backend="samverkan.accounts.backends.EmailBackend")
                messages.success(
                    request,
                    _("Welcome to Samverkan. You now have the role %(role)s.") % {"role": invitation.role_label},
                )
                return redirect("accounts:home")
        else:
            status = 422
    return render(request, "accounts/accept.html", {"invitation": invitation, "form": form}, status=status)


def _organization_admin(request, pk: int) -> Organization:
    """The organization, when the person administers it: 404 if it does not exist, 403 (logged) if not theirs."""
    organization = get_object_or_404(Organization, pk=pk)
    if not Organization.objects.administered_by(request.user).filter(pk=pk).exists():
        raise services.refuse(request.user, gettext_noop("manage the people of %(place)s"), place=organization)
    return organization


def _network_coordinator(request, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if not Network.objects.coordinated_by(request.user).filter(pk=network.pk).exists():
        raise services.refuse(request.user, gettext_noop("manage the people of %(place)s"), place=network)
    return network


def _accept_url(request):
    return lambda secret: request.build_absolute_uri(reverse("accounts:accept", args=[secret]))


def _people_page(request, *, organization=None, network=None):
    roles = OrganizationRoleKind.choices if organization else NetworkRoleKind.choices
    form = InviteForm(request.POST or None, roles=roles)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            invitation, _link = services.invitation_create(
                inviter=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organization=organization,
                network=network,
                accept_url_for=_accept_url(request),
            )
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect(request.path)
        status = 422
    place = organization or network
    people = (
        organization.roles.select_related("user").order_by(swedish("user__first_name"), "user__email")
        if organization
        else network.roles.select_related("user").order_by(swedish("user__first_name"), "user__email")
    )
    return render(
        request,
        "accounts/people.html",
        {
            "place": place,
            "organization": organization,
            "network": network,
            "people": people,
            "invitations": place.invitations.select_related("invited_by", "accepted_by")[:50],
            "form": form,
            "role_choices": roles,
        },
        status=status,
    )


@login_required
def organization_people(request, pk: int):
    return _people_page(request, organization=_organization_admin(request, pk))


@login_required
def network_people(request, slug: str):
    return _people_page(request, network=_network_coordinator(request, slug))


@login_required
@require_POST
def organization_role(request, pk: int, role_id: int):
    organization = _organization_admin(request, pk)
    role = get_object_or_404(OrganizationRole, pk=role_id, organization=organization)
    if request.POST.get("remove"):
        services.role_remove(by=request.user, role=role)
        messages.success(request, _("%(person)s no longer has a role.") % {"person": role.user.email})
    else:
        form = RoleForm(request.POST)
        if not form.is_valid():
            raise services.Invalid(
                _("%(role)s is not a role in an organization.") % {"role": request.POST.get("role", "")[:40]}
            )
        services.role_change(by=request.user, role=role, new_role=form.cleaned_data["role"])
        messages.success(request, _("The role of %(person)s was changed.") % {"person": role.user.email})
    return redirect("accounts:organization_people", pk=organization.pk)


def _tokens_page(request, *, organization=None, network=None):
    form = TokenForm(request.POST or None)
    place = organization or network
    status = 200
    created_secret = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(
                place.api_tokens, pk=request.POST.get("revoke") if str(request.POST.get("revoke")).isdigit() else 0
            )
            services.token_revoke(by=request.user, token=token)
            messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
            return redirect(request.path)
        if form.is_valid():
            token, created_secret = services.token_create(
                by=request.user, name=form.cleaned_data["name"], organization=organization, network=network
            )
            form = TokenForm()
        else:
            status = 422
    return render(
        request,
        "accounts/tokens.html",
        {
            "place": place,
            "organization": organization,
            "network": network,
            "tokens": place.api_tokens.select_related("created_by", "revoked_by"),
            "form": form,
            "created_secret": created_secret,
        },
        status=status,
    )


@login_required
def organization_tokens(request, pk: int):
    return _tokens_page(request, organization=_organization_admin(request, pk))


@login_required
def network_tokens(request, slug: str):
    return _tokens_page(request, network=_network_coordinator(request, slug))


@login_required
def my_data(request):
    data = services.account_export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="samverkan-mina-uppgifter.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.account_delete(user=request.user, password=form.cleaned_data["password"])
            except Forbidden as error:
                form.add_error("password", error.message)
                status = 403
            else:
                messages.success(request, _("Your account has been deleted."))
                return redirect("site:home")
        else:
            status = 422
    return render(request, "accounts/delete.html", {"form": form}, status=status)
